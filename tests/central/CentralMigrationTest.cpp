// Central schema migrations on a store that holds runs (issue 11): a version-2 store, as earlier builds left it,
// migrated to version 3 keeps every row, gets Pareto's covering indexes, and its fleet Pareto still equals the
// stations' own.
#include "db/ParetoReport.h"
#include "db/ResultStore.h"
#include "db/central/CentralPareto.h"
#include "db/central/CentralSchema.h"
#include "db/central/PgConnection.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <tuple>

using namespace optiqual::db;
using namespace optiqual::db::central;
using optiqual::db::test::TempDir;

namespace {

/// pg_get_indexdef of index @p name (empty when there is none).
std::string indexDefinition(PgConnection& pg, const std::string& name) {
    const auto r = pg.exec("SELECT pg_get_indexdef(to_regclass($1))", {name});
    return r.isNull(0, 0) ? std::string() : r.text(0, 0);
}

TEST(CentralMigration, AVersion2StoreMigratesToCoveringParetoIndexesAndKeepsItsReports) {
    optiqual::test::PgCluster cluster;
    TempDir dir;
    // The stations upload into a version-2 store (their rows' format is the same in versions 1 to 3).
    const auto old = cluster.createDatabase("old");
    auto pg = PgConnection::open(old);
    EXPECT_EQ(CentralSchema::migrate(pg, 2), 0);
    EXPECT_EQ(CentralSchema::currentVersion(pg), 2);
    EXPECT_EQ(indexDefinition(pg, "measurement_failing").find("INCLUDE"), std::string::npos) << "version 2's index";
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<std::int64_t, std::int64_t>> expected;
    std::map<std::tuple<std::string, std::string, std::string>, std::string> examples;
    std::int64_t units = 0;
    long long runs = 0;
    for (const auto& name : {"xpo-line-1", "xpo-line-2"}) {
        const auto file = dir / (std::string(name) + ".db");
        runs += static_cast<long long>(
            optiqual::test::writeStationRuns(file, name, 21, std::string("SN-") + name + "-", /*retestFailures=*/true)
                .size());
        ASSERT_EQ(optiqual::test::uploadStationFile(file, old, 8).quarantined, 0);
        auto store = ResultStore::open(file, StoreOptions{});
        const auto own = queryPareto(store.connection(), ReportFilter{});
        units += own.unitsTested;
        for (const auto& row : own.rows) {
            auto& e = expected[{row.kind, row.stepPath, row.measurement}];
            e.first += row.unitsAffected;
            e.second += row.occurrences;
            examples[{row.kind, row.stepPath, row.measurement}] = row.example;
        }
    }
    const long long measurements = optiqual::test::centralCount(old, "measurement");
    ASSERT_GT(measurements, 0);
    EXPECT_EQ(CentralSchema::migrate(pg), 2);
    EXPECT_EQ(CentralSchema::currentVersion(pg), 3);
    EXPECT_EQ(optiqual::test::centralCount(old, "measurement"), measurements);
    EXPECT_EQ(optiqual::test::centralCount(old, "run"), runs);
    for (const auto& [index, columns] :
         std::vector<std::pair<std::string, std::string>>{{"run_failing", "INCLUDE (uuid, unit_id, outcome"},
                                                          {"step_failing", "INCLUDE (seq, step_def_id)"},
                                                          {"measurement_failing", "INCLUDE (step_seq, def_id)"}}) {
        SCOPED_TRACE(index);
        EXPECT_NE(indexDefinition(pg, index).find(columns), std::string::npos) << indexDefinition(pg, index);
    }
    // The migrated store's Pareto: every cause with the stations' units and occurrences, and a step's example
    // error (read by key, outside the index) as the station gave it.
    const auto fleet = queryCentralPareto(pg, ReportFilter{});
    EXPECT_EQ(fleet.unitsTested, units);
    ASSERT_EQ(fleet.rows.size(), expected.size());
    bool sawStepCause = false;
    for (const auto& row : fleet.rows) {
        SCOPED_TRACE(row.stepPath + " " + row.measurement);
        const std::tuple<std::string, std::string, std::string> key{row.kind, row.stepPath, row.measurement};
        EXPECT_EQ(row.unitsAffected, expected.at(key).first);
        EXPECT_EQ(row.occurrences, expected.at(key).second);
        EXPECT_EQ(row.example, examples.at(key));
        sawStepCause = sawStepCause || (row.kind == "step" && !row.example.empty());
    }
    EXPECT_TRUE(sawStepCause) << "a step error, whose text Pareto reads outside the covering index";
}

} // namespace
