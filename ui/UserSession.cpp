#include "ui/UserSession.h"

namespace optiqual::ui {

UserSession::UserSession(bool usersConfigured, std::string anonymousName)
    : m_usersConfigured(usersConfigured), m_anonymousName(std::move(anonymousName)) {}

void UserSession::signIn(std::string name, db::Role role) {
    m_signedIn = true;
    m_name = std::move(name);
    m_role = role;
}

void UserSession::signOut() {
    m_signedIn = false;
    m_name.clear();
    m_role = db::Role::Operator;
}

void UserSession::setUsersConfigured(bool configured) {
    m_usersConfigured = configured;
}

db::Role UserSession::role() const {
    if (m_signedIn)
        return m_role;
    return m_usersConfigured ? db::Role::Operator : db::Role::Technician;
}

std::string UserSession::describe() const {
    if (m_signedIn)
        return m_name + " (" + std::string(db::toString(m_role)) + ")";
    if (!m_usersConfigured)
        return m_anonymousName + " (technician: no users configured)";
    return "not signed in (operator)";
}

std::optional<std::string> UserSession::refusal(db::Role needed, std::string_view what) const {
    if (role() >= needed)
        return std::nullopt;
    const std::string role = (needed == db::Role::Engineer ? "an " : "a ") + std::string(db::toString(needed));
    std::string why = std::string(what) + " needs " + role + "; " + describe();
    why += m_usersConfigured ? ": sign in as " + role + (needed == db::Role::Technician ? " or an engineer" : "")
                             : ": add users with 'optiqual user add' to sign in";
    return why;
}

} // namespace optiqual::ui
