#include "instruments/drivers/WatlowF4tThermalChamber.h"
#include "instruments/sim/devices/ThermalSimulators.h"
#include "instruments/sim/devices/WatlowF4tSimulator.h"
#include "instruments/sim/scpi/SimServer.h"
#include "tests/instruments/drivers/ThermalTestSupport.h"

#include <boost/asio/io_context.hpp>
#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::thermal;
namespace asio = boost::asio;

namespace {

const std::string kIdn = "Watlow,F4T,SN12345,04.07.0012";

WatlowF4tModel f4t() {
    return {"F4T", -70.0, 180.0, 1};
}

std::vector<Exchange> connectF4t(const std::string& unit = "C") {
    auto script = connectExchanges(kIdn);
    script.push_back({":UNIT:TEMPERATURE?", unit});
    return script;
}

std::vector<Exchange> operator+(std::vector<Exchange> a, const std::vector<Exchange>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

TEST(ThermalWireF4t, EveryMethodByteExact) {
    asio::io_context io;
    WireScript script(io, connectF4t() + std::vector<Exchange>{
                                             {":SOURCE:CLOOP1:SPOINT 85.5", std::nullopt},
                                             {":SOURCE:CLOOP1:SPOINT?", "85.5"},
                                             {":SOURCE:CLOOP1:PVALUE?", "23.4"},
                                             {":SOURCE:CLOOP1:RSCALE MINUTES", std::nullopt},
                                             {":SOURCE:CLOOP1:RRATE 2.50", std::nullopt},
                                             {":SOURCE:CLOOP1:RACTION SETPOINT", std::nullopt},
                                             {":SOURCE:CLOOP1:RACTION OFF", std::nullopt},
                                             {":OUTPUT1:STATE ON", std::nullopt},
                                             {":OUTPUT1:STATE?", "ON"},
                                             {":OUTPUT1:STATE OFF", std::nullopt},
                                             {":OUTPUT1:STATE?", "OFF"},
                                             {":SOURCE:CLOOP1:SPOINT -40.0", std::nullopt},
                                         });
    WatlowF4tThermalChamber chamber(makeSession(io, script.resource()), f4t());
    runAwaitable(io, chamber.connect());
    EXPECT_EQ(chamber.identity().model, "F4T");
    EXPECT_EQ(chamber.identity().serial, "SN12345");
    EXPECT_FALSE(chamber.fahrenheit());
    runAwaitable(io, chamber.setSetpoint(85.5));
    EXPECT_DOUBLE_EQ(runAwaitable(io, chamber.setpoint()), 85.5);
    EXPECT_DOUBLE_EQ(runAwaitable(io, chamber.temperature()), 23.4);
    runAwaitable(io, chamber.setRampRate(2.5));
    runAwaitable(io, chamber.setRampRate(0.0));
    runAwaitable(io, chamber.setRunning(true));
    EXPECT_TRUE(runAwaitable(io, chamber.running()));
    runAwaitable(io, chamber.setRunning(false));
    EXPECT_FALSE(runAwaitable(io, chamber.running()));
    runAwaitable(io, chamber.setSetpoint(-40.0));
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(ThermalWireF4t, SafeStateReturnsToAmbientWithTheLoopRunning) {
    asio::io_context io;
    WireScript script(io, connectF4t() + std::vector<Exchange>{{":SOURCE:CLOOP1:SPOINT 23.0", std::nullopt},
                                                               {":OUTPUT1:STATE ON", std::nullopt}});
    WatlowF4tThermalChamber chamber(makeSession(io, script.resource()), f4t());
    chamber.setAmbientSetpoint(23.0);
    runAwaitable(io, chamber.connect());
    runAwaitable(io, chamber.safeState());
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(ThermalWireF4t, FahrenheitControllerIsConvertedBothWays) {
    asio::io_context io;
    WireScript script(io, connectF4t("F") + std::vector<Exchange>{
                                                {":SOURCE:CLOOP1:SPOINT 77.0", std::nullopt},
                                                {":SOURCE:CLOOP1:SPOINT?", "-40.0"},
                                                {":SOURCE:CLOOP1:PVALUE?", "212.0"},
                                                {":SOURCE:CLOOP1:RSCALE MINUTES", std::nullopt},
                                                {":SOURCE:CLOOP1:RRATE 3.60", std::nullopt},
                                                {":SOURCE:CLOOP1:RACTION SETPOINT", std::nullopt},
                                            });
    WatlowF4tThermalChamber chamber(makeSession(io, script.resource()), f4t());
    runAwaitable(io, chamber.connect());
    EXPECT_TRUE(chamber.fahrenheit());
    runAwaitable(io, chamber.setSetpoint(25.0));
    EXPECT_NEAR(runAwaitable(io, chamber.setpoint()), -40.0, 1e-9);
    EXPECT_NEAR(runAwaitable(io, chamber.temperature()), 100.0, 1e-9);
    runAwaitable(io, chamber.setRampRate(2.0));
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(ThermalWireF4t, RunOutputIsConfigurable) {
    asio::io_context io;
    WireScript script(io, connectF4t() +
                              std::vector<Exchange>{{":OUTPUT3:STATE ON", std::nullopt}, {":OUTPUT3:STATE?", "ON"}});
    WatlowF4tThermalChamber chamber(makeSession(io, script.resource()), f4t());
    chamber.setRunOutput(3);
    runAwaitable(io, chamber.connect());
    runAwaitable(io, chamber.setRunning(true));
    EXPECT_TRUE(runAwaitable(io, chamber.running()));
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(ThermalWireF4t, OutOfRangeIsRejectedBeforeAnythingIsSent) {
    asio::io_context io;
    WireScript script(io, connectF4t());
    WatlowF4tThermalChamber chamber(makeSession(io, script.resource(), fastOptions("chamber")), f4t());
    runAwaitable(io, chamber.connect());
    for (double bad : {180.5, -70.1, std::nan("")}) {
        auto e = expectError(io, chamber.setSetpoint(bad));
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
        EXPECT_NE(e.instrument().find("chamber"), std::string::npos);
        EXPECT_NE(e.command().find(":SOURCE:CLOOP1:SPOINT"), std::string::npos) << e.command();
    }
    EXPECT_EQ(expectError(io, chamber.setRampRate(-1.0)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(ThermalWireF4t, CheckedModeTurnsTheErrorQueueIntoInstrumentReported) {
    asio::io_context io;
    WireScript script(io, connectF4t() + std::vector<Exchange>{
                                             {":SOURCE:CLOOP1:SPOINT 150.0", std::nullopt},
                                             {"SYST:ERR?", "-222,\"Data out of range\""},
                                             {"SYST:ERR?", "+0,\"No error\""},
                                         });
    auto options = fastOptions("chamber");
    options.checked = true;
    WatlowF4tThermalChamber chamber(makeSession(io, script.resource(), options), f4t());
    runAwaitable(io, chamber.connect());
    auto e = expectError(io, chamber.setSetpoint(150.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(e.command(), ":SOURCE:CLOOP1:SPOINT 150.0");
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(ThermalWireF4t, WrongModelOrUnitReplyFailsConnect) {
    asio::io_context io;
    {
        WireScript script(io, {{"*IDN?", "Keysight Technologies,E36312A,MY1,1.0"}});
        WatlowF4tThermalChamber chamber(makeSession(io, script.resource()), f4t());
        EXPECT_EQ(expectError(io, chamber.connect()).kind(), InstrumentErrorKind::Configuration);
    }
    {
        WireScript script(io, connectF4t("K"));
        WatlowF4tThermalChamber chamber(makeSession(io, script.resource()), f4t());
        auto e = expectError(io, chamber.connect());
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
        EXPECT_EQ(e.command(), ":UNIT:TEMPERATURE?");
    }
}

TEST(ThermalWireF4t, FactoryKnowsItsModels) {
    asio::io_context io;
    EXPECT_EQ(watlowF4tModels(), std::vector<std::string_view>{"F4T"});
    auto made = makeWatlowF4t("F4T", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
    ASSERT_NE(made, nullptr);
    EXPECT_EQ(made->instrumentClass(), InstrumentClass::ThermalChamber);
    EXPECT_EQ(made->model(), "F4T");
    try {
        makeWatlowF4t("F4", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
        FAIL();
    } catch (const InstrumentError& e) {
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    }
}

namespace {

/// A simulated F4T on loopback with its driver connected, on a clock @p scale times faster than real time.
struct ThermalSimF4tLoopback : ::testing::Test {
    asio::io_context io;
    sim::SimContext context{std::make_shared<core::Clock>(20000.0), 7, "F4TSIM42"};
    std::shared_ptr<sim::WatlowF4tSimulator> device = std::make_shared<sim::WatlowF4tSimulator>(context);
    sim::SimServer server{io.get_executor(), device, "f4t"};
    std::unique_ptr<WatlowF4tThermalChamber> chamber;

    void SetUp() override {
        server.listenTcp(0);
        connect();
    }
    void connect(SessionOptions options = fastOptions("chamber")) {
        chamber = std::make_unique<WatlowF4tThermalChamber>(makeSession(io, server.resourceString(), options), f4t());
        runAwaitable(io, chamber->connect());
    }
    /// Orders the test after everything the driver sent: the simulator answers *OPC? only after the messages
    /// before it.
    void sync() { EXPECT_EQ(runAwaitable(io, chamber->session().query("*OPC?")), "1"); }
    /// Polls the process value until it is within @p band of @p target; returns the number of queries or -1.
    int settle(double target, double band, int maxQueries = 20000) {
        auto poll = [&]() -> asio::awaitable<int> {
            for (int i = 1; i <= maxQueries; ++i)
                if (std::abs(co_await chamber->temperature() - target) <= band)
                    co_return i;
            co_return -1;
        };
        return runAwaitable(io, poll());
    }
};

} // namespace

TEST_F(ThermalSimF4tLoopback, DriverRunsTheChamberToItsSetpoint) {
    EXPECT_EQ(chamber->identity().serial, "F4TSIM42");
    EXPECT_EQ(chamber->identity().firmware, "04.07.0012");
    runAwaitable(io, chamber->setSetpoint(30.0));
    sync();
    EXPECT_DOUBLE_EQ(device->setpoint(), 30.0);
    EXPECT_DOUBLE_EQ(runAwaitable(io, chamber->setpoint()), 30.0);
    EXPECT_FALSE(runAwaitable(io, chamber->running()));
    // Stopped: the air stays at ambient, far from the set point.
    EXPECT_NEAR(runAwaitable(io, chamber->temperature()), 25.0, 0.2);
    runAwaitable(io, chamber->setRunning(true));
    sync();
    EXPECT_TRUE(device->running());
    EXPECT_TRUE(runAwaitable(io, chamber->running()));
    EXPECT_GT(settle(30.0, 0.1), 0) << "the air never reached the set point";
}

TEST_F(ThermalSimF4tLoopback, SafeStateIsVisibleInTheSimulator) {
    runAwaitable(io, chamber->setSetpoint(85.0));
    chamber->setAmbientSetpoint(22.0);
    runAwaitable(io, chamber->safeState());
    sync();
    EXPECT_DOUBLE_EQ(device->setpoint(), 22.0);
    EXPECT_TRUE(device->running());
    EXPECT_TRUE(device->outputOn(1));
}

TEST_F(ThermalSimF4tLoopback, RampRateSlowsTheActiveSetpoint) {
    runAwaitable(io, chamber->setRunning(true));
    // 0.01 °C/min is 0.6 °C per simulated hour; at ×20000 the 35 °C climb would take over 4 s of wall time.
    runAwaitable(io, chamber->setRampRate(0.01));
    sync();
    EXPECT_EQ(device->rampAction(), "SETPOINT");
    EXPECT_NEAR(device->rampRate(), 0.01, 1e-9);
    runAwaitable(io, chamber->setSetpoint(60.0));
    const double active = runAwaitable(io, chamber->setpoint());
    EXPECT_GE(active, 24.0);
    EXPECT_LT(active, 40.0) << "the active set point should ramp, not jump";
    runAwaitable(io, chamber->setRampRate(0.0));
    sync();
    EXPECT_EQ(device->rampAction(), "OFF");
    EXPECT_DOUBLE_EQ(runAwaitable(io, chamber->setpoint()), 60.0);
}

TEST_F(ThermalSimF4tLoopback, InstrumentRejectsOutOfRangeAndKeepsState) {
    runAwaitable(io, chamber->setSetpoint(40.0));
    chamber->session().setChecked(true);
    auto e = expectError(io, chamber->session().write(":SOURCE:CLOOP1:SPOINT 181"));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(e.command(), ":SOURCE:CLOOP1:SPOINT 181");
    EXPECT_NE(e.instrument().find("chamber"), std::string::npos);
    EXPECT_DOUBLE_EQ(device->setpoint(), 40.0);
    auto loop = expectError(io, chamber->session().write(":SOURCE:CLOOP2:SPOINT 50"));
    EXPECT_EQ(loop.code(), -114);
    EXPECT_DOUBLE_EQ(device->setpoint(), 40.0);
}

TEST_F(ThermalSimF4tLoopback, FahrenheitUnitIsHandledByTheDriver) {
    runAwaitable(io, chamber->session().write(":UNIT:TEMPERATURE F"));
    sync();
    EXPECT_TRUE(device->fahrenheit());
    connect();
    EXPECT_TRUE(chamber->fahrenheit());
    runAwaitable(io, chamber->setSetpoint(-20.0));
    sync();
    EXPECT_NEAR(device->setpoint(), -20.0, 1e-9);
    EXPECT_NEAR(runAwaitable(io, chamber->setpoint()), -20.0, 0.06);
    EXPECT_EQ(runAwaitable(io, chamber->session().query(":SOURCE:CLOOP1:SPOINT?")), "-4.0");
}

TEST(ThermalSimF4t, RepliesAndFormsOfTheRealController) {
    sim::SimContext context;
    sim::WatlowF4tSimulator f4t(context);
    EXPECT_EQ(*f4t.handleMessage("*IDN?"), "Watlow,F4T,SIM0001,04.07.0012");
    EXPECT_EQ(f4t.handleMessage(":SOUR:CLO1:SPO 42.25"), std::nullopt);
    EXPECT_EQ(*f4t.handleMessage(":SOURce:CLOop1:SPOint?"), "42.2");
    EXPECT_EQ(*f4t.handleMessage(":SOURCE:CLOOP1:PVALUE?"), "25.0");
    f4t.handleMessage(":SOURCE:CLOOP1:RACTION BOTH");
    EXPECT_EQ(*f4t.handleMessage(":SOURCE:CLOOP1:RACTION?"), "BOTH");
    f4t.handleMessage(":SOURCE:CLOOP1:RSCALE HOURS");
    f4t.handleMessage(":SOURCE:CLOOP1:RRATE 30");
    EXPECT_EQ(*f4t.handleMessage(":SOURCE:CLOOP1:RSCALE?"), "HOURS");
    EXPECT_EQ(*f4t.handleMessage(":SOURCE:CLOOP1:RRATE?"), "30.00");
    EXPECT_NEAR(f4t.rampRate(), 0.5, 1e-12); // 30 °C per hour
    f4t.handleMessage(":SOURCE:CLOOP1:RTIME 2");
    EXPECT_EQ(*f4t.handleMessage(":SOURCE:CLOOP1:RTIME?"), "2.00");
    EXPECT_EQ(*f4t.handleMessage(":SOURCE:CLOOP1:ERROR?"), "NONE");
    EXPECT_EQ(*f4t.handleMessage(":OUTPUT1:STATE?"), "OFF");
    f4t.handleMessage(":OUTPUT2:STATE ON");
    EXPECT_EQ(*f4t.handleMessage(":OUTPUT2:STATE?"), "ON");
    EXPECT_FALSE(f4t.running()) << "only the run output starts conditioning";
    EXPECT_EQ(*f4t.handleMessage(":UNIT:TEMPERATURE?"), "C");
    EXPECT_EQ(*f4t.handleMessage(":PROGRAM:NAME?"), "\"\"");
    EXPECT_EQ(*f4t.handleMessage("SYST:ERR?"), "0,\"No error\"");
    f4t.handleMessage(":PROGRAM:SELECTED:STATE START");
    EXPECT_EQ(*f4t.handleMessage("SYST:ERR?"), "-221,\"Settings conflict\"");
    f4t.handleMessage(":OUTPUT9:STATE ON");
    EXPECT_EQ(*f4t.handleMessage("SYST:ERR?"), "-114,\"Header suffix out of range\"");
    f4t.handleMessage(":SOURCE:CLOOP1:SPOINT -70.5");
    EXPECT_EQ(*f4t.handleMessage("SYST:ERR?"), "-222,\"Data out of range\"");
    EXPECT_DOUBLE_EQ(f4t.setpoint(), 42.25);
    f4t.handleMessage("*RST");
    EXPECT_DOUBLE_EQ(f4t.setpoint(), 25.0);
    EXPECT_EQ(f4t.rampAction(), "OFF");
    EXPECT_FALSE(f4t.outputOn(2));
}

TEST(ThermalSimF4t, FahrenheitRangeAndValues) {
    sim::SimContext context;
    sim::WatlowF4tSimulator f4t(context);
    f4t.handleMessage(":UNIT:TEMPERATURE F");
    f4t.handleMessage(":SOURCE:CLOOP1:SPOINT 356"); // 180 °C, the top of the range
    EXPECT_NEAR(f4t.setpoint(), 180.0, 1e-9);
    f4t.handleMessage(":SOURCE:CLOOP1:SPOINT 357");
    EXPECT_EQ(*f4t.handleMessage("SYST:ERR?"), "-222,\"Data out of range\"");
    EXPECT_EQ(*f4t.handleMessage(":SOURCE:CLOOP1:PVALUE?"), "77.0");
    f4t.handleMessage(":SOURCE:CLOOP1:RRATE 9");
    EXPECT_NEAR(f4t.rampRate(), 5.0, 1e-12);
}

TEST(ThermalSimF4t, FactoryMakesEveryModel) {
    sim::SimContext context;
    for (auto model : sim::thermalSimulatorModels())
        EXPECT_NE(sim::makeThermalSimulator(model, context), nullptr) << model;
    EXPECT_THROW(sim::makeThermalSimulator("F5T", context), std::invalid_argument);
    auto f4t = sim::makeThermalSimulator("F4T", context);
    EXPECT_EQ(*f4t->handleMessage("*IDN?"), "Watlow,F4T,SIM0001,04.07.0012");
}
