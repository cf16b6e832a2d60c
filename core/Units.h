#pragma once

namespace optiqual::core {

/// @brief Optical power conversions. 0 W has no dBm value: it maps to -infinity, and back.
double wattsToDbm(double watts);
double dbmToWatts(double dbm);
/// @brief Power ratio in dB, and back.
double ratioToDb(double ratio);
double dbToRatio(double db);

constexpr double kAbsoluteZeroCelsius = -273.15;
constexpr double celsiusToKelvin(double c) { return c - kAbsoluteZeroCelsius; }
constexpr double kelvinToCelsius(double k) { return k + kAbsoluteZeroCelsius; }

/// @brief SCPI's not-a-number / overrange marker (9.91E37); anything above 9.9E37 reads as it.
constexpr double kScpiNotANumber = 9.91e37;

} // namespace optiqual::core
