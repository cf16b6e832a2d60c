#pragma once
#include "ui/DatabaseWorker.h"
#include "ui/ItemRects.h"
#include "ui/Theme.h"
#include "ui/UserSession.h"

#include <array>
#include <filesystem>
#include <memory>
#include <string>

namespace optiqual::ui {

/// @brief The header's "User: … [Sign in] / [Sign out]" and the sign-in dialog (name, password). The password is
/// checked on a DatabaseWorker of its own (crypto_pwhash takes a tenth of a second and the users are in SQLite):
/// the dialog says "checking…" until the answer, and a wrong name or password keeps it open with the reason.
class SignInDialog {
public:
    explicit SignInDialog(std::filesystem::path database) : m_database(std::move(database)) {}

    /// @brief Draws the header's line and, while open, the dialog; applies an answer to @p session.
    void draw(UserSession& session, const Fonts& fonts);
    bool open() const { return m_open || m_openPending; }
    /// @brief Why the last sign-in was refused ("" none).
    const std::string& error() const { return m_error; }
    const ItemRects& rects() const { return m_rects; }

private:
    void drawDialog(UserSession& session, const Fonts& fonts);
    void submit();

    std::filesystem::path m_database;
    std::unique_ptr<DatabaseWorker> m_worker; ///< made at the first sign-in
    std::uint64_t m_waiting = 0;              ///< the request whose answer the dialog waits for (0: none)
    std::array<char, 65> m_name{};
    std::array<char, 129> m_password{};
    std::string m_error;
    bool m_open = false;
    bool m_openPending = false; ///< "Sign in" pressed: the dialog opens once the mouse is up
    int m_focusName = 0;        ///< frames left to give the name field the keyboard
    ItemRects m_rects;
};

} // namespace optiqual::ui
