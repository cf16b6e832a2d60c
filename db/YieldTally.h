#pragma once
#include "db/YieldReport.h"
#include "sequences/Verdict.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace optiqual::db {

/// @brief One finished run as yield counts it: its summaries (ReportSummaries on a station, the run's columns in the
/// central store) instead of its steps, so the whole history fits in a few tens of bytes per run.
struct RunInfo {
    std::int64_t id = 0;
    std::int64_t unit = 0;
    std::int64_t started = 0;
    std::int64_t firstTries = 0; ///< try_set id, 0 when none
    std::uint32_t group = 0;
    std::int32_t judgedSteps = 0;
    std::int32_t passedSteps = 0;
    sequences::Verdict outcome = sequences::Verdict::NotRun;
    bool counted = false;
};

/// @brief Aborted and terminated runs count only as aborted runs, never in yield.
inline bool countsForYield(sequences::Verdict v) {
    return v != sequences::Verdict::Aborted && v != sequences::Verdict::Terminated;
}

/// @brief The yield arithmetic of every store (YieldReport.h defines the figures): the station's SQLite file and the
/// central PostgreSQL feed it runs, so a fleet report and a station report are one code path.
class YieldTally {
public:
    /// @p testedBefore: units whose first counted run lies before the report's window.
    explicit YieldTally(std::unordered_set<std::int64_t> testedBefore);
    ~YieldTally();
    YieldTally(const YieldTally&) = delete;
    YieldTally& operator=(const YieldTally&) = delete;

    /// @brief Adds runs grouped by unit, each unit's in time order (start, then id): see sortForTally().
    void add(const RunInfo& run);
    /// @brief Adds in the counts of @p other, a tally of other units (no unit in both: a unit's runs must all be
    /// added to one tally); @p other's group g is this tally's group @p groupOf[g].
    void absorb(YieldTally& other, const std::vector<std::uint32_t>& groupOf);
    /// @brief The report: @p groupKeys[g] holds group g's key values; @p trySets maps a RunInfo::firstTries id to
    /// its (step definition << 1 | passed) list.
    YieldResult result(std::vector<GroupKey> groupBy, const std::vector<std::vector<std::string>>& groupKeys,
                       const std::unordered_map<std::int64_t, std::vector<std::int64_t>>& trySets);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// @brief Orders runs as YieldTally::add() needs them.
void sortForTally(std::vector<RunInfo>& runs);

} // namespace optiqual::db
