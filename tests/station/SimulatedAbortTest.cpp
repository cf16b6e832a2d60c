// Abort and terminate against the simulated station: real drivers over loopback to the simulators. After every
// abort — at each step boundary, in the middle of a wait, in the middle of an instrument query — cleanup and the
// instruments' safe state must have run, checked on the simulators' own state through a separate connection:
// every supply output off and the chamber set back to its ambient set point.
#include "core/RunSync.h"
#include "station/Engine.h"
#include "station/StationInstruments.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

const char* kStation = R"(station: {name: ABORT-SIM, product_line: xpo, time_scale: 1000}
instruments:
  - {name: psu, model: E36312A, roles: [psu], simulate: true}
  - name: chamber
    model: F4T
    roles: [chamber]
    simulate: true
    settings: {ambient_setpoint: 23}
    faults: [{kind: latency, match: "PVALUE", latency: 3s}]
)";

Expression ex(std::string t) {
    return Expression{std::move(t), {"abort.yaml", 1, 1}};
}

Step call(std::string name, std::string role, std::string method,
          std::vector<std::pair<std::string, std::string>> args = {}) {
    Step s;
    s.name = std::move(name);
    s.type = StepType::Action;
    s.call = InstrumentCall{std::move(role), std::move(method), {}, {}};
    for (auto& [n, v] : args) {
        Argument a;
        a.name = n;
        a.value = ex(v);
        s.call->args.push_back(std::move(a));
    }
    return s;
}

Step custom(std::string name, std::string type) {
    Step s;
    s.name = std::move(name);
    s.type = StepType::Custom;
    s.customType = std::move(type);
    return s;
}

/// The steps that energise the station; an abort may come before, between or after any of them.
std::vector<Step> energise() {
    return {call("Chamber on", "chamber", "setRunning", {{"running", "true"}}),
            call("Chamber hot", "chamber", "setSetpoint", {{"degC", "85"}}),
            call("Set 5 V", "psu", "setVoltage", {{"channel", "1"}, {"volts", "5"}}),
            call("CH1 on", "psu", "setOutput", {{"channel", "1"}, {"on", "true"}}),
            call("CH2 on", "psu", "setOutput", {{"channel", "2"}, {"on", "true"}})};
}

struct SimulatedStation : ::testing::Test {
    asio::io_context io;
    StationConfig config = parseStationConfig(kStation, "abort.yaml");
    std::unique_ptr<StationInstruments> station;
    EventBus bus;
    std::unique_ptr<Engine> engine;
    std::shared_ptr<Sequence> sequence = std::make_shared<Sequence>();

    void SetUp() override {
        station = std::make_unique<StationInstruments>(config, io.get_executor());
        for (const auto& s : core::runSync(io, station->connectAll()))
            ASSERT_TRUE(s.connected) << s.error;
        engine = std::make_unique<Engine>(
            io.get_executor(), bus, std::make_shared<core::Clock>(1000.0),
            std::vector<RoleBinding>{{"psu", 0, station->find("psu")}, {"chamber", 0, station->find("chamber")}});
        engine->registerStepType("abort_here", [this](CustomStepContext&) -> asio::awaitable<Verdict> {
            engine->requestAbort("abort at a step boundary");
            co_return Verdict::Done;
        });
        sequence->name = "abort";
        sequence->roles = {{"psu", "PowerSupply", {}}, {"chamber", "ThermalChamber", {}}};
        // Cleanup switches only channel 1 off: channel 2 and the chamber rely on the safe state.
        sequence->cleanup = {call("CH1 off", "psu", "setOutput", {{"channel", "1"}, {"on", "false"}})};
    }

    std::vector<SocketResult> run() {
        RunOptions o;
        o.sequence = sequence;
        o.units = {{"SN1", "PN", "", ""}};
        return core::runSync(io, engine->run(o));
    }

    /// Asks the simulator itself, on a connection of its own.
    std::string ask(const std::string& name, const std::string& query) {
        instruments::SessionOptions so;
        so.name = "observer";
        instruments::ScpiSession observer(
            io.get_executor(), instruments::ResourceString::parse(station->simulators()->find(name)->resource), so);
        core::runSync(io, observer.connect());
        return core::runSync(io, observer.query(query));
    }

    void expectSafe() {
        EXPECT_EQ(ask("psu", "OUTP? (@1,2,3)"), "0,0,0") << "every output off";
        EXPECT_DOUBLE_EQ(std::stod(ask("chamber", ":SOURCE:CLOOP1:SPOINT?")), 23.0) << "chamber at ambient";
    }
};

} // namespace

TEST_F(SimulatedStation, AbortAtEveryStepBoundaryLeavesTheStationSafe) {
    const auto steps = energise();
    for (std::size_t k = 0; k <= steps.size(); ++k) {
        SCOPED_TRACE("abort before step " + std::to_string(k));
        sequence->main = steps;
        sequence->main.insert(sequence->main.begin() + std::ptrdiff_t(k), custom("Abort", "abort_here"));
        auto r = run();
        EXPECT_EQ(r[0].verdict, Verdict::Aborted);
        expectSafe();
    }
}

TEST_F(SimulatedStation, AbortDuringWaitLeavesTheStationSafe) {
    sequence->main = energise();
    Step soak;
    soak.name = "Soak";
    soak.type = StepType::Wait;
    soak.duration = 30min; // 1.8 s of wall time at 1000x
    sequence->main.push_back(soak);
    asio::steady_timer trigger(io, 50ms);
    trigger.async_wait([&](auto) { engine->requestAbort("SIGINT"); });
    const auto started = std::chrono::steady_clock::now();
    auto r = run();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
    EXPECT_EQ(r[0].verdict, Verdict::Aborted);
    expectSafe();
}

TEST_F(SimulatedStation, AbortDuringInstrumentQueryLeavesTheStationSafe) {
    sequence->main = energise();
    Step read;
    read.name = "Air temperature";
    read.type = StepType::Measure;
    MeasurementSpec m;
    m.name = "air";
    m.call = InstrumentCall{"chamber", "temperature", {}, {}};
    read.measurements = {m};
    sequence->main.push_back(read); // the simulator answers PVALUE? 3 s late (fault injection)
    asio::steady_timer trigger(io, 100ms);
    trigger.async_wait([&](auto) { engine->requestAbort("operator pressed Abort"); });
    const auto started = std::chrono::steady_clock::now();
    auto r = run();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms) << "the pending read was cancelled, not awaited";
    EXPECT_EQ(r[0].verdict, Verdict::Aborted);
    expectSafe(); // the chamber's session resynchronised (reconnected) before safe state
}

TEST_F(SimulatedStation, TerminateFinishesTheStepThenCleansUp) {
    sequence->main = energise();
    Step soak;
    soak.name = "Soak";
    soak.type = StepType::Wait;
    soak.duration = 60s;
    sequence->main.push_back(soak);
    sequence->main.push_back(call("Never", "psu", "setVoltage", {{"channel", "1"}, {"volts", "6"}}));
    asio::steady_timer trigger(io, 20ms);
    trigger.async_wait([&](auto) { engine->requestTerminate(); });
    auto r = run();
    EXPECT_EQ(r[0].verdict, Verdict::Terminated);
    EXPECT_DOUBLE_EQ(std::stod(ask("psu", "VOLT? (@1)")), 5.0) << "the step after the soak never ran";
    expectSafe();
}
