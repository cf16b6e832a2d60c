// The ETA plan: the shipped XPO sequence walked as the engine runs it (loops expanded, sub-sequences inlined),
// its static bounds, and the typical durations learnt from earlier runs in a real results database — at the
// same time scale only.
#include "station/RunPlan.h"

#include "db/Connection.h"
#include "db/ResultWriter.h"
#include "db/RunTimings.h"
#include "sequences/SequenceFile.h"
#include "station/InstrumentMethods.h"
#include "tests/db/DbTestSupport.h"

#include <filesystem>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;
using std::chrono::nanoseconds;

namespace {

const Sequence& xpo() {
    static const Sequence seq =
        loadSequence((std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/xpo-functional.yaml").string(),
                     InstrumentMethods::builtin());
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

// What the shipped flow's waits add up to, as its file spells them (sequences/xpo/xpo-functional.yaml): setup's
// 10 s flow wait; per corner 1 min coolant and 2 min case stable time, 3 × 500 ms input-voltage settling, 64 lanes
// × 200 ms meter settling, and per receiver port 2 × 2 s around LOS (the sweep's 1 s error counts are not a lower
// bound: `until` may stop it at its first point).
constexpr nanoseconds kXpoLow = 10s + 3 * (1min + 2min + 3 * 500ms + 64 * 200ms + 8 * (2s + 2s));

TEST(RunPlan, ExpandsTheXpoSequenceAsTheEngineRunsIt) {
    const RunPlan plan = RunPlan::build(xpo(), 1.0);
    ASSERT_TRUE(plan.complete()) << "every loop of the shipped flow is known before it runs";
    EXPECT_EQ(plan.steps().front().path, "setup/Load module");
    EXPECT_TRUE(plan.find("main/Temperature corners/case_temp=70/Input voltage corners/vin=52/Input power"));
    EXPECT_TRUE(plan.find("main/Temperature corners/case_temp=0/Launch power/port=8/Port lanes/j=8/Lane Tx/Tx power"))
        << "a call's steps sit under the call step's path";
    EXPECT_TRUE(plan.find("main/Temperature corners/case_temp=25/Receivers/port=3/Port Rx/Sensitivity/att=14/BER"))
        << "a sweep's points are planned up to its last";
    EXPECT_EQ(plan.steps().back().path, "cleanup/Coolant back to ambient");
    const auto total = plan.total();
    ASSERT_TRUE(total);
    EXPECT_EQ(total->low, kXpoLow);
    EXPECT_FALSE(total->typical) << "instrument steps have no duration before any run";
    EXPECT_FALSE(total->high) << "actions have no timeout: no honest upper bound";
}

TEST(RunPlan, TimeScaleShortensWaitsAndPositionsFindTheRest) {
    const RunPlan plan = RunPlan::build(xpo(), 20.0);
    const auto total = plan.total();
    ASSERT_TRUE(total);
    EXPECT_EQ(total->low, kXpoLow / 20);
    const auto soak = plan.find("main/Temperature corners/case_temp=70/Case at corner");
    ASSERT_TRUE(soak);
    const auto& step = plan.steps()[*soak];
    EXPECT_EQ(step.duration.low, nanoseconds(2min) / 20);
    ASSERT_TRUE(step.duration.high);
    EXPECT_EQ(*step.duration.high, nanoseconds(30min + 10s) / 20) << "its timeout and one more poll";
    const auto after = plan.remainingAfter(*soak);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->low, nanoseconds(3 * 500ms + 64 * 200ms + 8 * (2s + 2s)) / 20) << "the last corner's rest";
    // Repeated paths (none here) resolve forwards: the first match after a position.
    EXPECT_FALSE(plan.find("main/Temperature corners/case_temp=70/Case at corner", *soak));
    EXPECT_FALSE(plan.find("main/no such step"));
}

TEST(RunPlan, SweepThatMayStopEarlyBoundsFromAboveOnly) {
    Sequence seq;
    seq.name = "sweep";
    Step attenuate;
    attenuate.name = "Attenuate";
    Step count;
    count.name = "Count";
    count.type = StepType::Wait;
    count.duration = 1s;
    count.timeout = 5s;
    Step sweep;
    sweep.name = "Sweep";
    sweep.type = StepType::Sweep;
    sweep.forEach = ForEachSpec{"att", {}, Expression{"2", {}}, Expression{"5", {}}, {}, "dB", {attenuate, count}};
    sweep.sweep = SweepSpec{};
    seq.main = {sweep};
    const RunPlan whole = RunPlan::build(seq, 1.0);
    ASSERT_EQ(whole.steps().size(), 8u) << "four points of two steps";
    EXPECT_EQ(whole.steps()[1].path, "main/Sweep/att=2/Count");
    EXPECT_EQ(whole.total()->low, 4s) << "without `until` every point runs";

    seq.main[0].sweep->until = Expression{"ber > 1e-3", {}};
    const RunPlan mayStop = RunPlan::build(seq, 1.0);
    ASSERT_EQ(mayStop.steps().size(), 8u);
    EXPECT_EQ(mayStop.total()->low, 0s) << "`until` may end it at any point";
    EXPECT_FALSE(mayStop.total()->typical) << "how far it goes only earlier runs can tell";
    EXPECT_TRUE(mayStop.steps()[1].optional);
    EXPECT_EQ(mayStop.steps()[1].duration.high, 1s);

    // Two earlier runs: one stopped after its second point, one after its third. A point's typical time is its
    // time weighted by how often runs got there; a point none reached takes nothing.
    auto run = [](int points) {
        db::RunTiming r;
        for (int p = 2; p < 2 + points; ++p) {
            r.steps.push_back({"main/Sweep/att=" + std::to_string(p) + "/Attenuate", "action", 10000, Verdict::Done});
            r.steps.push_back({"main/Sweep/att=" + std::to_string(p) + "/Count", "wait", 1000000, Verdict::Done});
        }
        return r;
    };
    RunPlan learnt = mayStop;
    learnt.refine({run(2), run(3)});
    EXPECT_EQ(learnt.matchingRuns(), 2);
    const auto typicalAt = [&](const std::string& path) {
        return *learnt.steps()[*learnt.find(path)].duration.typical;
    };
    EXPECT_EQ(typicalAt("main/Sweep/att=3/Count"), 1s) << "both runs got there";
    EXPECT_EQ(typicalAt("main/Sweep/att=4/Count"), 500ms) << "one run in two got there";
    EXPECT_EQ(typicalAt("main/Sweep/att=4/Attenuate"), 5ms);
    EXPECT_EQ(typicalAt("main/Sweep/att=5/Count"), 0s) << "no run got there";
    EXPECT_EQ(*learnt.total()->typical, 2 * 1010ms + 505ms);
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

TEST(RunPlan, StepsTheRunSkipsAreNotCountedAsTheEngineRunsThem) {
    // main: a 10 s hold, then a loop of three points of (Set, a 1 s settle); cleanup: Off.
    Sequence seq;
    seq.name = "skips";
    Step hold;
    hold.name = "Hold";
    hold.type = StepType::Wait;
    hold.duration = 10s;
    Step set;
    set.name = "Set";
    Step settle;
    settle.name = "Settle";
    settle.type = StepType::Wait;
    settle.duration = 1s;
    Step loop;
    loop.name = "Points";
    loop.type = StepType::ForEach;
    loop.forEach = ForEachSpec{"x", {}, Expression{"1", {}}, Expression{"3", {}}, {}, "", {set, settle}};
    Step off;
    off.name = "Off";
    seq.main = {hold, loop};
    seq.cleanup = {off};
    const RunPlan plain = RunPlan::build(seq, 1.0);
    ASSERT_EQ(plain.steps().size(), 8u);
    EXPECT_EQ(plain.total()->low, 13s);

    // An engineer skips the loop and the hold at the panel (the overrides name the sequence's own step objects).
    RunOverrides overrides;
    overrides.steps.push_back({&seq.main[1], "main/Points", RunMode::Skip, "erik", "ECO-9"});
    overrides.steps.push_back({&seq.main[0], "main/Hold", RunMode::Skip, "erik", "ECO-9"});
    const RunPlan skipped = RunPlan::build(seq, 1.0, {}, &overrides);
    // The engine starts and finishes a skipped leaf (SKIPPED) but none of a skipped loop's steps: so is the plan.
    ASSERT_EQ(skipped.steps().size(), 2u);
    EXPECT_EQ(skipped.steps()[0].path, "main/Hold");
    EXPECT_TRUE(skipped.steps()[0].skipped);
    EXPECT_EQ(skipped.steps()[1].path, "cleanup/Off");
    EXPECT_FALSE(skipped.find("main/Points/x=1/Set"));
    ASSERT_TRUE(skipped.total());
    EXPECT_EQ(skipped.total()->low, 0s) << "a skipped step takes no time";
    EXPECT_EQ(skipped.steps()[0].duration.high, 0s);

    // The file's `run_mode: skip` on the loop is left out the same way; an override back to normal runs it again.
    seq.main[1].runMode = RunMode::Skip;
    const RunPlan fileSkip = RunPlan::build(seq, 1.0);
    ASSERT_EQ(fileSkip.steps().size(), 2u);
    EXPECT_EQ(fileSkip.total()->low, 10s);
    RunOverrides restore;
    restore.steps.push_back({&seq.main[1], "main/Points", RunMode::Normal, "erik", "ECO-10"});
    EXPECT_EQ(RunPlan::build(seq, 1.0, {}, &restore).steps().size(), 8u);

    // Earlier runs that held for 10 s do not teach a skipped hold any time.
    RunPlan learnt = skipped;
    db::RunTiming earlier;
    earlier.steps.push_back({"main/Hold", "wait", 10000000, Verdict::Done});
    earlier.steps.push_back({"cleanup/Off", "action", 20000, Verdict::Done});
    learnt.refine({earlier, earlier});
    EXPECT_EQ(*learnt.steps()[0].duration.typical, 0s);
    EXPECT_EQ(*learnt.total()->typical, 20ms);
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
    const auto soak = plan.find("main/Temperature corners/case_temp=70/Case at corner");
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
    // Six soaks (two per corner) of 3 simulated minutes; plain waits: setup's 10 s, per corner 3 × 500 ms,
    // 64 × 200 ms, per port 2 × 2 s and the sweep's 13 points × 1 s (every point ran in these runs).
    const nanoseconds plainWaits = 10s + 3 * (3 * 500ms + 64 * 200ms + 8 * (2s + 2s + 13 * 1s));
    EXPECT_EQ(*total->typical, 6 * (nanoseconds(3min) / 20) + plainWaits / 20 + instrumentSteps * nanoseconds(50ms));

    // At scale 1000 it is the other way round: only the fast run teaches the soaks.
    RunPlan fast = RunPlan::build(xpo(), 1000.0);
    fast.refine(history);
    EXPECT_EQ(fast.matchingRuns(), 1);
    EXPECT_EQ(*fast.steps()[*soak].duration.typical, nanoseconds(3min) / 1000);
}
