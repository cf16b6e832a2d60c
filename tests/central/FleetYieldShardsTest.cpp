// The fleet yield splits the units into shards streamed at the same time (db/central/CentralYield.cpp): any number
// of shards gives the figures of one, with units retested on another station (a retest crossing groups), units whose
// runs straddle the window's edges, and every grouping (issue 11).
#include "db/ResultStore.h"
#include "db/YieldReport.h"
#include "db/central/CentralSchema.h"
#include "db/central/CentralYield.h"
#include "db/central/PgConnection.h"
#include "db/central/Uploader.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <chrono>
#include <gtest/gtest.h>

using namespace optiqual::db;
using namespace optiqual::db::central;
using optiqual::db::test::TempDir;

namespace {

std::int64_t micros(double seconds) {
    return std::chrono::duration_cast<std::chrono::microseconds>(optiqual::db::test::at(seconds).time_since_epoch())
        .count();
}

void expectSameRow(const YieldRow& a, const YieldRow& b) {
    EXPECT_EQ(a.key, b.key);
    EXPECT_EQ(a.units, b.units);
    EXPECT_EQ(a.firstRunUnits, b.firstRunUnits);
    EXPECT_EQ(a.firstPassUnits, b.firstPassUnits);
    EXPECT_EQ(a.finalPassUnits, b.finalPassUnits);
    EXPECT_EQ(a.retestedUnits, b.retestedUnits);
    EXPECT_EQ(a.runs, b.runs);
    EXPECT_EQ(a.abortedRuns, b.abortedRuns);
    EXPECT_EQ(a.stepExecutions, b.stepExecutions);
    EXPECT_EQ(a.stepPasses, b.stepPasses);
    EXPECT_EQ(a.rolledThroughputYield, b.rolledThroughputYield);
}

TEST(FleetYieldShards, AnyNumberOfShardsGivesTheFiguresOfOne) {
    optiqual::test::PgCluster cluster;
    const auto url = optiqual::test::createCentralDatabase(cluster, "shards");
    // The same serials on both stations: every unit of line 2 was tested on line 1 first, so its runs there are
    // retests in another group; failures are retested an hour later on their own line.
    TempDir dir;
    for (const auto& [station, runs] : {std::pair{"xpo-line-1", 30}, std::pair{"xpo-line-2", 17}}) {
        const auto file = dir / (std::string(station) + ".db");
        optiqual::test::writeStationRuns(file, station, runs, "SN-S", /*retestFailures=*/true);
        ASSERT_EQ(optiqual::test::uploadStationFile(file, url, 10).quarantined, 0);
    }
    auto pg = PgConnection::open(url);
    // Windows whose edges fall between a failing unit's run and its retest an hour later (units 4, 9, 14, …).
    std::vector<std::pair<const char*, ReportFilter>> windows{{"whole history", {}}};
    windows.push_back({"since between run and retest", {}});
    windows.back().second.since = micros(600.0 * 9 + 1800);
    windows.push_back({"until between run and retest", {}});
    windows.back().second.until = micros(600.0 * 14 + 1800);
    windows.push_back({"both", {}});
    windows.back().second.since = micros(600.0 * 4 + 1800);
    windows.back().second.until = micros(600.0 * 24 + 1800);
    for (const auto& [label, window] : windows) {
        for (const char* keys : {"", "station", "part-number", "day", "lot", "station,socket", "shift,operator"}) {
            SCOPED_TRACE(std::string(label) + ", by '" + keys + "'");
            ReportFilter filter = window;
            if (*keys)
                filter.groupBy = *parseGroupKeys(keys);
            const auto one = queryCentralYield(pg, filter, 1);
            EXPECT_GT(one.total.retestedUnits, 0) << "the data must exercise retests";
            for (const int shards : {2, 3, 7, 13}) {
                SCOPED_TRACE(shards);
                const auto many = queryCentralYield(pg, filter, shards);
                ASSERT_EQ(many.rows.size(), one.rows.size());
                for (std::size_t i = 0; i < one.rows.size(); ++i)
                    expectSameRow(many.rows[i], one.rows[i]);
                expectSameRow(many.total, one.total);
            }
        }
    }
}

} // namespace
