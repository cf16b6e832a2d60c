#pragma once
#include <chrono>
#include <string>
#include <string_view>

namespace optiqual::station {

/// @brief Columns @p text takes on a terminal: UTF-8 decoded, East Asian wide characters 2, combining marks and
/// ANSI escape sequences (colours) 0, a malformed byte 1. "70 °C › 52 V" is 12 columns, not its 15 bytes.
int displayWidth(std::string_view text);

/// @brief The longest start of @p text that fits in @p columns, ending in "…" when something was cut. Never
/// splits a UTF-8 character or an escape sequence; a cut coloured text gets a colour reset.
std::string fitWidth(std::string_view text, int columns);

/// @brief @p text cut to (fitWidth) and then padded with spaces to exactly @p columns.
std::string padWidth(std::string_view text, int columns);

/// @brief A duration as a clock: "0:07", "12:05", "1:02:03" (rounded down to the second).
std::string clockText(std::chrono::nanoseconds duration);

} // namespace optiqual::station
