// The central store against a real PostgreSQL 15 (a throw-away cluster): schema, upload, idempotence, quarantine,
// and the server lost mid-upload (issue 11).
#include "db/Outbox.h"
#include "db/ParetoReport.h"
#include "db/ResultStore.h"
#include "db/Statement.h"
#include "db/YieldReport.h"
#include "db/central/CentralError.h"
#include "db/central/CentralPareto.h"
#include "db/central/CentralRunDetail.h"
#include "db/central/CentralSchema.h"
#include "db/central/CentralYield.h"
#include "db/central/PgConnection.h"
#include "db/central/RunPayload.h"
#include "db/central/Uploader.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <tuple>

using namespace optiqual;
using namespace optiqual::db;
using namespace optiqual::db::central;
using optiqual::db::test::TempDir;
using optiqual::test::PgCluster;

namespace {

void setAttempt(ResultStore& store, const std::string& uuid, int attempt) {
    store.connection().prepare("UPDATE run SET attempt = ?2 WHERE uuid = ?1").bind(1, uuid).bind(2, attempt).run();
}

class CentralStore : public ::testing::Test {
protected:
    static void SetUpTestSuite() { cluster = std::make_unique<PgCluster>(); }
    static void TearDownTestSuite() { cluster.reset(); }

    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        url = optiqual::test::createCentralDatabase(*cluster, std::string("t_") + info->name());
    }

    static StoreOptions readWrite() {
        StoreOptions o;
        o.access = OpenAccess::ReadWrite;
        return o;
    }

    void expectSameOnBothSides(const std::filesystem::path& file, const std::vector<std::string>& uuids) {
        optiqual::test::expectSameOnBothSides(file, url, uuids);
    }

    long long centralCount(const std::string& table) { return optiqual::test::centralCount(url, table); }

    static std::unique_ptr<PgCluster> cluster;
    TempDir dir;
    std::string url;
};

std::unique_ptr<PgCluster> CentralStore::cluster;

TEST_F(CentralStore, MigrationIsIdempotentAndANewerSchemaIsRefused) {
    auto pg = PgConnection::open(url);
    EXPECT_EQ(CentralSchema::currentVersion(pg), CentralSchema::latestVersion());
    EXPECT_EQ(CentralSchema::migrate(pg), CentralSchema::latestVersion()) << "nothing left to apply";
    pg.exec("INSERT INTO schema_version (version, description) VALUES (99, 'from a newer build')");
    try {
        CentralSchema::migrate(pg);
        FAIL() << "a newer schema was accepted";
    } catch (const CentralError& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
}

TEST_F(CentralStore, ALotArrivesCompleteAndASecondSyncSendsNothing) {
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 24, "SN-A");
    auto store = ResultStore::open(file, readWrite());
    UploadOptions o;
    o.url = url;
    o.batchRuns = 10;
    Uploader uploader(store.connection(), o);
    const auto first = uploader.sendDue();
    EXPECT_EQ(first.sent, 24);
    EXPECT_EQ(first.quarantined, 0);
    EXPECT_EQ(first.error, "");
    EXPECT_EQ(centralCount("run"), 24);
    EXPECT_EQ(centralCount("measurement"), 24 * 9);
    EXPECT_EQ(centralCount("measurement_default"), 9) << "the run from two years ago, outside the month partitions";
    expectSameOnBothSides(file, uuids);

    const auto second = uploader.sendDue();
    EXPECT_EQ(second.sent + second.alreadyThere + second.quarantined + second.postponed, 0);
    const auto status = uploader.outbox().status(0, 5);
    EXPECT_EQ(status.sent, 24);
    EXPECT_EQ(status.pending, 0);

    // The station forgets it sent them (as after a crash between the server's commit and its own): a re-send is
    // recognised by payload hash and changes nothing.
    store.connection().exec("UPDATE outbox SET state = 'pending'");
    const auto again = uploader.sendDue();
    EXPECT_EQ(again.alreadyThere, 24);
    EXPECT_EQ(again.sent, 0);
    EXPECT_EQ(centralCount("run"), 24);
    EXPECT_EQ(centralCount("step"), 48);
}

TEST_F(CentralStore, ARunTheServerRefusesIsQuarantinedAndTheRestGoThrough) {
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 12, "SN-Q");
    auto store = ResultStore::open(file, readWrite());
    // attempt 0 breaks the central CHECK (attempt >= 1): the server refuses this run, whatever the batch.
    setAttempt(store, uuids[5], 0);
    UploadOptions o;
    o.url = url;
    o.batchRuns = 50;
    Uploader uploader(store.connection(), o);
    const auto p = uploader.sendDue();
    EXPECT_EQ(p.sent, 11);
    EXPECT_EQ(p.quarantined, 1);
    EXPECT_EQ(centralCount("run"), 11);
    const auto status = uploader.outbox().status(0, 5);
    ASSERT_EQ(status.quarantinedRuns.size(), 1u);
    EXPECT_EQ(status.quarantinedRuns[0].uuid, uuids[5]);
    EXPECT_NE(status.quarantinedRuns[0].reason.find("run_attempt_check"), std::string::npos)
        << status.quarantinedRuns[0].reason;
    EXPECT_EQ(uploader.sendDue().quarantined, 0) << "a quarantined run is not retried on its own";

    // Fixed at the station and put back: it goes through.
    setAttempt(store, uuids[5], 1);
    EXPECT_EQ(uploader.outbox().requeueQuarantined(), 1);
    EXPECT_EQ(uploader.sendDue().sent, 1);
    expectSameOnBothSides(file, uuids);
}

TEST_F(CentralStore, AServerSchemaProblemIsNotTheRunsFaultTheyWait) {
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 6, "SN-S");
    auto store = ResultStore::open(file, readWrite());
    {
        auto pg = PgConnection::open(url);
        pg.exec("ALTER TABLE audit RENAME TO audit_elsewhere"); // an administrator's mistake
    }
    Uploader up(store.connection(), UploadOptions{url, 50, {}});
    const auto p = up.sendDue();
    EXPECT_EQ(p.quarantined, 0);
    EXPECT_EQ(p.postponed, 6);
    EXPECT_NE(p.error.find("audit"), std::string::npos) << p.error;
    {
        auto pg = PgConnection::open(url);
        pg.exec("ALTER TABLE audit_elsewhere RENAME TO audit");
    }
    EXPECT_EQ(up.sendDue(/*honourBackoff=*/false).sent, 6);
    expectSameOnBothSides(file, uuids);
}

TEST_F(CentralStore, ACollidingRunUuidIsQuarantinedLoudlyNeverDropped) {
    const auto a = dir / "a.db";
    const auto b = dir / "b.db";
    const auto uuidsA = optiqual::test::writeStationRuns(a, "xpo-line-1", 4, "SN-CA");
    const auto uuidsB = optiqual::test::writeStationRuns(b, "xpo-line-2", 4, "SN-CB");
    {
        auto storeA = ResultStore::open(a, readWrite());
        Uploader up(storeA.connection(), UploadOptions{url, 50, {}});
        EXPECT_EQ(up.sendDue().sent, 4);
    }
    auto storeB = ResultStore::open(b, readWrite());
    storeB.connection().prepare("UPDATE run SET uuid = ?1 WHERE uuid = ?2").bind(1, uuidsA[2]).bind(2, uuidsB[2]).run();
    Uploader up(storeB.connection(), UploadOptions{url, 50, {}});
    const auto p = up.sendDue();
    EXPECT_EQ(p.sent, 3);
    EXPECT_EQ(p.quarantined, 1);
    const auto status = up.outbox().status(0, 5);
    ASSERT_EQ(status.quarantinedRuns.size(), 1u);
    EXPECT_NE(status.quarantinedRuns[0].reason.find("already on the server from station 'xpo-line-1'"),
              std::string::npos)
        << status.quarantinedRuns[0].reason;
    expectSameOnBothSides(a, uuidsA); // the first holder's run is untouched
    EXPECT_EQ(centralCount("run"), 7);
}

TEST_F(CentralStore, TheServerLostMidUploadLosesNothingAndDuplicatesNothing) {
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 30, "SN-K");
    auto store = ResultStore::open(file, readWrite());
    UploadOptions o;
    o.url = url;
    o.batchRuns = 4;
    int batches = 0;
    o.afterBatch = [&](const UploadProgress&) {
        if (++batches == 2)
            cluster->kill(); // between two transactions: the next BEGIN finds the server gone
    };
    Uploader uploader(store.connection(), o);
    const auto p = uploader.sendDue();
    EXPECT_EQ(p.sent, 8);
    EXPECT_GT(p.postponed, 0);
    EXPECT_FALSE(p.error.empty());
    const auto waiting = uploader.outbox().status(0, 0);
    EXPECT_EQ(waiting.sent, 8);
    EXPECT_EQ(waiting.pending, 22);
    EXPECT_FALSE(waiting.lastError.empty());
    EXPECT_EQ(waiting.lastError.find("optiqual@"), std::string::npos) << "no user or password in the error";

    cluster->start();
    o.afterBatch = nullptr;
    Uploader later(store.connection(), o);
    const auto rest = later.sendDue(/*honourBackoff=*/false);
    EXPECT_EQ(rest.sent, 22);
    EXPECT_EQ(rest.error, "");
    EXPECT_EQ(centralCount("run"), 30);
    EXPECT_EQ(centralCount("measurement"), 30 * 9);
    expectSameOnBothSides(file, uuids);
}

void expectSameYield(const YieldRow& central, const YieldRow& station) {
    EXPECT_EQ(central.units, station.units);
    EXPECT_EQ(central.firstRunUnits, station.firstRunUnits);
    EXPECT_EQ(central.firstPassUnits, station.firstPassUnits);
    EXPECT_EQ(central.finalPassUnits, station.finalPassUnits);
    EXPECT_EQ(central.retestedUnits, station.retestedUnits);
    EXPECT_EQ(central.runs, station.runs);
    EXPECT_EQ(central.abortedRuns, station.abortedRuns);
    EXPECT_EQ(central.stepExecutions, station.stepExecutions);
    EXPECT_EQ(central.stepPasses, station.stepPasses);
    ASSERT_TRUE(central.rolledThroughputYield && station.rolledThroughputYield);
    EXPECT_DOUBLE_EQ(*central.rolledThroughputYield, *station.rolledThroughputYield);
    ASSERT_TRUE(central.firstPassYield && station.firstPassYield);
    EXPECT_DOUBLE_EQ(*central.firstPassYield, *station.firstPassYield);
}

TEST_F(CentralStore, FleetYieldByStationEqualsEachStationsOwnReport) {
    const std::vector<std::pair<std::string, int>> stations{{"xpo-line-1", 20}, {"xpo-line-2", 13}};
    for (const auto& [name, runs] : stations) {
        const auto file = dir / (name + ".db");
        optiqual::test::writeStationRuns(file, name, runs, "SN-" + name + "-", /*retestFailures=*/true);
        auto store = ResultStore::open(file, readWrite());
        Uploader up(store.connection(), UploadOptions{url, 7, {}});
        EXPECT_EQ(up.sendDue().quarantined, 0);
    }
    auto pg = PgConnection::open(url);
    for (const bool window : {false, true}) {
        SCOPED_TRACE(window ? "since the fifth unit" : "whole history");
        ReportFilter filter;
        if (window)
            filter.since = std::chrono::duration_cast<std::chrono::microseconds>(
                               optiqual::db::test::at(600.0 * 5).time_since_epoch())
                               .count();
        filter.groupBy = {GroupKey::Station};
        const auto fleet = queryCentralYield(pg, filter);
        ASSERT_EQ(fleet.rows.size(), 2u);
        std::int64_t units = 0;
        for (std::size_t i = 0; i < stations.size(); ++i) {
            SCOPED_TRACE(stations[i].first);
            EXPECT_EQ(fleet.rows[i].key, std::vector<std::string>{stations[i].first});
            auto store = ResultStore::open(dir / (stations[i].first + ".db"), StoreOptions{});
            ReportFilter own = filter;
            own.groupBy.clear();
            const auto station = queryYield(store.connection(), own);
            expectSameYield(fleet.rows[i], station.total);
            EXPECT_GT(station.total.retestedUnits, 0) << "the data must exercise retests";
            units += station.total.units;
        }
        EXPECT_EQ(fleet.total.units, units);
    }
}

// The fleet's yield reads only the columns its grouping needs: each key, and two together, give the station's own
// rows, key by key and figure by figure.
TEST_F(CentralStore, FleetYieldByEveryKeyEqualsTheStationsOwn) {
    const auto file = dir / "station.db";
    optiqual::test::writeStationRuns(file, "xpo-line-1", 25, "SN-K", /*retestFailures=*/true);
    {
        auto store = ResultStore::open(file, readWrite());
        Uploader up(store.connection(), UploadOptions{url, 10, {}});
        EXPECT_EQ(up.sendDue().quarantined, 0);
    }
    auto store = ResultStore::open(file, StoreOptions{});
    auto pg = PgConnection::open(url);
    for (const char* keys : {"product", "part-number", "station", "socket", "lot", "operator", "day", "shift",
                             "station,socket", "day,operator"}) {
        SCOPED_TRACE(keys);
        ReportFilter filter;
        filter.groupBy = *parseGroupKeys(keys);
        const auto own = queryYield(store.connection(), filter);
        const auto fleet = queryCentralYield(pg, filter);
        ASSERT_EQ(fleet.rows.size(), own.rows.size());
        for (std::size_t i = 0; i < own.rows.size(); ++i) {
            EXPECT_EQ(fleet.rows[i].key, own.rows[i].key);
            expectSameYield(fleet.rows[i], own.rows[i]);
        }
        expectSameYield(fleet.total, own.total);
    }
}

TEST_F(CentralStore, FleetParetoIsTheSumOfTheStationsOwn) {
    const std::vector<std::pair<std::string, int>> stations{{"xpo-line-1", 22}, {"xpo-line-2", 15}};
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<std::int64_t, std::int64_t>> expected;
    std::int64_t units = 0, failingUnits = 0;
    for (const auto& [name, runs] : stations) {
        const auto file = dir / (name + ".db");
        optiqual::test::writeStationRuns(file, name, runs, "SN-" + name + "-", /*retestFailures=*/true);
        auto store = ResultStore::open(file, readWrite());
        Uploader up(store.connection(), UploadOptions{url, 9, {}});
        EXPECT_EQ(up.sendDue().quarantined, 0);
        const auto own = queryPareto(store.connection(), ReportFilter{});
        units += own.unitsTested;
        failingUnits += own.failingUnits;
        for (const auto& row : own.rows) {
            auto& e = expected[{row.kind, row.stepPath, row.measurement}];
            e.first += row.unitsAffected;
            e.second += row.occurrences;
        }
    }
    ASSERT_GE(expected.size(), 2u) << "a failing measurement and a step error";
    auto pg = PgConnection::open(url);
    const auto fleet = queryCentralPareto(pg, ReportFilter{});
    EXPECT_EQ(fleet.unitsTested, units);
    EXPECT_EQ(fleet.failingUnits, failingUnits);
    ASSERT_EQ(fleet.rows.size(), expected.size());
    for (const auto& row : fleet.rows) {
        SCOPED_TRACE(row.stepPath + " " + row.measurement);
        const auto& e = expected.at({row.kind, row.stepPath, row.measurement});
        EXPECT_EQ(row.unitsAffected, e.first);
        EXPECT_EQ(row.occurrences, e.second);
    }
}

TEST(CentralError, OnlyDataAndConstraintErrorsAreTheRunsFault) {
    EXPECT_TRUE(CentralError("23514", "check").rejected());
    EXPECT_TRUE(CentralError("22P02", "invalid text").rejected());
    EXPECT_FALSE(CentralError("42P01", "undefined table").rejected());
    EXPECT_FALSE(CentralError("42501", "insufficient privilege").rejected());
    EXPECT_FALSE(CentralError("08006", "connection failure").rejected());
    EXPECT_FALSE(CentralError("57P01", "admin shutdown").rejected());
    EXPECT_FALSE(CentralError("", "no connection").rejected());
}

TEST(CentralUrl, PasswordsNeverShow) {
    EXPECT_EQ(redactUrl("postgresql://station:s3cret@db.fab:5432/optiqual"),
              "postgresql://station:***@db.fab:5432/optiqual");
    EXPECT_EQ(redactUrl("postgresql://db.fab/optiqual?user=x&password=s3cret&sslmode=verify-full"),
              "postgresql://db.fab/optiqual?user=x&password=***&sslmode=verify-full");
    EXPECT_EQ(redactUrl("host=db.fab password='s3 cret' dbname=optiqual"), "host=db.fab password=*** dbname=optiqual");
    EXPECT_TRUE(isCentralUrl("postgres://h/d"));
    EXPECT_FALSE(isCentralUrl("results.db"));
}

TEST(CentralUrl, AnUnreachableServerIsAnErrorNamingItWithoutThePassword) {
    try {
        (void)PgConnection::open("postgresql://station:s3cret@127.0.0.1:1/optiqual?connect_timeout=2");
        FAIL() << "connected to port 1";
    } catch (const CentralError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
        EXPECT_NE(what.find("127.0.0.1:1"), std::string::npos) << what;
        EXPECT_FALSE(e.rejected());
    }
}

} // namespace
