#include "ui/PromptDialog.h"

#include "station/PromptBroker.h"
#include "station/TerminalText.h"

#include <fmt/format.h>
#include <imgui_stdlib.h>

namespace optiqual::ui {

using namespace optiqual::station;
using sequences::PromptKind;

namespace {

constexpr const char* kPopup = "Operator prompt###prompt";

const PromptView* firstOpen(const StationSnapshot& snapshot, std::uint64_t answered, int* socket) {
    for (const auto& s : snapshot.sockets)
        if (s.prompt && s.prompt->id != answered) {
            *socket = s.socket;
            return &*s.prompt;
        }
    return nullptr;
}

std::string rangeText(const PromptView& p) {
    if (p.min && p.max)
        return fmt::format("between {:g} and {:g}", *p.min, *p.max);
    if (p.min)
        return fmt::format("at least {:g}", *p.min);
    if (p.max)
        return fmt::format("at most {:g}", *p.max);
    return "a number";
}

} // namespace

void PromptDialog::submit(const PromptView& prompt, const std::string& text, StationControl& control) {
    PromptAnswer checked;
    const std::string why = PromptBroker::validate(prompt.spec(), text, checked);
    if (!why.empty()) {
        m_refusal = why;
        m_focusInput = true;
        return;
    }
    control.answer(prompt.id, text);
    m_answeredId = prompt.id;
}

void PromptDialog::draw(const StationSnapshot& snapshot, WallTime now, StationControl& control, const Fonts& fonts) {
    int socket = 0;
    const PromptView* prompt = firstOpen(snapshot, m_answeredId, &socket);
    if (!prompt) {
        m_shownId = 0;
        m_image.release();
        return;
    }
    if (prompt->id != m_shownId) {
        m_shownId = prompt->id;
        m_input.clear();
        m_refusal.clear();
        m_focusInput = true;
        m_image.load(prompt->image); // once per prompt, never per frame
    }
    if (!ImGui::IsPopupOpen(kPopup))
        ImGui::OpenPopup(kPopup);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(560, 0), ImVec2(1000, 700));
    if (!ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    const SocketView* view = snapshot.socket(socket);
    ImGui::TextDisabled("Socket %d  %s", socket, view ? view->serial.c_str() : "");
    ImGui::PushFont(fonts.large);
    ImGui::PushTextWrapPos(940);
    ImGui::TextUnformatted(prompt->message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (prompt->realTimeout.count() > 0) {
        const auto left =
            prompt->realTimeout - std::chrono::duration_cast<std::chrono::nanoseconds>(now - prompt->asked);
        ImGui::Text("answer within %s", clockText(std::max(left, std::chrono::nanoseconds{0})).c_str());
    }
    if (!prompt->image.empty()) {
        ImGui::Spacing();
        m_image.draw(940, 360);
    }
    ImGui::Spacing();
    ImGui::PushFont(fonts.large);
    const ImVec2 button(200, 0);
    switch (prompt->kind) {
    case PromptKind::Message:
        if (ImGui::Button("OK", button) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
            submit(*prompt, "ok", control);
        m_rects.note("OK");
        break;
    case PromptKind::Confirm:
        ImGui::PushStyleColor(ImGuiCol_Button, toImVec4(kPassGreen));
        if (ImGui::Button("Yes / PASS", button))
            submit(*prompt, "yes", control);
        m_rects.note("Yes");
        m_rects.note("PASS");
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, toImVec4(kFailRed));
        if (ImGui::Button("No / FAIL", button))
            submit(*prompt, "no", control);
        m_rects.note("No");
        m_rects.note("FAIL");
        ImGui::PopStyleColor();
        break;
    case PromptKind::Number:
    case PromptKind::Text: {
        if (prompt->kind == PromptKind::Number)
            ImGui::TextDisabled("%s", rangeText(*prompt).c_str());
        if (m_focusInput) {
            ImGui::SetKeyboardFocusHere();
            m_focusInput = false;
        }
        ImGui::SetNextItemWidth(360);
        const bool entered = ImGui::InputText("##answer", &m_input, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        const bool ok = ImGui::Button("OK", ImVec2(120, 0));
        m_rects.note("OK");
        if (ok || entered)
            submit(*prompt, m_input, control);
        break;
    }
    }
    ImGui::PopFont();
    if (!m_refusal.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kFailRed));
        ImGui::TextUnformatted(m_refusal.c_str());
        ImGui::PopStyleColor();
    }
    if (m_answeredId == prompt->id)
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace optiqual::ui
