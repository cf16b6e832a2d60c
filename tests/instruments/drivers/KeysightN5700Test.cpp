// Keysight N5767A (N5700 series): byte-exact wire tests of the driver, the driver against its simulator over
// loopback TCP, and the simulator's own command set, coupling rules and status registers.
#include "instruments/drivers/KeysightN5700PowerSupply.h"
#include "instruments/sim/devices/KeysightN5700Simulator.h"
#include "instruments/sim/world/PsuLoad.h"
#include "instruments/sim/world/ResistivePsuLoad.h"
#include "tests/instruments/drivers/PsuTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::psu;
using sim::KeysightN5700Simulator;

namespace {

constexpr const char* kIdn = "Agilent Technologies,N5767A,US12B3456P,A.01.09";

struct WireBench {
    boost::asio::io_context io;
    WireScript script;
    KeysightN5700PowerSupply psu;

    explicit WireBench(std::vector<Exchange> exchanges)
        : script(io, std::move(exchanges)), psu(makeSession(io, script.resource()), "N5767A") {}
};

std::shared_ptr<KeysightN5700Simulator> simulator() {
    return std::make_shared<KeysightN5700Simulator>("N5767A", fastContext("US12B3456P"));
}

using N5700Bench = SimBench<KeysightN5700PowerSupply, KeysightN5700Simulator>;

/// An XPO module on the 48 V rail: constant power above its 36 V under-voltage lockout, nothing below.
class ModuleLoad : public sim::PsuLoad {
public:
    explicit ModuleLoad(double watts) : m_watts(watts) {}
    double current(int, double volts, double) override { return volts >= 36.0 ? m_watts / volts : 0.0; }

private:
    double m_watts;
};

} // namespace

// ---- byte-exact wire tests -------------------------------------------------------------------------------------

TEST(PsuWireKeysightN5700, ConnectIdentifiesAndDrainsTheErrorQueue) {
    WireBench bench(connectExchanges(kIdn));
    runAwaitable(bench.io, bench.psu.connect());
    EXPECT_EQ(bench.psu.identity().model, "N5767A");
    EXPECT_EQ(bench.psu.channelCount(), 1);
    EXPECT_EQ(bench.psu.rating(1).maxVolts, 60.0);
    EXPECT_EQ(bench.psu.rating(1).maxAmps, 25.0);
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireKeysightN5700, EveryCommandByteExact) {
    WireBench bench({{"VOLT 48", std::nullopt},
                     {"VOLT?", "+4.80000000E+01"},
                     {"CURR 6.5", std::nullopt},
                     {"CURR?", "+6.50000000E+00"},
                     {"OUTP ON", std::nullopt},
                     {"OUTP?", "1"},
                     {"MEAS:VOLT?", "+4.79990000E+01"},
                     {"MEAS:CURR?", "+6.25000000E+00"},
                     {"VOLT:PROT 52.8", std::nullopt},
                     {"CURR:PROT:STAT ON", std::nullopt},
                     {"CURR:PROT:STAT OFF", std::nullopt},
                     {"STAT:QUES:COND?", "+2"},
                     {"STAT:QUES:COND?", "+1"},
                     {"STAT:QUES:COND?", "+16"},
                     {"STAT:QUES:COND?", "+0"},
                     {"OUTP:PROT:CLE", std::nullopt},
                     {"OUTP OFF", std::nullopt},
                     {"OUTP?", "0"},
                     {"OUTP OFF", std::nullopt}});
    auto& io = bench.io;
    runAwaitable(io, bench.psu.setVoltage(1, 48));
    EXPECT_EQ(runAwaitable(io, bench.psu.voltageSetpoint(1)), 48.0);
    runAwaitable(io, bench.psu.setCurrentLimit(1, 6.5));
    EXPECT_EQ(runAwaitable(io, bench.psu.currentLimit(1)), 6.5);
    runAwaitable(io, bench.psu.setOutput(1, true));
    EXPECT_TRUE(runAwaitable(io, bench.psu.output(1)));
    EXPECT_DOUBLE_EQ(runAwaitable(io, bench.psu.measureVoltage(1)), 47.999);
    EXPECT_DOUBLE_EQ(runAwaitable(io, bench.psu.measureCurrent(1)), 6.25);
    runAwaitable(io, bench.psu.setOverVoltageProtection(1, 52.8));
    runAwaitable(io, bench.psu.setOverCurrentProtection(1, true));
    runAwaitable(io, bench.psu.setOverCurrentProtection(1, false));
    EXPECT_TRUE(runAwaitable(io, bench.psu.protectionTripped(1))) << "OC";
    EXPECT_TRUE(runAwaitable(io, bench.psu.protectionTripped(1))) << "OV";
    EXPECT_FALSE(runAwaitable(io, bench.psu.protectionTripped(1))) << "over-temperature alone is not OVP/OCP";
    EXPECT_EQ(runAwaitable(io, bench.psu.questionableCondition()), 0);
    runAwaitable(io, bench.psu.clearProtection(1));
    runAwaitable(io, bench.psu.setOutput(1, false));
    EXPECT_FALSE(runAwaitable(io, bench.psu.output(1)));
    runAwaitable(io, bench.psu.safeState());
    bench.script.awaitComplete();
    EXPECT_TRUE(bench.script.complete()) << bench.script.report();
}

TEST(PsuWireKeysightN5700, RejectsOutOfRatingAndOtherChannelsBeforeSending) {
    WireBench bench({});
    auto& io = bench.io;
    InstrumentError e = expectInstrumentError(io, bench.psu.setVoltage(1, 61));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "VOLT 61");
    EXPECT_NE(std::string(e.what()).find("N5767A"), std::string::npos) << e.what();
    EXPECT_EQ(expectInstrumentError(io, bench.psu.setCurrentLimit(1, 25.5)).command(), "CURR 25.5");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.setCurrentLimit(1, std::nan(""))).kind(),
              InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, bench.psu.setOutput(2, true)).command(), "OUTP ON");
    EXPECT_EQ(expectInstrumentError(io, bench.psu.protectionTripped(2)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_TRUE(bench.script.received().empty()) << bench.script.report();
}

TEST(PsuWireKeysightN5700, FactoryAndModels) {
    boost::asio::io_context io;
    ASSERT_EQ(keysightN5700PsuModels().size(), 2u);
    EXPECT_EQ(keysightN5700PsuModels()[0], "N5767A");
    EXPECT_EQ(keysightN5700PsuModels()[1], "N5741A");
    auto made = makeKeysightN5700Psu("N5767A", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
    ASSERT_NE(dynamic_cast<KeysightN5700PowerSupply*>(made.get()), nullptr);
    // The 6 V / 100 A member that feeds a CPO engine's core rail.
    auto high = makeKeysightN5700Psu("N5741A", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
    auto* n5741 = dynamic_cast<KeysightN5700PowerSupply*>(high.get());
    ASSERT_NE(n5741, nullptr);
    EXPECT_EQ(n5741->rating(1).maxVolts, 6.0);
    EXPECT_EQ(n5741->rating(1).maxAmps, 100.0);
    EXPECT_THROW(makeKeysightN5700Psu("N5768A", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET")), InstrumentError);
}

// ---- driver against the simulator -------------------------------------------------------------------------------

TEST(PsuSimKeysightN5700, FortyEightVoltRailIntoAModuleLoad) {
    N5700Bench bench(simulator(), "N5767A");
    bench.device->setLoad(1, std::make_shared<ModuleLoad>(300.0));
    bench.run(bench.driver->setOverVoltageProtection(1, 52.8));
    bench.run(bench.driver->setVoltage(1, 48));
    bench.run(bench.driver->setCurrentLimit(1, 10));
    bench.run(bench.driver->setOutput(1, true));
    EXPECT_EQ(bench.run(bench.driver->voltageSetpoint(1)), 48.0);
    EXPECT_EQ(bench.run(bench.driver->currentLimit(1)), 10.0);
    EXPECT_TRUE(bench.run(bench.driver->output(1)));
    EXPECT_NEAR(bench.run(bench.driver->measureVoltage(1)), 48.0, 1e-6);
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(1)), 6.25, 1e-6) << "300 W from 48 V";
    EXPECT_EQ(bench.device->operationCondition(), KeysightN5700Simulator::kOperConstantVoltage);
}

TEST(PsuSimKeysightN5700, FoldbackTripsWhenTheRailGoesIntoConstantCurrent) {
    N5700Bench bench(simulator(), "N5767A");
    bench.device->setLoad(1, std::make_shared<ModuleLoad>(300.0));
    bench.run(bench.driver->setVoltage(1, 48));
    bench.run(bench.driver->setCurrentLimit(1, 5)); // 6.25 A wanted
    bench.run(bench.driver->setOverCurrentProtection(1, true));
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1))) << "output still off";
    bench.run(bench.driver->setOutput(1, true));
    EXPECT_TRUE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_FALSE(bench.run(bench.driver->output(1)));
    EXPECT_EQ(bench.run(bench.driver->questionableCondition()), KeysightN5700Simulator::kQuesOverCurrent);
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(1)), 0.0, 1e-12);
    bench.run(bench.driver->setCurrentLimit(1, 8));
    bench.run(bench.driver->clearProtection(1));
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_TRUE(bench.run(bench.driver->output(1))) << "clearing restores the output";
    EXPECT_NEAR(bench.run(bench.driver->measureCurrent(1)), 6.25, 1e-6);
}

TEST(PsuSimKeysightN5700, InjectedOverVoltageShowsInTheQuestionableRegister) {
    N5700Bench bench(simulator(), "N5767A");
    bench.run(bench.driver->setVoltage(1, 24));
    bench.run(bench.driver->setOutput(1, true));
    bench.device->injectTrip(1, sim::PsuProtection::OverVoltage);
    EXPECT_TRUE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_EQ(bench.run(bench.driver->questionableCondition()), KeysightN5700Simulator::kQuesOverVoltage);
    bench.run(bench.driver->clearProtection(1));
    EXPECT_FALSE(bench.run(bench.driver->protectionTripped(1)));
    EXPECT_TRUE(bench.device->outputOn(1));
}

TEST(PsuSimKeysightN5700, CoupledRangeErrorsAreReportedAndChangeNothing) {
    N5700Bench bench(simulator(), "N5767A");
    bench.run(bench.driver->setVoltage(1, 48));
    InstrumentError e = bench.error(bench.driver->setOverVoltageProtection(1, 40));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(e.command(), "VOLT:PROT 40");
    EXPECT_NE(e.instrument().find("psu"), std::string::npos);
    EXPECT_EQ(bench.device->output(1).ovpLevel(), 66.0);
    bench.run(bench.driver->setOverVoltageProtection(1, 50.4)); // exactly 1.05 × 48 is allowed
    e = bench.error(bench.driver->setVoltage(1, 50));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.command(), "VOLT 50");
    EXPECT_EQ(bench.device->output(1).voltageSetpoint(), 48.0);
    EXPECT_EQ(bench.device->output(1).ovpLevel(), 50.4);
}

TEST(PsuSimKeysightN5700, SafeStateTurnsTheOutputOff) {
    N5700Bench bench(simulator(), "N5767A");
    bench.run(bench.driver->setVoltage(1, 12));
    bench.run(bench.driver->setOutput(1, true));
    EXPECT_TRUE(bench.device->outputOn(1));
    bench.run(bench.driver->safeState());
    EXPECT_FALSE(bench.device->outputOn(1));
    EXPECT_EQ(bench.device->operationCondition(), 0);
}

// ---- the simulator's command set -----------------------------------------------------------------------------

TEST(PsuSimKeysightN5700, IdentityFormatsAndResetValues) {
    KeysightN5700Simulator device("N5767A", fastContext("US12B3456P"));
    EXPECT_EQ(device.handleMessage("*IDN?"), kIdn);
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), "+0,\"No error\"");
    EXPECT_EQ(device.handleMessage("VOLT?"), "+0.00000000E+00");
    EXPECT_EQ(device.handleMessage("CURR?"), "+0.00000000E+00");
    EXPECT_EQ(device.handleMessage("VOLT:PROT?"), "+6.60000000E+01");
    EXPECT_EQ(device.handleMessage("CURR:PROT:STAT?"), "0");
    EXPECT_EQ(device.handleMessage("OUTP?"), "0");
    EXPECT_EQ(device.handleMessage("VOLT? MAX"), "+6.12000000E+01") << "102 % of the rating";
    EXPECT_EQ(device.handleMessage("CURR? MAX"), "+2.55000000E+01");
    EXPECT_EQ(device.handleMessage("VOLT:PROT? MIN"), "+5.00000000E+00");
    device.handleMessage("SOURce:VOLTage:LEVel:IMMediate:AMPLitude 12;:CURRent 2;:OUTPut:STATe ON");
    EXPECT_EQ(device.handleMessage("MEASure:SCALar:VOLTage:DC?"), "+1.20000000E+01");
    EXPECT_EQ(device.handleMessage("MEAS:CURR?"), "+1.20000000E+00") << "default 10 Ω load";
    EXPECT_EQ(device.handleMessage("VOLT:PROT? MIN"), "+1.26000000E+01") << "coupled: 1.05 × 12 V";
    device.handleMessage("VOLT:PROT 20;:CURR:PROT:STAT ON");
    device.handleMessage("*RST");
    EXPECT_EQ(device.handleMessage("VOLT?;CURR?"), "+0.00000000E+00;+0.00000000E+00");
    EXPECT_EQ(device.handleMessage("VOLT:PROT?"), "+6.60000000E+01");
    EXPECT_EQ(device.handleMessage("CURR:PROT:STAT?;:OUTP?"), "0;0");
    EXPECT_EQ(device.errorCount(), 0u) << nextError(device);
}

TEST(PsuSimKeysightN5700, RangesGiveMinus222AndLeaveStateAlone) {
    KeysightN5700Simulator device("N5767A", fastContext());
    device.handleMessage("VOLT 48;CURR 10");
    device.handleMessage("VOLT 61.3");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage("CURR 25.6");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage("VOLT:PROT 66.5");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"");
    device.handleMessage("VOLT:PROT 50");
    EXPECT_EQ(nextError(device), "-222,\"Data out of range\"") << "below 1.05 × 48 V";
    EXPECT_EQ(device.handleMessage("VOLT?;CURR?;VOLT:PROT?"), "+4.80000000E+01;+1.00000000E+01;+6.60000000E+01");
    device.handleMessage("OUTP 2");
    EXPECT_EQ(nextError(device), "+0,\"No error\"") << "non-zero numbers are ON";
    EXPECT_EQ(device.handleMessage("OUTP?"), "1");
}

TEST(PsuSimKeysightN5700, StatusRegistersLatchAndSummarise) {
    auto device = simulator();
    device->setLoad(1, std::make_shared<sim::ResistivePsuLoad>(2.0));
    device->handleMessage("VOLT 20;CURR 5;:OUTP ON");
    EXPECT_EQ(device->handleMessage("STAT:OPER:COND?"), "+1024") << "20 V into 2 Ω wants 10 A: CC";
    EXPECT_EQ(device->handleMessage("STAT:QUES:COND?"), "+0");
    device->handleMessage("STAT:QUES:ENAB 3");
    EXPECT_EQ(device->handleMessage("STAT:QUES:ENAB?"), "+3");
    device->handleMessage("CURR:PROT:STAT ON");
    EXPECT_EQ(device->handleMessage("STAT:QUES:COND?"), "+2");
    EXPECT_EQ(device->statusByte() & 8, 8) << "QUES summary";
    device->handleMessage("CURR 15;:OUTP:PROT:CLE");
    EXPECT_EQ(device->handleMessage("STAT:QUES:COND?"), "+0");
    EXPECT_EQ(device->handleMessage("STAT:QUES?"), "+2") << "the event stays latched";
    EXPECT_EQ(device->handleMessage("STAT:QUES?"), "+0") << "reading cleared it";
    EXPECT_EQ(device->statusByte() & 8, 0);
    EXPECT_EQ(device->handleMessage("STAT:OPER:COND?"), "+256");
    device->handleMessage("STAT:OPER:ENAB 256");
    EXPECT_EQ(device->statusByte() & 128, 128) << "OPER summary: CV was entered";
    device->handleMessage("*CLS");
    EXPECT_EQ(device->statusByte() & 128, 0);
    device->handleMessage("STAT:PRES");
    EXPECT_EQ(device->handleMessage("STAT:OPER:ENAB?;:STAT:QUES:ENAB?"), "+0;+0");
}

TEST(PsuSimKeysightN5700, OutputRisesWithItsTimeConstant) {
    auto device = simulator();
    ManualTime time;
    time.attach(*device);
    device->handleMessage("VOLT 48;CURR 10;:OUTP ON");
    EXPECT_EQ(device->handleMessage("MEAS:VOLT?"), "+0.00000000E+00");
    time.now = 20e-3; // one time constant
    EXPECT_NEAR(std::stod(device->handleMessage("MEAS:VOLT?").value()), 48.0 * (1 - std::exp(-1.0)), 1e-6);
    time.now = 40e-3;
    EXPECT_NEAR(std::stod(device->handleMessage("MEAS:VOLT?").value()), 48.0 * (1 - std::exp(-2.0)), 1e-6);
    time.now = 1.0;
    EXPECT_EQ(device->handleMessage("MEAS:VOLT?"), "+4.80000000E+01");
    EXPECT_EQ(device->handleMessage("MEAS:CURR?"), "+4.80000000E+00");
    device->handleMessage("OUTP OFF");
    time.now = 1.02;
    EXPECT_NEAR(std::stod(device->handleMessage("MEAS:VOLT?").value()), 48.0 * std::exp(-1.0), 1e-6)
        << "the output decays when switched off";
    EXPECT_EQ(device->handleMessage("MEAS:CURR?"), "+0.00000000E+00");
}

TEST(PsuSimKeysightN5700, UnknownModelIsRefused) {
    EXPECT_THROW(KeysightN5700Simulator("N5768A", fastContext()), std::invalid_argument);
    EXPECT_NE(sim::makeKeysightN5700Simulator("n5767a", fastContext()), nullptr);
    EXPECT_NE(sim::makeKeysightN5700Simulator("n5741a", fastContext()), nullptr);
    EXPECT_EQ(sim::keysightN5700SimulatorModels().size(), 2u);
}
