#include "ui/QueryStatus.h"

#include "ui/Palette.h"
#include "ui/Theme.h"

#include <imgui.h>

namespace optiqual::ui {

void drawQueryStatus(const char* what, bool inFlight, bool answered, std::chrono::microseconds took,
                     const std::string& error) {
    if (inFlight) {
        ImGui::SameLine();
        ImGui::TextDisabled("querying…");
    } else if (answered) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%.0f ms)", double(took.count()) / 1000);
    }
    if (!error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(verdictTextColor(sequences::Verdict::Fail)));
        ImGui::TextWrapped("%s: %s", what, error.c_str());
        ImGui::PopStyleColor();
    }
}

} // namespace optiqual::ui
