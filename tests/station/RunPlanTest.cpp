// The ETA plan: the shipped XPO sequence walked as the engine runs it (loops expanded, sub-sequences inlined),
// its static bounds, and the typical durations learnt from earlier runs in a real results database — at the
// same time scale only.
#include "tests/db/DbTestSupport.h"
#include "db/Connection.h"
#include "db/ResultWriter.h"
#include "db/RunTimings.h"
#include "sequences/SequenceFile.h"
#include "station/InstrumentMethods.h"
#include "station/RunPlan.h"

#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;
using std::chrono::nanoseconds;

namespace {

const Sequence& xpo() {
    static const Sequence seq =
        loadSequence(std::string(OPTIQUAL_SOURCE_DIR) + "/sequences/xpo/xpo-functional.yaml", InstrumentMethods::builtin());
    return seq;
}

/// Records one finished run of @p plan in @p w where each step took what @p took says.
void recordRun(db::ResultWriter& w, const RunPlan& plan, const std::string& serial, double t0,
               const std::function<std::chrono::microseconds(const RunPlan::Step&)>& took) {
    auto start = db::test::sampleRunStart(serial, db::test::at(t0));
    start.sequence = {xpo().name, xpo().version, xpo().contentHash, xpo().text};
    auto ticket = w.beginRun(std::move(start));
    std::chrono::microseconds elapsed{0};
    for (const auto& step : plan.steps()) {
        db::StepRecord r;
        r.run = ticket.handle;
        r.path = step.path;
        r.name = step.path.substr(step.path.rfind('/') + 1);
        r.type = std::string(toString(step.type));
        r.outcome = Verdict::Done;
        r.startedAt = db::test::at(t0) + elapsed;
        r.duration = took(step);
        elapsed += r.duration;
        w.recordStep(std::move(r));
    }
    w.finishRun({ticket.handle, Verdict::Pass, db::test::at(t0) + elapsed, ""});
}

} // namespace

TEST(RunPlan, ExpandsTheXpoSequenceAsTheEngineRunsIt) {
    const RunPlan plan = RunPlan::build(xpo(), 1.0);
    ASSERT_TRUE(plan.complete());
    // setup 14; per corner: set point, settled, 3 × 4 input-voltage steps, back to nominal, 8 lanes × 4
    // sub-sequence steps, 5 PRBS steps = 52; three corners; cleanup 4.
    EXPECT_EQ(plan.steps().size(), 14u + 3 * 52 + 4);
    EXPECT_EQ(plan.steps().front().path, "setup/Load module");
    EXPECT_TRUE(plan.find("main/Temperature corners/case_temp=70/Input voltage corners/vin=52/Input power"));
    EXPECT_TRUE(plan.find("main/Temperature corners/case_temp=0/Port 1 lanes/lane=8/Lane Tx power/Tx power"))
        << "a call's steps sit under the call step's path";
    EXPECT_EQ(plan.steps().back().path, "cleanup/Chamber back to ambient");
    // Static lower bound: per corner 2 min stable + 3 × 200 ms + 8 × 200 ms + 10 s.
    const auto total = plan.total();
    ASSERT_TRUE(total);
    EXPECT_EQ(total->low, 3 * (2min + 600ms + 1600ms + 10s));
    EXPECT_FALSE(total->typical) << "instrument steps have no duration before any run";
    EXPECT_FALSE(total->high) << "actions have no timeout: no honest upper bound";
}

TEST(RunPlan, TimeScaleShortensWaitsAndPositionsFindTheRest) {
    const RunPlan plan = RunPlan::build(xpo(), 20.0);
    const auto total = plan.total();
    ASSERT_TRUE(total);
    EXPECT_EQ(total->low, nanoseconds(3 * (2min + 600ms + 1600ms + 10s)) / 20);
    const auto soak = plan.find("main/Temperature corners/case_temp=0/Chamber settled");
    ASSERT_TRUE(soak);
    const auto& step = plan.steps()[*soak];
    EXPECT_EQ(step.duration.low, nanoseconds(2min) / 20);
    ASSERT_TRUE(step.duration.high);
    EXPECT_EQ(*step.duration.high, nanoseconds(30min + 5s) / 20);
    const auto after = plan.remainingAfter(*soak);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->low, nanoseconds(600ms + 1600ms + 10s + 2min + 600ms + 1600ms + 10s) / 20);
    // Repeated paths (none here) resolve forwards: the first match after a position.
    EXPECT_FALSE(plan.find("main/Temperature corners/case_temp=0/Chamber settled", *soak));
    EXPECT_FALSE(plan.find("main/no such step"));
}

TEST(RunPlan, LoopKnownOnlyAtRunTimeEndsThePlan) {
    Sequence seq;
    seq.name = "dynamic";
    Step a;
    a.name = "A";
    Step loop;
    loop.name = "Per reading";
    loop.type = StepType::ForEach;
    loop.forEach = ForEachSpec{"x", {Expression{"measured_count", {}}}, {}, {}, {}, "", {a}};
    Step off;
    off.name = "Off";
    seq.main = {a, loop};
    seq.cleanup = {off};
    const RunPlan plan = RunPlan::build(seq, 1.0);
    EXPECT_FALSE(plan.complete());
    EXPECT_FALSE(plan.total()) << "say unknown rather than guess";
    EXPECT_TRUE(plan.find("main/A"));
    EXPECT_TRUE(plan.find("cleanup/Off")) << "cleanup always runs, so it is planned";
}

TEST(RunPlan, LearnsTypicalDurationsFromEarlierRunsAtTheSameTimeScale) {
    db::test::TempDir dir;
    const auto file = dir / "history.db";
    const RunPlan atScale20 = RunPlan::build(xpo(), 20.0);
    {
        auto w = db::ResultWriter::open(file, db::WriterOptions{});
        // Two runs at time scale 20: waits take their simulated time / 20, soaks 3 simulated minutes, each
        // instrument step 40 or 60 ms (median 50 ms).
        for (int run = 0; run < 2; ++run)
            recordRun(*w, atScale20, "SN" + std::to_string(run), run * 1000.0, [&](const RunPlan::Step& s) {
                if (s.type == StepType::Wait)
                    return std::chrono::duration_cast<std::chrono::microseconds>(s.simulated / 20);
                if (s.type == StepType::WaitUntil)
                    return std::chrono::duration_cast<std::chrono::microseconds>(nanoseconds(3min) / 20);
                return std::chrono::microseconds(run == 0 ? 40000 : 60000);
            });
        // One run at time scale 1000: its soaks say nothing about scale 20.
        const RunPlan atScale1000 = RunPlan::build(xpo(), 1000.0);
        recordRun(*w, atScale1000, "SN-fast", 5000, [&](const RunPlan::Step& s) {
            if (s.type == StepType::Wait || s.type == StepType::WaitUntil)
                return std::chrono::duration_cast<std::chrono::microseconds>(
                    (s.type == StepType::Wait ? s.simulated : nanoseconds(3min)) / 1000);
            return std::chrono::microseconds(50000);
        });
    }
    auto connection = db::Connection::open(file, db::OpenAccess::ReadOnly);
    const auto history = db::queryRunTimings(connection, xpo().contentHash, 20);
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history.front().steps.size(), atScale20.steps().size());
    EXPECT_TRUE(db::queryRunTimings(connection, "another version", 20).empty());

    RunPlan plan = RunPlan::build(xpo(), 20.0);
    plan.refine(history);
    EXPECT_EQ(plan.matchingRuns(), 2);
    const auto soak = plan.find("main/Temperature corners/case_temp=70/Chamber settled");
    ASSERT_TRUE(soak && plan.steps()[*soak].duration.typical);
    EXPECT_EQ(*plan.steps()[*soak].duration.typical, nanoseconds(3min) / 20) << "the fast run's soak is not used";
    EXPECT_EQ(plan.steps()[*soak].samples, 2);
    const auto io = plan.find("setup/Module present");
    ASSERT_TRUE(io && plan.steps()[*io].duration.typical);
    EXPECT_EQ(*plan.steps()[*io].duration.typical, 50ms) << "instrument steps run in real time at any scale";
    EXPECT_EQ(plan.steps()[*io].samples, 3);
    const auto total = plan.total();
    ASSERT_TRUE(total && total->typical) << "every step is covered now";
    const auto instrumentSteps = std::count_if(plan.steps().begin(), plan.steps().end(), [](const auto& s) {
        return s.type != StepType::Wait && s.type != StepType::WaitUntil;
    });
    EXPECT_EQ(*total->typical, std::chrono::duration_cast<nanoseconds>(
                                   3 * (nanoseconds(3min) / 20) + nanoseconds(3 * (600ms + 1600ms + 10s)) / 20 +
                                   instrumentSteps * nanoseconds(50ms)));

    // At scale 1000 it is the other way round: only the fast run teaches the soaks.
    RunPlan fast = RunPlan::build(xpo(), 1000.0);
    fast.refine(history);
    EXPECT_EQ(fast.matchingRuns(), 1);
    EXPECT_EQ(*fast.steps()[*soak].duration.typical, nanoseconds(3min) / 1000);
}
