#include "instruments/drivers/KeysightDaq970DataAcquisition.h"
#include "instruments/sim/devices/KeysightDaqSimulator.h"
#include "instruments/sim/devices/ThermalSimulators.h"
#include "instruments/sim/scpi/SimServer.h"
#include "instruments/sim/world/ConstantDaqSignals.h"
#include "tests/instruments/drivers/ThermalTestSupport.h"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::thermal;
namespace asio = boost::asio;

namespace {

const std::string kIdn = "Keysight Technologies,DAQ970A,MY58000123,A.03.02-01.00-03.02-00.02-00-01";
KeysightDaqModel daq970() {
    return {"DAQ970A", 3};
}

std::vector<Exchange> connectDaq(std::vector<Exchange> then) {
    auto script = connectExchanges(kIdn);
    script.push_back({"SYST:CTYP? 100", "Keysight Technologies,DAQM901A,0,1.0"});
    script.push_back({"SYST:CTYP? 200", "Keysight Technologies,0,0,0"});
    script.push_back({"SYST:CTYP? 300", "Keysight Technologies,DAQM907A,0,1.0"});
    script.insert(script.end(), then.begin(), then.end());
    return script;
}

struct DaqWire {
    asio::io_context io;
    WireScript script;
    KeysightDaq970DataAcquisition daq;
    explicit DaqWire(std::vector<Exchange> then, SessionOptions options = fastOptions("daq"))
        : script(io, connectDaq(std::move(then))),
          daq(makeSession(io, script.resource(), std::move(options)), daq970()) {
        runAwaitable(io, daq.connect());
    }
};

} // namespace

TEST(ThermalWireDaq, EveryMethodByteExact) {
    DaqWire w({{"MEAS:TEMP? TC,K,(@101:103)", "+2.10000000E+01,+2.20000000E+01,+2.30000000E+01"},
               {"MEAS:VOLT:DC? (@111)", "+2.50000000E+00"},
               {"MEAS:CURR:DC? (@121:122)", "+1.20000000E-02,+4.00000000E-03"},
               {"SOUR:DIG:DATA:BYTE 165,(@301)", std::nullopt},
               {"SOUR:DIG:DATA:BYTE? (@301)", "+165"}});
    ASSERT_EQ(w.daq.modules().size(), 3u);
    EXPECT_EQ(w.daq.modules()[0].name, "DAQM901A");
    EXPECT_EQ(w.daq.modules()[1].name, "0");
    EXPECT_TRUE(w.daq.modules()[2].digitalPorts);
    // Asked out of order: the readings come back in the caller's order.
    EXPECT_EQ(runAwaitable(w.io, w.daq.measureTemperature({103, 101, 102}, "k")), (std::vector<double>{23, 21, 22}));
    EXPECT_EQ(runAwaitable(w.io, w.daq.measureDcVoltage({111})), std::vector<double>{2.5});
    EXPECT_EQ(runAwaitable(w.io, w.daq.measureDcCurrent({122, 121, 122})), (std::vector<double>{4e-3, 12e-3, 4e-3}));
    runAwaitable(w.io, w.daq.setDigitalOutput(301, 0xA5));
    EXPECT_EQ(runAwaitable(w.io, w.daq.digitalOutput(301)), 0xA5u);
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireDaq, SafeStateClearsEveryDigitalPort) {
    DaqWire w({{"SOUR:DIG:DATA:BYTE 0,(@301)", std::nullopt}, {"SOUR:DIG:DATA:BYTE 0,(@302)", std::nullopt}});
    w.daq.setDigitalPorts({301, 302});
    runAwaitable(w.io, w.daq.safeState());
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireDaq, ChannelsAreCheckedAgainstTheInstalledModulesBeforeSending) {
    DaqWire w({});
    auto expectRejected = [&](auto work, const std::string& command) {
        auto e = expectError(w.io, std::move(work));
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration) << command;
        EXPECT_EQ(e.command(), command);
        EXPECT_NE(e.instrument().find("daq"), std::string::npos);
    };
    expectRejected(w.daq.measureDcVoltage({121}), "MEAS:VOLT:DC? (@121)"); // a current channel
    expectRejected(w.daq.measureDcVoltage({201}), "MEAS:VOLT:DC? (@201)"); // slot 2 is empty
    expectRejected(w.daq.measureDcVoltage({401}), "MEAS:VOLT:DC? (@401)"); // no slot 4
    expectRejected(w.daq.measureDcCurrent({101}), "MEAS:CURR:DC? (@101)");
    expectRejected(w.daq.measureTemperature({301}, "K"), "MEAS:TEMP? TC,K,(@301)");
    expectRejected(w.daq.measureTemperature({101}, "Q"), "MEAS:TEMP? TC,Q,(@101)");
    expectRejected(w.daq.measureDcVoltage({}), "MEAS:VOLT:DC? (@)");
    expectRejected(w.daq.setDigitalOutput(303, 1), "SOUR:DIG:DATA:BYTE 1,(@303)");
    expectRejected(w.daq.setDigitalOutput(101, 1), "SOUR:DIG:DATA:BYTE 1,(@101)");
    expectRejected(w.daq.setDigitalOutput(301, 256), "SOUR:DIG:DATA:BYTE 256,(@301)");
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireDaq, WrongNumberOfReadingsIsAProtocolError) {
    DaqWire w({{"MEAS:VOLT:DC? (@101:102)", "+1.0E+00"}, {"SOUR:DIG:DATA:BYTE? (@302)", "+300"}});
    auto e = expectError(w.io, w.daq.measureDcVoltage({101, 102}));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(expectError(w.io, w.daq.digitalOutput(302)).kind(), InstrumentErrorKind::Protocol);
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireDaq, CheckedModeReportsTheInstrumentsError) {
    DaqWire w({{"SOUR:DIG:DATA:BYTE 7,(@302)", std::nullopt},
               {"SYST:ERR?", "-222,\"Data out of range\""},
               {"SYST:ERR?", "+0,\"No error\""}});
    w.daq.session().setChecked(true);
    auto e = expectError(w.io, w.daq.setDigitalOutput(302, 7));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(e.command(), "SOUR:DIG:DATA:BYTE 7,(@302)");
    EXPECT_TRUE(w.script.awaitComplete()) << w.script.report();
}

TEST(ThermalWireDaq, ChannelListsUseRanges) {
    using D = KeysightDaq970DataAcquisition;
    EXPECT_EQ(D::channelList({105, 101, 102, 103, 111, 110, 101}), "(@101:103,105,110:111)");
    EXPECT_EQ(D::channelList({301}), "(@301)");
    EXPECT_EQ(D::channelList({101, 103}), "(@101,103)");
    EXPECT_EQ(D::channelList({}), "(@)");
    const auto mux = D::parseModule("Agilent Technologies,34901A,0,1.0");
    EXPECT_EQ(mux.analogChannels, 20);
    EXPECT_TRUE(mux.currentChannels);
    EXPECT_EQ(D::parseModule("Agilent Technologies,34902A,0,1.0").analogChannels, 16);
    EXPECT_FALSE(D::parseModule("Agilent Technologies,34902A,0,1.0").currentChannels);
    EXPECT_EQ(D::parseModule("HEWLETT-PACKARD,0,0,0").analogChannels, 0);
}

TEST(ThermalWireDaq, FactoryKnowsItsModels) {
    asio::io_context io;
    EXPECT_EQ(keysightDaq970Models(), (std::vector<std::string_view>{"DAQ970A", "34970A", "34972A"}));
    for (auto model : keysightDaq970Models()) {
        auto made = makeKeysightDaq970(model, makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
        EXPECT_EQ(made->instrumentClass(), InstrumentClass::DataAcquisition);
        EXPECT_EQ(made->model(), model);
    }
    EXPECT_THROW(makeKeysightDaq970("34980A", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET")), InstrumentError);
}

namespace {

/// A simulated DAQ on loopback with exact (noise-free) signals the test sets per channel.
struct ThermalSimDaqLoopback : ::testing::Test {
    asio::io_context io;
    sim::SimContext context{std::make_shared<core::Clock>(), 11, "MY58SIM"};
    std::shared_ptr<sim::ConstantDaqSignals> signals =
        std::make_shared<sim::ConstantDaqSignals>(11, sim::DaqNoise{0.0, 0.0, 0.0});
    std::shared_ptr<sim::KeysightDaqSimulator> device;
    std::unique_ptr<sim::SimServer> server;
    std::unique_ptr<KeysightDaq970DataAcquisition> daq;

    void start(sim::KeysightDaqSimulatorConfig config = {}) {
        device = std::make_shared<sim::KeysightDaqSimulator>(context, config, signals);
        server = std::make_unique<sim::SimServer>(io.get_executor(), device, "daq");
        server->listenTcp(0);
        auto made = makeKeysightDaq970(config.model, makeSession(io, server->resourceString(), fastOptions("daq")));
        daq.reset(static_cast<KeysightDaq970DataAcquisition*>(made.release()));
        runAwaitable(io, daq->connect());
    }
};

} // namespace

TEST_F(ThermalSimDaqLoopback, DriverReadsTheSignalsTheWorldSets) {
    start();
    EXPECT_EQ(daq->identity().serial, "MY58SIM");
    signals->setTemperature(101, 35.5);
    signals->setTemperature(103, -12.25);
    signals->setVoltage(111, 3.0);   // a 1–5 V pressure transducer at half scale
    signals->setCurrent(121, 0.012); // a 4–20 mA flow meter at half scale
    const auto temperatures = runAwaitable(io, daq->measureTemperature({103, 101, 102}, "K"));
    EXPECT_EQ(temperatures, (std::vector<double>{-12.25, 35.5, 23.0}));
    EXPECT_EQ(device->scanList(), (std::vector<int>{101, 102, 103}));
    EXPECT_DOUBLE_EQ(runAwaitable(io, daq->measureDcVoltage({111}))[0], 3.0);
    EXPECT_DOUBLE_EQ(runAwaitable(io, daq->measureDcCurrent({121}))[0], 0.012);
    EXPECT_DOUBLE_EQ(runAwaitable(io, daq->measureDcCurrent({222}))[0], 0.004);
}

TEST_F(ThermalSimDaqLoopback, DigitalOutputsAndSafeState) {
    start();
    runAwaitable(io, daq->setDigitalOutput(301, 0x0F));
    runAwaitable(io, daq->setDigitalOutput(302, 0x80));
    EXPECT_EQ(runAwaitable(io, daq->digitalOutput(301)), 0x0Fu);
    EXPECT_EQ(device->digitalOutput(302), 0x80u);
    daq->setDigitalPorts({301, 302});
    runAwaitable(io, daq->safeState());
    EXPECT_EQ(runAwaitable(io, daq->digitalOutput(302)), 0u);
    EXPECT_EQ(device->digitalOutput(301), 0u);
}

TEST_F(ThermalSimDaqLoopback, AnalogOutputsAndSafeState) {
    start();
    runAwaitable(io, daq->setAnalogOutput(304, 3.75)); // a 0-10 V flow controller at 37.5 %
    EXPECT_DOUBLE_EQ(runAwaitable(io, daq->analogOutput(304)), 3.75);
    EXPECT_DOUBLE_EQ(device->analogOutput(304), 3.75);
    EXPECT_EQ(expectError(io, daq->setAnalogOutput(303, 1.0)).kind(), InstrumentErrorKind::Configuration)
        << "s03 is a totaliser, not a DAC";
    EXPECT_EQ(expectError(io, daq->setAnalogOutput(304, 12.5)).kind(), InstrumentErrorKind::Configuration)
        << "the DAC gives ±12 V";
    daq->setAnalogOutputs({304});
    runAwaitable(io, daq->safeState());
    EXPECT_DOUBLE_EQ(runAwaitable(io, daq->analogOutput(304)), 0.0);
}

TEST_F(ThermalSimDaqLoopback, InvalidChannelIsTheInstrumentsMinus222AndStateStays) {
    start();
    runAwaitable(io, daq->measureDcVoltage({104, 105}));
    daq->session().setChecked(true);
    auto e = expectError(io, daq->session().write("CONF:VOLT:DC (@104,250)"));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_NE(std::string(e.what()).find("channel 250"), std::string::npos) << e.what();
    EXPECT_EQ(device->scanList(), (std::vector<int>{104, 105}));
    auto port = expectError(io, daq->session().write("SOUR:DIG:DATA:BYTE 300,(@301)"));
    EXPECT_EQ(port.code(), -222);
    EXPECT_EQ(device->digitalOutput(301), 0u);
}

TEST_F(ThermalSimDaqLoopback, EmptySlotInTheSimulatorIsKnownToTheDriver) {
    sim::KeysightDaqSimulatorConfig config;
    config.model = "34970A";
    config.slots = {sim::DaqModuleKind::Multiplexer, sim::DaqModuleKind::Empty, sim::DaqModuleKind::Multifunction};
    start(config);
    EXPECT_EQ(daq->identity().model, "34970A");
    EXPECT_EQ(daq->modules()[0].name, "34901A");
    EXPECT_EQ(daq->modules()[1].name, "0");
    EXPECT_EQ(expectError(io, daq->measureDcVoltage({201})).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(runAwaitable(io, daq->measureDcVoltage({120})).size(), 1u);
}

TEST(ThermalSimDaq, ScanningFormsAndUnits) {
    sim::SimContext context;
    auto signals = std::make_shared<sim::ConstantDaqSignals>(1, sim::DaqNoise{0.0, 0.0, 0.0});
    signals->setTemperature(102, 100.0);
    sim::KeysightDaqSimulator daq(context, {}, signals);
    EXPECT_EQ(*daq.handleMessage("*IDN?"), "Keysight Technologies,DAQ970A,SIM0001,A.03.02-01.00-03.02-00.02-00-01");
    EXPECT_EQ(*daq.handleMessage("SYST:CTYP? 300"), "Keysight Technologies,DAQM907A,0,1.0");
    EXPECT_EQ(*daq.handleMessage("MEAS:TEMP? TC,K,(@102,101)"), "+2.30000000E+01,+1.00000000E+02");
    EXPECT_EQ(*daq.handleMessage("ROUT:SCAN?"), "#210(@101,102)");
    daq.handleMessage("CONF:TEMP TC,J,(@101:103)");
    EXPECT_EQ(*daq.handleMessage("ROUT:SCAN?"), "#214(@101,102,103)") << "the 34970A guide's example";
    daq.handleMessage("ROUT:SCAN (@101,102)");
    daq.handleMessage("UNIT:TEMP F,(@102)");
    EXPECT_EQ(*daq.handleMessage("UNIT:TEMP? (@101,102)"), "C,F");
    EXPECT_EQ(*daq.handleMessage("READ?"), "+2.30000000E+01,+2.12000000E+02");
    daq.handleMessage("INIT");
    EXPECT_EQ(*daq.handleMessage("FETC?"), "+2.30000000E+01,+2.12000000E+02");
    EXPECT_EQ(*daq.handleMessage("MEAS:TEMP? TC,K,(@102)"), "+1.00000000E+02") << "MEASure? selects °C again";
    daq.handleMessage("CONF:VOLT:DC 10,0.001,(@111)");
    daq.handleMessage("CONF:CURR:DC AUTO,(@121)");
    daq.handleMessage("ROUT:SCAN (@111,121)");
    EXPECT_EQ(*daq.handleMessage("READ?"), "+1.00000000E+00,+4.00000000E-03");
    EXPECT_EQ(*daq.handleMessage("SYST:ERR?"), "+0,\"No error\"");
    daq.handleMessage("ROUT:SCAN (@115)");
    EXPECT_EQ(*daq.handleMessage("SYST:ERR?"), "-221,\"Settings conflict;channel 115 is not configured\"");
    EXPECT_EQ(daq.scanList(), (std::vector<int>{111, 121}));
    daq.handleMessage("MEAS:TEMP? RTD,85,(@101)");
    EXPECT_EQ(*daq.handleMessage("SYST:ERR?"), "-221,\"Settings conflict;only thermocouples are simulated\"");
    daq.handleMessage("SOUR:DIG:DATA 12,(@301:302)");
    EXPECT_EQ(*daq.handleMessage("SOUR:DIG:DATA:BYTE? (@301,302)"), "+12,+12");
    EXPECT_EQ(*daq.handleMessage("SENS:DIG:DATA? (@302)"), "+12");
    daq.handleMessage("*RST");
    EXPECT_EQ(daq.digitalOutput(301), 0u);
    EXPECT_TRUE(daq.scanList().empty());
}

TEST(ThermalSimDaq, EveryModelIdentifiesItselfAndNoiseIsSeeded) {
    sim::SimContext context{std::make_shared<core::Clock>(), 99, "SN1"};
    EXPECT_EQ(*sim::makeThermalSimulator("34970A", context)->handleMessage("*IDN?"),
              "Agilent Technologies,34970A,SN1,13-2-2");
    EXPECT_EQ(*sim::makeThermalSimulator("34972A", context)->handleMessage("SYST:CTYP? 100"),
              "Agilent Technologies,34901A,0,1.0");
    auto a = sim::makeThermalSimulator("DAQ970A", context);
    auto b = sim::makeThermalSimulator("DAQ970A", context);
    const auto first = *a->handleMessage("MEAS:TEMP? TC,T,(@101:104)");
    EXPECT_EQ(first, *b->handleMessage("MEAS:TEMP? TC,T,(@101:104)")) << "same seed, same noise";
    EXPECT_NE(first, *a->handleMessage("MEAS:TEMP? TC,T,(@101:104)")) << "but noise it is";
}
