#include "db/central/CentralYield.h"

#include "db/central/CentralFilter.h"
#include "db/central/CentralYieldShard.h"
#include "db/central/PgConnection.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

namespace optiqual::db::central {

namespace {

/// Below this many runs (the planner's estimate) the report streams in one shard: on the 5 M-run benchmark store a
/// year (5 M runs) took 3.03 s in two shards against 3.41 s in one, a week (97,000) 0.58 s against 0.42 s.
constexpr double kRunsForTwoShards = 1'000'000;

/// The planner's estimate of the filter's runs (EXPLAIN: no rows read).
double estimatedRuns(PgConnection& c, const ReportFilter& filter) {
    const auto plan =
        c.exec(std::string("EXPLAIN SELECT 1 FROM run r WHERE ") + runSelection(), selectionParams(filter));
    const std::string top = plan.rows() > 0 ? plan.text(0, 0) : std::string();
    const auto at = top.find(" rows=");
    return at == std::string::npos ? 0 : std::strtod(top.c_str() + at + 6, nullptr);
}

} // namespace

YieldResult queryCentralYield(PgConnection& c, const ReportFilter& filter, int shards) {
    const auto names = YieldNames::read(c);
    std::unordered_set<std::int64_t> testedBefore;
    if (filter.hasSince()) {
        // Driven by the window's runs, each asking the run_yield index for an earlier counted run of its unit.
        const auto before = c.exec(std::string("SELECT DISTINCT r.unit_id FROM run r WHERE ") + runSelection() +
                                       " AND EXISTS (SELECT 1 FROM run h WHERE h.unit_id = r.unit_id "
                                       "AND h.started_at < $1 AND h.outcome NOT IN (6, 7))",
                                   selectionParams(filter));
        for (int i = 0; i < before.rows(); ++i)
            testedBefore.insert(before.integer(i, 0));
    }
    // Shards, each a range of unit ids on a connection of its own, streamed at the same time: the server's work
    // (reading the index, turning each value into its output form) is most of a long report's time and one backend
    // does it on one core. A unit's runs are all in one shard, so the shards' counts add up.
    const auto span = c.exec("SELECT min(unit_id), max(unit_id) FROM run");
    std::vector<std::unique_ptr<CentralYieldShard>> tallies;
    tallies.push_back(std::make_unique<CentralYieldShard>(names, testedBefore));
    if (span.isNull(0, 0))
        return tallies.front()->result(filter);
    const std::int64_t first = span.integer(0, 0);
    const std::int64_t count = span.integer(0, 1) - first + 1;
    if (shards <= 0)
        shards = estimatedRuns(c, filter) >= kRunsForTwoShards ? 2 : 1;
    const std::int64_t shardCount = std::clamp<std::int64_t>(shards, 1, count);
    const auto bound = [&](std::int64_t s) { return first + count * s / shardCount; };
    std::vector<std::exception_ptr> failures(static_cast<std::size_t>(shardCount));
    // The other connections opened here: a connection is used by one thread at a time.
    std::vector<PgConnection> connections;
    for (std::int64_t s = 1; s < shardCount; ++s)
        connections.push_back(c.openAnother());
    std::vector<std::thread> threads;
    for (std::int64_t s = 1; s < shardCount; ++s) {
        auto* shard = tallies.emplace_back(std::make_unique<CentralYieldShard>(names, testedBefore)).get();
        auto* connection = &connections[static_cast<std::size_t>(s - 1)];
        threads.emplace_back([&, s, shard, connection] {
            try {
                shard->stream(*connection, filter, bound(s), bound(s + 1) - 1);
            } catch (...) {
                failures[static_cast<std::size_t>(s)] = std::current_exception();
            }
        });
    }
    try {
        tallies.front()->stream(c, filter, bound(0), bound(1) - 1);
    } catch (...) {
        failures.front() = std::current_exception();
    }
    for (auto& t : threads)
        t.join();
    for (const auto& f : failures)
        if (f)
            std::rethrow_exception(f);
    for (std::size_t s = 1; s < tallies.size(); ++s)
        tallies.front()->absorb(*tallies[s]);
    return tallies.front()->result(filter);
}

} // namespace optiqual::db::central
