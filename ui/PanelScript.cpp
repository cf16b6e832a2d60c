#include "ui/PanelScript.h"

#include <GLFW/glfw3.h>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <utility>

namespace optiqual::ui {

namespace {

using Kind = ScriptCommand::Kind;

const std::pair<std::string_view, int> kKeys[] = {
    {"Enter", GLFW_KEY_ENTER}, {"Esc", GLFW_KEY_ESCAPE}, {"Tab", GLFW_KEY_TAB}, {"F1", GLFW_KEY_F1},
    {"F2", GLFW_KEY_F2},       {"F3", GLFW_KEY_F3},      {"F4", GLFW_KEY_F4},   {"F5", GLFW_KEY_F5},
    {"F6", GLFW_KEY_F6},       {"F7", GLFW_KEY_F7},      {"F8", GLFW_KEY_F8},   {"F9", GLFW_KEY_F9},
    {"F10", GLFW_KEY_F10},     {"F11", GLFW_KEY_F11},    {"F12", GLFW_KEY_F12},
};

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

/// One line being read: the position of each word, for the messages' columns (1-based).
class LineReader {
public:
    LineReader(std::string_view line, int number, const std::string& file, std::vector<std::string>& errors)
        : m_line(line), m_number(number), m_file(file), m_errors(errors) {}

    void skipBlanks() {
        while (m_at < m_line.size() && blank(m_line[m_at]))
            ++m_at;
    }
    bool atEnd() {
        skipBlanks();
        return m_at >= m_line.size();
    }
    int column() const { return int(m_at) + 1; }
    /// The next word (up to a blank).
    std::string_view word() {
        skipBlanks();
        const std::size_t start = m_at;
        while (m_at < m_line.size() && !blank(m_line[m_at]))
            ++m_at;
        return m_line.substr(start, m_at - start);
    }
    /// The rest of the line, trailing blanks dropped.
    std::string_view rest() {
        skipBlanks();
        std::string_view r = m_line.substr(m_at);
        while (!r.empty() && blank(r.back()))
            r.remove_suffix(1);
        m_at = m_line.size();
        return r;
    }
    void error(int column, const std::string& message) {
        m_errors.push_back(fmt::format("{}:{}:{}: {}", m_file, m_number, column, message));
    }
    /// An error at the next word when anything follows.
    bool expectEnd(std::string_view command) {
        if (atEnd())
            return true;
        error(column(), fmt::format("'{}' takes nothing more here", command));
        return false;
    }
    /// A double-quoted text: `"…"` with `\"` and `\\` inside; "expected @p expected" when there is none.
    bool quoted(std::string& out, std::string_view expected) {
        skipBlanks();
        const int at = column();
        if (m_at >= m_line.size() || m_line[m_at] != '"') {
            error(at, fmt::format("expected {}", expected));
            return false;
        }
        for (std::size_t i = m_at + 1; i < m_line.size(); ++i) {
            if (m_line[i] == '\\' && i + 1 < m_line.size()) {
                out.push_back(m_line[++i]);
            } else if (m_line[i] == '"') {
                m_at = i + 1;
                return true;
            } else {
                out.push_back(m_line[i]);
            }
        }
        error(at, "unterminated text: no closing '\"'");
        m_at = m_line.size();
        return false;
    }

private:
    std::string_view m_line;
    std::size_t m_at = 0;
    int m_number;
    const std::string& m_file;
    std::vector<std::string>& m_errors;
};

bool parseCount(std::string_view text, int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && out > 0;
}

bool parseSeconds(std::string_view text, double& out) {
    // std::from_chars for doubles is in GCC 12's library; a trailing "s" is allowed ("timeout 5s").
    if (!text.empty() && text.back() == 's')
        text.remove_suffix(1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && std::isfinite(out) && out > 0 && out <= 86'400;
}

/// `click tile N`: checks N (a socket's number) and that nothing follows, then names the control "tile N". @p text is
/// the rest of the line after `click`, at @p column.
bool tileName(std::string_view line, int column, LineReader& r, std::string& text) {
    std::string_view rest = std::string_view(text).substr(4);
    int at = column + 4;
    while (!rest.empty() && blank(rest.front())) {
        rest.remove_prefix(1);
        ++at;
    }
    const std::size_t end = std::min(rest.find_first_of(" \t"), rest.size());
    const std::string_view number = rest.substr(0, end);
    int socket = 0;
    if (!parseCount(number, socket)) {
        r.error(number.empty() ? int(line.size()) + 1 : at,
                number.empty() ? std::string("'click tile' needs a socket's number (e.g. click tile 2)")
                               : fmt::format("'{}' is not a socket's number (1 or more)", number));
        return false;
    }
    if (end < rest.size()) {
        std::size_t next = end;
        while (next < rest.size() && blank(rest[next]))
            ++next;
        r.error(at + int(next), "'click tile N' takes nothing more here");
        return false;
    }
    text = fmt::format("tile {}", socket);
    return true;
}

} // namespace

std::string PanelScript::where(const ScriptCommand& command) const {
    return fmt::format("{}:{}: `{}`", file, command.line, command.source);
}

std::string scriptKeyNames() {
    std::string names;
    for (const auto& [name, code] : kKeys)
        names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
}

PanelScript parsePanelScript(std::string_view text, const std::string& file, std::vector<std::string>& errors) {
    PanelScript script;
    script.file = file;
    std::chrono::milliseconds timeout{30'000};
    int number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (const auto hash = line.find('#'); hash != std::string_view::npos) {
            // A comment runs to the line's end, unless the '#' is inside a quoted text (wait text "#3").
            bool inQuote = false;
            std::size_t cut = std::string_view::npos;
            for (std::size_t i = 0; i < line.size(); ++i) {
                if (line[i] == '\\' && inQuote)
                    ++i;
                else if (line[i] == '"')
                    inQuote = !inQuote;
                else if (line[i] == '#' && !inQuote) {
                    cut = i;
                    break;
                }
            }
            line = line.substr(0, cut);
        }
        LineReader r(line, number, file, errors);
        if (r.atEnd())
            continue;
        ScriptCommand c;
        c.line = number;
        {
            std::string_view source = line;
            while (!source.empty() && blank(source.front()))
                source.remove_prefix(1);
            while (!source.empty() && blank(source.back()))
                source.remove_suffix(1);
            c.source = std::string(source);
        }
        const int commandColumn = r.column();
        const std::string_view command = r.word();
        const int argColumn = r.atEnd() ? int(line.size()) + 1 : r.column();
        bool ok = true;
        if (command == "type" || command == "answer" || command == "click" || command == "screenshot") {
            c.kind = command == "type"     ? Kind::Type
                     : command == "answer" ? Kind::Answer
                     : command == "click"  ? Kind::Click
                                           : Kind::Screenshot;
            c.text = std::string(r.rest());
            if (c.text.empty()) {
                r.error(argColumn, fmt::format("'{}' needs {}", command,
                                               command == "click"        ? "a control's name (e.g. Abort)"
                                               : command == "screenshot" ? "a PNG file's path"
                                                                         : "a text"));
                ok = false;
            } else if (command == "click" && c.text.starts_with("tile") && (c.text.size() == 4 || blank(c.text[4]))) {
                ok = tileName(line, argColumn, r, c.text);
            }
        } else if (command == "choose" || command == "fill") {
            // Two quoted texts: a list and its item, or a field and what to type into it.
            c.kind = command == "choose" ? Kind::Choose : Kind::Fill;
            const char* usage = command == "choose"
                                    ? "a double-quoted text: choose \"list\" \"item\" (e.g. choose \"mode\" \"skip\")"
                                    : "a double-quoted text: fill \"field\" \"text\" (e.g. fill \"reason\" \"ECO-77\")";
            ok = r.quoted(c.list, usage) && r.quoted(c.text, usage) && r.expectEnd(command);
            if (ok && (c.list.empty() || c.text.empty())) {
                r.error(argColumn, fmt::format("'{}' needs two texts that are not empty", command));
                ok = false;
            }
        } else if (command == "key") {
            c.kind = Kind::Key;
            const std::string_view name = r.word();
            ok = false;
            for (const auto& [known, code] : kKeys)
                if (name == known) {
                    c.key = code;
                    ok = true;
                }
            if (!ok)
                r.error(argColumn, name.empty() ? fmt::format("'key' needs a key: {}", scriptKeyNames())
                                                : fmt::format("unknown key '{}': {}", name, scriptKeyNames()));
            else
                ok = r.expectEnd("key");
        } else if (command == "wait") {
            const std::string_view what = r.word();
            if (what == "prompt" || what == "idle") {
                c.kind = what == "prompt" ? Kind::WaitPrompt : Kind::WaitIdle;
                ok = r.expectEnd(fmt::format("wait {}", what));
            } else if (what == "ended") {
                c.kind = Kind::WaitEnded;
                const int at = r.atEnd() ? int(line.size()) + 1 : r.column();
                const std::string_view n = r.word();
                if (!parseCount(n, c.count)) {
                    r.error(at, n.empty() ? "'wait ended' needs the number of units (e.g. wait ended 1)"
                                          : fmt::format("'{}' is not a number of units (1 or more)", n));
                    ok = false;
                } else {
                    ok = r.expectEnd("wait ended N");
                }
            } else if (what == "text") {
                c.kind = Kind::WaitText;
                ok = r.quoted(c.text, "a double-quoted text") && r.expectEnd("wait text \"…\"");
                if (ok && c.text.empty()) {
                    r.error(argColumn, "'wait text' needs a text that is not empty");
                    ok = false;
                }
            } else {
                r.error(argColumn, what.empty() ? "'wait' needs what to wait for: prompt, idle, ended N or text \"…\""
                                                : fmt::format("cannot wait for '{}': prompt, idle, ended N or "
                                                              "text \"…\"",
                                                              what));
                ok = false;
            }
        } else if (command == "timeout") {
            const std::string_view n = r.word();
            double seconds = 0;
            if (!parseSeconds(n, seconds)) {
                r.error(argColumn, n.empty()
                                       ? "'timeout' needs seconds (e.g. timeout 60)"
                                       : fmt::format("'{}' is not a number of seconds (above 0, at most a day)", n));
            } else if (r.expectEnd("timeout")) {
                timeout = std::chrono::milliseconds(std::llround(seconds * 1000));
            }
            continue; // not a command of its own: the waits after it take it
        } else {
            r.error(
                commandColumn,
                fmt::format("unknown command '{}': type, key, click, choose, fill, wait, answer, screenshot or timeout",
                            command));
            ok = false;
        }
        c.timeout = timeout;
        if (ok)
            script.commands.push_back(std::move(c));
    }
    if (script.commands.empty() && errors.empty())
        errors.push_back(fmt::format("{}:1:1: the script has no commands", file));
    return script;
}

PanelScript loadPanelScript(const std::string& file, std::vector<std::string>& errors) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        errors.push_back(fmt::format("{}: cannot read it ({})", file, std::strerror(errno)));
        return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parsePanelScript(text.str(), file, errors);
}

} // namespace optiqual::ui
