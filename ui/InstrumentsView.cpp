#include "ui/InstrumentsView.h"

#include "ui/Theme.h"

namespace optiqual::ui {

void drawInstruments(const station::StationSnapshot& snapshot) {
    if (snapshot.instruments.empty()) {
        ImGui::TextDisabled("No instrument reported yet.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("instruments", 3, flags, ImGui::GetContentRegionAvail()))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Instrument", ImGuiTableColumnFlags_WidthFixed, 200.f);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, 140.f);
    ImGui::TableSetupColumn("Identity (*IDN?) or last error", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& i : snapshot.instruments) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i.name.c_str());
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, i.connected ? ImVec4(0.3f, 0.85f, 0.4f, 1.f) : toImVec4(kFailRed));
        ImGui::TextUnformatted(i.connected ? "connected" : "NOT CONNECTED");
        ImGui::PopStyleColor();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i.text.c_str());
    }
    ImGui::EndTable();
}

} // namespace optiqual::ui
