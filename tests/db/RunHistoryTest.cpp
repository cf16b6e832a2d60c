// The panel history's query (db/RunHistory) on a real results file written by the station's ResultWriter: each
// filter selects exactly its runs, newest first, with the first failure `report run` names.
#include "db/RunHistory.h"

#include "db/ResultStore.h"
#include "db/RunDetail.h"
#include "db/TimeText.h"
#include "tests/db/DbTestSupport.h"
#include "tests/db/HistoryFixture.h"

#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::db;
using db::test::at;
using db::test::TempDir;
using sequences::Verdict;

namespace {

class RunHistory : public ::testing::Test {
protected:
    void SetUp() override { db::test::writeHistory(file); }

    std::vector<std::string> serials(const HistoryFilter& filter, std::size_t maxRows = 1000) {
        auto store = db::ResultStore::open(file, db::StoreOptions{});
        std::vector<std::string> out;
        for (const auto& row : queryHistory(store.connection(), filter, maxRows).rows)
            out.push_back(row.serial + (row.outcome ? " " + std::string(sequences::toString(*row.outcome)) : ""));
        return out;
    }

    TempDir dir;
    std::filesystem::path file = dir / "history.db";
};

using Rows = std::vector<std::string>;

} // namespace

TEST_F(RunHistory, EveryRunNewestFirst) {
    EXPECT_EQ(serials({}),
              (Rows{"XPO-A3 PASS", "QSFP-B2 ABORTED", "QSFP-B1 ERROR", "XPO-A2 PASS", "XPO-A2 FAIL", "XPO-A1 PASS"}));
}

TEST_F(RunHistory, SerialIsASubstringInAnyCase) {
    HistoryFilter f;
    f.serial = "a2";
    EXPECT_EQ(serials(f), (Rows{"XPO-A2 PASS", "XPO-A2 FAIL"}));
    f.serial = "qsfp-";
    EXPECT_EQ(serials(f), (Rows{"QSFP-B2 ABORTED", "QSFP-B1 ERROR"}));
    // A filter's text is a value, never SQL.
    f.serial = "' OR 1=1 --";
    EXPECT_TRUE(serials(f).empty());
}

TEST_F(RunHistory, PartNumberVerdictAndTimeRange) {
    HistoryFilter f;
    f.partNumber = "QSFP-100G";
    EXPECT_EQ(serials(f), (Rows{"QSFP-B2 ABORTED", "QSFP-B1 ERROR"}));
    f = {};
    f.verdict = Verdict::Pass;
    EXPECT_EQ(serials(f), (Rows{"XPO-A3 PASS", "XPO-A2 PASS", "XPO-A1 PASS"}));
    f.partNumber = "QSFP-100G";
    EXPECT_TRUE(serials(f).empty());
    f = {};
    f.since = db::toMicros(at(100)); // [since, until): the run at 100 in, the one at 300 out
    f.until = db::toMicros(at(300));
    EXPECT_EQ(serials(f), (Rows{"XPO-A2 PASS", "XPO-A2 FAIL"}));
    f = {};
    f.verdict = Verdict::NotRun; // runs still open: none here
    EXPECT_TRUE(serials(f).empty());
}

TEST_F(RunHistory, FirstFailureIsTheOneTheRunReportNames) {
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    const auto list = queryHistory(store.connection(), {}, 1000);
    ASSERT_EQ(list.rows.size(), 6u);
    for (const auto& row : list.rows) {
        const auto detail = db::queryRunDetail(store.connection(), std::to_string(row.id));
        ASSERT_TRUE(detail);
        EXPECT_EQ(row.firstFailure, detail->summary.firstFailure) << row.serial;
        EXPECT_EQ(row.startedAt, detail->summary.startedAt);
        EXPECT_EQ(row.endedAt, detail->summary.endedAt);
    }
    EXPECT_EQ(list.rows[2].firstFailure, "main/power: PSU did not reach 3.3 V");
    EXPECT_EQ(list.rows[4].firstFailure, "main/optics/tx_power: m0");
    EXPECT_EQ(list.rows[0].firstFailure, "");
}

TEST_F(RunHistory, ALimitKeepsTheNewestAndCountsAll) {
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    const auto list = queryHistory(store.connection(), {}, 2);
    ASSERT_EQ(list.rows.size(), 2u);
    EXPECT_EQ(list.rows[0].serial, "XPO-A3");
    EXPECT_EQ(list.rows[1].serial, "QSFP-B2");
    EXPECT_EQ(list.total, 6);
    EXPECT_EQ(list.partNumbers, (std::vector<std::string>{"QSFP-100G", "XPO-800G-DR8"}));
}
