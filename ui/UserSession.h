#pragma once
#include "db/StationUsers.h"

#include <optional>
#include <string>
#include <string_view>

namespace optiqual::ui {

/// @brief Who uses the panel and what they may do. With users in the station's database (`optiqual user add`),
/// whoever has not signed in is an operator (scan, answer prompts); signing in gives the user's role. Without users,
/// nobody signs in and everyone is a technician, as before roles existed: manual control works, run-mode and limit
/// overrides (engineer) do not, and a kiosk cannot be left.
class UserSession {
public:
    /// @brief @p usersConfigured: the database has users; @p anonymousName: who acts when nobody signed in (the
    /// panel's --operator name).
    UserSession(bool usersConfigured, std::string anonymousName);

    void signIn(std::string name, db::Role role);
    void signOut();
    bool signedIn() const { return m_signedIn; }
    bool usersConfigured() const { return m_usersConfigured; }
    void setUsersConfigured(bool configured);
    const std::string& name() const { return m_signedIn ? m_name : m_anonymousName; }
    db::Role role() const;
    /// @brief "tina (technician)", "not signed in (operator)", or "op1 (technician: no users configured)".
    std::string describe() const;

    /// @brief Why the current user may not do @p what, which needs @p needed; std::nullopt when they may.
    std::optional<std::string> refusal(db::Role needed, std::string_view what) const;

private:
    bool m_usersConfigured;
    std::string m_anonymousName;
    bool m_signedIn = false;
    std::string m_name;
    db::Role m_role = db::Role::Operator;
};

} // namespace optiqual::ui
