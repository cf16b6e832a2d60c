#include "ui/SerialEntry.h"

#include <imgui_stdlib.h>

namespace optiqual::ui {

std::optional<std::string> SerialEntry::draw(const Fonts& fonts, float width, bool keepFocus) {
    ImGui::PushFont(fonts.large);
    // Focus comes back only when nothing else is active: re-focusing an active field every frame would fight the
    // operator's clicks and reset the text cursor.
    if (keepFocus && !ImGui::IsAnyItemActive() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(width);
    const bool entered = ImGui::InputTextWithHint("##serial", "scan or type a serial, then Enter", &m_text,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopFont();
    if (entered)
        return m_text;
    return std::nullopt;
}

void SerialEntry::drawMessage() {
    if (m_message.empty())
        return;
    ImGui::PushStyleColor(ImGuiCol_Text, m_refused ? toImVec4(kFailRed) : ImVec4(0.7f, 0.9f, 0.7f, 1.f));
    ImGui::TextUnformatted(m_message.c_str());
    ImGui::PopStyleColor();
}

void SerialEntry::refuse(std::string why) {
    m_message = std::move(why);
    m_refused = true;
}

void SerialEntry::accept(std::string what) {
    m_message = std::move(what);
    m_refused = false;
}

} // namespace optiqual::ui
