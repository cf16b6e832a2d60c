#pragma once
#include "db/ReportFilter.h"

#include <optional>
#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief Yield of one group (or of everything: key "all").
///
/// A unit's *first run* is its first run that was not aborted or terminated, ever; runs before the window count
/// for that. Units: distinct units with a counted run in the group. First-pass yield: of units whose first run is
/// in the group, those it passed. Final yield: units whose last run in the group passed. Retest rate: units with
/// a run in the group that was not their first. Step yield: passed / judged (PASS, FAIL, ERROR) step executions,
/// retries included ("true" first-pass yield). Rolled throughput yield: Π over step definitions of the share of
/// first runs whose first try of that step passed. Aborted and terminated runs count only in @c abortedRuns.
struct YieldRow {
    std::vector<std::string> key; ///< one value per group key
    std::int64_t units = 0;
    std::int64_t firstRunUnits = 0;
    std::int64_t firstPassUnits = 0;
    std::int64_t finalPassUnits = 0;
    std::int64_t retestedUnits = 0;
    std::int64_t runs = 0;
    std::int64_t abortedRuns = 0;
    std::int64_t stepExecutions = 0;
    std::int64_t stepPasses = 0;
    std::optional<double> firstPassYield, finalYield, retestRate, stepYield, rolledThroughputYield;
};

struct YieldResult {
    std::vector<GroupKey> groupBy;
    std::vector<YieldRow> rows; ///< sorted by key
    YieldRow total;
};

/// @brief Yield over the filter's runs, grouped by filter.groupBy.
YieldResult queryYield(const Connection& connection, const ReportFilter& filter);

} // namespace optiqual::db
