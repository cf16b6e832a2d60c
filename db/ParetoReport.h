#pragma once
#include "db/ReportFilter.h"

#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief Where in the sequence's loops a cause struck: one combination of loop variables ("case_temp=70, vin=44").
struct ParetoBreakdown {
    std::string loops;
    std::int64_t unitsAffected = 0;
    std::int64_t occurrences = 0;
};

/// @brief One root cause: a failing measurement, or a failing step that is not failing because of a step inside
/// it (an error, a timeout, a failed pass/fail check). Container steps (`for_each`, `call`) failing because a
/// step inside them failed are not causes, and a step inside a loop is one cause for all its iterations
/// (LoopPaths), with the iterations it failed in as its breakdown.
struct ParetoRow {
    std::string kind;        ///< "measurement" or "step"
    std::string stepPath;    ///< the step's place in the sequence, loop iterations left out
    std::string measurement; ///< empty for kind "step"
    std::int64_t unitsAffected = 0;
    std::int64_t occurrences = 0;
    double share = 0; ///< unitsAffected / Σ unitsAffected
    double cumulativeShare = 0;
    double unitShare = 0;                   ///< unitsAffected / units tested
    std::string example;                    ///< an error text, when a step
    std::vector<ParetoBreakdown> breakdown; ///< by loop iteration, most units first; empty outside loops
};

struct ParetoResult {
    std::int64_t unitsTested = 0;
    std::int64_t failingUnits = 0;
    std::vector<ParetoRow> rows; ///< most units affected first
};

/// @brief Root causes of failure over the filter's runs (aborted and terminated runs left out), ranked by units
/// affected.
ParetoResult queryPareto(const Connection& connection, const ReportFilter& filter);

} // namespace optiqual::db
