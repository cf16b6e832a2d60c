#include "ui/ManualControlView.h"

#include "ui/Palette.h"

#include <algorithm>

namespace optiqual::ui {

namespace {

constexpr const char* kPopup = "Manual control";

} // namespace

void ManualControlView::draw(const station::StationSnapshot& snapshot, const UserSession& session,
                             StationControl& control, const Fonts& fonts) {
    if (ImGui::Button("Manual control…")) {
        if (auto why = session.refusal(db::Role::Technician, "Manual control")) {
            m_refusal = std::move(*why);
        } else {
            m_refusal.clear();
            m_open = true;
            ImGui::OpenPopup(kPopup);
        }
    }
    m_rects.note("Manual control");
    if (!m_refusal.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(toImVec4(kFailRed), "%s", m_refusal.c_str());
    }
    drawDialog(snapshot, session, control, fonts);
}

void ManualControlView::drawDialog(const station::StationSnapshot& snapshot, const UserSession& session,
                                   StationControl& control, const Fonts& fonts) {
    if (!m_open || !ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        m_open = m_open && ImGui::IsPopupOpen(kPopup);
        return;
    }
    ImGui::PushFont(fonts.large);
    ImGui::Text("As %s", session.describe().c_str());
    const auto& instruments = snapshot.instruments;
    m_instrument = std::clamp(m_instrument, 0, std::max(0, int(instruments.size()) - 1));
    const char* current = instruments.empty() ? "(none)" : instruments[std::size_t(m_instrument)].name.c_str();
    ImGui::SetNextItemWidth(300);
    if (ImGui::BeginCombo("Instrument", current)) {
        for (int i = 0; i < int(instruments.size()); ++i)
            if (ImGui::Selectable(instruments[std::size_t(i)].name.c_str(), i == m_instrument))
                m_instrument = i;
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(300);
    ImGui::InputInt("Channel / port", &m_command.channel);
    m_rects.note("channel");
    ImGui::SetNextItemWidth(300);
    ImGui::InputDouble("Volts", &m_command.volts, 0.1, 1.0, "%.3f", ImGuiInputTextFlags_AutoSelectAll);
    m_rects.note("volts");
    ImGui::Checkbox("Output on", &m_command.on);
    ImGui::SetNextItemWidth(80);
    ImGui::InputText("Switch input", m_input.data(), m_input.size(), ImGuiInputTextFlags_CharsUppercase);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200);
    ImGui::InputInt("to output", &m_output);
    ImGui::SetNextItemWidth(600);
    ImGui::InputText("Reason", m_reason.data(), m_reason.size());
    m_rects.note("reason");

    using Kind = station::ManualCommand::Kind;
    const std::pair<Kind, const char*> buttons[] = {
        {Kind::SetSupply, "Set supply"}, {Kind::ReadMeter, "Read meter"}, {Kind::RouteSwitch, "Route switch"}};
    for (const auto& [kind, label] : buttons) {
        if (ImGui::Button(label, ImVec2(190, 0)))
            send(kind, snapshot, session, control);
        m_rects.note(label);
        ImGui::SameLine();
    }
    if (ImGui::Button("Close", ImVec2(150, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        m_open = false;
        ImGui::CloseCurrentPopup();
    }
    if (!m_refusal.empty())
        ImGui::TextColored(toImVec4(kFailRed), "%s", m_refusal.c_str());
    if (const auto result = control.lastManual(); result && m_sent != 0) {
        if (result->seq < m_sent)
            ImGui::TextDisabled("sent…");
        else
            ImGui::TextColored(result->ok ? ImVec4(0.3f, 0.85f, 0.4f, 1.f) : toImVec4(kFailRed), "%s: %s",
                               result->command.instrument.c_str(), result->text.c_str());
    } else if (m_sent != 0) {
        ImGui::TextDisabled("sent…");
    }
    ImGui::PopFont();
    ImGui::EndPopup();
}

void ManualControlView::send(station::ManualCommand::Kind kind, const station::StationSnapshot& snapshot,
                             const UserSession& session, StationControl& control) {
    const char* what = kind == station::ManualCommand::Kind::SetSupply   ? "Set supply"
                       : kind == station::ManualCommand::Kind::ReadMeter ? "Read meter"
                                                                         : "Route switch";
    if (auto why = session.refusal(db::Role::Technician, what)) {
        m_refusal = std::move(*why);
        return;
    }
    if (snapshot.running() > 0) {
        m_refusal = std::string(what) + ": not while a unit is under test (it would change its measurements)";
        return;
    }
    if (snapshot.instruments.empty()) {
        m_refusal = std::string(what) + ": the station has no instrument";
        return;
    }
    if (m_reason[0] == '\0') {
        m_refusal = std::string(what) + ": give a reason (it goes to the audit table with your name)";
        return;
    }
    m_refusal.clear();
    station::ManualCommand c = m_command;
    c.kind = kind;
    c.instrument = snapshot.instruments[std::size_t(m_instrument)].name;
    c.input = m_input[0] == '\0' ? 'A' : m_input[0];
    c.output = m_output;
    control.manual(std::move(c), session.name(), session.role(), m_reason.data());
    ++m_sent;
}

} // namespace optiqual::ui
