#pragma once
#include "sequences/Verdict.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief What the panel's history window lists: runs whose serial contains @c serial (case-insensitive), of one part
/// number, with one verdict, started in [since, until). Empty or unset fields select everything.
struct HistoryFilter {
    std::string serial;
    std::string partNumber;
    std::optional<sequences::Verdict> verdict; ///< std::nullopt: any; NotRun selects runs still open
    std::int64_t since = std::numeric_limits<std::int64_t>::min(); ///< UTC µs
    std::int64_t until = std::numeric_limits<std::int64_t>::max();

    bool operator==(const HistoryFilter&) const = default;
};

/// @brief One run as the history window lists it.
struct HistoryRow {
    std::int64_t id = 0;
    std::string serial;
    std::string partNumber;
    std::optional<sequences::Verdict> outcome; ///< none while running (or left open by a crash)
    std::int64_t startedAt = 0;                ///< UTC µs
    std::optional<std::int64_t> endedAt;
    std::string firstFailure; ///< "step path: measurement" (or ": error") of the first failing step, if any
};

/// @brief The filter's runs, newest first, at most @c maxRows of @c total.
struct HistoryList {
    std::vector<HistoryRow> rows;
    std::int64_t total = 0;
    std::vector<std::string> partNumbers; ///< every part number in the database, for the filter's choice
};

/// @brief Runs the history query on @p connection (bound parameters only). Throws DbError.
HistoryList queryHistory(const Connection& connection, const HistoryFilter& filter, std::size_t maxRows);

} // namespace optiqual::db
