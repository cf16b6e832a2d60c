#pragma once
#include <cstddef>
#include <string_view>

/// @file Small ASCII helpers shared by the SCPI parser pieces. Locale-independent on purpose: a simulator
/// must parse `1.5` the same under a decimal-comma locale.

namespace optiqual::instruments::sim {

/// @brief IEEE 488.2 <white space>: every ASCII control character and space (LF included, so a stray CR/LF
/// pair at the end of a message is harmless).
constexpr bool isScpiWhitespace(char c) {
    return static_cast<unsigned char>(c) <= 0x20;
}

constexpr bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}
constexpr bool isAsciiAlpha(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool isAsciiLower(char c) {
    return c >= 'a' && c <= 'z';
}
constexpr char toUpperAscii(char c) {
    return isAsciiLower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

/// @brief Case-insensitive ASCII equality.
constexpr bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (toUpperAscii(a[i]) != toUpperAscii(b[i])) {
            return false;
        }
    }
    return true;
}

/// @brief @p text without leading and trailing IEEE 488.2 white space.
constexpr std::string_view trimScpi(std::string_view text) {
    while (!text.empty() && isScpiWhitespace(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && isScpiWhitespace(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

/// @brief True when @p typed is, ignoring case, exactly the short form or exactly the long form of
/// @p mnemonic, written SCPI-style with the short form in capitals ("MEASure": "MEAS" and "MEASURE" match,
/// "MEASU" does not). The short form is every character of @p mnemonic that is not a lower-case letter.
constexpr bool matchesMnemonic(std::string_view typed, std::string_view mnemonic) {
    if (equalsIgnoreCase(typed, mnemonic)) {
        return true;
    }
    std::size_t t = 0;
    for (char m : mnemonic) {
        if (isAsciiLower(m)) {
            continue;
        }
        if (t >= typed.size() || toUpperAscii(typed[t]) != m) {
            return false;
        }
        ++t;
    }
    return t == typed.size();
}

} // namespace optiqual::instruments::sim
