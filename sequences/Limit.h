#pragma once
#include "sequences/Verdict.h"

#include <optional>
#include <string>
#include <string_view>

namespace optiqual::sequences {

/// @brief How a numeric value is compared with its limits (TestStand's comparison types).
/// GELE means low ≤ x ≤ high, GTLT low < x < high, and so on; EQ/NE compare with the nominal;
/// LOG only records the value (always Pass).
enum class Comparator { EQ, NE, GT, GE, LT, LE, GELE, GTLT, GELT, GTLE, LOG };

std::string_view toString(Comparator c);
std::optional<Comparator> parseComparator(std::string_view text);
/// @brief Which bounds a comparator needs.
bool needsLow(Comparator c);
bool needsHigh(Comparator c);
bool needsNominal(Comparator c);

/// @brief A numeric limit: comparator and the bounds it uses, in @c unit.
struct Limit {
    Comparator comparator = Comparator::LOG;
    std::optional<double> low;
    std::optional<double> high;
    std::optional<double> nominal;
    std::string unit;

    /// @brief Pass or Fail for @p value (NaN always fails unless LOG).
    Verdict judge(double value) const;
    /// @brief "1.00 ≤ x ≤ 2.00 V"-style text for reports and the panel.
    std::string describe() const;
};

} // namespace optiqual::sequences
