#pragma once
#include "db/MeasurementSeries.h"

#include <cstdint>
#include <vector>

namespace optiqual::db {

/// @brief An individuals control chart of one measurement: centre line = mean, limits = mean ± 3σ within
/// (moving range), each point with its Western Electric rule bits (Statistics.h).
struct SpcChart {
    MeasurementSeries series;
    double center = 0;
    double sigma = 0;
    double ucl = 0;
    double lcl = 0;
    std::vector<std::uint8_t> rules;
    std::int64_t violations = 0; ///< points with any rule bit
};

/// @brief Control charts of every measurement over the filter's runs, most violations first.
std::vector<SpcChart> querySpc(const Connection& connection, const ReportFilter& filter);

/// @brief "1,2" for rule bits 0b011.
std::string describeRules(std::uint8_t bits);

} // namespace optiqual::db
