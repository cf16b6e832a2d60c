#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::db::central {

/// @brief A PostgreSQL one-dimensional array literal of numbers, both ways: "{1,2.5,NaN}". Doubles are written as
/// PostgreSQL reads them back exactly (shortest round-trip text, NaN and ±Infinity spelled out).
std::string floatArray(const std::vector<double>& values);
std::string integerArray(const std::vector<long long>& values);
std::vector<double> parseFloatArray(std::string_view text);
std::vector<std::int64_t> parseIntegerArray(std::string_view text);

/// @brief One double as PostgreSQL reads it back exactly.
std::string pgFloat(double v);

} // namespace optiqual::db::central
