#include "station/Engine.h"

#include "tests/support/FakeInstruments.h"
#include "tests/support/SequenceBuilders.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>
#include <thread>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace optiqual::testing;
using namespace std::chrono_literals;
namespace asio = boost::asio;

using optiqual::test::callOf;
using optiqual::test::ex;

namespace {

Step action(std::string name, InstrumentCall call) {
    Step s;
    s.name = std::move(name);
    s.type = StepType::Action;
    s.call = std::move(call);
    return s;
}

Limit gele(double lo, double hi, std::string unit) {
    Limit l;
    l.comparator = Comparator::GELE;
    l.low = lo;
    l.high = hi;
    l.unit = std::move(unit);
    return l;
}

Step measure(std::string name, std::string measurement, InstrumentCall call, Limit limit) {
    Step s;
    s.name = std::move(name);
    s.type = StepType::Measure;
    MeasurementSpec m;
    m.name = std::move(measurement);
    m.call = std::move(call);
    m.inlineLimit = std::move(limit);
    s.measurements.push_back(std::move(m));
    return s;
}

Step wait(std::string name, std::chrono::nanoseconds d) {
    Step s;
    s.name = std::move(name);
    s.type = StepType::Wait;
    s.duration = d;
    return s;
}

/// Collects events for assertions.
class Recorder : public EventSink {
public:
    void onEvent(const Event& e) override {
        std::lock_guard lock(mutex);
        if (auto* f = std::get_if<StepFinished>(&e))
            finished.push_back(*f);
        if (auto* r = std::get_if<RunFinished>(&e))
            runs.push_back(*r);
        if (std::holds_alternative<RunStarted>(e))
            ++started;
        if (auto* s = std::get_if<StepStarted>(&e))
            steps.push_back(*s);
        if (auto* w = std::get_if<WaitProgress>(&e))
            waits.push_back(*w);
    }
    std::mutex mutex;
    std::vector<StepStarted> steps;
    std::vector<WaitProgress> waits;
    std::vector<StepFinished> finished;
    std::vector<RunFinished> runs;
    int started = 0;
    std::string verdictOf(const std::string& path) {
        for (auto& f : finished)
            if (f.path == path)
                return std::string(toString(f.verdict));
        return "missing";
    }
};

struct EngineFixture : ::testing::Test {
    asio::io_context io;
    EventBus bus;
    std::shared_ptr<Recorder> recorder = std::make_shared<Recorder>();
    std::shared_ptr<core::Clock> clock = std::make_shared<core::Clock>(1000.0);
    FakePsu psu{io.get_executor(), "psu"};
    FakeChamber chamber{io.get_executor(), "chamber"};
    std::unique_ptr<Engine> engine;
    std::shared_ptr<Sequence> sequence = std::make_shared<Sequence>();

    void SetUp() override {
        bus.subscribe(recorder, "recorder");
        engine = std::make_unique<Engine>(io.get_executor(), bus, clock,
                                          std::vector<RoleBinding>{{"psu", 0, &psu}, {"chamber", 0, &chamber}});
        sequence->name = "test";
        sequence->roles = {{"psu", "PowerSupply", {}}, {"chamber", "ThermalChamber", {}}};
        sequence->cleanup = {action("Output off", callOf("psu", "setOutput", {{"channel", "1"}, {"on", "false"}}))};
    }

    std::vector<SocketResult> run(int sockets = 1, ProcessModel model = ProcessModel::Parallel) {
        RunOptions o;
        o.sequence = sequence;
        for (int i = 1; i <= sockets; ++i)
            o.units.push_back({"SN" + std::to_string(i), "PN1", "", "LOT1"});
        o.model = model;
        o.leaseTimeout = 5s;
        std::vector<SocketResult> results;
        std::exception_ptr error;
        asio::co_spawn(io, engine->run(o), [&](std::exception_ptr e, std::vector<SocketResult> r) {
            error = e;
            results = std::move(r);
        });
        io.run();
        io.restart();
        if (error)
            std::rethrow_exception(error);
        bus.flush();
        return results;
    }
};

} // namespace

TEST_F(EngineFixture, ActionsAndMeasurementsPass) {
    psu.currents = {2.0};
    sequence->main = {
        action("Set 48 V", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "48"}})),
        action("Output on", callOf("psu", "setOutput", {{"channel", "1"}, {"on", "true"}})),
        measure("Current", "i_module", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1.0, 3.0, "A"))};
    auto r = run();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].verdict, Verdict::Pass);
    EXPECT_EQ(recorder->verdictOf("main/Set 48 V"), "DONE");
    EXPECT_EQ(recorder->verdictOf("main/Current"), "PASS");
    EXPECT_EQ(recorder->verdictOf("cleanup/Output off"), "DONE");
    EXPECT_EQ(psu.log, (std::vector<std::string>{"setVoltage 1 48.000000", "setOutput 1 on", "setOutput 1 off",
                                                 "safeState", "setOutput 1 off", "setOutput 2 off"}));
}

TEST_F(EngineFixture, LimitFailureStopsMainButRunsCleanup) {
    psu.currents = {9.0};
    sequence->main = {measure("Current", "i", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1, 3, "A")),
                      action("Never", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "1"}}))};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Fail);
    EXPECT_EQ(r[0].failedStep, "main/Current");
    EXPECT_NE(r[0].reason.find("i = 9 A outside 1 ≤ x ≤ 3 A"), std::string::npos) << r[0].reason;
    EXPECT_EQ(recorder->verdictOf("main/Never"), "missing");
    EXPECT_EQ(recorder->verdictOf("cleanup/Output off"), "DONE");
}

TEST_F(EngineFixture, OnFailContinueRunsTheRest) {
    psu.currents = {9.0};
    auto m = measure("Current", "i", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1, 3, "A"));
    m.onFail = OnFail::Continue;
    sequence->main = {m, action("Next", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "1"}}))};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Fail);
    EXPECT_EQ(recorder->verdictOf("main/Next"), "DONE");
}

TEST_F(EngineFixture, RetryOnFailUntilPass) {
    psu.currents = {9.0, 9.0, 2.0};
    auto m = measure("Current", "i", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1, 3, "A"));
    m.retry.count = 3;
    m.retry.delay = 1s; // simulated: 1 ms real at scale 1000
    sequence->main = {m};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Pass);
    EXPECT_EQ(psu.currentReads, 3);
    ASSERT_FALSE(recorder->finished.empty());
    EXPECT_EQ(recorder->finished.front().attempts, 3);
}

TEST_F(EngineFixture, PreconditionAndRunModes) {
    auto skipped = action("Skipped", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "5"}}));
    skipped.precondition = ex("vcc > 50");
    auto forced = measure("Forced", "i", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(5, 6, "A"));
    forced.runMode = RunMode::ForcePass;
    forced.overrideBy = "jdoe";
    forced.overrideReason = "meter under repair";
    sequence->params = {{"vcc", 48, "", false, "V", {}}};
    sequence->main = {skipped, forced};
    auto r = run();
    EXPECT_EQ(recorder->verdictOf("main/Skipped"), "SKIPPED");
    EXPECT_EQ(recorder->verdictOf("main/Forced"), "PASS");
    EXPECT_EQ(r[0].verdict, Verdict::Pass);
    for (auto& f : recorder->finished) {
        if (f.path == "main/Forced") {
            EXPECT_NE(f.error.find("jdoe"), std::string::npos);
        }
    }
}

TEST_F(EngineFixture, AUnitsOverridesWinOverTheFileAndAChosenLimitSetTheSequenceLacksIsAnError) {
    psu.currents = {2.0};
    sequence->main = {measure("Current", "i", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1, 3, "A"))};
    sequence->limitSets = {LimitSet{"PN1", "", {}, {}, "h1"}, LimitSet{"PN1", "B", {}, {}, "h2"},
                           LimitSet{"PN2", "", {}, {}, "h3"}};
    auto overrides = std::make_shared<RunOverrides>();
    overrides->steps.push_back({&sequence->main[0], "main/Current", RunMode::ForceFail, "erik", "reject path"});
    overrides->limitSet = "PN1@B";
    RunOptions o;
    o.sequence = sequence;
    o.units = {{"SN1", "PN1", "", "LOT1", overrides}, {"SN2", "PN1", "", "LOT1"}};
    auto started = std::make_shared<std::vector<RunStarted>>();
    struct Starts : EventSink {
        std::shared_ptr<std::vector<RunStarted>> out;
        void onEvent(const Event& e) override {
            if (auto* r = std::get_if<RunStarted>(&e))
                out->push_back(*r);
        }
    };
    auto starts = std::make_shared<Starts>();
    starts->out = started;
    bus.subscribe(starts, "starts");
    std::vector<SocketResult> r;
    asio::co_spawn(io, engine->run(o),
                   [&](std::exception_ptr, std::vector<SocketResult> results) { r = std::move(results); });
    io.run();
    io.restart();
    bus.flush();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].verdict, Verdict::Fail) << "forced on socket 1";
    EXPECT_NE(r[0].reason.find("run mode force_fail set by erik: reject path"), std::string::npos) << r[0].reason;
    EXPECT_EQ(r[1].verdict, Verdict::Pass) << "socket 2's unit has no overrides";
    ASSERT_EQ(started->size(), 2u);
    for (const auto& s : *started)
        EXPECT_EQ(s.limitSetIdentity, s.socket == 1 ? "PN1@B" : "PN1") << "the chosen set, else limitSetFor's";

    overrides->limitSet = "PN2"; // another part number's set
    o.units = {{"SN3", "PN1", "", "LOT1", overrides}};
    asio::co_spawn(io, engine->run(o),
                   [&](std::exception_ptr, std::vector<SocketResult> results) { r = std::move(results); });
    io.run();
    io.restart();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].verdict, Verdict::Error);
    EXPECT_EQ(r[0].reason, "the chosen limit set PN2 is not part number PN1's");
}

TEST_F(EngineFixture, ForEachComputeAndConditions) {
    Step loop;
    loop.name = "Corners";
    loop.type = StepType::ForEach;
    loop.forEach = ForEachSpec{};
    loop.forEach->variable = "temp";
    loop.forEach->from = ex("0");
    loop.forEach->to = ex("70");
    loop.forEach->step = ex("35");
    loop.forEach->body = {action("Set", callOf("chamber", "setSetpoint", {{"degC", "temp"}})),
                          measure("Air", "air", callOf("chamber", "temperature", {}), gele(-1, 71, "degC"))};
    Step compute;
    compute.name = "Margin";
    compute.type = StepType::Compute;
    MeasurementSpec m;
    m.name = "margin";
    m.expr = ex("71 - air");
    m.inlineLimit = gele(0, 100, "degC");
    compute.measurements = {m};
    sequence->main = {loop, compute};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Pass);
    EXPECT_EQ(chamber.setpointWrites, 3 + 1) << "three corners, then safe state back to ambient";
    EXPECT_EQ(recorder->verdictOf("main/Corners/temp=35/Air"), "PASS");
    for (auto& f : recorder->finished)
        if (f.path == "main/Margin") {
            ASSERT_EQ(f.measurements.size(), 1u);
            EXPECT_DOUBLE_EQ(f.measurements[0].value, 1.0) << "uses the last corner's reading";
        }
    for (auto& f : recorder->finished)
        if (f.path == "main/Corners/temp=70/Air") {
            ASSERT_EQ(f.measurements.size(), 1u);
            ASSERT_EQ(f.measurements[0].conditions.size(), 1u);
            EXPECT_EQ(f.measurements[0].conditions[0].first, "temp");
            EXPECT_EQ(f.measurements[0].conditions[0].second, 70.0);
        }
}

TEST_F(EngineFixture, WaitUntilStableWithScaledClock) {
    Step w;
    w.name = "Settle";
    w.type = StepType::WaitUntil;
    w.waitUntil = WaitUntilSpec{callOf("chamber", "temperature", {}), ex("85"), ex("0.5"), "degC", 2min, 10min, 5s};
    sequence->setup = {action("Hot", callOf("chamber", "setSetpoint", {{"degC", "85"}}))};
    sequence->main = {w};
    const auto started = std::chrono::steady_clock::now();
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Pass);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "2 simulated minutes at scale 1000";
}

TEST_F(EngineFixture, StepsCarryTheirLoopAndCallFramesAndWaitsReportTheirReading) {
    Step settle;
    settle.name = "Settle";
    settle.type = StepType::WaitUntil;
    settle.waitUntil =
        WaitUntilSpec{callOf("chamber", "temperature", {}), ex("temp"), ex("0.5"), "degC", 1min, 10min, 5s};
    Subsequence corner;
    corner.name = "corner";
    Parameter temp;
    temp.name = "temp";
    temp.value = 25;
    corner.params = {temp};
    corner.steps = {action("Set", callOf("chamber", "setSetpoint", {{"degC", "temp"}})), settle};
    sequence->subsequences = {corner};
    Step call;
    call.name = "One corner";
    call.type = StepType::Call;
    call.callSequence = CallSpec{"corner", {Argument{"temp", ex("t")}}};
    Step loop;
    loop.name = "Corners";
    loop.type = StepType::ForEach;
    loop.forEach = ForEachSpec{"t", {ex("25"), ex("70")}, {}, {}, {}, "degC", {call}};
    sequence->main = {loop};
    chamber.offset = 0.2; // in tolerance, not on target: the reading is the chamber's, not the target echoed
    ASSERT_EQ(run()[0].verdict, Verdict::Pass);

    const StepStarted* inner = nullptr;
    for (const auto& s : recorder->steps)
        if (s.path == "main/Corners/t=70/One corner/Settle")
            inner = &s;
    ASSERT_NE(inner, nullptr);
    ASSERT_EQ(inner->frames.size(), 2u);
    EXPECT_EQ(inner->frames[0].step, "Corners");
    EXPECT_EQ(inner->frames[0].variable, "t");
    EXPECT_EQ(inner->frames[0].value, "70");
    EXPECT_EQ(inner->frames[0].unit, "degC");
    EXPECT_EQ(inner->frames[0].index, 2);
    EXPECT_EQ(inner->frames[0].count, 2);
    EXPECT_EQ(inner->frames[1].step, "One corner");
    EXPECT_TRUE(inner->frames[1].variable.empty()) << "a call is a frame without a loop variable";
    for (const auto& s : recorder->steps) {
        if (s.path == "main/Corners" || s.path == "cleanup/Output off") {
            EXPECT_TRUE(s.frames.empty()) << s.path << ": frames end with their loop";
        }
    }

    std::vector<const WaitProgress*> hot;
    for (const auto& w : recorder->waits)
        if (w.path == "main/Corners/t=70/One corner/Settle")
            hot.push_back(&w);
    ASSERT_FALSE(hot.empty()) << "a wait_until reports its reading";
    EXPECT_EQ(hot.front()->role, "chamber");
    EXPECT_EQ(hot.front()->method, "temperature");
    EXPECT_DOUBLE_EQ(hot.front()->value, 70.2);
    EXPECT_DOUBLE_EQ(hot.front()->target, 70);
    EXPECT_DOUBLE_EQ(hot.front()->tolerance, 0.5);
    EXPECT_EQ(hot.front()->unit, "degC");
    EXPECT_EQ(hot.front()->stableFor, 1min);
    EXPECT_EQ(hot.front()->timeout, 10min);
    EXPECT_EQ(hot.front()->stable, 0s) << "the first reading in tolerance starts the stable time";
    for (std::size_t i = 1; i < hot.size(); ++i)
        EXPECT_GE(hot[i]->elapsed, hot[i - 1]->elapsed);
}

TEST_F(EngineFixture, WaitUntilTimesOutAsFail) {
    chamber.offset = 3; // never within tolerance
    Step w;
    w.name = "Settle";
    w.type = StepType::WaitUntil;
    w.waitUntil = WaitUntilSpec{callOf("chamber", "temperature", {}), ex("25"), ex("0.5"), "degC", 1min, 5min, 10s};
    sequence->main = {w};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Fail);
    EXPECT_NE(r[0].reason.find("not within ±0.5 of 25"), std::string::npos) << r[0].reason;
}

TEST_F(EngineFixture, StepTimeoutIsError) {
    psu.readDelay = 2000ms;
    auto m = measure("Slow", "v", callOf("psu", "measureVoltage", {{"channel", "1"}}), gele(0, 1, "V"));
    m.timeout = 20s; // 20 ms real
    sequence->main = {m};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Error);
    EXPECT_NE(r[0].reason.find("timed out"), std::string::npos) << r[0].reason;
}

TEST_F(EngineFixture, AbortDuringPendingReadRunsCleanupAndSafeStateQuickly) {
    psu.readDelay = 10000ms;
    sequence->main = {action("On", callOf("psu", "setOutput", {{"channel", "1"}, {"on", "true"}})),
                      measure("Slow", "v", callOf("psu", "measureVoltage", {{"channel", "1"}}), gele(0, 100, "V"))};
    std::chrono::steady_clock::time_point requested;
    std::chrono::steady_clock::time_point firstCleanup;
    asio::steady_timer trigger(io, 30ms);
    trigger.async_wait([&](auto) {
        requested = std::chrono::steady_clock::now();
        engine->requestAbort("operator pressed Abort");
    });
    // Spy on the first cleanup call's time through the log size.
    std::size_t logBefore = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            while (psu.log.size() <= 1 + logBefore) {
                asio::steady_timer t(co_await asio::this_coro::executor, 100us);
                co_await t.async_wait(asio::use_awaitable);
            }
            firstCleanup = std::chrono::steady_clock::now();
        },
        asio::detached);
    logBefore = 0;
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Aborted);
    EXPECT_NE(r[0].reason.find("operator pressed Abort"), std::string::npos) << r[0].reason;
    EXPECT_EQ(recorder->verdictOf("main/Slow"), "ABORTED");
    EXPECT_EQ(recorder->verdictOf("cleanup/Output off"), "DONE");
    EXPECT_EQ(psu.safeStates, 1);
    EXPECT_FALSE(psu.outputs[1]);
    EXPECT_LT(firstCleanup - requested, 50ms);
}

TEST_F(EngineFixture, AbortDuringWaitAndSecondAbortStillRunsSafeState) {
    sequence->main = {action("On", callOf("psu", "setOutput", {{"channel", "2"}, {"on", "true"}})),
                      wait("Soak", 30min)};
    asio::steady_timer first(io, 20ms);
    first.async_wait([&](auto) { engine->requestAbort("SIGINT"); });
    asio::steady_timer second(io, 21ms);
    second.async_wait([&](auto) { engine->requestAbort("SIGINT again"); });
    const auto started = std::chrono::steady_clock::now();
    auto r = run();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "30 simulated minutes would be 1.8 s";
    EXPECT_EQ(r[0].verdict, Verdict::Aborted);
    EXPECT_EQ(psu.safeStates, 1);
    EXPECT_FALSE(psu.outputs[2]);
}

TEST_F(EngineFixture, TerminateFinishesCurrentStepThenCleansUp) {
    sequence->main = {wait("Short", 50s),
                      action("After", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "3"}}))};
    asio::steady_timer t(io, 10ms);
    t.async_wait([&](auto) { engine->requestTerminate(); });
    auto r = run();
    EXPECT_EQ(recorder->verdictOf("main/Short"), "DONE") << "the running step finished";
    EXPECT_EQ(recorder->verdictOf("main/After"), "missing");
    EXPECT_EQ(recorder->verdictOf("cleanup/Output off"), "DONE");
    EXPECT_EQ(r[0].verdict, Verdict::Terminated);
}

TEST_F(EngineFixture, ParallelSocketsShareInstrumentsThroughLeases) {
    psu.lastCurrent = 2.0;
    sequence->main = {measure("Current", "i", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1, 3, "A")),
                      wait("Dwell", 5s),
                      measure("Again", "i2", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1, 3, "A"))};
    auto r = run(8, ProcessModel::Parallel);
    ASSERT_EQ(r.size(), 8u);
    for (auto& s : r)
        EXPECT_EQ(s.verdict, Verdict::Pass) << s.socket << ": " << s.reason;
    EXPECT_EQ(recorder->started, 8);
    EXPECT_EQ(psu.safeStates, 1) << "safe state once per instrument at the end of the run";
}

TEST_F(EngineFixture, BatchStepRunsOnceAndFailingUnitDoesNotStopOthers) {
    Step hot = action("Chamber 70", callOf("chamber", "setSetpoint", {{"degC", "70"}}));
    hot.batch = true;
    // Socket 2's unit fails its first measurement (9 A) and stops; the others go on to the batch step.
    psu.currents = {2.0, 9.0, 2.0, 2.0};
    psu.lastCurrent = 2.0;
    sequence->main = {measure("Current", "i", callOf("psu", "measureCurrent", {{"channel", "1"}}), gele(1, 3, "A")),
                      hot};
    auto r = run(4, ProcessModel::Batch);
    int passed = 0, failed = 0;
    for (auto& s : r)
        (s.verdict == Verdict::Pass ? passed : failed)++;
    EXPECT_EQ(passed, 3);
    EXPECT_EQ(failed, 1);
    EXPECT_EQ(chamber.setpointWrites, 1 + 1) << "once for the batch, once for safe state";
}

TEST_F(EngineFixture, PromptAnsweredFromAnotherThread) {
    Step p;
    p.name = "Fibre connected?";
    p.type = StepType::Prompt;
    p.prompt = PromptSpec{};
    p.prompt->kind = PromptKind::Number;
    p.prompt->message = "Enter the fibre length in m";
    p.prompt->min = 0;
    p.prompt->max = 10;
    p.prompt->storeAs = "fibre_m";
    Step check;
    check.name = "Check";
    check.type = StepType::PassFail;
    check.condition = ex("fibre_m == 2.5");
    sequence->main = {p, check};
    std::thread operatorThread([&] {
        std::vector<PendingPrompt> pending;
        while ((pending = engine->prompts().pending()).empty())
            std::this_thread::yield();
        EXPECT_EQ(engine->prompts().answer(pending[0].id, "12"), "must be at most 10.000000");
        EXPECT_EQ(engine->prompts().answer(pending[0].id, "2.5"), "");
    });
    auto r = run();
    operatorThread.join();
    EXPECT_EQ(r[0].verdict, Verdict::Pass);
}

TEST_F(EngineFixture, FailingCleanupStepDoesNotWaitOutItsTimeout) {
    // A cleanup step calling a method that does not exist fails at once; it must not hold the run for the
    // cleanup timeout (asio's `||` waits for the first *successful* branch).
    sequence->cleanup = {action("Bogus", callOf("psu", "noSuchMethod", {})),
                         action("Output off", callOf("psu", "setOutput", {{"channel", "1"}, {"on", "false"}}))};
    const auto started = std::chrono::steady_clock::now();
    auto r = run();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(recorder->verdictOf("cleanup/Bogus"), "ERROR");
    EXPECT_EQ(recorder->verdictOf("cleanup/Output off"), "DONE") << "cleanup goes on after a failing step";
    EXPECT_EQ(r[0].verdict, Verdict::Error);
}

TEST_F(EngineFixture, LeaseHeldAcrossACallKeepsOtherSocketsOut) {
    // Two sockets share the supply. "Route and read" holds it over both inner steps, so the other socket can
    // never slip a setVoltage in between: the log must show each socket's pair together.
    Subsequence sub;
    sub.name = "route_and_read";
    sub.steps = {action("Route", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "socket_volts"}})),
                 wait("Settle", 5s),
                 measure("Read", "v", callOf("psu", "measureVoltage", {{"channel", "1"}}), gele(0, 100, "V"))};
    sequence->subsequences = {sub};
    Step call;
    call.name = "Route and read";
    call.type = StepType::Call;
    call.callSequence = CallSpec{"route_and_read", {}};
    call.lease = {"psu"};
    sequence->params = {{"socket_volts", 1, "", false, "V", {}}};
    sequence->main = {call, call, call};
    psu.log.clear();
    auto r = run(3, ProcessModel::Parallel);
    for (auto& s : r)
        EXPECT_EQ(s.verdict, Verdict::Pass) << s.reason;
    // Each setVoltage is followed by that socket's read before any other socket's setVoltage: strict alternation.
    std::vector<std::string> pairs;
    for (const auto& line : psu.log)
        if (line.rfind("setVoltage", 0) == 0 || line.rfind("measureVoltage", 0) == 0)
            pairs.push_back(line.substr(0, line.find(' ')));
    ASSERT_EQ(pairs.size(), 18u);
    for (std::size_t i = 0; i < pairs.size(); ++i)
        EXPECT_EQ(pairs[i], i % 2 ? "measureVoltage" : "setVoltage") << "at " << i;
    EXPECT_EQ(recorder->verdictOf("main/Route and read"), "PASS");
}

// Issue 7 defect 1: a method returning one value per lane is read once per step, and element i is recorded as
// lane i — once; the old engine called it once per lane and recorded the whole list each time (lanes² rows).
TEST_F(EngineFixture, PerLaneListIsReadOnceAndEachLaneRecordedOnce) {
    InstrumentMethods methods = InstrumentMethods::builtin();
    int calls = 0;
    methods.add(instruments::InstrumentClass::PowerSupply,
                {"laneVoltages", {}, ValueKind::NumberArray, "V", "one reading per lane"},
                [&calls](instruments::Instrument&, std::vector<Value>) -> asio::awaitable<Value> {
                    ++calls;
                    co_return Value{std::vector<double>{1.0, 2.0, 3.0, 4.0}};
                });
    engine = std::make_unique<Engine>(io.get_executor(), bus, clock,
                                      std::vector<RoleBinding>{{"psu", 0, &psu}, {"chamber", 0, &chamber}}, methods);
    Step all = measure("All lanes", "v", callOf("psu", "laneVoltages", {}), gele(0, 10, "V"));
    all.measurements[0].lanes = LaneSpec{{1, 2, 3, 4}, {}};
    Step some = measure("Some lanes", "w", callOf("psu", "laneVoltages", {}), gele(0, 10, "V"));
    some.measurements[0].lanes = LaneSpec{{2, 4}, {}};
    Step beyond = measure("Beyond the list", "x", callOf("psu", "laneVoltages", {}), gele(0, 10, "V"));
    beyond.measurements[0].lanes = LaneSpec{{3, 5}, {}};
    beyond.onFail = OnFail::Continue;
    sequence->main = {all, some, beyond};
    auto r = run();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(calls, 3) << "one read per step, not one per lane";
    auto rows = [&](const std::string& path) {
        std::vector<std::pair<int, double>> out;
        for (const auto& f : recorder->finished)
            if (f.path == path)
                for (const auto& m : f.measurements)
                    out.emplace_back(m.lane.value_or(0), m.value);
        return out;
    };
    EXPECT_EQ(rows("main/All lanes"), (std::vector<std::pair<int, double>>{{1, 1.0}, {2, 2.0}, {3, 3.0}, {4, 4.0}}));
    EXPECT_EQ(rows("main/Some lanes"), (std::vector<std::pair<int, double>>{{2, 2.0}, {4, 4.0}}));
    EXPECT_EQ(recorder->verdictOf("main/Beyond the list"), "ERROR");
    for (const auto& f : recorder->finished) {
        if (f.path == "main/Beyond the list") {
            EXPECT_NE(f.error.find("psu.laneVoltages returned 4 values: no value for lane 5"), std::string::npos)
                << f.error;
        }
    }
    engine.reset(); // it refers to the local method table
}

// The engine keeps one row per (step, measurement, lane) whatever produced them: a custom step type that
// records a lane twice gets an Error naming it, and only the first row is kept.
TEST_F(EngineFixture, RepeatedMeasurementRowsAreAnError) {
    engine->registerStepType("twice", [](CustomStepContext& c) -> asio::awaitable<Verdict> {
        Measurement m;
        m.name = "v";
        m.lane = 3;
        m.outcome = Verdict::Pass;
        m.value = 1.0;
        c.measurements.push_back(m);
        m.value = 2.0;
        c.measurements.push_back(m);
        co_return Verdict::Pass;
    });
    Step s;
    s.name = "Custom";
    s.type = StepType::Custom;
    s.customType = "twice";
    sequence->main = {s};
    auto r = run();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].verdict, Verdict::Error);
    EXPECT_EQ(r[0].reason, "measurement 'v' lane 3 was recorded more than once in one step (repeats dropped)");
    for (const auto& f : recorder->finished) {
        if (f.path == "main/Custom") {
            ASSERT_EQ(f.measurements.size(), 1u);
            EXPECT_EQ(f.measurements[0].value, 1.0);
        }
    }
}

// Issue 7 defect 2: a station's socket serves one unit at a time, so the engine refuses more units than sockets
// (the rest queue through RunOptions::nextUnit) instead of running two units on one socket's instruments.
TEST_F(EngineFixture, MoreUnitsThanSocketsAreRefusedAndQueueThroughNextUnit) {
    sequence->main = {action("Set 48 V", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "48"}}))};
    RunOptions o;
    o.sequence = sequence;
    o.units = {{"SN1", "PN1", "", ""}, {"SN2", "PN1", "", ""}};
    o.sockets = 1;
    std::exception_ptr error;
    asio::co_spawn(io, engine->run(o), [&](std::exception_ptr e, const std::vector<SocketResult>&) { error = e; });
    io.run();
    io.restart();
    ASSERT_TRUE(error);
    EXPECT_THROW(std::rethrow_exception(error), std::invalid_argument);

    o.units.pop_back();
    bool handedOut = false;
    o.nextUnit = [&](int) -> std::optional<UnitUnderTest> {
        if (std::exchange(handedOut, true))
            return std::nullopt;
        return UnitUnderTest{"SN2", "PN1", "", ""};
    };
    std::vector<SocketResult> results;
    asio::co_spawn(io, engine->run(o),
                   [&](std::exception_ptr, std::vector<SocketResult> r) { results = std::move(r); });
    io.run();
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].serial, "SN1");
    EXPECT_EQ(results[1].serial, "SN2");
    EXPECT_EQ(results[1].socket, 1);
}

namespace {

Step compute(std::string name, std::string measurement, std::string expr, Limit limit) {
    Step s;
    s.name = std::move(name);
    s.type = StepType::Compute;
    MeasurementSpec m;
    m.name = std::move(measurement);
    m.expr = ex(std::move(expr));
    m.inlineLimit = std::move(limit);
    s.measurements.push_back(std::move(m));
    return s;
}

Limit logOnly() {
    Limit l;
    l.comparator = Comparator::LOG;
    return l;
}

/// A sweep of v over 0..10 whose body computes @p y; crossing of @p level judged against 0..20.
Step sweepOf(std::string y, double level, std::optional<std::string> until = std::nullopt) {
    Step s;
    s.name = "Sweep";
    s.type = StepType::Sweep;
    s.forEach = ForEachSpec{};
    s.forEach->variable = "v";
    s.forEach->from = ex("0");
    s.forEach->to = ex("10");
    s.forEach->step = ex("1");
    s.forEach->body = {action("Set", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "v"}})),
                       compute("Y", "y", std::move(y), logOnly())};
    s.sweep = SweepSpec{};
    s.sweep->x = ex("v");
    s.sweep->xUnit = "V";
    s.sweep->y = "y";
    if (until)
        s.sweep->until = ex(*until);
    s.sweep->trace = "curve";
    s.sweep->crossing = CrossingSpec{"threshold", level, "V", "threshold", gele(0, 20, "V"), {}};
    return s;
}

const StepFinished* finishedAt(Recorder& r, const std::string& path) {
    for (const auto& f : r.finished)
        if (f.path == path)
            return &f;
    return nullptr;
}

} // namespace

TEST_F(EngineFixture, SweepRecordsItsCurveAndWhereItCrossesTheLevel) {
    sequence->main = {sweepOf("10^(v - 5)", std::sqrt(10.0), "y > 100")};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Pass);
    const StepFinished* sweep = finishedAt(*recorder, "main/Sweep");
    ASSERT_NE(sweep, nullptr);
    ASSERT_EQ(sweep->traces.size(), 1u);
    const Trace& t = sweep->traces[0];
    EXPECT_EQ(t.name, "curve");
    EXPECT_FALSE(t.lane);
    // until y > 100 stops after v = 8 (y = 1000): nine points, 0 … 8.
    ASSERT_EQ(t.x.size(), 9u);
    EXPECT_DOUBLE_EQ(t.x.back(), 8.0);
    EXPECT_NEAR(t.y[5], 1.0, 1e-12);
    EXPECT_EQ(psu.volts[1], 8.0) << "the sweep stopped setting the supply once `until` held";
    ASSERT_EQ(sweep->measurements.size(), 1u);
    EXPECT_EQ(sweep->measurements[0].name, "threshold");
    EXPECT_NEAR(sweep->measurements[0].value, 5.5, 1e-9) << "log-interpolated between v = 5 and v = 6";
}

TEST_F(EngineFixture, SweepPerLaneGivesOneCurveAndOneCrossingPerLane) {
    Step s = sweepOf("10^(v - 4 - lane)", std::sqrt(10.0));
    s.forEach->body[1].measurements[0].lanes = LaneSpec{{1, 2}, {}};
    s.sweep->x = ex("v + 0 * lane");
    sequence->main = {s};
    auto r = run();
    const StepFinished* sweep = finishedAt(*recorder, "main/Sweep");
    ASSERT_NE(sweep, nullptr);
    ASSERT_EQ(sweep->traces.size(), 2u);
    EXPECT_EQ(sweep->traces[0].lane, 1);
    EXPECT_EQ(sweep->traces[1].lane, 2);
    ASSERT_EQ(sweep->measurements.size(), 2u);
    EXPECT_EQ(sweep->measurements[0].lane, 1);
    EXPECT_NEAR(sweep->measurements[0].value, 5.5, 1e-9);
    EXPECT_NEAR(sweep->measurements[1].value, 6.5, 1e-9);
}

TEST_F(EngineFixture, SweepThatNeverGetsBelowTheLevelFailsItsCrossing) {
    sequence->main = {sweepOf("1000 + v", 1.0)};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Fail);
    const StepFinished* sweep = finishedAt(*recorder, "main/Sweep");
    ASSERT_NE(sweep, nullptr);
    ASSERT_EQ(sweep->measurements.size(), 1u);
    EXPECT_TRUE(std::isnan(sweep->measurements[0].value));
}

TEST_F(EngineFixture, StationDataTablesAndNumbersReachExpressions) {
    sequence->stationData = {{"gain", {}}, {"offset", {}}};
    sequence->main = {compute("Scaled", "scaled", "gain(2) * 10 + offset", gele(24, 26, ""))};
    const std::vector<double> gain{1.0, 2.0, 3.0};
    const std::vector<double> offset{5.0};
    RunOptions o;
    o.sequence = sequence;
    o.units = {{"SN1", "PN1", "", ""}};
    o.stationData = [&](int, const std::string& name) -> const std::vector<double>* {
        return name == "gain" ? &gain : name == "offset" ? &offset : nullptr;
    };
    std::vector<SocketResult> results;
    asio::co_spawn(io, engine->run(o),
                   [&](std::exception_ptr, std::vector<SocketResult> r) { results = std::move(r); });
    io.run();
    bus.flush();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].verdict, Verdict::Pass) << results[0].reason;
}

TEST_F(EngineFixture, MissingStationDataRefusesTheRunNamingIt) {
    sequence->stationData = {{"tx_path_loss", {}}};
    sequence->main = {compute("Uses it", "x", "tx_path_loss(1)", gele(0, 1, ""))};
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Error);
    EXPECT_NE(r[0].reason.find("tx_path_loss"), std::string::npos) << r[0].reason;
    EXPECT_EQ(recorder->verdictOf("main/Uses it"), "missing");
    EXPECT_EQ(recorder->verdictOf("cleanup/Output off"), "DONE");
}

TEST_F(EngineFixture, LaneExpressionRecordsALoopsMeasurementsByLane) {
    Step loop;
    loop.name = "Lanes";
    loop.type = StepType::ForEach;
    loop.forEach = ForEachSpec{};
    loop.forEach->variable = "lane";
    loop.forEach->values = {ex("3"), ex("5")};
    Step c = compute("Power", "p", "lane * 2", gele(0, 100, ""));
    c.measurements[0].lane = ex("lane");
    loop.forEach->body = {c};
    sequence->main = {loop};
    run();
    ASSERT_NE(finishedAt(*recorder, "main/Lanes/lane=3/Power"), nullptr);
    EXPECT_EQ(finishedAt(*recorder, "main/Lanes/lane=3/Power")->measurements[0].lane, 3);
    EXPECT_EQ(finishedAt(*recorder, "main/Lanes/lane=5/Power")->measurements[0].lane, 5);
    EXPECT_DOUBLE_EQ(finishedAt(*recorder, "main/Lanes/lane=5/Power")->measurements[0].value, 10.0);
}

TEST_F(EngineFixture, LanesDecidedAtRunTimeRecordTheirOwnLaneNumbers) {
    sequence->params = {{"port", 3, "", false, "", {}}};
    Step c = compute("Per lane", "x", "lane * 10", gele(0, 1000, ""));
    c.measurements[0].lanes = LaneSpec{{}, {}, ex("8 * port - 7"), ex("8 * port")};
    sequence->main = {c};
    run();
    const StepFinished* step = finishedAt(*recorder, "main/Per lane");
    ASSERT_NE(step, nullptr);
    ASSERT_EQ(step->measurements.size(), 8u);
    EXPECT_EQ(step->measurements.front().lane, 17);
    EXPECT_EQ(step->measurements.back().lane, 24);
    EXPECT_DOUBLE_EQ(step->measurements.back().value, 240.0);
}

namespace {

/// Calls @p action once (on the bus worker's thread, as the panel would from its own) when socket @p socket first
/// starts the step at @p path: a stop request that lands mid-step, without guessing a time.
class OnStepStarted : public EventSink {
public:
    OnStepStarted(int socket, std::string path, std::function<void()> action)
        : m_socket(socket), m_path(std::move(path)), m_action(std::move(action)) {}
    void onEvent(const Event& e) override {
        if (auto* s = std::get_if<StepStarted>(&e); s && s->socket == m_socket && s->path == m_path && !m_done) {
            m_done = true;
            m_action();
        }
    }

private:
    bool m_done = false;
    int m_socket;
    std::string m_path;
    std::function<void()> m_action;
};

/// An engine whose sockets 1 and 2 each have their own supply (so each has instruments of its own to put in
/// their safe state) and share the chamber.
struct SocketControlFixture : EngineFixture {
    FakePsu psu2{io.get_executor(), "psu2"};
    std::map<int, std::deque<UnitUnderTest>> scans;
    std::map<int, int> asks;

    void SetUp() override {
        EngineFixture::SetUp();
        engine = std::make_unique<Engine>(
            io.get_executor(), bus, clock,
            std::vector<RoleBinding>{{"psu", 1, &psu}, {"psu", 2, &psu2}, {"chamber", 0, &chamber}});
    }

    /// A run that takes its units from `scans` as the sockets ask, ending a socket when its queue is empty.
    std::vector<SocketResult> runScanned() {
        RunOptions o;
        o.sequence = sequence;
        o.sockets = 2;
        o.unitSource = [this](int socket) -> asio::awaitable<std::optional<UnitUnderTest>> {
            ++asks[socket];
            auto& queue = scans[socket];
            if (queue.empty())
                co_return std::nullopt;
            UnitUnderTest unit = queue.front();
            queue.pop_front();
            co_return unit;
        };
        std::vector<SocketResult> results;
        std::exception_ptr error;
        asio::co_spawn(io, engine->run(o), [&](std::exception_ptr e, std::vector<SocketResult> r) {
            error = e;
            results = std::move(r);
        });
        io.run();
        io.restart();
        if (error)
            std::rethrow_exception(error);
        bus.flush();
        return results;
    }

    const SocketResult* resultFor(const std::vector<SocketResult>& results, const std::string& serial) {
        for (const auto& r : results)
            if (r.serial == serial)
                return &r;
        return nullptr;
    }
};

} // namespace

TEST_F(SocketControlFixture, AbortOfOneSocketEndsOnlyItsUnitRunsItsCleanupAndTheSocketTakesTheNextUnit) {
    sequence->main = {action("On", callOf("psu", "setOutput", {{"channel", "1"}, {"on", "true"}})), wait("Soak", 5min)};
    bus.subscribe(std::make_shared<OnStepStarted>(1, "main/Soak", [this] { engine->requestAbort(1, "operator"); }),
                  "abort socket 1");
    scans[1] = {{"SN1", "PN1", "", ""}, {"SN3", "PN1", "", ""}};
    scans[2] = {{"SN2", "PN1", "", ""}};
    auto r = runScanned();
    ASSERT_EQ(r.size(), 3u);
    const SocketResult* aborted = resultFor(r, "SN1");
    ASSERT_TRUE(aborted);
    EXPECT_EQ(aborted->verdict, Verdict::Aborted);
    EXPECT_NE(aborted->reason.find("operator"), std::string::npos) << aborted->reason;
    ASSERT_TRUE(resultFor(r, "SN2"));
    EXPECT_EQ(resultFor(r, "SN2")->verdict, Verdict::Done) << "socket 2 ran on untouched";
    ASSERT_TRUE(resultFor(r, "SN3"));
    EXPECT_EQ(resultFor(r, "SN3")->socket, 1);
    EXPECT_EQ(resultFor(r, "SN3")->verdict, Verdict::Done) << "the next unit starts clean: the abort was SN1's";
    int cleanups = 0;
    for (const auto& f : recorder->finished)
        if (f.path == "cleanup/Output off" && f.socket == 1 && f.verdict == Verdict::Done)
            ++cleanups;
    EXPECT_EQ(cleanups, 2) << "cleanup ran after the aborted unit and after the next";
    // Socket 1's own supply: safe state after its abort, then once at the run's end; socket 2's only at the end.
    // The shared chamber is not put in its safe state while socket 2 still runs.
    EXPECT_EQ(psu.safeStates, 2);
    EXPECT_EQ(psu2.safeStates, 1);
    EXPECT_EQ(asks[1], 3) << "socket 1 asked for its first unit and again after each of its two units";
}

TEST_F(SocketControlFixture, AbortRequestForAnIdleSocketDoesNotReachItsNextUnit) {
    sequence->main = {action("Set", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "3"}}))};
    scans[1] = {{"SN1", "PN1", "", ""}};
    scans[2] = {};
    // Requested before the run: no unit is running on socket 1, so nothing is aborted.
    engine->requestAbort(1, "too early");
    auto r = runScanned();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].verdict, Verdict::Done) << r[0].reason;
    EXPECT_EQ(asks[2], 1);
}

TEST_F(SocketControlFixture, TerminateOfOneSocketFinishesItsStepAndLeavesTheOtherRunning) {
    sequence->main = {wait("Short", 20s),
                      action("After", callOf("psu", "setVoltage", {{"channel", "1"}, {"volts", "3"}}))};
    bus.subscribe(std::make_shared<OnStepStarted>(1, "main/Short", [this] { engine->requestTerminate(1); }),
                  "terminate socket 1");
    scans[1] = {{"SN1", "PN1", "", ""}};
    scans[2] = {{"SN2", "PN1", "", ""}};
    auto r = runScanned();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(resultFor(r, "SN1")->verdict, Verdict::Terminated);
    EXPECT_EQ(resultFor(r, "SN2")->verdict, Verdict::Done);
    int afters = 0;
    for (const auto& f : recorder->finished)
        if (f.path == "main/After") {
            ++afters;
            EXPECT_EQ(f.socket, 2);
        }
    EXPECT_EQ(afters, 1);
    EXPECT_EQ(psu.safeStates, 1) << "a terminate is not an abort: safe state only at the run's end";
}

TEST_F(SocketControlFixture, UnitSourceRunsNeedASocketCountAndRefuseTheBatchModel) {
    RunOptions o;
    o.sequence = sequence;
    o.unitSource = [](int) -> asio::awaitable<std::optional<UnitUnderTest>> { co_return std::nullopt; };
    for (auto [sockets, model] : {std::pair{0, ProcessModel::Parallel}, std::pair{2, ProcessModel::Batch}}) {
        o.sockets = sockets;
        o.model = model;
        std::exception_ptr error;
        asio::co_spawn(io, engine->run(o), [&](std::exception_ptr e, const std::vector<SocketResult>&) { error = e; });
        io.run();
        io.restart();
        ASSERT_TRUE(error);
        EXPECT_THROW(std::rethrow_exception(error), std::invalid_argument);
    }
}
