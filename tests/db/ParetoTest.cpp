// Pareto ranks root causes: the failing measurement or the erroring leaf step, never the loop or call steps that
// fail only because a step inside them failed, and a step inside loops is one cause with its iterations as the
// breakdown. The records below are what the engine writes for a sequence with nested for_each loops and a call.
#include "db/ParetoReport.h"
#include "db/ReportDocuments.h"
#include "db/ReportRenderer.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "tests/db/DbTestSupport.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <set>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

const std::string kCorners = "main/Temperature corners";
const std::string kLanes = "main/Port 1 lanes";

StepRecord step(RunHandle run, const std::string& path, const std::string& type, Verdict v,
                const std::string& error = "") {
    StepRecord s;
    s.run = run;
    s.path = path;
    s.name = path.substr(path.rfind('/') + 1);
    s.type = type;
    s.outcome = v;
    s.error = error;
    s.startedAt = at(0);
    return s;
}

StepRecord inputPower(RunHandle run, const std::string& path, bool fail) {
    auto s = sampleStep(run, path, 0);
    for (const char* name : {"input_current", "input_voltage"}) {
        optiqual::sequences::Measurement m;
        m.name = name;
        m.limit = {optiqual::sequences::Comparator::GELE, 0.0, 1.0, std::nullopt, "A"};
        m.value = fail && std::string(name) == "input_current" ? 1.7 : 0.5;
        m.outcome = m.limit.judge(m.value);
        s.measurements.push_back(m);
    }
    s.outcome = fail ? Verdict::Fail : Verdict::Pass;
    return s;
}

/// One unit through two nested loops (case_temp × vin), a loop over lanes calling a sub-sequence, and a loop
/// whose values could not be computed; the steps in @p failAt fail, in engine order (children before parents).
struct Plan {
    std::vector<std::pair<int, int>> failAt; ///< (case_temp, vin) where input_current fails
    int routeErrorLane = 0;                  ///< the lane whose switch route errors (0: none)
    bool sweepError = false;                 ///< the "main/Sweep" loop fails by itself
};

void runUnit(ResultWriter& w, const std::string& serial, double t, const Plan& plan) {
    auto ticket = w.beginRun(sampleRunStart(serial, at(t)));
    const auto h = ticket.handle;
    bool cornersFail = false;
    for (int temp : {25, 0, 70}) {
        const std::string corner = kCorners + "/case_temp=" + std::to_string(temp);
        w.recordStep(step(h, corner + "/Chamber set point", "action", Verdict::Done));
        bool vinFail = false;
        for (int vin : {44, 48, 52}) {
            const bool fail =
                std::find(plan.failAt.begin(), plan.failAt.end(), std::pair{temp, vin}) != plan.failAt.end();
            const std::string body = corner + "/Input voltage corners/vin=" + std::to_string(vin);
            w.recordStep(step(h, body + "/Set input voltage", "action", Verdict::Done));
            w.recordStep(inputPower(h, body + "/Input power", fail));
            vinFail = vinFail || fail;
        }
        w.recordStep(step(h, corner + "/Input voltage corners", "for_each", vinFail ? Verdict::Fail : Verdict::Pass));
        cornersFail = cornersFail || vinFail;
    }
    w.recordStep(step(h, kCorners, "for_each", cornersFail ? Verdict::Fail : Verdict::Pass));
    for (int lane = 1; lane <= 4; ++lane) {
        const std::string call = kLanes + "/lane=" + std::to_string(lane) + "/Lane Tx power";
        const bool error = lane == plan.routeErrorLane;
        w.recordStep(step(h, call + "/Route", "action", error ? Verdict::Error : Verdict::Done,
                          error ? "switch1: ROUT:CLOS timed out after 2 s" : ""));
        w.recordStep(step(h, call, "call", error ? Verdict::Error : Verdict::Pass,
                          error ? "switch1: ROUT:CLOS timed out after 2 s" : ""));
    }
    w.recordStep(step(h, kLanes, "for_each", plan.routeErrorLane ? Verdict::Error : Verdict::Pass));
    w.recordStep(step(h, "main/Sweep", "for_each", plan.sweepError ? Verdict::Error : Verdict::Pass,
                      plan.sweepError ? "values: unknown name 'corners'" : ""));
    const bool failed = !plan.failAt.empty() || plan.routeErrorLane || plan.sweepError;
    w.finishRun({h, failed ? Verdict::Fail : Verdict::Pass, at(t + 60), ""});
}

class NestedLoops : public ::testing::Test {
protected:
    void SetUp() override {
        auto w = ResultWriter::open(file, WriterOptions{});
        runUnit(*w, "SN1", 0, {{{70, 44}}, 0, false});
        runUnit(*w, "SN2", 100, {{{70, 44}, {0, 52}}, 0, false});
        runUnit(*w, "SN3", 200, {{}, 3, false});
        runUnit(*w, "SN4", 300, {});
        runUnit(*w, "SN5", 400, {{}, 0, true});
        ASSERT_TRUE(w->flush().healthy);
    }
    TempDir dir;
    std::filesystem::path file = dir / "loops.db";
};

} // namespace

TEST_F(NestedLoops, ParetoRanksRootCausesNotTheirContainers) {
    auto store = ResultStore::open(file, StoreOptions{});
    const auto p = queryPareto(store.connection(), ReportFilter{});
    EXPECT_EQ(p.unitsTested, 5);
    EXPECT_EQ(p.failingUnits, 3 + 1);
    const std::set<std::string> containers{kCorners, kCorners + "/Input voltage corners", kLanes,
                                           kLanes + "/Lane Tx power"};
    for (const auto& row : p.rows)
        EXPECT_FALSE(containers.contains(row.stepPath)) << "a container step counted as a cause: " << row.stepPath;
    ASSERT_EQ(p.rows.size(), 3u);

    const auto& current = p.rows[0];
    EXPECT_EQ(current.kind, "measurement");
    EXPECT_EQ(current.stepPath, kCorners + "/Input voltage corners/Input power");
    EXPECT_EQ(current.measurement, "input_current");
    EXPECT_EQ(current.unitsAffected, 2);
    EXPECT_EQ(current.occurrences, 3);
    EXPECT_DOUBLE_EQ(current.share, 0.5);
    ASSERT_EQ(current.breakdown.size(), 2u);
    EXPECT_EQ(current.breakdown[0].loops, "case_temp=70, vin=44");
    EXPECT_EQ(current.breakdown[0].unitsAffected, 2);
    EXPECT_EQ(current.breakdown[1].loops, "case_temp=0, vin=52");
    EXPECT_EQ(current.breakdown[1].unitsAffected, 1);

    // The erroring leaf inside a called sub-sequence, not the call or the loop around it.
    const auto route = std::find_if(p.rows.begin(), p.rows.end(),
                                    [](const ParetoRow& r) { return r.stepPath == kLanes + "/Lane Tx power/Route"; });
    ASSERT_NE(route, p.rows.end());
    EXPECT_EQ(route->kind, "step");
    EXPECT_EQ(route->unitsAffected, 1);
    EXPECT_EQ(route->example, "switch1: ROUT:CLOS timed out after 2 s");
    ASSERT_EQ(route->breakdown.size(), 1u);
    EXPECT_EQ(route->breakdown[0].loops, "lane=3");

    // A loop that failed by itself (nothing inside it failed) is its own root cause.
    const auto sweep =
        std::find_if(p.rows.begin(), p.rows.end(), [](const ParetoRow& r) { return r.stepPath == "main/Sweep"; });
    ASSERT_NE(sweep, p.rows.end());
    EXPECT_EQ(sweep->example, "values: unknown name 'corners'");
    EXPECT_TRUE(sweep->breakdown.empty());
    EXPECT_DOUBLE_EQ(p.rows.back().cumulativeShare, 1.0);
}

TEST_F(NestedLoops, ParetoTableShowsTheLoopBreakdown) {
    auto store = ResultStore::open(file, StoreOptions{});
    const auto csv = renderCsv(paretoDocument(queryPareto(store.connection(), ReportFilter{}), "all", false));
    EXPECT_NE(csv.find("by_loop"), std::string::npos) << csv;
    EXPECT_NE(csv.find("case_temp=70, vin=44: 2 units; case_temp=0, vin=52: 1 unit"), std::string::npos) << csv;
}
