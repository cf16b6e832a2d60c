#pragma once
#include "db/MeasurementSeries.h"

#include <cstdint>
#include <string>
#include <vector>

namespace optiqual::db {

/// @brief One point of a control chart, with the run it came from.
struct SpcPoint {
    std::size_t index = 0; ///< 0-based position in the series
    std::int64_t runId = 0;
    std::int64_t time = 0; ///< run start, UTC µs
    double value = 0;
    std::uint8_t rules = 0; ///< Western Electric rule bits (Statistics.h)
    std::string runUuid;    ///< the run on the central store (which has no local ids; runId is 0 there)
};

/// @brief An individuals control chart of one measurement: centre line = mean, limits = mean ± 3σ within
/// (moving range), each point with its Western Electric rule bits (Statistics.h).
struct SpcChart {
    MeasurementSeries series; ///< values only with SpcOptions::keepValues
    std::size_t n = 0;
    double center = 0;
    double sigma = 0;
    double ucl = 0;
    double lcl = 0;
    std::vector<std::uint8_t> rules; ///< per point, with SpcOptions::keepValues
    std::int64_t violations = 0;     ///< points with any rule bit
    std::vector<SpcPoint> points;    ///< the points breaking a rule (every point with SpcOptions::allPoints; the
                                     ///< latest SpcOptions::latestPoints of them when that is set)
};

/// @brief What an SPC report keeps besides each chart's figures and its violating points.
struct SpcOptions {
    bool keepValues = true; ///< every value and its rule bits (drawn charts); otherwise streamed in two passes
    bool allPoints = false; ///< every point with its run in @c points, not only the violating ones
    /// Without allPoints: keep only each chart's latest this many violating points (0: all of them). A year of
    /// history breaks a rule hundreds of thousands of times; a table for people lists the latest, and
    /// `violations` still counts them all.
    std::size_t latestPoints = 0;
};

/// @brief Control charts of every measurement over the filter's runs, most violations first.
std::vector<SpcChart> querySpc(const Connection& connection, const ReportFilter& filter, SpcOptions options = {});

/// @brief "1,2" for rule bits 0b011.
std::string describeRules(std::uint8_t bits);

} // namespace optiqual::db
