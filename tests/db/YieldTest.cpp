#include "db/ParetoReport.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/TimeText.h"
#include "db/YieldReport.h"
#include "tests/db/DbTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

/// Runs one unit through @p steps, each a (path, outcome) pair with 2 measurements; a failing step fails m0.
void runUnit(ResultWriter& w, const std::string& serial, double t, Verdict outcome,
             const std::vector<std::pair<std::string, Verdict>>& steps, const std::string& station = "xpo-line-1") {
    auto ticket = w.beginRun(sampleRunStart(serial, at(t), "XPO-800G-DR8", station));
    for (const auto& [path, v] : steps) {
        auto step = sampleStep(ticket.handle, path, 2, v == Verdict::Fail, at(t));
        step.outcome = v;
        if (v == Verdict::Error) {
            step.measurements.clear();
            step.error = "PSU did not reach 3.3 V";
        }
        w.recordStep(std::move(step));
    }
    w.finishRun({ticket.handle, outcome, at(t + 60), outcome == Verdict::Aborted ? "operator abort" : ""});
}

struct Fixture {
    TempDir dir;
    std::filesystem::path file = dir / "y.db";
};

} // namespace

TEST(Yield, TrueFirstPassYieldCountsStepRetries) {
    // 200 units × 10 steps, each unit retrying one step once inside its run: the unit yield is 100 %, but only
    // 2000 of 2200 step executions passed (90.9 %).
    Fixture f;
    {
        auto w = ResultWriter::open(f.file, WriterOptions{});
        for (int u = 0; u < 200; ++u) {
            std::vector<std::pair<std::string, Verdict>> steps;
            for (int s = 0; s < 10; ++s) {
                const std::string path = "main/step" + std::to_string(s);
                if (s == u % 10)
                    steps.emplace_back(path, Verdict::Fail);
                steps.emplace_back(path, Verdict::Pass);
            }
            runUnit(*w, "SN" + std::to_string(u), u * 100.0, Verdict::Pass, steps);
        }
    }
    auto store = ResultStore::open(f.file, StoreOptions{});
    const auto y = queryYield(store.connection(), ReportFilter{});
    EXPECT_EQ(y.total.units, 200);
    EXPECT_DOUBLE_EQ(*y.total.firstPassYield, 1.0);
    EXPECT_DOUBLE_EQ(*y.total.finalYield, 1.0);
    EXPECT_DOUBLE_EQ(*y.total.retestRate, 0.0);
    EXPECT_EQ(y.total.stepExecutions, 2200);
    EXPECT_NEAR(*y.total.stepYield, 2000.0 / 2200.0, 1e-12);
    EXPECT_NEAR(*y.total.stepYield, 0.909, 5e-4);
    // Each step passed at its first try in 180 of 200 units: RTY = 0.9^10.
    EXPECT_NEAR(*y.total.rolledThroughputYield, std::pow(0.9, 10), 1e-12);
}

class RetestYield : public ::testing::Test {
protected:
    void SetUp() override {
        auto w = ResultWriter::open(f.file, WriterOptions{});
        const std::vector<std::pair<std::string, Verdict>> pass{{"main/power", Verdict::Pass},
                                                                {"main/optics/tx_power", Verdict::Pass}};
        const std::vector<std::pair<std::string, Verdict>> failOptics{{"main/power", Verdict::Pass},
                                                                      {"main/optics/tx_power", Verdict::Fail}};
        const std::vector<std::pair<std::string, Verdict>> errorPower{{"main/power", Verdict::Error}};
        // Day 1 on station A: units 0–6 pass (unit 5 after an aborted attempt), 7 and 8 fail optics, 9 fails power.
        for (int u = 0; u < 10; ++u) {
            const std::string sn = "SN" + std::to_string(u);
            if (u == 5)
                runUnit(*w, sn, 10, Verdict::Aborted, {});
            if (u < 7)
                runUnit(*w, sn, 100 + u, Verdict::Pass, pass);
            else if (u < 9)
                runUnit(*w, sn, 100 + u, Verdict::Fail, failOptics);
            else
                runUnit(*w, sn, 100 + u, Verdict::Error, errorPower);
        }
        // Day 2: 7 and 8 pass on station B; 9 errors again on A.
        runUnit(*w, "SN7", 86400 + 7, Verdict::Pass, pass, "xpo-line-2");
        runUnit(*w, "SN8", 86400 + 8, Verdict::Pass, pass, "xpo-line-2");
        runUnit(*w, "SN9", 86400 + 9, Verdict::Error, errorPower);
    }
    Fixture f;
};

TEST_F(RetestYield, OverallFigures) {
    auto store = ResultStore::open(f.file, StoreOptions{});
    const auto y = queryYield(store.connection(), ReportFilter{});
    EXPECT_EQ(y.total.units, 10);
    EXPECT_EQ(y.total.runs, 13);
    EXPECT_EQ(y.total.abortedRuns, 1);
    EXPECT_DOUBLE_EQ(*y.total.firstPassYield, 0.7);
    EXPECT_DOUBLE_EQ(*y.total.finalYield, 0.9);
    EXPECT_DOUBLE_EQ(*y.total.retestRate, 0.3);
    // First tries on first runs: power 9 of 10 passed; tx_power 7 of 9 reached it.
    EXPECT_NEAR(*y.total.rolledThroughputYield, 0.9 * 7.0 / 9.0, 1e-12);
}

TEST_F(RetestYield, GroupedByStation) {
    auto store = ResultStore::open(f.file, StoreOptions{});
    ReportFilter filter;
    filter.groupBy = {GroupKey::Station};
    const auto y = queryYield(store.connection(), filter);
    ASSERT_EQ(y.rows.size(), 2u);
    const auto& a = y.rows[0];
    const auto& b = y.rows[1];
    EXPECT_EQ(a.key[0], "xpo-line-1");
    EXPECT_EQ(a.units, 10);
    EXPECT_DOUBLE_EQ(*a.firstPassYield, 0.7);
    EXPECT_DOUBLE_EQ(*a.finalYield, 0.7);
    EXPECT_DOUBLE_EQ(*a.retestRate, 0.1);
    EXPECT_EQ(b.key[0], "xpo-line-2");
    EXPECT_EQ(b.units, 2);
    EXPECT_FALSE(b.firstPassYield) << "no unit had its first run on station B";
    EXPECT_DOUBLE_EQ(*b.finalYield, 1.0);
    EXPECT_DOUBLE_EQ(*b.retestRate, 1.0);
}

TEST_F(RetestYield, WindowKnowsEarlierRuns) {
    auto store = ResultStore::open(f.file, StoreOptions{});
    ReportFilter filter;
    filter.since = toMicros(at(86400));
    filter.groupBy = {GroupKey::Day};
    const auto y = queryYield(store.connection(), filter);
    EXPECT_EQ(y.total.units, 3);
    EXPECT_EQ(y.total.firstRunUnits, 0) << "their first runs were before the window";
    EXPECT_FALSE(y.total.firstPassYield);
    EXPECT_NEAR(*y.total.finalYield, 2.0 / 3.0, 1e-12);
    ASSERT_EQ(y.rows.size(), 1u);
}

TEST_F(RetestYield, ParetoRanksByUnitsAffected) {
    auto store = ResultStore::open(f.file, StoreOptions{});
    const auto p = queryPareto(store.connection(), ReportFilter{});
    EXPECT_EQ(p.unitsTested, 10);
    EXPECT_EQ(p.failingUnits, 3);
    ASSERT_EQ(p.rows.size(), 2u);
    EXPECT_EQ(p.rows[0].kind, "measurement");
    EXPECT_EQ(p.rows[0].stepPath, "main/optics/tx_power");
    EXPECT_EQ(p.rows[0].measurement, "m0");
    EXPECT_EQ(p.rows[0].unitsAffected, 2);
    EXPECT_NEAR(p.rows[0].share, 2.0 / 3.0, 1e-12);
    EXPECT_EQ(p.rows[1].kind, "step");
    EXPECT_EQ(p.rows[1].stepPath, "main/power");
    EXPECT_EQ(p.rows[1].unitsAffected, 1);
    EXPECT_EQ(p.rows[1].occurrences, 2);
    EXPECT_EQ(p.rows[1].example, "PSU did not reach 3.3 V");
    EXPECT_DOUBLE_EQ(p.rows[1].cumulativeShare, 1.0);
    EXPECT_DOUBLE_EQ(p.rows[0].unitShare, 0.2);
}
