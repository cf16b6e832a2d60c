// Rigol DP832 / DP832A: byte-exact wire tests of the driver, the driver against its simulator over loopback TCP
// and over a pseudo-terminal, and the simulator's own command set and reply formats.
#include "instruments/drivers/RigolDp800PowerSupply.h"
#include "instruments/sim/devices/RigolDp800Simulator.h"
#include "instruments/sim/world/ResistivePsuLoad.h"
#include "tests/instruments/drivers/PsuTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::psu;
using sim::RigolDp800Simulator;

namespace {

constexpr const char* kIdn = "RIGOL TECHNOLOGIES,DP832,DP8C221100123,00.01.16";
constexpr const char* kNoError = "0,\"No error\"";

struct WireBench {
    boost::asio::io_context io;
    WireScript script;
    RigolDp800PowerSupply psu;

    explicit WireBench(std::vector<Exchange> exchanges, std::string_view model = "DP832")
        : script(io, std::move(exchanges)), psu(makeSession(io, script.resource()), model) {}
};

std::shared_ptr<RigolDp800Simulator> simulator(std::string_view model = "DP832") {
    return std::make_shared<RigolDp800Simulator>(model, fastContext("DP8C221100123"));
}

using Dp800Bench = SimBench<RigolDp800PowerSupply, RigolDp800Simulator>;

} // namespace

// ---- byte-exact wire tests -------------------------------------------------------------------------------------

TEST(PsuWireRigolDp800, ConnectIdentifiesAndDrainsTheErrorQueue) {
    WireBench bench(connectExchanges(kIdn, kNoError));
    runAwaitable(bench.io, bench.psu.connect());
    EXPECT_EQ(bench.psu.identity().manufacturer, "RIGOL TECHNOLOGIES");
    EXPECT_EQ(bench.psu.identity().model, "DP832");
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();

    WireBench dp832a(std::vector<Exchange>{{"*IDN?", kIdn}}, "DP832A");
    EXPECT_EQ(expectInstrumentError(dp832a.io, dp832a.psu.connect()).kind(), InstrumentErrorKind::Configuration)
        << "a DP832 is not a DP832A";
}

TEST(PsuWireRigolDp800, SetpointsThroughSourceAndApply) {
    WireBench bench({{":SOUR1:VOLT 5", std::nullopt},
                     {":APPL? CH1", "CH1:30V/3A,5.000,1.000"},
                     {":APPL? CH1", "CH1,5.000,1.0000"},
                     {":SOUR2:CURR 0.5", std::nullopt},
                     {":OUTP:OCP:VAL CH2,0.5", std::nullopt},
                     {":SOUR1:CURR 0", std::nullopt},
                     {":OUTP:OCP:VAL CH1,0.001", std::nullopt},
                     {":APPL CH3,3.3,0.25", std::nullopt},
                     {":OUTP:OCP:VAL CH3,0.25", std::nullopt},
                     {":APPL? CH3", "CH3:5V/3A,3.300,0.250"}});
    auto& io = bench.io;
    runAwaitable(io, bench.psu.setVoltage(1, 5));
    EXPECT_EQ(runAwaitable(io, bench.psu.voltageSetpoint(1)), 5.0) << "newer firmware form";
    EXPECT_EQ(runAwaitable(io, bench.psu.currentLimit(1)), 1.0) << "programming-guide form";
    runAwaitable(io, bench.psu.setCurrentLimit(2, 0.5));
    runAwaitable(io, bench.psu.setCurrentLimit(1, 0));
    runAwaitable(io, bench.psu.apply(3, 3.3, 0.25));
    const RigolApplied applied = runAwaitable(io, bench.psu.applied(3));
    EXPECT_EQ(applied.volts, 3.3);
    EXPECT_EQ(applied.amps, 0.25);
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireRigolDp800, OutputMeasurementAndMode) {
    WireBench bench({{":OUTP CH3,ON", std::nullopt},
                     {":OUTP? CH3", "ON"},
                     {":OUTP CH3,OFF", std::nullopt},
                     {":OUTP? CH3", "OFF"},
                     {":MEAS:VOLT? CH1", "5.0114"},
                     {":MEAS:CURR? CH2", "0.5011"},
                     {":OUTP:MODE? CH1", "CV"},
                     {":OUTP:MODE? CH2", "CC"},
                     {":OUTP:MODE? CH3", "UR"}});
    auto& io = bench.io;
    runAwaitable(io, bench.psu.setOutput(3, true));
    EXPECT_TRUE(runAwaitable(io, bench.psu.output(3)));
    runAwaitable(io, bench.psu.setOutput(3, false));
    EXPECT_FALSE(runAwaitable(io, bench.psu.output(3)));
    EXPECT_DOUBLE_EQ(runAwaitable(io, bench.psu.measureVoltage(1)), 5.0114);
    EXPECT_DOUBLE_EQ(runAwaitable(io, bench.psu.measureCurrent(2)), 0.5011);
    EXPECT_EQ(runAwaitable(io, bench.psu.mode(1)), RigolOutputMode::ConstantVoltage);
    EXPECT_EQ(runAwaitable(io, bench.psu.mode(2)), RigolOutputMode::ConstantCurrent);
    EXPECT_EQ(runAwaitable(io, bench.psu.mode(3)), RigolOutputMode::Unregulated);
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireRigolDp800, ProtectionAndSafeState) {
    WireBench bench({{":OUTP:OVP:VAL CH1,8.8", std::nullopt},
                     {":OUTP:OVP CH1,ON", std::nullopt},
                     {":OUTP:OCP CH2,ON", std::nullopt},
                     {":OUTP:OCP CH2,OFF", std::nullopt},
                     {":OUTP:OVP:QUES? CH1", "NO"},
                     {":OUTP:OCP:QUES? CH1", "YES"},
                     {":OUTP:OVP:QUES? CH2", "0"},
                     {":OUTP:OCP:QUES? CH2", "0"},
                     {":OUTP:OVP:CLEAR CH1", std::nullopt},
                     {":OUTP:OCP:CLEAR CH1", std::nullopt},
                     {":OUTP CH1,OFF", std::nullopt},
                     {":OUTP CH2,OFF", std::nullopt},
                     {":OUTP CH3,OFF", std::nullopt}});
    auto& io = bench.io;
    runAwaitable(io, bench.psu.setOverVoltageProtection(1, 8.8));
    runAwaitable(io, bench.psu.setOverCurrentProtection(2, true));
    runAwaitable(io, bench.psu.setOverCurrentProtection(2, false));
    EXPECT_TRUE(runAwaitable(io, bench.psu.protectionTripped(1)));
    EXPECT_FALSE(runAwaitable(io, bench.psu.protectionTripped(2))) << "DP2000-style 1/0 accepted too";
    runAwaitable(io, bench.psu.clearProtection(1));
    runAwaitable(io, bench.psu.safeState());
    bench.script.awaitComplete();
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireRigolDp800, MalformedRepliesAreProtocolErrors) {
    WireBench bench({{":APPL? CH1", "CH2,5.000,1.000"}, {":OUTP:OVP:QUES? CH1", "MAYBE"}, {":OUTP:MODE? CH1", "XX"}});
    auto& io = bench.io;
    InstrumentError e = expectInstrumentError(io, bench.psu.voltageSetpoint(1));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), ":APPL? CH1");
    EXPECT_NE(std::string(e.what()).find("CH2,5.000,1.000"), std::string::npos) << e.what();
    e = expectInstrumentError(io, bench.psu.protectionTripped(1));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), ":OUTP:OVP:QUES? CH1");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.mode(1)).kind(), InstrumentErrorKind::Protocol);
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireRigolDp800, RejectsOutOfRangeBeforeSending) {
    WireBench bench({});
    auto& io = bench.io;
    InstrumentError e = expectInstrumentError(io, bench.psu.setVoltage(3, 6));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), ":SOUR3:VOLT 6");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.setCurrentLimit(1, 3.3)).command(), ":SOUR1:CURR 3.3");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.apply(2, 33, 1)).command(), ":APPL CH2,33,1");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.setOutput(0, true)).command(), ":OUTP CH0,ON");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.applied(4)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(bench.psu.rating(3).maxVolts, 5.3);
    EXPECT_TRUE(bench.script.received().empty()) << bench.script.report();
}

TEST(PsuWireRigolDp800, ParsesBothApplyReplyForms) {
    auto parsed = RigolDp800PowerSupply::parseApplyReply("CH1:30V/3A,5.000,0.100", 1);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->volts, 5.0);
    EXPECT_EQ(parsed->amps, 0.1);
    parsed = RigolDp800PowerSupply::parseApplyReply(" CH2,12.500,1.0000\r", 2);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->volts, 12.5);
    EXPECT_EQ(parsed->amps, 1.0);
    EXPECT_TRUE(RigolDp800PowerSupply::parseApplyReply("ch3:5V/3A,1,2", 3));
    EXPECT_FALSE(RigolDp800PowerSupply::parseApplyReply("CH1,5.000,1.0000", 2)) << "another channel";
    EXPECT_FALSE(RigolDp800PowerSupply::parseApplyReply("CH1:30V/3A,5.000", 1));
    EXPECT_FALSE(RigolDp800PowerSupply::parseApplyReply("CH1,5.000,1.000,2", 1));
    EXPECT_FALSE(RigolDp800PowerSupply::parseApplyReply("5.000,1.000", 1));
    EXPECT_FALSE(RigolDp800PowerSupply::parseApplyReply("CH1,five,1", 1));
    EXPECT_EQ(RigolDp800PowerSupply::parseYesNo("yes"), true);
    EXPECT_EQ(RigolDp800PowerSupply::parseYesNo("NO\n"), false);
    EXPECT_EQ(RigolDp800PowerSupply::parseYesNo("1"), true);
    EXPECT_FALSE(RigolDp800PowerSupply::parseYesNo("ON"));
}

TEST(PsuWireRigolDp800, FactoryAndModels) {
    boost::asio::io_context io;
    const auto models = rigolDp800PsuModels();
    EXPECT_EQ(std::vector<std::string_view>(models.begin(), models.end()),
              (std::vector<std::string_view>{"DP832", "DP832A"}));
    auto made = makeRigolDp800Psu("DP832A", makeSession(io, "TCPIP0::127.0.0.1::5555::SOCKET"));
    ASSERT_NE(dynamic_cast<RigolDp800PowerSupply*>(made.get()), nullptr);
    EXPECT_EQ(made->model(), "DP832A");
    EXPECT_THROW(makeRigolDp800Psu("DP811", makeSession(io, "TCPIP0::127.0.0.1::5555::SOCKET")), InstrumentError);
}

// ---- driver against the simulator -------------------------------------------------------------------------------

TEST(PsuSimRigolDp800, DriverProgramsAndMeasuresTheSimulatedSupply) {
    Dp800Bench bench(simulator(), "DP832");
    bench.run(bench.driver->setVoltage(2, 12));
    bench.run(bench.driver->setCurrentLimit(2, 2));
    bench.run(bench.driver->setOutput(2, true));
    EXPECT_EQ(bench.run(bench.driver->voltageSetpoint(2)), 12.0);
    EXPECT_EQ(bench.run(bench.driver->currentLimit(2)), 2.0);
    EXPECT_TRUE(bench.run(bench.driver->output(2)));
    EXPECT_NEAR(bench.run(bench.driver->measureVoltage(2)), 12.0, 1e-4);
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(2)), 1.2, 1e-4);
    EXPECT_EQ(bench.run(bench.driver->mode(2)), RigolOutputMode::ConstantVoltage);
    EXPECT_EQ(bench.device->output(2).ocpLevel(), 2.0) << "the driver keeps OCP at the current limit";

    bench.device->setApplyReplyForm(sim::RigolApplyReplyForm::Manual);
    bench.run(bench.driver->apply(1, 3.3, 0.75));
    const RigolApplied applied = bench.run(bench.driver->applied(1));
    EXPECT_EQ(applied.volts, 3.3);
    EXPECT_EQ(applied.amps, 0.75);
}

TEST(PsuSimRigolDp800, ConstantCurrentAndOverCurrentTrip) {
    Dp800Bench bench(simulator("DP832A"), "DP832A");
    bench.device->setLoad(1, std::make_shared<sim::ResistivePsuLoad>(2.0));
    bench.run(bench.driver->setVoltage(1, 10));
    bench.run(bench.driver->setCurrentLimit(1, 1.5));
    bench.run(bench.driver->setOutput(1, true));
    EXPECT_EQ(bench.run(bench.driver->mode(1)), RigolOutputMode::ConstantCurrent);
    EXPECT_NEAR(bench.run(bench.driver->measureVoltage(1)), 3.0, 1e-4);
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(1)), 1.5, 1e-4);
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1)));
    bench.run(bench.driver->setOverCurrentProtection(1, true));
    EXPECT_TRUE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_FALSE(bench.run(bench.driver->output(1))) << "a DP800 trip switches the output off";
    EXPECT_TRUE(bench.device->output(1).overCurrentTripped());
    bench.run(bench.driver->clearProtection(1));
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_FALSE(bench.run(bench.driver->output(1))) << "clearing does not switch it back on";
}

TEST(PsuSimRigolDp800, OverVoltageTrip) {
    Dp800Bench bench(simulator(), "DP832");
    bench.run(bench.driver->setVoltage(1, 5));
    bench.run(bench.driver->setOutput(1, true));
    bench.run(bench.driver->setOverVoltageProtection(1, 4.5));
    EXPECT_TRUE(bench.device->output(1).ovpEnabled());
    EXPECT_TRUE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_FALSE(bench.device->outputOn(1));
    EXPECT_TRUE(bench.device->output(1).overVoltageTripped());
}

TEST(PsuSimRigolDp800, InstrumentRangeErrorsAreReportedAndChangeNothing) {
    Dp800Bench bench(simulator(), "DP832");
    InstrumentError e = bench.error(bench.driver->setOverVoltageProtection(3, 6));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(e.command(), ":OUTP:OVP:VAL CH3,6");
    EXPECT_NE(e.instrument().find("psu"), std::string::npos);
    EXPECT_EQ(bench.device->output(3).ovpLevel(), 5.5);
    EXPECT_FALSE(bench.device->output(3).ovpEnabled()) << "the command after the failed one was not sent";

    bench.run(bench.driver->setVoltage(3, 5));
    e = bench.error(bench.driver->setVoltage(3, 5.5));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(bench.device->output(3).voltageSetpoint(), 5.0);
}

TEST(PsuSimRigolDp800, SafeStateTurnsEveryOutputOff) {
    Dp800Bench bench(simulator(), "DP832");
    for (int channel = 1; channel <= 3; ++channel)
        bench.run(bench.driver->setOutput(channel, true));
    EXPECT_TRUE(bench.device->outputOn(3));
    bench.run(bench.driver->safeState());
    for (int channel = 1; channel <= 3; ++channel)
        EXPECT_FALSE(bench.device->outputOn(channel)) << "CH" << channel;
}

TEST(PsuSimRigolDp800, DriverOverAPseudoTerminal) {
    // The DP800 also has RS-232: the same simulator served on a pty, LF-terminated.
    boost::asio::io_context io;
    auto device = simulator();
    sim::SimServer server(io.get_executor(), device, "dp832-serial");
    const std::string path = server.openPty();
    RigolDp800PowerSupply psu(makeSession(io, "ASRL" + path + "::INSTR?baud=9600", true), "DP832");
    runAwaitable(io, psu.connect());
    EXPECT_EQ(psu.identity().model, "DP832");
    runAwaitable(io, psu.setVoltage(1, 4.2));
    runAwaitable(io, psu.setOutput(1, true));
    EXPECT_NEAR(runAwaitable(io, psu.measureVoltage(1)), 4.2, 1e-4);
    EXPECT_TRUE(device->outputOn(1));
    runAwaitable(io, psu.safeState());
    EXPECT_FALSE(device->outputOn(1));
    psu.session().close();
    server.stop();
}

// ---- the simulator's command set -----------------------------------------------------------------------------

TEST(PsuSimRigolDp800, IdentityErrorQueueAndReplyFormats) {
    RigolDp800Simulator device("DP832", fastContext("DP8C221100123"));
    EXPECT_EQ(device.handleMessage("*IDN?"), "RIGOL TECHNOLOGIES,DP832,DP8C221100123,00.01.16");
    EXPECT_EQ(device.handleMessage(":SYST:ERR?"), "0,\"No error\"");
    device.handleMessage(":APPL CH1,5,1");
    EXPECT_EQ(device.handleMessage(":APPL? CH1"), "CH1:30V/3A,5.000,1.000");
    EXPECT_EQ(device.handleMessage(":APPL? CH3"), "CH3:5V/3A,0.000,3.200");
    EXPECT_EQ(device.handleMessage(":APPL? CH1,VOLT"), "5.000");
    EXPECT_EQ(device.handleMessage(":APPL? CH1,CURR"), "1.000");
    device.setApplyReplyForm(sim::RigolApplyReplyForm::Manual);
    EXPECT_EQ(device.handleMessage(":APPL? CH1"), "CH1,5.000,1.0000");
    EXPECT_EQ(device.handleMessage(":APPL? CH1,CURR"), "1.0000");
    EXPECT_EQ(device.handleMessage(":SOUR1:VOLT?"), "5.000");
    EXPECT_EQ(device.handleMessage(":SOUR1:CURR?"), "1.0000");
    EXPECT_EQ(device.handleMessage(":OUTP? CH1"), "OFF");
    device.handleMessage(":OUTP CH1,ON");
    EXPECT_EQ(device.handleMessage(":OUTP? CH1"), "ON");
    EXPECT_EQ(device.handleMessage(":MEAS:VOLT? CH1"), "5.0000");
    EXPECT_EQ(device.handleMessage(":MEAS:CURR? CH1"), "0.5000");
    EXPECT_EQ(device.handleMessage(":MEAS:POWE? CH1"), "2.500");
    EXPECT_EQ(device.handleMessage(":MEAS:ALL? CH1"), "5.0000,0.5000,2.500");
    EXPECT_EQ(device.handleMessage(":MEAS?"), "5.0000") << "`:MEAS?` is the voltage of the selected channel";
    EXPECT_EQ(device.handleMessage(":OUTP:MODE? CH1"), "CV");
    EXPECT_EQ(device.handleMessage(":OUTP:OVP:VAL? CH1"), "33.000");
    EXPECT_EQ(device.handleMessage(":OUTP:OCP:VAL? CH3"), "3.300");
    EXPECT_EQ(device.handleMessage(":OUTP:OVP? CH1"), "OFF");
    EXPECT_EQ(device.handleMessage(":OUTP:OVP:QUES? CH1"), "NO");
    EXPECT_EQ(device.handleMessage(":OUTP:OCP:ALAR? CH1"), "NO");
    EXPECT_EQ(device.errorCount(), 0u) << nextError(device);
}

TEST(PsuSimRigolDp800, ChannelSelectionSuffixesAndSourceProtection) {
    RigolDp800Simulator device("DP832", fastContext());
    device.handleMessage(":INST:NSEL 2");
    EXPECT_EQ(device.handleMessage(":INST?"), "CH2");
    device.handleMessage(":VOLT 7.5;CURR 0.5");
    EXPECT_EQ(device.handleMessage(":APPL? CH2"), "CH2:30V/3A,7.500,0.500");
    device.handleMessage(":INST CH3");
    EXPECT_EQ(device.handleMessage(":INST:NSEL?"), "3");
    device.handleMessage(":OUTP ON;:APPL 2.5");
    EXPECT_EQ(device.handleMessage(":OUTP? CH3"), "ON");
    EXPECT_EQ(device.handleMessage(":APPL?"), "CH3:5V/3A,2.500,3.200");
    device.handleMessage(":SOURce1:VOLTage:PROTection:LEVel 6;:SOUR1:VOLT:PROT:STAT ON");
    EXPECT_EQ(device.handleMessage(":OUTP:OVP:VAL? CH1"), "6.000");
    EXPECT_EQ(device.handleMessage(":OUTP:OVP? CH1"), "ON");
    EXPECT_EQ(device.handleMessage(":SOUR1:VOLT:PROT:TRIP?"), "NO");
    device.handleMessage(":SOUR2:CURR:PROT 1.25");
    EXPECT_EQ(device.handleMessage(":SOUR2:CURR:PROT?"), "1.250");
    EXPECT_EQ(device.handleMessage(":SOUR1:VOLT? MAX"), "32.000");
    EXPECT_EQ(device.handleMessage(":SOUR3:VOLT? MAX"), "5.300");
    EXPECT_EQ(device.errorCount(), 0u) << nextError(device);
}

TEST(PsuSimRigolDp800, RangesAndBadChannels) {
    RigolDp800Simulator device("DP832", fastContext());
    device.handleMessage(":APPL CH1,12,1");
    device.handleMessage(":APPL CH1,32.5,1");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage(":APPL CH3,5.4");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage(":SOUR2:CURR 3.3");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage(":OUTP:OCP:VAL CH1,0");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage(":SOUR4:VOLT 1");
    EXPECT_EQ(nextError(device), "-114,\"Header suffix out of range\"");
    device.handleMessage(":OUTP CH4,ON");
    EXPECT_EQ(nextError(device), "-224,\"Illegal parameter value\"");
    device.handleMessage(":MEASU:VOLT? CH1");
    EXPECT_EQ(nextError(device), "-113,\"Undefined header\"");
    EXPECT_EQ(device.handleMessage(":APPL? CH1"), "CH1:30V/3A,12.000,1.000") << "state unchanged";
    EXPECT_EQ(device.handleMessage(":OUTP:OCP:VAL? CH1"), "3.300");
}

TEST(PsuSimRigolDp800, ResetRestoresDefaults) {
    RigolDp800Simulator device("DP832", fastContext());
    device.handleMessage(":APPL CH1,12,1;:OUTP CH1,ON;:OUTP:OVP CH1,ON;:OUTP:OCP:VAL CH2,1;:INST CH3");
    ASSERT_EQ(device.errorCount(), 0u) << nextError(device);
    device.handleMessage("*RST");
    EXPECT_EQ(device.handleMessage(":APPL? CH1"), "CH1:30V/3A,0.000,3.200");
    EXPECT_EQ(device.handleMessage(":OUTP? CH1"), "OFF");
    EXPECT_EQ(device.handleMessage(":OUTP:OVP? CH1"), "OFF");
    EXPECT_EQ(device.handleMessage(":OUTP:OCP:VAL? CH2"), "3.300");
    EXPECT_EQ(device.selectedChannel(), 1);
}

TEST(PsuSimRigolDp800, UnknownModelIsRefused) {
    EXPECT_THROW(RigolDp800Simulator("DP811", fastContext()), std::invalid_argument);
    EXPECT_NE(sim::makeRigolDp800Simulator("dp832a", fastContext()), nullptr);
    EXPECT_EQ(sim::rigolDp800SimulatorModels().size(), 2u);
}
