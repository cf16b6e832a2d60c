#pragma once
#include <span>
#include <string>
#include <string_view>

/// @file Formatting of SCPI response data, locale-independent (std::to_chars).

namespace optiqual::instruments::sim {

/// @brief NR1 integer: `5`, `-3`; with @p forceSign `+5` (Keysight writes `+0` in `SYST:ERR?`).
std::string formatNr1(long long value, bool forceSign = false);

/// @brief NR2 fixed point with @p decimals digits after the point: formatNr2(5, 3) is `5.000`. NaN gives
/// `9.91E+37` and ±infinity `±9.9E+37`, the SCPI markers.
std::string formatNr2(double value, int decimals);

/// @brief NR3 the way Keysight instruments answer: always signed, @p mantissaDecimals digits after the
/// point, exponent with at least @p exponentDigits digits: formatNr3(5) is `+5.00000000E+00`.
/// NaN gives `+9.91000000E+37`, ±infinity `±9.90000000E+37`.
std::string formatNr3(double value, int mantissaDecimals = 8, int exponentDigits = 2);

/// @brief NR3 with a three-digit exponent as the 8163 and N77xx answer: `+1.55000000E-006`.
inline std::string formatNr3Exp3(double value, int mantissaDecimals = 8) {
    return formatNr3(value, mantissaDecimals, 3);
}

/// @brief String response data: @p text in double quotes, embedded double quotes doubled.
std::string formatString(std::string_view text);

/// @brief Definite-length block `#<n><len><bytes>`.
std::string formatBlock(std::string_view bytes);

/// @brief Channel list `(@1,2,5)` (no ranges are folded).
std::string formatChannelList(std::span<const int> channels);

} // namespace optiqual::instruments::sim
