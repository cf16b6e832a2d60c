#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <sys/types.h>

namespace optiqual::testing {

/// @brief A program on a real terminal, as a user sees it: Debian's tmux, on a private server, runs @p command in
/// a pane of the given size, and the test reads the screen (capture-pane), resizes it and types into it.
///
/// tmux runs in control mode over pipes: it announces every byte the program writes (%output), so a test awaits
/// a screen content by re-reading the screen after each announcement — never by sleeping.
class TmuxScreen {
public:
    TmuxScreen(const std::string& command, int columns, int rows);
    ~TmuxScreen();
    TmuxScreen(const TmuxScreen&) = delete;
    TmuxScreen& operator=(const TmuxScreen&) = delete;

    /// @brief The visible screen, one line per row, trailing blanks cut, no colours.
    std::string screen();
    /// @brief The screen as it is when @p holds first says yes about it, awaited for up to @p timeout after each
    /// output of the program; std::nullopt if it never did (the last screen is then in lastScreen()).
    std::optional<std::string> await(const std::function<bool(const std::string&)>& holds,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /// @brief await() for a screen that contains @p text.
    std::optional<std::string> awaitText(const std::string& text,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(20));
    const std::string& lastScreen() const { return m_last; }
    /// @brief Everything the pane shows and scrolled away, oldest first.
    std::string history();
    /// @brief Resizes the terminal (the program gets SIGWINCH).
    void resize(int columns, int rows);
    /// @brief Types @p keys as tmux names them ("C-c", "Enter", "yes").
    void sendKeys(const std::string& keys);

private:
    /// @brief Sends one control-mode command and returns its output block; throws on %error.
    std::string command(const std::string& line);
    /// @brief The next line from tmux before @p deadline; false at the deadline or when tmux is gone.
    bool readLine(std::string& line, std::chrono::steady_clock::time_point deadline);
    /// @brief Waits for the program's next output (or one already announced); false at the deadline.
    bool awaitOutput(std::chrono::steady_clock::time_point deadline);

    std::string m_server;
    pid_t m_pid = -1;
    int m_toTmux = -1;
    int m_fromTmux = -1;
    std::string m_buffer;
    bool m_outputPending = false;
    bool m_gone = false;
    std::string m_last;
};

} // namespace optiqual::testing
