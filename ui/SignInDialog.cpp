#include "ui/SignInDialog.h"

#include "ui/Palette.h"

#include <algorithm>
#include <imgui_internal.h>

namespace optiqual::ui {

namespace {

constexpr const char* kPopup = "Sign in";

} // namespace

void SignInDialog::draw(UserSession& session, const Fonts& fonts) {
    // Pressed on the click, as the view tabs are: the header comes before the scan field, which takes the keyboard
    // (and the active item) on the frame the mouse goes down, so a button waiting for the release never fires. The
    // dialog opens once the mouse is up again: the scan field taking the keyboard that frame would close it.
    ImGui::AlignTextToFramePadding();
    ImGui::Text("User: %s", session.describe().c_str());
    ImGui::SameLine();
    if (session.signedIn()) {
        if (ImGui::ButtonEx("Sign out", ImVec2(0, 0), ImGuiButtonFlags_PressedOnClick))
            session.signOut();
        m_rects.note("Sign out");
    } else if (session.usersConfigured()) {
        if (ImGui::ButtonEx("Sign in", ImVec2(0, 0), ImGuiButtonFlags_PressedOnClick)) {
            m_openPending = true;
            m_error.clear();
        }
        m_rects.note("Sign in");
    }
    drawDialog(session, fonts);
}

void SignInDialog::drawDialog(UserSession& session, const Fonts& fonts) {
    // The answer may come after the dialog was closed: it signs in only while the dialog waits for it.
    if (m_waiting != 0 && m_worker) {
        if (const auto answer = m_worker->signIn().latest(); answer && answer->generation >= m_waiting) {
            m_waiting = 0;
            if (answer->value && answer->value->role) {
                session.signIn(answer->value->name, *answer->value->role);
                m_open = false;
                m_error.clear();
            } else {
                m_error = answer->value ? "unknown user or wrong password" : "cannot check: " + answer->error;
            }
        }
    }
    if (m_openPending && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        m_openPending = false;
        m_open = true;
        m_focusName = 2;
        ImGui::OpenPopup(kPopup);
    }
    if (!m_open || !ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        m_open = m_open && ImGui::IsPopupOpen(kPopup);
        return;
    }
    ImGui::PushFont(fonts.large);
    ImGui::TextUnformatted("Name");
    // Asked in the dialog's first two frames: the first one only measures the window (auto-sized), and a focus
    // request made while it is hidden is dropped.
    if (m_focusName > 0) {
        ImGui::SetKeyboardFocusHere();
        --m_focusName;
    }
    ImGui::SetNextItemWidth(360);
    ImGui::InputText("##name", m_name.data(), m_name.size());
    m_rects.note("name");
    ImGui::TextUnformatted("Password");
    ImGui::SetNextItemWidth(360);
    const bool enter = ImGui::InputText("##password", m_password.data(), m_password.size(),
                                        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    m_rects.note("password");
    if (!m_error.empty())
        ImGui::TextColored(toImVec4(kFailRed), "%s", m_error.c_str());
    if (m_waiting != 0)
        ImGui::TextDisabled("checking…");
    if ((ImGui::Button("Sign in", ImVec2(170, 0)) || enter) && m_waiting == 0)
        submit();
    m_rects.note("dialog Sign in");
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(170, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        m_open = false;
        m_waiting = 0;
        std::fill(m_password.begin(), m_password.end(), '\0');
        ImGui::CloseCurrentPopup();
    }
    if (!m_open)
        ImGui::CloseCurrentPopup();
    ImGui::PopFont();
    ImGui::EndPopup();
}

void SignInDialog::submit() {
    if (!m_worker) {
        DatabaseWorker::Options o;
        o.database = m_database;
        m_worker = std::make_unique<DatabaseWorker>(o);
    }
    m_error.clear();
    m_worker->requestSignIn({m_name.data(), m_password.data()});
    m_waiting = m_worker->signIn().requested();
    // The typed password leaves the dialog with the request: nothing of it stays on the screen's side.
    std::fill(m_password.begin(), m_password.end(), '\0');
}

} // namespace optiqual::ui
