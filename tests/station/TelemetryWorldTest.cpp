// The live charts' data through the real simulated station: the engine runs a sequence on the simulated XPO bench
// (real drivers over loopback to the simulators and their one physical world), the SnapshotPublisher folds its
// events, and the telemetry must show physics, not constants: the supply current is ~0 with the module unpowered
// and the draw of a powered module after, and after the chamber's set point moves the chamber series moves toward
// it until it settles there.
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
#include <regex>
#include <sstream>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;
namespace asio = boost::asio;

using optiqual::test::callOf;
using optiqual::test::ex;

namespace {

// Slow enough that a wait_until's polls reach the bus (the engine shows at most ~10 readings a real second): the
// chamber's soak takes about 1.3 s of real time.
constexpr double kTimeScale = 300.0;

Step supplyCurrent(std::string name) {
    Step s;
    s.name = name;
    s.type = StepType::Measure;
    MeasurementSpec m;
    m.name = std::move(name);
    m.call = callOf("psu", "measureCurrent", {{"channel", "1"}});
    s.measurements = {m};
    return s;
}

Step wait(std::chrono::nanoseconds d) {
    Step s;
    s.name = "Settle";
    s.type = StepType::Wait;
    s.duration = d;
    return s;
}

struct TelemetryWorld : ::testing::Test {
    asio::io_context io;
    StationConfig config = parseStationConfig(test::shippedStationAt("sim-xpo.yaml", kTimeScale), "sim-xpo.yaml");
    std::unique_ptr<StationInstruments> station;
    EventBus bus;
    std::shared_ptr<SnapshotPublisher> snapshots;
    std::unique_ptr<Engine> engine;

    void SetUp() override {
        station = std::make_unique<StationInstruments>(config, io.get_executor());
        for (const auto& s : core::runSync(io, station->connectAll()))
            ASSERT_TRUE(s.connected) << s.name << ": " << s.error;
        SnapshotReducer::Options o;
        o.timeScale = kTimeScale;
        snapshots = std::make_shared<SnapshotPublisher>(o);
        bus.subscribe(snapshots, "snapshot");
        engine = std::make_unique<Engine>(io.get_executor(), bus, std::make_shared<core::Clock>(kTimeScale),
                                          std::vector<RoleBinding>{{"psu", 0, station->find("psu48")},
                                                                   {"chamber", 0, station->find("chamber")},
                                                                   {"chiller", 0, station->find("chiller")},
                                                                   {"fixture", 0, station->find("fixture")}});
    }
    void TearDown() override { bus.stop(); }
};

} // namespace

TEST_F(TelemetryWorld, SupplyCurrentFollowsTheModulesPowerAndTheChamberSeriesMovesToItsSetPoint) {
    auto seq = std::make_shared<Sequence>();
    seq->name = "telemetry";
    seq->contentHash = "telemetry-world";
    seq->roles = {{"psu", "PowerSupply", {}},
                  {"chamber", "ThermalChamber", {}},
                  {"chiller", "Chiller", {}},
                  {"fixture", "ModuleFixture", {}}};
    Step soak;
    soak.name = "Chamber at 60";
    soak.type = StepType::WaitUntil;
    soak.waitUntil = WaitUntilSpec{callOf("chamber", "temperature", {}), ex("60"), ex("1"), "degC", 1min, 120min, 10s};
    seq->main = {supplyCurrent("current_unpowered"),
                 test::actionStep("chiller", "setSetpoint", {{"degC", "25"}}),
                 test::actionStep("chiller", "setRunning", {{"running", "true"}}),
                 test::actionStep("psu", "setCurrentLimit", {{"channel", "1"}, {"amps", "12"}}),
                 test::actionStep("psu", "setVoltage", {{"channel", "1"}, {"volts", "48"}}),
                 test::actionStep("psu", "setOutput", {{"channel", "1"}, {"on", "true"}}),
                 test::actionStep("fixture", "setReset", {{"asserted", "false"}}),
                 test::actionStep("fixture", "setLowPowerMode", {{"on", "false"}}),
                 test::actionStep("fixture", "setModulePower", {{"on", "true"}}),
                 wait(60s),
                 supplyCurrent("current_powered"),
                 test::actionStep("chamber", "setRunning", {{"running", "true"}}),
                 test::actionStep("chamber", "setSetpoint", {{"degC", "60"}}),
                 soak};
    seq->cleanup = {test::actionStep("fixture", "setModulePower", {{"on", "false"}}),
                    test::actionStep("psu", "setOutput", {{"channel", "1"}, {"on", "false"}})};
    RunOptions o;
    o.sequence = seq;
    o.units = {{"TEL-1", "PN", "", ""}};
    const auto results = core::runSync(io, engine->run(o));
    ASSERT_EQ(results.size(), 1u);
    ASSERT_TRUE(isGood(results[0].verdict)) << results[0].reason << " at " << results[0].failedStep;
    bus.flush();

    const auto snapshot = snapshots->current();
    const SocketView* socket = snapshot->socket(1);
    ASSERT_NE(socket, nullptr);
    const SocketTelemetry& t = *socket->telemetry;

    const auto& current = t.of(TelemetryQuantity::SupplyCurrent).samples;
    ASSERT_EQ(current.size(), 2u) << "one sample per current measurement";
    EXPECT_LT(std::abs(current[0].value), 0.05) << "output off: nothing flows";
    EXPECT_GT(current[1].value, 0.5) << "a powered module draws from the 48 V supply";
    EXPECT_GT(current[1].t, current[0].t + 59) << "a simulated minute later";

    const auto& chamber = t.of(TelemetryQuantity::Chamber).samples;
    ASSERT_GE(chamber.size(), 6u) << "the soak's polls (about 13 at this scale)";
    EXPECT_GT(std::abs(chamber.front().value - 60), 10) << "it started far from the set point";
    EXPECT_LE(std::abs(chamber.back().value - 60), 1) << "and ended settled on it";
    for (std::size_t i = 1; i < chamber.size(); ++i) {
        EXPECT_GE(chamber[i].t, chamber[i - 1].t) << "in simulation time order";
        EXPECT_LE(std::abs(chamber[i].value - 60), std::abs(chamber[i - 1].value - 60) + 0.3)
            << "toward the set point, sample " << i;
    }
    EXPECT_TRUE(t.of(TelemetryQuantity::Coolant).samples.empty()) << "nothing read the coolant";
}
