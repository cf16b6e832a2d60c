#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief Locale-independent parsing of SCPI numeric replies (std::from_chars), the way libsigrok does it:
/// accepts NR1/NR2/NR3 with an optional leading '+' and surrounding blanks; SCPI's 9.91E37 (and anything
/// ≥ 9.9E37) reads as quiet NaN (not a number / overrange). Returns std::nullopt when @p text is not a number.
std::optional<double> parseScpiDouble(std::string_view text);
/// @brief NR1 (an integer, optionally signed). Also accepts "+1.0E+00"-style integers some instruments send.
std::optional<long long> parseScpiInteger(std::string_view text);
/// @brief "1"/"0"/"ON"/"OFF" (any case, surrounding blanks ignored).
std::optional<bool> parseScpiBool(std::string_view text);
/// @brief Comma-separated numbers; std::nullopt if any element is not a number.
std::optional<std::vector<double>> parseScpiDoubleList(std::string_view text);

/// @brief Trims ASCII blanks (space, tab, CR, LF) from both ends.
std::string_view trimBlanks(std::string_view text);

} // namespace optiqual::instruments
