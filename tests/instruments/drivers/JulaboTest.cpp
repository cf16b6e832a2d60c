#include "instruments/drivers/JulaboChiller.h"
#include "instruments/sim/devices/JulaboSimulator.h"
#include "instruments/sim/devices/ThermalSimulators.h"
#include "instruments/sim/scpi/SimServer.h"
#include "instruments/sim/world/ConstantHeatLoad.h"
#include "tests/instruments/drivers/ThermalTestSupport.h"

#include <boost/asio/io_context.hpp>
#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::thermal;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

JulaboModel fp51() {
    return {"FP51-SL", -51.0, 200.0, true, "baud=4800&data=7&parity=even&stop=1"};
}
JulaboModel fl1201() {
    return {"FL1201", -20.0, 40.0, false, "baud=9600&data=8&parity=none&stop=1&flow=xonxoff"};
}

const std::string kVersion = "JULABO HIGHTECH FL HL/SL VERSION 4.0";

/// A byte-exact Julabo line (commands end CR, replies CR LF) with the driver connected.
struct JulaboWire {
    asio::io_context io;
    WireScript script;
    JulaboChiller chiller;
    JulaboWire(std::vector<Exchange> then, SessionOptions options = fastOptions("chiller"), JulaboModel model = fp51())
        : script(io, prepend({{"version", kVersion}}, std::move(then)), "\r", "\r\n"),
          chiller(makeSession(io, script.resource(), std::move(options)), model) {
        chiller.session().setCommandSpacing(0ms); // the fake needs no spacing
        runAwaitable(io, chiller.connect());
    }
    static std::vector<Exchange> prepend(std::vector<Exchange> first, std::vector<Exchange> then) {
        first.insert(first.end(), then.begin(), then.end());
        return first;
    }
};

SessionOptions checkedOptions() {
    auto options = fastOptions("chiller");
    options.checked = true;
    return options;
}

} // namespace

TEST(ThermalWireJulabo, EveryMethodByteExact) {
    JulaboWire w({{"out_sp_00 18.50", std::nullopt},
                  {"in_sp_00", "18.50"},
                  {"in_pv_00", "19.87"},
                  {"in_pv_02", "21.03"},
                  {"out_mode_05 1", std::nullopt},
                  {"in_mode_05", "1"},
                  {"out_mode_05 0", std::nullopt},
                  {"in_mode_05", "0"},
                  {"status", "02 REMOTE STOP"},
                  {"out_sp_00 -10.00", std::nullopt}});
    EXPECT_EQ(w.chiller.identity().manufacturer, "JULABO");
    EXPECT_EQ(w.chiller.identity().model, "HIGHTECH FL HL/SL");
    EXPECT_EQ(w.chiller.identity().firmware, "4.0");
    EXPECT_FALSE(w.chiller.session().options().hasErrorQueue);
    runAwaitable(w.io, w.chiller.setSetpoint(18.5));
    EXPECT_DOUBLE_EQ(runAwaitable(w.io, w.chiller.setpoint()), 18.5);
    EXPECT_DOUBLE_EQ(runAwaitable(w.io, w.chiller.bathTemperature()), 19.87);
    EXPECT_DOUBLE_EQ(runAwaitable(w.io, w.chiller.externalTemperature()), 21.03);
    runAwaitable(w.io, w.chiller.setRunning(true));
    EXPECT_TRUE(runAwaitable(w.io, w.chiller.running()));
    runAwaitable(w.io, w.chiller.setRunning(false));
    EXPECT_FALSE(runAwaitable(w.io, w.chiller.running()));
    const auto status = runAwaitable(w.io, w.chiller.status());
    EXPECT_EQ(status.code, 2);
    EXPECT_EQ(status.text, "REMOTE STOP");
    runAwaitable(w.io, w.chiller.setSetpoint(-10.0));
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireJulabo, SafeStateSetsAmbientAndLeavesThePumpRunning) {
    JulaboWire w({{"out_sp_00 25.00", std::nullopt}});
    runAwaitable(w.io, w.chiller.safeState());
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireJulabo, CheckedModeReadsStatusAfterEachOutCommand) {
    JulaboWire w({{"out_sp_00 150.00", std::nullopt},
                  {"status", "-11 VALUE TOO LARGE"},
                  {"out_mode_05 1", std::nullopt},
                  {"status", "03 REMOTE START"}},
                 checkedOptions());
    auto e = expectError(w.io, w.chiller.setSetpoint(150.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -11);
    EXPECT_EQ(e.command(), "out_sp_00 150.00");
    EXPECT_NE(e.instrument().find("chiller"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("-11 VALUE TOO LARGE"), std::string::npos) << e.what();
    runAwaitable(w.io, w.chiller.setRunning(true));
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireJulabo, ErrorTextInPlaceOfAReadingIsInstrumentReported) {
    JulaboWire w({{"in_pv_02", "-08 INVALID COMMAND"}, {"in_pv_00", "hot"}, {"status", "READY"}});
    auto e = expectError(w.io, w.chiller.externalTemperature());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -8);
    EXPECT_EQ(e.command(), "in_pv_02");
    EXPECT_EQ(expectError(w.io, w.chiller.bathTemperature()).kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(expectError(w.io, w.chiller.status()).kind(), InstrumentErrorKind::Protocol);
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireJulabo, RangeIsCheckedHostSideAndAModelWithoutSensorReadsNaN) {
    JulaboWire w({}, fastOptions("chiller"), fl1201());
    auto e = expectError(w.io, w.chiller.setSetpoint(45.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "out_sp_00 45.00");
    EXPECT_TRUE(std::isnan(runAwaitable(w.io, w.chiller.externalTemperature())));
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireJulabo, IdentityMustBeJulaboAndDefaultTerminatorsAreCrAndCrLf) {
    asio::io_context io;
    {
        WireScript script(io, {{"version", "LAUDA ECO RE 415"}}, "\r", "\r\n");
        JulaboChiller chiller(makeSession(io, script.resource()), fp51());
        chiller.session().setCommandSpacing(0ms);
        EXPECT_EQ(expectError(io, chiller.connect()).kind(), InstrumentErrorKind::Configuration);
    }
    {
        WireScript script(io, {{"version", kVersion}, {"in_pv_00", " 20.01"}}, "\r", "\r\n");
        JulaboChiller chiller(makeSession(io, withoutOptions(script.resource())), fp51());
        chiller.session().setCommandSpacing(0ms);
        runAwaitable(io, chiller.connect());
        EXPECT_DOUBLE_EQ(runAwaitable(io, chiller.bathTemperature()), 20.01);
        EXPECT_TRUE(script.awaitComplete()) << script.report();
    }
}

TEST(ThermalWireJulabo, CommandSpacingDefaultsTo250msAndAStationSettingWins) {
    asio::io_context io;
    JulaboChiller plain(makeSession(io, "TCPIP0::127.0.0.1::1::SOCKET"), fp51());
    EXPECT_EQ(plain.session().options().commandSpacing, 250ms);
    auto options = fastOptions();
    options.commandSpacing = 400ms;
    JulaboChiller configured(makeSession(io, "TCPIP0::127.0.0.1::1::SOCKET", options), fp51());
    EXPECT_EQ(configured.session().options().commandSpacing, 400ms);
    configured.session().setCommandSpacing(300ms);
    EXPECT_EQ(configured.session().options().commandSpacing, 300ms);
}

TEST(ThermalWireJulabo, CommandsAreKeptApartOnTheWire) {
    JulaboWire w({{"out_sp_00 20.00", std::nullopt}, {"out_mode_05 1", std::nullopt}, {"in_mode_05", "1"}});
    w.chiller.session().setCommandSpacing(40ms);
    const auto start = std::chrono::steady_clock::now();
    runAwaitable(w.io, w.chiller.setSetpoint(20.0));
    runAwaitable(w.io, w.chiller.setRunning(true));
    EXPECT_TRUE(runAwaitable(w.io, w.chiller.running()));
    // connect's `version` came first: three more messages, each at least 40 ms after the one before.
    EXPECT_GE(std::chrono::steady_clock::now() - start, 120ms);
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireJulabo, FactoryAndSerialDefaults) {
    asio::io_context io;
    EXPECT_EQ(julaboModels(), (std::vector<std::string_view>{"JULABO", "FP51-SL", "FL1201"}));
    EXPECT_EQ(julaboSerialOptions("FP51-SL"), "baud=4800&data=7&parity=even&stop=1");
    EXPECT_EQ(julaboSerialOptions("FL1201"), "baud=9600&data=8&parity=none&stop=1&flow=xonxoff");
    auto resource = ResourceString::parse("ASRL/dev/ttyUSB0::INSTR?" + std::string(julaboSerialOptions("FP51-SL")));
    EXPECT_EQ(resource.serial.baud, 4800u);
    EXPECT_EQ(resource.serial.dataBits, 7u);
    EXPECT_EQ(resource.serial.parity, Parity::Even);
    auto made = makeJulabo("FL1201", makeSession(io, "TCPIP0::127.0.0.1::1::SOCKET"));
    EXPECT_EQ(made->instrumentClass(), InstrumentClass::Chiller);
    EXPECT_THROW(makeJulabo("F25", makeSession(io, "TCPIP0::127.0.0.1::1::SOCKET")), InstrumentError);
}

namespace {

/// A simulated FP51-SL on a pseudo-terminal, fast clock.
struct ThermalSimJulaboPty : ::testing::Test {
    asio::io_context io;
    sim::SimContext context{std::make_shared<core::Clock>(100000.0), 5, "JULABO1"};
    std::shared_ptr<sim::ConstantHeatLoad> load = std::make_shared<sim::ConstantHeatLoad>(500.0, 2.0);
    std::shared_ptr<sim::JulaboSimulator> device;
    std::unique_ptr<sim::SimServer> server;
    std::unique_ptr<JulaboChiller> chiller;

    void start(sim::JulaboSimulatorConfig config = {}, SessionOptions options = fastOptions("chiller")) {
        device = std::make_shared<sim::JulaboSimulator>(context, config, nullptr, load);
        server = std::make_unique<sim::SimServer>(io.get_executor(), device, "julabo");
        const std::string path = server->openPty();
        // The FP51-SL's own line is 4800 7E1, but pseudo-terminals on this kernel refuse 7 data bits and parity
        // (tcsetattr gives EINVAL); a pty has no line discipline to honour them anyway, so 4800 8N1 here.
        chiller = std::make_unique<JulaboChiller>(
            makeSession(io, "ASRL" + path + "::INSTR?baud=4800&data=8&parity=none&stop=1", options), fp51());
        chiller->session().setCommandSpacing(0ms); // the simulator needs no spacing
        runAwaitable(io, chiller->connect());
    }
    /// Polls @p read until it is within @p band of @p target; the number of queries, or -1.
    template <typename Read> int settle(Read read, double target, double band, int maxQueries = 20000) {
        auto poll = [&]() -> asio::awaitable<int> {
            for (int i = 1; i <= maxQueries; ++i)
                if (std::abs(co_await read() - target) <= band)
                    co_return i;
            co_return -1;
        };
        return runAwaitable(io, poll());
    }
};

} // namespace

TEST_F(ThermalSimJulaboPty, BathFollowsTheSetpointAndTheLoadWarmsTheReturn) {
    start();
    EXPECT_EQ(chiller->identity().raw, "JULABO HIGHTECH FL HL/SL VERSION 4.0");
    runAwaitable(io, chiller->setSetpoint(15.0));
    EXPECT_DOUBLE_EQ(runAwaitable(io, chiller->setpoint()), 15.0);
    EXPECT_FALSE(runAwaitable(io, chiller->running()));
    EXPECT_NEAR(runAwaitable(io, chiller->bathTemperature()), 25.0, 0.05) << "stopped: still at ambient";
    runAwaitable(io, chiller->setRunning(true));
    EXPECT_TRUE(runAwaitable(io, chiller->running()));
    EXPECT_TRUE(device->remote());
    EXPECT_GT(settle([&] { return chiller->bathTemperature(); }, 15.0, 0.01), 0);
    const double rise = 500.0 / (2.0 / 60.0 * 4186.0);
    EXPECT_NEAR(runAwaitable(io, chiller->externalTemperature()), 15.0 + rise, 0.02);
    EXPECT_EQ(runAwaitable(io, chiller->status()).text, "REMOTE START");
    // Stopped, the bath drifts back to ambient.
    runAwaitable(io, chiller->setRunning(false));
    EXPECT_GT(settle([&] { return chiller->bathTemperature(); }, 25.0, 0.05), 0);
}

TEST_F(ThermalSimJulaboPty, SimulatorRejectsOutOfItsRangeAsNegativeStatusKeepingState) {
    sim::JulaboSimulatorConfig narrow;
    narrow.maxSetpoint = 30.0;
    auto options = fastOptions("chiller");
    options.checked = true;
    start(narrow, options);
    runAwaitable(io, chiller->setSetpoint(20.0));
    auto e = expectError(io, chiller->setSetpoint(35.0)); // allowed by the FP51-SL model data, not this unit
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -11);
    EXPECT_EQ(e.command(), "out_sp_00 35.00");
    EXPECT_DOUBLE_EQ(device->setpoint(), 20.0);
    EXPECT_DOUBLE_EQ(runAwaitable(io, chiller->setpoint()), 20.0);
}

TEST_F(ThermalSimJulaboPty, SafeStateKeepsCirculationRunning) {
    start();
    runAwaitable(io, chiller->setSetpoint(5.0));
    runAwaitable(io, chiller->setRunning(true));
    chiller->setAmbientSetpoint(21.0);
    runAwaitable(io, chiller->safeState());
    EXPECT_DOUBLE_EQ(runAwaitable(io, chiller->setpoint()), 21.0);
    EXPECT_DOUBLE_EQ(device->setpoint(), 21.0);
    EXPECT_TRUE(device->running());
}

TEST(ThermalSimJulabo, RepliesOfTheProtocol) {
    sim::SimContext context;
    sim::JulaboSimulator julabo(context);
    EXPECT_EQ(*julabo.handleMessage("version"), "JULABO HIGHTECH FL HL/SL VERSION 4.0");
    EXPECT_EQ(*julabo.handleMessage("status"), "00 MANUAL STOP");
    EXPECT_EQ(*julabo.handleMessage("IN_SP_00"), "25.00") << "case does not matter";
    EXPECT_EQ(julabo.handleMessage("out_sp_00 -12.5"), std::nullopt);
    EXPECT_EQ(*julabo.handleMessage("in_sp_00"), "-12.50");
    EXPECT_EQ(*julabo.handleMessage("status"), "02 REMOTE STOP");
    julabo.handleMessage("out_sp_00 -60");
    EXPECT_EQ(*julabo.handleMessage("status"), "-10 VALUE TOO SMALL");
    EXPECT_EQ(*julabo.handleMessage("status"), "02 REMOTE STOP") << "reading the status clears the error";
    julabo.handleMessage("out_sp_00 250");
    EXPECT_EQ(*julabo.handleMessage("status"), "-11 VALUE TOO LARGE");
    julabo.handleMessage("out_mode_05 2");
    EXPECT_EQ(*julabo.handleMessage("status"), "-08 INVALID COMMAND");
    julabo.handleMessage("out_sp_00 abc");
    EXPECT_EQ(*julabo.handleMessage("status"), "-08 INVALID COMMAND");
    EXPECT_DOUBLE_EQ(julabo.setpoint(), -12.5);
    EXPECT_FALSE(julabo.running());
    julabo.handleMessage("out_mode_05 1");
    EXPECT_EQ(*julabo.handleMessage("in_mode_05"), "1");
    EXPECT_EQ(*julabo.handleMessage("status"), "03 REMOTE START");
    EXPECT_EQ(*julabo.handleMessage("in_pv_99"), "-08 INVALID COMMAND");
    EXPECT_EQ(julabo.inputTerminator(), "\r");
    EXPECT_EQ(julabo.outputTerminator(), "\r\n");
    auto fl = sim::makeThermalSimulator("FL1201", context);
    EXPECT_EQ(*fl->handleMessage("in_pv_02"), "-08 INVALID COMMAND") << "no external sensor";
}

TEST(ThermalSimJulabo, BathIsFirstOrderWithTheConfiguredTimeConstant) {
    sim::SimContext context{std::make_shared<core::Clock>(1.0)};
    sim::JulaboSimulatorConfig config;
    auto plant = std::make_shared<sim::FirstOrderThermalPlant>(config.plant);
    sim::JulaboSimulator julabo(context, config, plant);
    julabo.handleMessage("out_sp_00 5");
    julabo.handleMessage("out_mode_05 1");
    // Drive the plant on its own time axis: one time constant (120 s) after the start, 1/e of the step remains.
    const double start = context.clock->seconds();
    EXPECT_NEAR(plant->temperature(start + 120.0), 5.0 + 20.0 * std::exp(-1.0), 0.01);
    EXPECT_NEAR(plant->temperature(start + 1200.0), 5.0, 0.01);
}
