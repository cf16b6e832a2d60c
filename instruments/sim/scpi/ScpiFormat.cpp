#include "instruments/sim/scpi/ScpiFormat.h"

#include "core/Units.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace optiqual::instruments::sim {
namespace {

constexpr double kScpiInfinity = 9.9e37;

/// SCPI sends NaN and infinities as fixed markers; returns the marker for @p value, or @p value itself.
double scpiMarker(double value) {
    if (std::isnan(value)) {
        return core::kScpiNotANumber;
    }
    if (std::isinf(value)) {
        return value > 0 ? kScpiInfinity : -kScpiInfinity;
    }
    return value == 0.0 ? 0.0 : value; // -0.0 would print as "-0"
}

} // namespace

std::string formatNr1(long long value, bool forceSign) {
    std::array<char, 24> buffer{};
    char* begin = buffer.data() + 1;
    const auto result = std::to_chars(begin, buffer.data() + buffer.size(), value);
    if (forceSign && value >= 0) {
        *--begin = '+';
    }
    return std::string(begin, result.ptr);
}

std::string formatNr2(double value, int decimals) {
    if (std::isnan(value) || std::isinf(value)) {
        return std::isnan(value) ? "9.91E+37" : (value > 0 ? "9.9E+37" : "-9.9E+37");
    }
    decimals = std::clamp(decimals, 0, 30);
    std::array<char, 400> buffer{}; // DBL_MAX in fixed notation needs 309 digits
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), scpiMarker(value),
                                      std::chars_format::fixed, decimals);
    return std::string(buffer.data(), result.ptr);
}

std::string formatNr3(double value, int mantissaDecimals, int exponentDigits) {
    mantissaDecimals = std::clamp(mantissaDecimals, 0, 30);
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), scpiMarker(value),
                                      std::chars_format::scientific, mantissaDecimals);
    const std::string_view text(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));
    const std::size_t e = text.find('e');
    std::string out;
    out.reserve(static_cast<std::size_t>(mantissaDecimals + exponentDigits) + 6);
    if (text.front() != '-') {
        out += '+';
    }
    out.append(text.substr(0, e));
    out += 'E';
    out += text[e + 1]; // exponent sign
    const std::string_view exponent = text.substr(e + 2);
    for (int i = static_cast<int>(exponent.size()); i < exponentDigits; ++i) {
        out += '0';
    }
    out.append(exponent);
    return out;
}

std::string formatString(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string formatBlock(std::string_view bytes) {
    const std::string length = std::to_string(bytes.size());
    std::string out;
    out.reserve(bytes.size() + length.size() + 2);
    out += '#';
    out += static_cast<char>('0' + length.size());
    out += length;
    out.append(bytes);
    return out;
}

std::string formatChannelList(std::span<const int> channels) {
    std::string out = "(@";
    for (std::size_t i = 0; i < channels.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += std::to_string(channels[i]);
    }
    out += ')';
    return out;
}

} // namespace optiqual::instruments::sim
