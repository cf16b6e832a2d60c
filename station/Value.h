#pragma once
#include <string>
#include <variant>
#include <vector>

namespace optiqual::station {

/// @brief A value passed to or returned from an instrument method or held by a sequence variable:
/// nothing, a number (integers included), a boolean, text, or an array of numbers (per-lane readings).
using Value = std::variant<std::monostate, double, bool, std::string, std::vector<double>>;

/// @brief "1.5", "true", "text", "[1, 2]" for logs and records.
std::string describe(const Value& value);

} // namespace optiqual::station
