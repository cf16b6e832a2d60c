// The station-side telemetry monitor through the real simulated XPO bench: the engine runs a sequence that never reads
// the chamber or the supply current, and the monitor, polling beside it on the same io_context through the same
// drivers, fills the live charts' chamber and supply-current series between and during steps. It leaves an instrument
// a step holds alone, a hung instrument costs only its own polls (the steps keep their timing), and it stops at once.
#include "station/TelemetryMonitor.h"

#include "core/RunSync.h"
#include "station/Engine.h"
#include "station/SnapshotPublisher.h"
#include "station/StationInstruments.h"
#include "tests/station/SimulatedBench.h"
#include "tests/support/SequenceBuilders.h"

#include <boost/asio/io_context.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <mutex>
#include <regex>
#include <sstream>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// 300×: a simulated minute is 0.2 s. The monitor's 10 s period is under its 100 ms real-time floor here, so it polls
// every 100 ms real (30 simulated seconds); the Julabo chiller, which wants 250 ms between messages, every second.
constexpr double kTimeScale = 300.0;

Step wait(std::string name, std::chrono::nanoseconds d, std::vector<std::string> lease = {}) {
    Step s;
    s.name = std::move(name);
    s.type = StepType::Wait;
    s.duration = d;
    s.lease = std::move(lease);
    return s;
}

/// The steps the module needs to draw its full current: coolant flowing, supply on at 48 V, module out of reset and
/// powered.
std::vector<Step> powerUp() {
    return {test::actionStep("chiller", "setSetpoint", {{"degC", "25"}}),
            test::actionStep("chiller", "setRunning", {{"running", "true"}}),
            test::actionStep("psu", "setCurrentLimit", {{"channel", "1"}, {"amps", "12"}}),
            test::actionStep("psu", "setVoltage", {{"channel", "1"}, {"volts", "48"}}),
            test::actionStep("psu", "setOutput", {{"channel", "1"}, {"on", "true"}}),
            test::actionStep("fixture", "setReset", {{"asserted", "false"}}),
            test::actionStep("fixture", "setLowPowerMode", {{"on", "false"}}),
            test::actionStep("fixture", "setModulePower", {{"on", "true"}})};
}

/// Each step's start and end (wall time), by name, as the engine published them.
struct StepTimes : EventSink {
    std::mutex mutex;
    std::map<std::string, std::pair<WallTime, WallTime>> steps;
    void onEvent(const Event& event) override {
        if (const auto* e = std::get_if<StepFinished>(&event)) {
            std::lock_guard lock(mutex);
            steps[e->name] = {e->started, e->finished};
        }
    }
};

struct TelemetryMonitorWorld : ::testing::Test {
    asio::io_context io;
    std::string stationText = test::shippedStationAt("sim-xpo.yaml", kTimeScale);
    std::unique_ptr<StationConfig> config;
    std::unique_ptr<StationInstruments> station;
    EventBus bus;
    std::shared_ptr<SnapshotPublisher> snapshots;
    std::shared_ptr<StepTimes> times = std::make_shared<StepTimes>();
    std::shared_ptr<core::Clock> clock = std::make_shared<core::Clock>(kTimeScale);
    std::unique_ptr<Engine> engine;
    std::unique_ptr<TelemetryMonitor> monitor;
    std::chrono::steady_clock::duration stopTook{};

    /// Opens the bench (after a test edited stationText) and makes the engine and the monitor.
    void open(TelemetryMonitor::Options options = {}) {
        config = std::make_unique<StationConfig>(parseStationConfig(stationText, "sim-xpo.yaml"));
        station = std::make_unique<StationInstruments>(*config, io.get_executor());
        for (const auto& s : core::runSync(io, station->connectAll()))
            ASSERT_TRUE(s.connected) << s.name << ": " << s.error;
        SnapshotReducer::Options o;
        o.timeScale = kTimeScale;
        snapshots = std::make_shared<SnapshotPublisher>(o);
        bus.subscribe(snapshots, "snapshot");
        bus.subscribe(times, "times");
        engine = std::make_unique<Engine>(io.get_executor(), bus, clock,
                                          std::vector<RoleBinding>{{"psu", 0, station->find("psu48")},
                                                                   {"chamber", 0, station->find("chamber")},
                                                                   {"chiller", 0, station->find("chiller")},
                                                                   {"fixture", 0, station->find("fixture")}});
        monitor = std::make_unique<TelemetryMonitor>(
            io.get_executor(), bus, clock, engine->holds(),
            TelemetryMonitor::targetsFor(*config, [this](std::string_view n) { return station->find(n); }), options);
    }
    void TearDown() override { bus.stop(); }

    /// Runs @p main (and a cleanup that powers down) with the monitor polling beside it, as the panel does.
    std::vector<SocketResult> run(std::vector<Step> main) {
        auto seq = std::make_shared<Sequence>();
        seq->name = "monitor";
        seq->contentHash = "telemetry-monitor";
        seq->roles = {{"psu", "PowerSupply", {}},
                      {"chamber", "ThermalChamber", {}},
                      {"chiller", "Chiller", {}},
                      {"fixture", "ModuleFixture", {}}};
        seq->main = std::move(main);
        seq->cleanup = {test::actionStep("fixture", "setModulePower", {{"on", "false"}}),
                        test::actionStep("psu", "setOutput", {{"channel", "1"}, {"on", "false"}})};
        RunOptions o;
        o.sequence = seq;
        o.units = {{"MON-1", "PN", "", ""}};
        auto work = [&]() -> asio::awaitable<std::vector<SocketResult>> {
            monitor->start();
            auto results = co_await engine->run(o);
            const auto stopping = std::chrono::steady_clock::now();
            co_await monitor->stop();
            stopTook = std::chrono::steady_clock::now() - stopping;
            co_return results;
        };
        auto results = core::runSync(io, work());
        bus.flush();
        return results;
    }

    const SocketTelemetry& telemetry() {
        const SocketView* socket = snapshots->current()->socket(1);
        EXPECT_NE(socket, nullptr);
        return *socket->telemetry;
    }
    /// A step's start and end in the series' simulation seconds.
    std::pair<double, double> window(const SocketTelemetry& t, const std::string& step) {
        std::lock_guard lock(times->mutex);
        const auto it = times->steps.find(step);
        EXPECT_NE(it, times->steps.end()) << step;
        auto seconds = [&](WallTime w) { return std::chrono::duration<double>(w - t.origin).count() * kTimeScale; };
        return {seconds(it->second.first), seconds(it->second.second)};
    }
    const TelemetryMonitor::Stats& statsOf(TelemetryQuantity q) {
        for (std::size_t i = 0; i < monitor->targets().size(); ++i)
            if (monitor->targets()[i].quantity == q)
                return monitor->stats()[i];
        ADD_FAILURE() << "no target for " << toString(q);
        return monitor->stats().front();
    }
};

std::size_t samplesWithin(const TelemetrySeries& series, double from, double to) {
    return std::size_t(std::count_if(series.samples.begin(), series.samples.end(),
                                     [&](const TelemetrySample& s) { return s.t > from && s.t < to; }));
}

} // namespace

TEST_F(TelemetryMonitorWorld, TheWiringGivesTheChamberTheChillerAndTheSocketsSupplyChannel) {
    open();
    const auto& targets = monitor->targets();
    ASSERT_EQ(targets.size(), 3u);
    EXPECT_EQ(targets[0].quantity, TelemetryQuantity::Chamber);
    EXPECT_EQ(targets[0].instrument, station->find("chamber"));
    EXPECT_EQ(targets[1].quantity, TelemetryQuantity::Coolant);
    EXPECT_EQ(targets[1].instrument, station->find("chiller"));
    EXPECT_EQ(targets[2].quantity, TelemetryQuantity::SupplyCurrent);
    EXPECT_EQ(targets[2].instrument, station->find("psu48"));
    EXPECT_EQ(targets[2].channel, 1);
    EXPECT_EQ(targets[2].sockets, std::vector<int>{1});
    EXPECT_EQ(monitor->interval(targets[0]), std::chrono::milliseconds(100)) << "the real-time floor at 300x";
    EXPECT_EQ(monitor->interval(targets[1]), std::chrono::seconds(1)) << "four times the Julabo's 250 ms spacing";
}

TEST_F(TelemetryMonitorWorld, TheChamberTraceFollowsItsSetPointAndTheCurrentHasSamplesBetweenSteps) {
    open();
    auto main = powerUp();
    main.push_back(test::actionStep("chamber", "setRunning", {{"running", "true"}}));
    main.push_back(test::actionStep("chamber", "setSetpoint", {{"degC", "60"}}));
    main.push_back(wait("Soak", 10min));
    const auto results = run(main);
    ASSERT_EQ(results.size(), 1u);
    ASSERT_TRUE(isGood(results[0].verdict)) << results[0].reason << " at " << results[0].failedStep;

    // The sequence reads neither the chamber nor the current: every sample is the monitor's.
    const SocketTelemetry& t = telemetry();
    const auto [soakFrom, soakTo] = window(t, "Soak");
    // Up to the soak's end: then the run's safe state sends the chamber back to ambient, and the trace follows it.
    std::vector<TelemetrySample> chamber;
    for (const auto& s : t.of(TelemetryQuantity::Chamber).samples)
        if (s.t <= soakTo)
            chamber.push_back(s);
    ASSERT_GE(chamber.size(), 8u) << "about one every 30 simulated seconds over the 10-minute soak";
    EXPECT_GT(std::abs(chamber.front().value - 60), 10) << "it started far from the set point";
    EXPECT_LE(std::abs(chamber.back().value - 60), 2) << "and ended near it";
    for (std::size_t i = 1; i < chamber.size(); ++i) {
        EXPECT_GE(chamber[i].t, chamber[i - 1].t) << "in simulation time order";
        EXPECT_LE(std::abs(chamber[i].value - 60), std::abs(chamber[i - 1].value - 60) + 0.3)
            << "toward the set point, sample " << i;
    }
    const auto& current = t.of(TelemetryQuantity::SupplyCurrent);
    EXPECT_GE(samplesWithin(current, soakFrom, soakTo), 8u) << "while the sequence only waits";
    // The module takes its first simulated minute to power up (low power: about 0.1 A), then draws about 5 A.
    for (const auto& s : current.samples) {
        if (s.t > soakFrom + 60 && s.t < soakTo) {
            EXPECT_GT(s.value, 0.5) << "the powered module's draw at t = " << s.t;
        }
    }
    EXPECT_FALSE(t.of(TelemetryQuantity::Coolant).samples.empty()) << "the chiller's bath, polled every second";
    EXPECT_TRUE(t.of(TelemetryQuantity::Case).samples.empty()) << "never the DAQ";
    EXPECT_EQ(statsOf(TelemetryQuantity::Chamber).timeouts, 0u);
    // What a step could queue behind (BENCHMARKS.md quotes these lines).
    for (std::size_t i = 0; i < monitor->targets().size(); ++i) {
        const auto& st = monitor->stats()[i];
        if (st.readings == 0)
            continue;
        using us = std::chrono::duration<double, std::micro>;
        std::cout << "monitor poll " << toString(monitor->targets()[i].quantity) << " ("
                  << monitor->targets()[i].instrument->name() << "): " << st.readings << " readings, mean "
                  << us(st.pollTime).count() / double(st.readings) << " us, longest " << us(st.longestPoll).count()
                  << " us\n";
    }
}

TEST_F(TelemetryMonitorWorld, APollNeverTouchesAnInstrumentAStepHolds) {
    open();
    auto main = powerUp();
    main.push_back(wait("Supply held", 3min, {"psu"}));
    main.push_back(wait("Supply free", 3min));
    const auto results = run(main);
    ASSERT_EQ(results.size(), 1u);
    ASSERT_TRUE(isGood(results[0].verdict)) << results[0].reason;

    const SocketTelemetry& t = telemetry();
    const auto [heldFrom, heldTo] = window(t, "Supply held");
    const auto [freeFrom, freeTo] = window(t, "Supply free");
    const auto& current = t.of(TelemetryQuantity::SupplyCurrent);
    // A poll that started in the instant between the last power-up step and this one may land just inside (its reply
    // is stamped): 6 simulated seconds are 20 ms of real time, a fifth of the polling interval.
    EXPECT_EQ(samplesWithin(current, heldFrom + 6, heldTo), 0u) << "the step held the supply";
    EXPECT_GE(samplesWithin(current, freeFrom, freeTo), 3u) << "once free, polled again";
    EXPECT_GE(samplesWithin(t.of(TelemetryQuantity::Chamber), heldFrom, heldTo), 3u) << "the monitor kept running";
    EXPECT_GE(statsOf(TelemetryQuantity::SupplyCurrent).skippedHeld, 3u);
}

TEST_F(TelemetryMonitorWorld, AHungChillerCostsOnlyItsOwnPollsAndTheStepsKeepTheirTiming) {
    // The chiller never answers its bath temperature (the monitor's query; the sequence does not use the chiller).
    const std::string anchor = "    sim_serial: true\n";
    const auto at = stationText.find(anchor);
    ASSERT_NE(at, std::string::npos) << "the shipped station file changed: the chiller's entry not found";
    stationText.insert(at + anchor.size(), "    faults: [{kind: no_reply, match: \"in_pv_00\"}]\n");
    TelemetryMonitor::Options options;
    options.pollTimeout = 200ms;
    open(options);
    auto main = powerUp();
    for (int i = 1; i <= 4; ++i)
        main.push_back(wait("Wait " + std::to_string(i), 3min)); // 0.6 s real each
    const auto results = run(main);
    ASSERT_EQ(results.size(), 1u);
    ASSERT_TRUE(isGood(results[0].verdict)) << results[0].reason;

    const SocketTelemetry& t = telemetry();
    for (int i = 1; i <= 4; ++i) {
        const auto [from, to] = window(t, "Wait " + std::to_string(i));
        EXPECT_NEAR(to - from, 180, 0.15 * kTimeScale)
            << "Wait " << i << " took its 3 simulated minutes (150 ms slack)";
    }
    const auto& coolant = statsOf(TelemetryQuantity::Coolant);
    EXPECT_GE(coolant.timeouts, 1u);
    EXPECT_EQ(coolant.readings, 0u);
    EXPECT_TRUE(t.of(TelemetryQuantity::Coolant).samples.empty());
    EXPECT_GE(statsOf(TelemetryQuantity::Chamber).readings, 15u) << "the other targets kept polling";
    EXPECT_GE(statsOf(TelemetryQuantity::SupplyCurrent).readings, 15u);
    EXPECT_LT(stopTook, 100ms) << "stop cancels a poll in flight instead of waiting out its timeout";
}

TEST_F(TelemetryMonitorWorld, APeriodOfZeroPollsNothing) {
    TelemetryMonitor::Options options;
    options.period = 0s;
    open(options);
    auto main = powerUp();
    main.push_back(wait("Settle", 2min));
    ASSERT_EQ(run(main).size(), 1u);
    for (const auto& s : monitor->stats())
        EXPECT_EQ(s.readings + s.skippedBusy + s.skippedHeld + s.timeouts + s.errors, 0u);
    EXPECT_TRUE(telemetry().of(TelemetryQuantity::Chamber).samples.empty());
}
