// Keysight E36312A / E36313A: byte-exact wire tests of the driver, the driver against its simulator over loopback
// TCP, and the simulator's own command set and reply formats.
#include "instruments/drivers/KeysightE36300PowerSupply.h"
#include "instruments/sim/devices/KeysightE36300Simulator.h"
#include "instruments/sim/world/ResistivePsuLoad.h"
#include "tests/instruments/drivers/PsuTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::psu;
using sim::KeysightE36300Simulator;

namespace {

constexpr const char* kIdn = "Keysight Technologies,E36312A,MY59001234,2.1.3-1.0.4-1.12";

struct WireBench {
    boost::asio::io_context io;
    WireScript script;
    KeysightE36300PowerSupply psu;

    explicit WireBench(std::vector<Exchange> exchanges, std::string_view model = "E36312A", bool checked = false)
        : script(io, std::move(exchanges)), psu(makeSession(io, script.resource(), checked), model) {}
};

std::shared_ptr<KeysightE36300Simulator> simulator(std::string_view model) {
    return std::make_shared<KeysightE36300Simulator>(model, fastContext("MY59001234"));
}

using E36300Bench = SimBench<KeysightE36300PowerSupply, KeysightE36300Simulator>;

} // namespace

// ---- byte-exact wire tests -------------------------------------------------------------------------------------

TEST(PsuWireKeysightE36300, ConnectIdentifiesAndDrainsTheErrorQueue) {
    WireBench bench(connectExchanges(kIdn));
    runAwaitable(bench.io, bench.psu.connect());
    EXPECT_EQ(bench.psu.identity().model, "E36312A");
    EXPECT_EQ(bench.psu.identity().serial, "MY59001234");
    EXPECT_EQ(bench.psu.channelCount(), 3);
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireKeysightE36300, ConnectRefusesAnotherModel) {
    WireBench bench(std::vector<Exchange>{{"*IDN?", "Keysight Technologies,E36313A,MY59001234,2.1.3-1.0.4-1.12"}});
    const InstrumentError e = expectInstrumentError(bench.io, bench.psu.connect());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "*IDN?");
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireKeysightE36300, SettingsAndReadBacks) {
    WireBench bench({{"VOLT 5,(@1)", std::nullopt},
                     {"VOLT? (@1)", "+5.00000000E+00"},
                     {"CURR 0.25,(@2)", std::nullopt},
                     {"CURR? (@2)", "+2.50000000E-01"},
                     {"OUTP ON,(@3)", std::nullopt},
                     {"OUTP? (@3)", "1"},
                     {"OUTP OFF,(@3)", std::nullopt},
                     {"OUTP? (@3)", "0"}});
    auto& io = bench.io;
    runAwaitable(io, bench.psu.setVoltage(1, 5.0));
    EXPECT_EQ(runAwaitable(io, bench.psu.voltageSetpoint(1)), 5.0);
    runAwaitable(io, bench.psu.setCurrentLimit(2, 0.25));
    EXPECT_EQ(runAwaitable(io, bench.psu.currentLimit(2)), 0.25);
    runAwaitable(io, bench.psu.setOutput(3, true));
    EXPECT_TRUE(runAwaitable(io, bench.psu.output(3)));
    runAwaitable(io, bench.psu.setOutput(3, false));
    EXPECT_FALSE(runAwaitable(io, bench.psu.output(3)));
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireKeysightE36300, MeasurementsAndProtection) {
    WireBench bench({{"MEAS:VOLT? (@1)", "+4.99870000E+00"},
                     {"MEAS:CURR? (@2)", "+1.23400000E-01"},
                     {"VOLT:PROT 5.5,(@1)", std::nullopt},
                     {"CURR:PROT:STAT ON,(@2)", std::nullopt},
                     {"CURR:PROT:STAT OFF,(@3)", std::nullopt},
                     {"VOLT:PROT:TRIP? (@1)", "0"},
                     {"CURR:PROT:TRIP? (@1)", "1"},
                     {"VOLT:PROT:TRIP? (@2)", "0"},
                     {"CURR:PROT:TRIP? (@2)", "0"},
                     {"OUTP:PROT:CLE (@1)", std::nullopt},
                     {"OUTP OFF,(@1,2,3)", std::nullopt}});
    auto& io = bench.io;
    EXPECT_DOUBLE_EQ(runAwaitable(io, bench.psu.measureVoltage(1)), 4.9987);
    EXPECT_DOUBLE_EQ(runAwaitable(io, bench.psu.measureCurrent(2)), 0.1234);
    runAwaitable(io, bench.psu.setOverVoltageProtection(1, 5.5));
    runAwaitable(io, bench.psu.setOverCurrentProtection(2, true));
    runAwaitable(io, bench.psu.setOverCurrentProtection(3, false));
    EXPECT_TRUE(runAwaitable(io, bench.psu.protectionTripped(1)));
    EXPECT_FALSE(runAwaitable(io, bench.psu.protectionTripped(2)));
    runAwaitable(io, bench.psu.clearProtection(1));
    runAwaitable(io, bench.psu.safeState());
    bench.script.awaitComplete();
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireKeysightE36300, CheckedModeDrainsTheErrorQueueAfterEachSetting) {
    WireBench bench({{"VOLT 2.5,(@2)", std::nullopt}, {"SYST:ERR?", "+0,\"No error\""}}, "E36312A", true);
    runAwaitable(bench.io, bench.psu.setVoltage(2, 2.5));
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireKeysightE36300, RejectsOutOfRatingAndBadChannelsBeforeSending) {
    WireBench bench({});
    auto& io = bench.io;
    InstrumentError e = expectInstrumentError(io, bench.psu.setVoltage(1, 6.5));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "VOLT 6.5,(@1)");
    EXPECT_NE(std::string(e.what()).find("psu"), std::string::npos) << e.what();
    e = expectInstrumentError(io, bench.psu.setCurrentLimit(2, 1.5));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "CURR 1.5,(@2)");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.setVoltage(2, -1)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, bench.psu.setOutput(4, true)).command(), "OUTP ON,(@4)");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.measureVoltage(0)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, bench.psu.protectionTripped(4)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_THROW(static_cast<void>(bench.psu.rating(4)), InstrumentError);
    EXPECT_TRUE(bench.script.received().empty()) << bench.script.report();
}

TEST(PsuWireKeysightE36300, ModelsAreData) {
    WireBench bench({{"CURR 10,(@1)", std::nullopt}}, "E36313A");
    EXPECT_EQ(bench.psu.rating(1).maxAmps, 10.0);
    EXPECT_EQ(bench.psu.rating(3).maxVolts, 25.0);
    runAwaitable(bench.io, bench.psu.setCurrentLimit(1, 10));
    bench.script.awaitComplete();
    EXPECT_EQ(expectInstrumentError(bench.io, bench.psu.setCurrentLimit(2, 2.5)).kind(),
              InstrumentErrorKind::Configuration);
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();

    boost::asio::io_context io;
    const auto models = keysightE36300PsuModels();
    EXPECT_EQ(std::vector<std::string_view>(models.begin(), models.end()),
              (std::vector<std::string_view>{"E36312A", "E36313A"}));
    auto made = makeKeysightE36300Psu("e36312a", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
    ASSERT_NE(dynamic_cast<KeysightE36300PowerSupply*>(made.get()), nullptr);
    EXPECT_EQ(made->instrumentClass(), InstrumentClass::PowerSupply);
    try {
        makeKeysightE36300Psu("E36311A", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
        FAIL() << "unknown model accepted";
    } catch (const InstrumentError& error) {
        EXPECT_EQ(error.kind(), InstrumentErrorKind::Configuration);
    }
}

// ---- driver against the simulator over loopback TCP -----------------------------------------------------------

TEST(PsuSimKeysightE36300, DriverProgramsAndMeasuresTheSimulatedSupply) {
    E36300Bench bench(simulator("E36312A"), "E36312A");
    EXPECT_EQ(bench.driver->identity().serial, "MY59001234");
    bench.run(bench.driver->setVoltage(1, 5.0));
    bench.run(bench.driver->setCurrentLimit(1, 1.0));
    bench.run(bench.driver->setOutput(1, true));
    EXPECT_EQ(bench.run(bench.driver->voltageSetpoint(1)), 5.0);
    EXPECT_EQ(bench.run(bench.driver->currentLimit(1)), 1.0);
    EXPECT_TRUE(bench.run(bench.driver->output(1)));
    EXPECT_FALSE(bench.run(bench.driver->output(2)));
    // Default load: 10 Ω.
    EXPECT_NEAR(bench.run(bench.driver->measureVoltage(1)), 5.0, 1e-6);
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(1)), 0.5, 1e-6);
    EXPECT_TRUE(bench.device->outputOn(1));
    EXPECT_EQ(bench.device->output(1).regulation(), sim::PsuRegulation::ConstantVoltage);
}

TEST(PsuSimKeysightE36300, ConstantCurrentIntoAConfiguredLoad) {
    E36300Bench bench(simulator("E36312A"), "E36312A");
    bench.device->setLoad(2, std::make_shared<sim::ResistivePsuLoad>(4.0));
    bench.run(bench.driver->setVoltage(2, 20.0));
    bench.run(bench.driver->setCurrentLimit(2, 1.0));
    bench.run(bench.driver->setOutput(2, true));
    // 20 V into 4 Ω wants 5 A: the 1 A limit drops the output to 4 V.
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(2)), 1.0, 1e-6);
    EXPECT_NEAR(bench.run(bench.driver->measureVoltage(2)), 4.0, 1e-6);
    EXPECT_EQ(bench.device->output(2).regulation(), sim::PsuRegulation::ConstantCurrent);
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(2))) << "OCP is off";
}

TEST(PsuSimKeysightE36300, OverVoltageLatchesTheOutputOffUntilCleared) {
    E36300Bench bench(simulator("E36312A"), "E36312A");
    bench.run(bench.driver->setOverVoltageProtection(1, 5.5));
    bench.run(bench.driver->setVoltage(1, 5.0));
    bench.run(bench.driver->setOutput(1, true));
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1)));
    bench.run(bench.driver->setVoltage(1, 6.0));
    EXPECT_TRUE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_FALSE(bench.run(bench.driver->output(1)));
    EXPECT_TRUE(bench.device->output(1).overVoltageTripped());
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(1)), 0.0, 1e-12);
    bench.run(bench.driver->clearProtection(1));
    EXPECT_TRUE(bench.run(bench.driver->protectionTripped(1))) << "the setpoint is still above the level";
    bench.run(bench.driver->setVoltage(1, 5.0));
    bench.run(bench.driver->clearProtection(1));
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_TRUE(bench.run(bench.driver->output(1))) << "clearing restores the output";
    EXPECT_NEAR(bench.run(bench.driver->measureVoltage(1)), 5.0, 1e-6);
}

TEST(PsuSimKeysightE36300, OverCurrentTripsWhenTheOutputEntersConstantCurrent) {
    E36300Bench bench(simulator("E36313A"), "E36313A");
    auto load = std::make_shared<sim::ResistivePsuLoad>(10.0);
    bench.device->setLoad(1, load);
    bench.run(bench.driver->setVoltage(1, 5.0));
    bench.run(bench.driver->setCurrentLimit(1, 1.0));
    bench.run(bench.driver->setOverCurrentProtection(1, true));
    bench.run(bench.driver->setOutput(1, true));
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1)));
    load->setResistance(1.0); // now 5 A wanted
    EXPECT_TRUE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_TRUE(bench.device->output(1).overCurrentTripped());
    EXPECT_FALSE(bench.device->outputOn(1));
}

TEST(PsuSimKeysightE36300, InstrumentRangeErrorsAreReportedAndChangeNothing) {
    E36300Bench bench(simulator("E36312A"), "E36312A");
    const double ovpBefore = bench.device->output(1).ovpLevel();
    InstrumentError e = bench.error(bench.driver->setOverVoltageProtection(1, 7.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(e.command(), "VOLT:PROT 7,(@1)");
    EXPECT_NE(e.instrument().find("psu"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("Data out of range"), std::string::npos) << e.what();
    EXPECT_EQ(bench.device->output(1).ovpLevel(), ovpBefore);

    bench.run(bench.driver->setVoltage(2, 12.0));
    e = bench.error(bench.driver->setVoltage(2, 26.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "VOLT 26,(@2)");
    EXPECT_EQ(bench.device->output(2).voltageSetpoint(), 12.0);
    EXPECT_EQ(bench.device->errorCount(), 0u) << "nothing was sent";
}

TEST(PsuSimKeysightE36300, SafeStateTurnsEveryOutputOff) {
    E36300Bench bench(simulator("E36312A"), "E36312A");
    for (int channel = 1; channel <= 3; ++channel)
        bench.run(bench.driver->setOutput(channel, true));
    EXPECT_TRUE(bench.device->outputOn(1) && bench.device->outputOn(2) && bench.device->outputOn(3));
    bench.run(bench.driver->safeState());
    for (int channel = 1; channel <= 3; ++channel)
        EXPECT_FALSE(bench.device->outputOn(channel)) << "output " << channel;
    bench.run(bench.driver->safeState()); // idempotent
    EXPECT_FALSE(bench.device->outputOn(1));
}

// ---- the simulator's command set -----------------------------------------------------------------------------

TEST(PsuSimKeysightE36300, IdentityErrorQueueAndNumberFormats) {
    KeysightE36300Simulator device("E36313A", fastContext("MY61002233"));
    EXPECT_EQ(device.handleMessage("*IDN?"), "Keysight Technologies,E36313A,MY61002233,2.1.3-1.0.4-1.12");
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), "+0,\"No error\"");
    EXPECT_EQ(device.handleMessage("VOLT 5,(@1:3)"), std::nullopt);
    EXPECT_EQ(device.handleMessage("VOLT? (@1,2,3)"), "+5.00000000E+00,+5.00000000E+00,+5.00000000E+00");
    EXPECT_EQ(device.handleMessage("CURR? (@2)"), "+2.00000000E+00") << "*RST current limit: the rating";
    EXPECT_EQ(device.handleMessage("VOLT? MAX,(@1)"), "+6.00000000E+00");
    EXPECT_EQ(device.handleMessage("CURR? MIN,(@1)"), "+0.00000000E+00");
    EXPECT_EQ(device.handleMessage("VOLT:PROT? (@2)"), "+2.75000000E+01");
    EXPECT_EQ(device.handleMessage("OUTP? (@1,2,3)"), "0,0,0");
    EXPECT_EQ(device.handleMessage("OUTP 1,(@1,3);OUTP? (@1,2,3)"), "1,0,1");
    EXPECT_EQ(device.handleMessage("MEAS:VOLT? (@1,2)"), "+5.00000000E+00,+0.00000000E+00");
    EXPECT_EQ(device.handleMessage("MEAS:CURR? (@3)"), "+5.00000000E-01");
    EXPECT_EQ(device.handleMessage("CURR:PROT:STAT ON,(@2);:CURR:PROT:STAT? (@1:3)"), "0,1,0");
    EXPECT_EQ(device.handleMessage("VOLT:PROT:TRIP? (@1,2,3)"), "0,0,0");
    EXPECT_EQ(device.errorCount(), 0u) << nextError(device);
}

TEST(PsuSimKeysightE36300, LongFormsApplyAndChannelSelection) {
    KeysightE36300Simulator device("E36312A", fastContext());
    device.handleMessage("SOURce:VOLTage:LEVel:IMMediate:AMPLitude 2.5,(@1)");
    EXPECT_EQ(device.handleMessage("source:voltage? (@1)"), "+2.50000000E+00");
    device.handleMessage("APPL CH2,12,0.25");
    EXPECT_EQ(device.handleMessage("APPLy? CH2"), "+1.200000E+01,+2.500000E-01");
    device.handleMessage("APPL N25V,3");
    EXPECT_EQ(device.handleMessage("APPL? CH3"), "+3.000000E+00,+1.000000E+00");
    device.handleMessage("INST CH3");
    EXPECT_EQ(device.handleMessage("INST?"), "CH3");
    EXPECT_EQ(device.handleMessage("INST:NSEL?"), "+3");
    device.handleMessage("VOLT 7;OUTP ON");
    EXPECT_EQ(device.handleMessage("VOLT?"), "+7.00000000E+00");
    EXPECT_EQ(device.handleMessage("OUTP? (@3)"), "1");
    EXPECT_EQ(device.handleMessage("APPL?"), "+7.000000E+00,+1.000000E+00");
    device.handleMessage("INST:NSEL 1");
    EXPECT_EQ(device.selectedChannel(), 1);
    EXPECT_EQ(device.handleMessage("MEASure:SCALar:VOLTage:DC?"), "+0.00000000E+00");
    EXPECT_EQ(device.errorCount(), 0u) << nextError(device);
}

TEST(PsuSimKeysightE36300, OutOfRangeGivesMinus222AndLeavesStateAlone) {
    KeysightE36300Simulator device("E36312A", fastContext());
    device.handleMessage("VOLT 3,(@1,2)");
    EXPECT_EQ(device.handleMessage("VOLT 6.1,(@1)"), std::nullopt);
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    // A list with one bad member changes none of them.
    device.handleMessage("VOLT 10,(@1,2)");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    EXPECT_EQ(device.handleMessage("VOLT? (@1,2)"), "+3.00000000E+00,+3.00000000E+00");
    device.handleMessage("CURR 5.5,(@1)");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage("OUTP ON,(@4)");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    EXPECT_EQ(device.handleMessage("OUTP? (@1,2,3)"), "0,0,0");
    device.handleMessage("APPL CH4,1");
    EXPECT_EQ(nextError(device), "-224,\"Illegal parameter value\"");
    device.handleMessage("VOLT:PROT 6.7,(@1)");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    EXPECT_DOUBLE_EQ(device.output(1).ovpLevel(), 6.6);
    EXPECT_EQ(nextError(device), "+0,\"No error\"");
}

TEST(PsuSimKeysightE36300, ResetRestoresDefaults) {
    KeysightE36300Simulator device("E36312A", fastContext());
    device.handleMessage(
        "VOLT 4,(@1);:VOLT:PROT 5,(@1);:CURR 0.5,(@2);:OUTP ON,(@1,2);:CURR:PROT:STAT ON,(@3);:INST CH2");
    ASSERT_EQ(device.errorCount(), 0u) << nextError(device);
    device.handleMessage("*RST");
    EXPECT_EQ(device.handleMessage("VOLT? (@1,2,3)"), "+0.00000000E+00,+0.00000000E+00,+0.00000000E+00");
    EXPECT_EQ(device.handleMessage("CURR? (@1,2,3)"), "+5.00000000E+00,+1.00000000E+00,+1.00000000E+00");
    EXPECT_EQ(device.handleMessage("VOLT:PROT? (@1)"), "+6.60000000E+00");
    EXPECT_EQ(device.handleMessage("OUTP? (@1,2,3)"), "0,0,0");
    EXPECT_EQ(device.handleMessage("CURR:PROT:STAT? (@3)"), "0");
    EXPECT_EQ(device.selectedChannel(), 1);
}

TEST(PsuSimKeysightE36300, OutputRisesWithItsTimeConstant) {
    auto device = simulator("E36312A");
    ManualTime time;
    time.attach(*device);
    device->handleMessage("VOLT 6,(@1);OUTP ON,(@1)");
    EXPECT_EQ(device->handleMessage("MEAS:VOLT? (@1)"), "+0.00000000E+00");
    time.now = 0.5e-3; // one time constant
    const double oneTau = std::stod(device->handleMessage("MEAS:VOLT? (@1)").value());
    EXPECT_NEAR(oneTau, 6.0 * (1 - std::exp(-1.0)), 1e-6);
    time.now = 20e-3;
    EXPECT_EQ(device->handleMessage("MEAS:VOLT? (@1)"), "+6.00000000E+00");
    EXPECT_EQ(device->handleMessage("MEAS:CURR? (@1)"), "+6.00000000E-01");
}

TEST(PsuSimKeysightE36300, UnknownModelIsRefused) {
    EXPECT_THROW(KeysightE36300Simulator("E36311A", fastContext()), std::invalid_argument);
    EXPECT_NE(sim::makeKeysightE36300Simulator("E36313A", fastContext()), nullptr);
    EXPECT_EQ(sim::keysightE36300SimulatorModels().size(), 2u);
}
