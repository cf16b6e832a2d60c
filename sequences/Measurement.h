#pragma once
#include "sequences/Limit.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace optiqual::sequences {

/// @brief One judged measurement (OpenHTF style: it carries its name, unit and limits and is judged when set).
struct Measurement {
    std::string name;
    double value = 0;                ///< numeric value in @c limit.unit
    std::optional<std::string> text; ///< string measurements (firmware version…); value unused
    Limit limit;
    Verdict outcome = Verdict::NotRun;
    std::optional<int> lane; ///< per-lane / per-channel arrays
    /// @brief Conditions at the time of measuring, e.g. {"temperature_c", 70}, {"vcc_v", 3.3}.
    std::vector<std::pair<std::string, double>> conditions;
};

} // namespace optiqual::sequences
