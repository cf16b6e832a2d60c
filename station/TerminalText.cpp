#include "station/TerminalText.h"

#include <fmt/format.h>
#include <utf8proc.h>

namespace optiqual::station {

namespace {

/// Length of the ANSI escape sequence at @p i (CSI `ESC [ … final`, or a two-byte `ESC x`), 0 if none.
std::size_t escapeLength(std::string_view text, std::size_t i) {
    if (text[i] != '\033' || i + 1 >= text.size())
        return 0;
    if (text[i + 1] != '[')
        return 2;
    std::size_t j = i + 2;
    while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7e))
        ++j;
    return j < text.size() ? j - i + 1 : text.size() - i;
}

/// The next character at @p i: its byte length and its columns.
std::pair<std::size_t, int> nextCharacter(std::string_view text, std::size_t i) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                    utf8proc_ssize_t(text.size() - i), &cp);
    if (n <= 0)
        return {1, 1}; // a malformed byte: shown as one replacement character
    if (cp < 0x20 || cp == 0x7f)
        return {std::size_t(n), 0};
    return {std::size_t(n), utf8proc_charwidth(cp)};
}

} // namespace

int displayWidth(std::string_view text) {
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (const auto esc = escapeLength(text, i)) {
            i += esc;
            continue;
        }
        const auto [bytes, columns] = nextCharacter(text, i);
        width += columns;
        i += bytes;
    }
    return width;
}

std::string fitWidth(std::string_view text, int columns) {
    if (displayWidth(text) <= columns)
        return std::string(text);
    if (columns <= 0)
        return {};
    constexpr std::string_view kEllipsis = "…"; // one column
    std::string out;
    bool coloured = false;
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (const auto esc = escapeLength(text, i)) {
            out.append(text.substr(i, esc));
            coloured = true;
            i += esc;
            continue;
        }
        const auto [bytes, w] = nextCharacter(text, i);
        if (width + w > columns - 1)
            break;
        out.append(text.substr(i, bytes));
        width += w;
        i += bytes;
    }
    out.append(kEllipsis);
    if (coloured)
        out.append("\033[0m");
    return out;
}

std::string padWidth(std::string_view text, int columns) {
    std::string out = fitWidth(text, columns);
    const int width = displayWidth(out);
    if (width < columns)
        out.append(std::size_t(columns - width), ' ');
    return out;
}

std::string clockText(std::chrono::nanoseconds duration) {
    const long long total =
        duration.count() < 0 ? 0 : std::chrono::duration_cast<std::chrono::seconds>(duration).count();
    const long long h = total / 3600, m = total / 60 % 60, s = total % 60;
    return h > 0 ? fmt::format("{}:{:02}:{:02}", h, m, s) : fmt::format("{}:{:02}", m, s);
}

} // namespace optiqual::station
