#pragma once
#include "db/ReportFilter.h"
#include "db/YieldTally.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace optiqual::db::central {

class PgConnection;

/// @brief The names a yield report's runs refer to by id, read once per report and shared by its shards.
struct YieldNames {
    std::unordered_map<long long, std::pair<std::string, std::string>> parts; ///< id → (product, part number)
    std::unordered_map<long long, std::string> stations;                      ///< id → name
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> trySets;      ///< try_set id → tries

    static YieldNames read(PgConnection& connection);
};

/// @brief The yield tally of the runs of the units in one range of unit ids: a report's shards stream their ranges
/// on connections of their own at the same time (a unit's runs all in one shard), then one tally absorbs the others.
class CentralYieldShard {
public:
    CentralYieldShard(const YieldNames& names, std::unordered_set<std::int64_t> testedBefore);

    /// @brief Streams and counts the filter's runs of the units with ids in [@p firstUnit, @p lastUnit].
    void stream(PgConnection& connection, const ReportFilter& filter, std::int64_t firstUnit, std::int64_t lastUnit);
    /// @brief Adds @p other's counts into this shard's.
    void absorb(CentralYieldShard& other);
    /// @brief The report over every shard absorbed.
    YieldResult result(const ReportFilter& filter);

private:
    std::int64_t intern(const std::string& text);
    std::uint32_t groupOf(const std::vector<std::string>& key);

    const YieldNames& m_names;
    YieldTally m_tally;
    // Group keys are coded as numbers while the runs stream in (ids of parts and stations, sockets, interned
    // text) and named once at the end.
    std::vector<std::string> m_texts;
    std::unordered_map<std::string, std::int64_t> m_textIds;
    std::map<std::vector<std::int64_t>, std::uint32_t> m_groups;
    std::vector<std::vector<std::int64_t>> m_groupCodes;
};

} // namespace optiqual::db::central
