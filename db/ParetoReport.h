#pragma once
#include "db/ReportFilter.h"

#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief One failure cause: a failing measurement, or a failing step without a failing measurement (an error,
/// a timeout, a failed pass/fail check).
struct ParetoRow {
    std::string kind; ///< "measurement" or "step"
    std::string stepPath;
    std::string measurement; ///< empty for kind "step"
    std::int64_t unitsAffected = 0;
    std::int64_t occurrences = 0;
    double share = 0; ///< unitsAffected / Σ unitsAffected
    double cumulativeShare = 0;
    double unitShare = 0; ///< unitsAffected / units tested
    std::string example;  ///< an error text, when a step
};

struct ParetoResult {
    std::int64_t unitsTested = 0;
    std::int64_t failingUnits = 0;
    std::vector<ParetoRow> rows; ///< most units affected first
};

/// @brief Failure causes over the filter's runs (aborted and terminated runs left out), ranked by units affected.
ParetoResult queryPareto(const Connection& connection, const ReportFilter& filter);

} // namespace optiqual::db
