#include "core/Units.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace optiqual::core {

double wattsToDbm(double watts) {
    if (watts <= 0.0)
        return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(watts * 1e3);
}

double dbmToWatts(double dbm) {
    return std::pow(10.0, dbm / 10.0) * 1e-3;
}

double ratioToDb(double ratio) {
    if (ratio <= 0.0)
        return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(ratio);
}

double dbToRatio(double db) {
    return std::pow(10.0, db / 10.0);
}

} // namespace optiqual::core

namespace optiqual::core {

std::optional<std::chrono::nanoseconds> parseDuration(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || !(value >= 0))
        return std::nullopt;
    std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
    while (!unit.empty() && unit.front() == ' ')
        unit.remove_prefix(1);
    double scale = 0;
    if (unit == "ns")
        scale = 1;
    else if (unit == "us")
        scale = 1e3;
    else if (unit == "ms")
        scale = 1e6;
    else if (unit == "s")
        scale = 1e9;
    else if (unit == "min")
        scale = 60e9;
    else if (unit == "h")
        scale = 3600e9;
    else
        return std::nullopt;
    const double ns = value * scale;
    if (ns > 9.2e18)
        return std::nullopt;
    return std::chrono::nanoseconds(static_cast<long long>(std::llround(ns)));
}

} // namespace optiqual::core
