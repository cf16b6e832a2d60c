#pragma once
#include "db/CapabilityReport.h"
#include "db/ParetoReport.h"
#include "db/YieldReport.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace optiqual::db {
class Connection;
}

namespace optiqual::ui {

/// @brief What the yield dashboard covers: runs started in [since, until) of one part number (empty: all), its
/// first-pass-yield trend per day or per lot.
struct YieldFilter {
    std::string partNumber;
    std::int64_t since = std::numeric_limits<std::int64_t>::min(); ///< UTC µs
    std::int64_t until = std::numeric_limits<std::int64_t>::max();
    bool byLot = false; ///< the trend's points: lots instead of days

    bool operator==(const YieldFilter&) const = default;
};

/// @brief The dashboard's figures, each from the report code `optiqual report` uses (db/YieldReport,
/// db/ParetoReport, db/CapabilityReport): the same numbers as the command line.
struct YieldDashboard {
    db::YieldResult trend; ///< grouped by day (or lot), sorted by key
    db::ParetoResult pareto;
    std::vector<db::CapabilityRow> capability; ///< lowest Cpk first
};

/// @brief The report filter of @p filter (group by day or lot).
db::ReportFilter reportFilter(const YieldFilter& filter);

/// @brief Runs the three reports on @p connection. Throws db::DbError.
YieldDashboard queryYieldDashboard(const db::Connection& connection, const YieldFilter& filter);

} // namespace optiqual::ui
