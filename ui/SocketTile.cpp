#include "ui/SocketTile.h"

#include <cfloat>
#include <fmt/format.h>

namespace optiqual::ui {

namespace {

constexpr float kVerdictHeight = 120.f;

/// @p text centred in the box [min, max] with @p font, white; scaled down when it is wider than the box (QUEUED,
/// TERMINATED on a four-column line).
void centredText(ImDrawList* draw, ImFont* font, ImVec2 min, ImVec2 max, const std::string& text) {
    float fontSize = font->FontSize;
    ImVec2 size = font->CalcTextSizeA(fontSize, FLT_MAX, 0.f, text.c_str());
    const float room = (max.x - min.x) * 0.94f;
    if (size.x > room) {
        fontSize *= room / size.x;
        size = font->CalcTextSizeA(fontSize, FLT_MAX, 0.f, text.c_str());
    }
    const ImVec2 at(min.x + (max.x - min.x - size.x) / 2, min.y + (max.y - min.y - size.y) / 2);
    draw->AddText(font, fontSize, at, toImU32(kWhite), text.c_str());
}

} // namespace

bool drawSocketTile(const TileModel& tile, bool selected, const Fonts& fonts, ImVec2 size,
                    const std::function<void()>& inside) {
    ImGui::PushID(tile.socket);
    if (selected)
        ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(1.f, 0.85f, 0.2f, 1.f));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, selected ? 3.f : 1.f);
    ImGui::BeginChild("tile", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    bool clicked = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) && ImGui::IsMouseClicked(0);

    ImGui::PushFont(fonts.large);
    const std::string socket = fmt::format("Socket {}", tile.socket);
    const char* serial = tile.serial.empty() ? "—" : tile.serial.c_str();
    ImGui::TextUnformatted(socket.c_str());
    // The serial beside the socket when both fit the tile's width, else on a line of its own: an operator reads it
    // whole (a lot's serial on the four-socket line is wider than a quarter of the screen).
    const float both = ImGui::CalcTextSize((socket + "  ").c_str()).x + ImGui::CalcTextSize(serial).x;
    const bool oneLine = both <= ImGui::GetContentRegionAvail().x;
    if (oneLine)
        ImGui::SameLine();
    ImGui::TextUnformatted(serial);
    ImGui::PopFont();
    if (!tile.partNumber.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tile.partNumber.c_str());
    }

    if (!tile.banner.empty()) { // engineering overrides: an amber band across the tile, over the state box
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(
            at, ImVec2(at.x + ImGui::GetContentRegionAvail().x, at.y + ImGui::GetTextLineHeightWithSpacing()),
            toImU32(kAbortedAmber), 3.f);
        ImGui::TextUnformatted(tile.banner.c_str());
    }

    // The state box: a solid fill in the verdict's colour with the word in white, as wide as the tile.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + ImGui::GetContentRegionAvail().x, min.y + kVerdictHeight);
    draw->AddRectFilled(min, max, toImU32(tile.color), 6.f);
    centredText(draw, fonts.verdict, min, max, tile.state);
    ImGui::Dummy(ImVec2(max.x - min.x, kVerdictHeight));

    ImGui::TextWrapped("%s", tile.where.c_str());
    if (!tile.detail.empty()) {
        if (tile.prompt)
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.85f, 0.2f, 1.f));
        ImGui::TextWrapped("%s", tile.detail.c_str());
        if (tile.prompt)
            ImGui::PopStyleColor();
    }
    if (tile.phase == TilePhase::Running || tile.phase == TilePhase::Finished) {
        const std::string overlay = fmt::format("{} steps", tile.steps);
        ImGui::ProgressBar(tile.progress < 0 ? 0.f : tile.progress, ImVec2(-1, 0), overlay.c_str());
        ImGui::Text("elapsed %s", tile.elapsed.c_str());
        if (!tile.remaining.empty()) {
            ImGui::SameLine();
            ImGui::TextUnformatted(("   " + tile.remaining).c_str());
        }
    }
    // The caller's own controls inside the tile (a queued unit's Remove): a click on them is not a selection.
    if (inside) {
        inside();
        clicked = clicked && !ImGui::IsItemHovered();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    if (selected)
        ImGui::PopStyleColor();
    ImGui::PopID();
    return clicked;
}

} // namespace optiqual::ui
