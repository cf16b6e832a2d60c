#include "instruments/drivers/OpticalFormat.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace optiqual::instruments::optical {

std::string formatDecimal(double value, int maxDecimals) {
    const double scale = std::pow(10.0, maxDecimals);
    double rounded = std::round(value * scale) / scale;
    if (rounded == 0.0) {
        rounded = 0.0; // no "-0"
    }
    std::array<char, 64> buffer{};
    // Shortest fixed form: never an exponent, never trailing zeros.
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), rounded, std::chars_format::fixed);
    return std::string(buffer.data(), result.ptr);
}

std::string formatNanometres(double metres) {
    return formatDecimal(metres * 1e9, 3);
}

std::string formatScpiDuration(std::chrono::microseconds duration) {
    const long long us = duration.count();
    if (us != 0 && us % 1000000 == 0) {
        return std::to_string(us / 1000000) + "S";
    }
    if (us != 0 && us % 1000 == 0) {
        return std::to_string(us / 1000) + "MS";
    }
    return std::to_string(us) + "US";
}

std::string formatSeconds(std::chrono::microseconds duration) {
    return formatDecimal(static_cast<double>(duration.count()) / 1e6, 6);
}

bool equalsNoCase(std::string_view a, std::string_view b) {
    auto upper = [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); };
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return upper(x) == upper(y); });
}

} // namespace optiqual::instruments::optical
