#include "ui/LogView.h"

#include "ui/Theme.h"

#include <vector>

namespace optiqual::ui {

namespace {

constexpr const char* kLevels[] = {"trace", "debug", "info", "warning", "error", "critical"};

ImVec4 levelColor(int level) {
    if (level >= 4)
        return ImVec4(1.f, 0.36f, 0.36f, 1.f);
    if (level == 3)
        return ImVec4(1.f, 0.8f, 0.3f, 1.f);
    if (level <= 1)
        return ImVec4(0.6f, 0.6f, 0.6f, 1.f);
    return ImVec4(0.9f, 0.9f, 0.9f, 1.f);
}

} // namespace

void LogView::draw(const station::StationSnapshot& snapshot) {
    ImGui::SetNextItemWidth(180);
    ImGui::Combo("level and above", &m_minLevel, kLevels, IM_ARRAYSIZE(kLevels));
    std::vector<const station::LogEntry*> shown;
    for (const auto& e : snapshot.log)
        if (e.level >= m_minLevel)
            shown.push_back(&e);
    ImGui::BeginChild("log", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGuiListClipper clipper;
    clipper.Begin(int(shown.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const station::LogEntry& e = *shown[std::size_t(i)];
            ImGui::PushStyleColor(ImGuiCol_Text, levelColor(e.level));
            ImGui::TextUnformatted(e.text.c_str());
            ImGui::PopStyleColor();
        }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1)
        ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

} // namespace optiqual::ui
