#include "ui/Theme.h"

#include <filesystem>

namespace optiqual::ui {

namespace {

constexpr const char* kRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

/// Latin-1 plus what the station's text uses: › … – → ± ≤ ≥ ° µ.
const ImWchar* glyphRanges() {
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2044, 0x2190, 0x21FF, 0x2212, 0x2212, 0x2248, 0x2265, 0};
    return ranges;
}

ImFont* load(const char* path, float size) {
    ImGuiIO& io = ImGui::GetIO();
    if (std::filesystem::exists(path))
        if (ImFont* font = io.Fonts->AddFontFromFileTTF(path, size, nullptr, glyphRanges()))
            return font;
    ImFontConfig config;
    config.SizePixels = size;
    return io.Fonts->AddFontDefault(&config);
}

} // namespace

Fonts loadTheme() {
    Fonts fonts;
    fonts.body = load(kRegular, 18.f);
    fonts.large = load(kBold, 26.f);
    fonts.verdict = load(kBold, 84.f);

    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0;
    style.ChildRounding = 4;
    style.FrameRounding = 4;
    style.FramePadding = ImVec2(10, 8);
    style.ItemSpacing = ImVec2(10, 8);
    style.ScrollbarSize = 18;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.f);
    return fonts;
}

} // namespace optiqual::ui
