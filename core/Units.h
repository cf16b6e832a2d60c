#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace optiqual::core {

/// @brief Parses a duration with a unit: `250ms`, `3s`, `2 min`, `1.5h`, `100us` (units ns, us, ms, s, min, h).
/// std::nullopt when the text is not such a duration (a bare number has no unit and is rejected).
std::optional<std::chrono::nanoseconds> parseDuration(std::string_view text);

/// @brief Optical power conversions. 0 W has no dBm value: it maps to -infinity, and back.
double wattsToDbm(double watts);
double dbmToWatts(double dbm);
/// @brief Power ratio in dB, and back.
double ratioToDb(double ratio);
double dbToRatio(double db);

constexpr double kAbsoluteZeroCelsius = -273.15;
constexpr double celsiusToKelvin(double c) {
    return c - kAbsoluteZeroCelsius;
}
constexpr double kelvinToCelsius(double k) {
    return k + kAbsoluteZeroCelsius;
}

/// @brief SCPI's not-a-number / overrange marker (9.91E37); anything above 9.9E37 reads as it.
constexpr double kScpiNotANumber = 9.91e37;

} // namespace optiqual::core
