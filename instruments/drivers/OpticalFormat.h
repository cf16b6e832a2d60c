#pragma once
#include <chrono>
#include <string>
#include <string_view>

/// @file Text pieces shared by the optical drivers: locale-free number formatting (std::to_chars, never printf)
/// and model-key comparison.

namespace optiqual::instruments::optical {

/// @brief @p value rounded to @p maxDecimals decimals, in the shortest fixed notation: 1550, 1550.125, 0.5.
std::string formatDecimal(double value, int maxDecimals);

/// @brief A wavelength given in metres as nanometres with picometre resolution: 1.55e-6 → "1550".
std::string formatNanometres(double metres);

/// @brief A duration with the largest SCPI time suffix that keeps it an integer: "1S", "100MS", "20US".
std::string formatScpiDuration(std::chrono::microseconds duration);

/// @brief A duration as decimal seconds: 1 ms → "0.001".
std::string formatSeconds(std::chrono::microseconds duration);

/// @brief ASCII case-insensitive equality, for model keys.
bool equalsNoCase(std::string_view a, std::string_view b);

} // namespace optiqual::instruments::optical
