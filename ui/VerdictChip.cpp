#include "ui/VerdictChip.h"

#include "ui/Palette.h"
#include "ui/Theme.h"

#include <algorithm>

namespace optiqual::ui {

void verdictChip(const std::optional<sequences::Verdict>& verdict, const std::string& text, bool fillCell) {
    const Rgb fill = verdict ? verdictColor(*verdict) : kRunningBlue;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float textWidth = ImGui::CalcTextSize(text.c_str()).x + 8.f;
    const float width = fillCell ? std::max(textWidth, ImGui::GetContentRegionAvail().x) : textWidth;
    const float height = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), toImU32(fill), 3.f);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 4.f, pos.y));
    ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kWhite));
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    if (!fillCell) { // what follows on the same line starts after the box
        ImGui::SameLine(0, 0);
        ImGui::SetCursorScreenPos(ImVec2(pos.x + width, pos.y));
        ImGui::Dummy(ImVec2(0, height));
    }
}

} // namespace optiqual::ui
