#include "tests/support/TmuxScreen.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace optiqual::testing {

namespace {

bool startsWith(const std::string& s, std::string_view prefix) {
    return s.rfind(prefix, 0) == 0;
}

std::string serverName() {
    static std::atomic<int> counter{0};
    return "optiqual-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

} // namespace

TmuxScreen::TmuxScreen(const std::string& command, int columns, int rows) : m_server(serverName()) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0)
        throw std::runtime_error("tmux: no pipe");
    const std::string x = std::to_string(columns), y = std::to_string(rows);
    m_pid = fork();
    if (m_pid < 0)
        throw std::runtime_error("tmux: cannot fork");
    if (m_pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        unsetenv("TMUX"); // a test run from inside tmux starts its own server all the same
        // -C: control mode over the pipes; -f /dev/null: no user configuration changes what the test sees.
        execlp("tmux", "tmux", "-L", m_server.c_str(), "-f", "/dev/null", "-C", "new-session", "-x", x.c_str(), "-y",
               y.c_str(), command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    m_toTmux = in[1];
    m_fromTmux = out[0];
    // The first block answers new-session itself.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (readLine(line, deadline))
        if (startsWith(line, "%end") || startsWith(line, "%error"))
            return;
    throw std::runtime_error("tmux did not start (is it installed? scripts/install-deps.sh)");
}

TmuxScreen::~TmuxScreen() {
    if (m_toTmux >= 0) {
        const std::string kill = "kill-server\n";
        [[maybe_unused]] auto n = ::write(m_toTmux, kill.data(), kill.size());
        close(m_toTmux);
    }
    if (m_fromTmux >= 0)
        close(m_fromTmux);
    if (m_pid > 0) {
        // A client blocked writing %output notifications nobody reads any more never gets to the kill-server and
        // never exits, even with its stdout closed (the tests hung in this wait): SIGTERM ends it.
        ::kill(m_pid, SIGTERM);
        waitpid(m_pid, nullptr, 0);
    }
    // The server too, in case the client went before it passed kill-server on: no pane outlives its test.
    [[maybe_unused]] int rc = std::system(("tmux -L " + m_server + " kill-server 2>/dev/null").c_str());
}

bool TmuxScreen::readLine(std::string& line, std::chrono::steady_clock::time_point deadline) {
    while (true) {
        if (auto nl = m_buffer.find('\n'); nl != std::string::npos) {
            line = m_buffer.substr(0, nl);
            m_buffer.erase(0, nl + 1);
            return true;
        }
        if (m_gone)
            return false;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd p{m_fromTmux, POLLIN, 0};
        const int ready = poll(&p, 1, int(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return false;
        char chunk[8192];
        const ssize_t n = ::read(m_fromTmux, chunk, sizeof chunk);
        if (n <= 0) {
            m_gone = true;
            continue;
        }
        m_buffer.append(chunk, std::size_t(n));
    }
}

std::string TmuxScreen::command(const std::string& text) {
    const std::string line = text + "\n";
    if (::write(m_toTmux, line.data(), line.size()) != ssize_t(line.size()))
        throw std::runtime_error("tmux: cannot send '" + text + "'");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string reply, got;
    bool inBlock = false;
    while (readLine(got, deadline)) {
        if (!inBlock) {
            // Notifications come between blocks, never inside one.
            if (startsWith(got, "%output"))
                m_outputPending = true;
            else if (startsWith(got, "%exit"))
                m_gone = true;
            inBlock = startsWith(got, "%begin");
            continue;
        }
        if (startsWith(got, "%end"))
            return reply;
        if (startsWith(got, "%error"))
            throw std::runtime_error("tmux: '" + text + "': " + reply);
        reply += got + "\n";
    }
    throw std::runtime_error("tmux: no answer to '" + text + "'");
}

bool TmuxScreen::awaitOutput(std::chrono::steady_clock::time_point deadline) {
    if (m_outputPending) {
        m_outputPending = false;
        return true;
    }
    std::string line;
    while (readLine(line, deadline)) {
        if (startsWith(line, "%output"))
            return true;
        if (startsWith(line, "%exit")) {
            m_gone = true;
            return false;
        }
    }
    return false;
}

std::string TmuxScreen::screen() {
    m_last = command("capture-pane -p");
    return m_last;
}

std::optional<std::string> TmuxScreen::await(const std::function<bool(const std::string&)>& holds,
                                             std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        std::string now = screen();
        if (holds(now))
            return now;
        if (!awaitOutput(deadline))
            break;
    }
    std::string last = screen(); // what came with the last output
    return holds(last) ? std::optional(last) : std::nullopt;
}

std::optional<std::string> TmuxScreen::awaitText(const std::string& text, std::chrono::milliseconds timeout) {
    return await([&](const std::string& s) { return s.find(text) != std::string::npos; }, timeout);
}

std::string TmuxScreen::history() {
    return command("capture-pane -p -S -");
}

void TmuxScreen::resize(int columns, int rows) {
    command("refresh-client -C " + std::to_string(columns) + "x" + std::to_string(rows));
}

void TmuxScreen::sendKeys(const std::string& keys) {
    command("send-keys " + keys);
}

} // namespace optiqual::testing
