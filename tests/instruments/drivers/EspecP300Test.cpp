#include "instruments/drivers/EspecP300ThermalChamber.h"
#include "instruments/sim/devices/EspecP300Simulator.h"
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

EspecP300Model p300() {
    return {"P300", -70.0, 180.0, "baud=9600&data=8&parity=none&stop=1"};
}

std::vector<Exchange> connectP300(std::vector<Exchange> then = {}) {
    std::vector<Exchange> script{{"ROM?", "P-300 VER 1.07"}, {"TYPE?", "PT100,P300,180.0"}};
    script.insert(script.end(), then.begin(), then.end());
    return script;
}

struct EspecWire {
    asio::io_context io;
    WireScript script;
    EspecP300ThermalChamber chamber;
    explicit EspecWire(std::vector<Exchange> exchanges, SessionOptions options = fastOptions("chamber"))
        : script(io, connectP300(std::move(exchanges)), "\r\n", "\r\n"),
          chamber(makeSession(io, script.resource(), std::move(options)), p300()) {
        runAwaitable(io, chamber.connect());
    }
};

} // namespace

TEST(ThermalWireEspec, EveryMethodByteExactWithAcknowledgements) {
    EspecWire w({{"TEMP, S-40.0", "OK:TEMP, S-40.0"},
                 {"TEMP?", "23.0,25.0,100.0,-40.0"},
                 {"TEMP?", "23.5,25.0,100.0,-40.0"},
                 {"MODE,CONSTANT", "OK:MODE,CONSTANT"},
                 {"MODE?", "CONSTANT"},
                 {"MODE,STANDBY", "OK:MODE,STANDBY"},
                 {"MODE?", "STANDBY"},
                 {"TEMP?", "23.5,25.0,100.0,-40.0"}});
    EXPECT_EQ(w.chamber.identity().manufacturer, "ESPEC");
    EXPECT_EQ(w.chamber.identity().model, "P300");
    EXPECT_EQ(w.chamber.identity().firmware, "P-300 VER 1.07");
    EXPECT_FALSE(w.chamber.session().options().hasErrorQueue);
    runAwaitable(w.io, w.chamber.setSetpoint(-40.0));
    EXPECT_DOUBLE_EQ(runAwaitable(w.io, w.chamber.setpoint()), 25.0);
    EXPECT_DOUBLE_EQ(runAwaitable(w.io, w.chamber.temperature()), 23.5);
    runAwaitable(w.io, w.chamber.setRunning(true));
    EXPECT_TRUE(runAwaitable(w.io, w.chamber.running()));
    runAwaitable(w.io, w.chamber.setRunning(false));
    EXPECT_FALSE(runAwaitable(w.io, w.chamber.running()));
    const auto status = runAwaitable(w.io, w.chamber.temperatureStatus());
    EXPECT_DOUBLE_EQ(status.highLimit, 100.0);
    EXPECT_DOUBLE_EQ(status.lowLimit, -40.0);
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireEspec, SafeStateIsAmbientInConstantMode) {
    EspecWire w({{"TEMP, S25.0", "OK:TEMP, S25.0"}, {"MODE,CONSTANT", "OK:MODE,CONSTANT"}});
    runAwaitable(w.io, w.chamber.safeState());
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireEspec, RampRateZeroSendsNothingOtherRatesAreNotSupported) {
    EspecWire w({});
    runAwaitable(w.io, w.chamber.setRampRate(0.0));
    auto e = expectError(w.io, w.chamber.setRampRate(2.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_NE(std::string(e.what()).find("no ramp rate"), std::string::npos) << e.what();
    auto range = expectError(w.io, w.chamber.setSetpoint(181.0));
    EXPECT_EQ(range.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(range.command(), "TEMP, S181.0");
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireEspec, NaReplyIsInstrumentReportedAndTheLineStaysInStep) {
    EspecWire w({{"TEMP, S150.0", "NA:DATA OUT OF RANGE"}, {"TEMP?", "23.0,25.0,100.0,-40.0"}});
    auto e = expectError(w.io, w.chamber.setSetpoint(150.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.command(), "TEMP, S150.0");
    EXPECT_NE(e.instrument().find("chamber"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("DATA OUT OF RANGE"), std::string::npos) << e.what();
    EXPECT_DOUBLE_EQ(runAwaitable(w.io, w.chamber.setpoint()), 25.0);
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireEspec, AcknowledgementMustEchoTheCommand) {
    EspecWire w({{"MODE,CONSTANT", "OK:TEMP, S25.0"}, {"MODE,CONSTANT", "23.0,25.0,100.0,-40.0"}, {"MODE?", "ALARM"}});
    EXPECT_EQ(expectError(w.io, w.chamber.setRunning(true)).kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(expectError(w.io, w.chamber.setRunning(true)).kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(expectError(w.io, w.chamber.running()).kind(), InstrumentErrorKind::Protocol);
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireEspec, IdentityMustBeAP300AndDefaultTerminatorsAreCrLf) {
    asio::io_context io;
    {
        WireScript script(io, {{"ROM?", "1.00"}, {"TYPE?", "PT100,SCP-220,150.0"}}, "\r\n", "\r\n");
        EspecP300ThermalChamber chamber(makeSession(io, script.resource()), p300());
        EXPECT_EQ(expectError(io, chamber.connect()).kind(), InstrumentErrorKind::Configuration);
    }
    {
        // No term= options: the driver's CR LF applies (a dash in the controller name is fine).
        WireScript script(io, {{"ROM?", "1.00"}, {"TYPE?", "PT100,P-300,180.0"}, {"TEMP?", "1.0,2.0,3.0,-4.0"}}, "\r\n",
                          "\r\n");
        EspecP300ThermalChamber chamber(makeSession(io, withoutOptions(script.resource())), p300());
        runAwaitable(io, chamber.connect());
        EXPECT_DOUBLE_EQ(runAwaitable(io, chamber.temperature()), 1.0);
        EXPECT_TRUE(script.awaitComplete()) << script.report();
    }
}

TEST(ThermalWireEspec, FactoryKnowsItsModels) {
    asio::io_context io;
    EXPECT_EQ(especP300Models(), std::vector<std::string_view>{"P300"});
    EXPECT_EQ(especP300SerialOptions("P300"), "baud=9600&data=8&parity=none&stop=1");
    auto made = makeEspecP300("P300", makeSession(io, "TCPIP0::127.0.0.1::10001::SOCKET"));
    EXPECT_EQ(made->instrumentClass(), InstrumentClass::ThermalChamber);
    EXPECT_FALSE(made->session().options().hasErrorQueue);
    EXPECT_THROW(makeEspecP300("P400", makeSession(io, "TCPIP0::127.0.0.1::10001::SOCKET")), InstrumentError);
}

namespace {

/// A simulated P-300 served on TCP (the serial-to-TCP bridge case) and on a pseudo-terminal.
struct ThermalSimEspecLoopback : ::testing::Test {
    asio::io_context io;
    sim::SimContext context{std::make_shared<core::Clock>(20000.0), 3, "P300SIM"};
    std::shared_ptr<sim::EspecP300Simulator> device = std::make_shared<sim::EspecP300Simulator>(context);
    sim::SimServer server{io.get_executor(), device, "p300"};
    std::unique_ptr<EspecP300ThermalChamber> chamber;

    void SetUp() override {
        server.listenTcp(0);
        server.openPty();
    }
    void connect(const std::string& resource) {
        chamber = std::make_unique<EspecP300ThermalChamber>(makeSession(io, resource, fastOptions("chamber")), p300());
        runAwaitable(io, chamber->connect());
    }
    std::string ptyResource() const {
        return "ASRL" + server.ptyPath() + "::INSTR?" + std::string(especP300SerialOptions("P300"));
    }
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

TEST_F(ThermalSimEspecLoopback, OverTheTcpBridgeTheChamberReachesItsSetpoint) {
    connect(server.resourceString());
    EXPECT_EQ(chamber->identity().model, "P300");
    runAwaitable(io, chamber->setSetpoint(-5.0));
    EXPECT_DOUBLE_EQ(device->setpoint(), -5.0); // every command is answered, so it has been processed
    EXPECT_FALSE(runAwaitable(io, chamber->running()));
    runAwaitable(io, chamber->setRunning(true));
    EXPECT_EQ(device->mode(), "CONSTANT");
    EXPECT_GT(settle(-5.0, 0.1), 0) << "the air never reached the set point";
    runAwaitable(io, chamber->setRunning(false));
    EXPECT_EQ(device->mode(), "STANDBY");
    EXPECT_EQ(runAwaitable(io, chamber->mode()), "STANDBY");
}

TEST_F(ThermalSimEspecLoopback, OverAPseudoTerminalToo) {
    connect(ptyResource());
    runAwaitable(io, chamber->setSetpoint(40.0));
    EXPECT_DOUBLE_EQ(runAwaitable(io, chamber->setpoint()), 40.0);
    chamber->setAmbientSetpoint(24.0);
    runAwaitable(io, chamber->safeState());
    EXPECT_DOUBLE_EQ(device->setpoint(), 24.0);
    EXPECT_TRUE(device->running());
}

TEST_F(ThermalSimEspecLoopback, ChamberLimitsRejectASetpointAsInstrumentReportedKeepingState) {
    connect(server.resourceString());
    runAwaitable(io, chamber->setSetpoint(30.0));
    // Narrow the chamber's upper alarm limit; the controller then refuses set points above it.
    EXPECT_EQ(runAwaitable(io, chamber->session().query("TEMP, H50.0")), "OK:TEMP, H50.0");
    auto e = expectError(io, chamber->setSetpoint(60.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.command(), "TEMP, S60.0");
    EXPECT_DOUBLE_EQ(device->setpoint(), 30.0);
    EXPECT_DOUBLE_EQ(device->highLimit(), 50.0);
    EXPECT_DOUBLE_EQ(runAwaitable(io, chamber->setpoint()), 30.0);
}

TEST(ThermalSimEspec, RepliesOfTheP300) {
    sim::SimContext context;
    sim::EspecP300Simulator p300(context);
    EXPECT_EQ(*p300.handleMessage("TEMP?"), "25.0,25.0,190.0,-80.0");
    EXPECT_EQ(*p300.handleMessage("MON?"), "25.0,,STANDBY,0");
    EXPECT_EQ(*p300.handleMessage("TEMP, S25.5 H100.0 L-40.0"), "OK:TEMP, S25.5 H100.0 L-40.0");
    EXPECT_EQ(*p300.handleMessage("TEMP?"), "25.0,25.5,100.0,-40.0");
    EXPECT_EQ(*p300.handleMessage("1,TEMP?"), "25.0,25.5,100.0,-40.0") << "RS-485 address prefix";
    EXPECT_EQ(*p300.handleMessage("TEMP, S-50.0"), "NA:DATA OUT OF RANGE") << "below the L limit";
    EXPECT_EQ(*p300.handleMessage("TEMP, S20.0 L30.0"), "NA:DATA OUT OF RANGE");
    EXPECT_DOUBLE_EQ(p300.setpoint(), 25.5);
    EXPECT_DOUBLE_EQ(p300.lowLimit(), -40.0);
    EXPECT_EQ(*p300.handleMessage("TEMP, X5"), "NA:PARA ERR");
    EXPECT_EQ(*p300.handleMessage("TEMP, Sabc"), "NA:PARA ERR");
    EXPECT_EQ(*p300.handleMessage("HUMI?"), "NA:CONT NOT READY-1");
    EXPECT_EQ(*p300.handleMessage("MODE,RUN3"), "NA:DATA NOT READY");
    EXPECT_EQ(*p300.handleMessage("MODE,FAST"), "NA:PARA ERR");
    EXPECT_EQ(*p300.handleMessage("BOGUS?"), "NA:CMD ERR");
    EXPECT_EQ(*p300.handleMessage("MODE,OFF"), "OK:MODE,OFF");
    EXPECT_EQ(*p300.handleMessage("MODE?"), "OFF");
    EXPECT_EQ(*p300.handleMessage("ROM?"), "P-300 VER 1.07");
    EXPECT_EQ(*p300.handleMessage("TYPE?"), "PT100,P300,180.0");
    EXPECT_EQ(*p300.handleMessage("ALARM?"), "0");
    EXPECT_EQ(*p300.handleMessage("PRGM,END,STANDBY"), "NA:CONT NOT READY-2");
    EXPECT_EQ(p300.inputTerminator(), "\r\n");
    EXPECT_EQ(p300.outputTerminator(), "\r\n");
}

TEST(ThermalSimEspec, RemoteRampStepRampsThenHoldsInConstant) {
    sim::SimContext context{std::make_shared<core::Clock>(1.0)};
    sim::FirstOrderThermalPlantParams slow;
    slow.timeConstant = 0.0;
    auto plant = std::make_shared<sim::FirstOrderThermalPlant>(slow);
    sim::EspecP300Simulator p300(context, {}, plant);
    // A one-hour ramp from 25 to 85 °C: after a moment of real time the reference has barely moved.
    EXPECT_EQ(*p300.handleMessage("RUN PRGM, TEMP25.0 TIME1:00 GOTEMP85.0"),
              "OK:RUN PRGM, TEMP25.0 TIME1:00 GOTEMP85.0");
    EXPECT_EQ(p300.mode(), "RUN");
    EXPECT_EQ(*p300.handleMessage("MODE?,DETAIL"), "RMT RUN");
    EXPECT_NEAR(plant->demand().rampRate, 1.0, 1e-12); // 60 °C in 60 minutes
    EXPECT_DOUBLE_EQ(plant->demand().setpoint, 85.0);
    EXPECT_EQ(*p300.handleMessage("RUN PRGM, TEMP25.0 TIME0:10 HUMI50"), "NA:CONT NOT READY-1");
    EXPECT_EQ(*p300.handleMessage("PRGM,END,STANDBY"), "OK:PRGM,END,STANDBY");
    EXPECT_EQ(p300.mode(), "STANDBY");
    EXPECT_EQ(*p300.handleMessage("RUN PRGM, TEMP25.0 TIME0:10 GOTEMP300.0"), "NA:DATA OUT OF RANGE");
    EXPECT_EQ(p300.mode(), "STANDBY");
}
