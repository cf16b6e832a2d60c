// XPO-HB1 driver methods for a production flow (docs/fixture.md appendix C): input sense and inrush, bring-up
// timing, identity and advertising decoded from CMIS, DDM monitors and Rx LOS, and lane lists for PRBS — byte-exact
// on the wire, then against the simulator over loopback TCP.
#include "instruments/ScpiChannelList.h"
#include "instruments/drivers/CmisDecoding.h"
#include "instruments/drivers/OptiQualXpoFixture.h"
#include "tests/instruments/drivers/FixtureTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::fixture;
using sim::CmisModule;
using sim::CmisModuleParams;
using sim::Defect;
using sim::DefectMode;

namespace {

std::string repeated(const std::string& value, int count) {
    std::string out;
    for (int i = 0; i < count; ++i)
        out += (i > 0 ? "," : "") + value;
    return out;
}

/// Page 00h bytes 128–222 with a valid (or, with @p off, an off-by-one) checksum in the last byte.
std::string page00(bool off = false) {
    std::string block = "\x19OPTIQUAL SIM    " + std::string(77, 'A'); // 128–221
    const unsigned sum = std::accumulate(block.begin(), block.end(), 0U,
                                         [](unsigned acc, char c) { return acc + static_cast<unsigned char>(c); });
    block += static_cast<char>((sum + (off ? 1U : 0U)) & 0xFFU);
    return block;
}

std::unique_ptr<CmisModule> moduleWith(DefectMode mode, int lane = -1) {
    return std::make_unique<CmisModule>(kModuleSerial, CmisModuleParams{}, std::vector<Defect>{{mode, lane}});
}

} // namespace

// ---- decoding helpers --------------------------------------------------------------------------------------------

TEST(CmisDecoding, TextDurationsFirmwareAndChecksum) {
    const std::vector<std::uint8_t> padded{'X', 'P', 'O', ' ', ' ', 0, 0};
    EXPECT_EQ(cmis::decodeText(padded), "XPO");
    const std::vector<std::uint8_t> inner{'A', ' ', 'B', ' '};
    EXPECT_EQ(cmis::decodeText(inner), "A B") << "inner spaces stay";
    EXPECT_EQ(cmis::decodeText(std::vector<std::uint8_t>(16, ' ')), "");
    EXPECT_EQ(cmis::durationUpperSeconds(0), 0.001);
    EXPECT_EQ(cmis::durationUpperSeconds(5), 0.5);
    EXPECT_EQ(cmis::durationUpperSeconds(7), 5.0);
    EXPECT_EQ(cmis::durationUpperSeconds(9), 60.0);
    EXPECT_EQ(cmis::durationUpperSeconds(13), 6000.0);
    EXPECT_FALSE(cmis::durationUpperSeconds(14).has_value());
    EXPECT_FALSE(cmis::durationUpperSeconds(15).has_value());
    EXPECT_EQ(cmis::firmwareVersion(2, 4), "2.4");
    EXPECT_EQ(cmis::firmwareVersion(10, 0), "10.0");
    const std::vector<std::uint8_t> sum{0xFF, 0x02, 0x01};
    EXPECT_EQ(cmis::checksum(sum), 0x02);
    EXPECT_EQ(formatScpiChannelList({1, 2, 3, 4, 9}), "(@1:4,9)");
    EXPECT_EQ(formatScpiChannelList({5}), "(@5)");
    EXPECT_EQ(formatScpiChannelList({3, 5, 6, 2}), "(@3,5:6,2)") << "order kept";
    EXPECT_EQ(formatScpiChannelList({}), "(@)");
}

// ---- byte-exact wire tests -------------------------------------------------------------------------------------

TEST(FixtureWire, InputSenseAndInrushPeak) {
    WireBench bench({{"FIXT:MOD:MEAS:VOLT?", "+4.80000000E+01"},
                     {"FIXT:MOD:MEAS:CURR?", "+7.27604167E+00"},
                     {"FIXT:MOD:MEAS:POW?", "+3.49250000E+02"},
                     {"FIXT:MOD:MEAS:CURR:PEAK?", "+4.88300000E+00"}});
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.measureInputVoltage()), 48.0);
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.measureInputCurrent()), 7.27604167);
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.measureInputPower()), 349.25);
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.inrushPeakCurrent()), 4.883);
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, StateEntryTimeNamesEveryState) {
    const std::vector<std::pair<ModuleState, std::string>> words{
        {ModuleState::Absent, "ABSENT"},     {ModuleState::Unpowered, "OFF"},      {ModuleState::Reset, "RESET"},
        {ModuleState::Initializing, "INIT"}, {ModuleState::LowPower, "LOWP"},      {ModuleState::PoweringUp, "PUP"},
        {ModuleState::Ready, "READY"},       {ModuleState::PoweringDown, "PDOWN"}, {ModuleState::Fault, "FAULT"}};
    std::vector<Exchange> script;
    for (const auto& [state, word] : words)
        script.push_back({"FIXT:MOD:STAT:TIME? " + word, word == "FAULT" ? "+9.91000000E+37" : "+4.21000000E+00"});
    WireBench bench(std::move(script));
    for (const auto& [state, word] : words) {
        const double seconds = bench.run(bench.fixture.stateEntryTime(state));
        if (word == "FAULT")
            EXPECT_TRUE(std::isnan(seconds)) << "not entered since power-on";
        else
            EXPECT_DOUBLE_EQ(seconds, 4.21) << word;
    }
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, IdentityIsDecodedFromPage00) {
    WireBench bench({{"CMIS:READ? 0,0,129,16", "#216OPTIQUAL SIM    "},
                     {"CMIS:READ? 0,0,148,16", "#216XPO-DR64-12T8   "},
                     {"CMIS:READ? 0,0,166,16", "#216XPO26A0001" + std::string(6, '\0')},
                     {"CMIS:READ? 0,0,39,2", "#12" + bytes({0x02, 0x04})},
                     {"CMIS:READ? 0,0,128,95", "#295" + page00()},
                     {"CMIS:READ? 0,0,128,95", "#295" + page00(true)}});
    EXPECT_EQ(bench.run(bench.fixture.vendorName()), "OPTIQUAL SIM");
    EXPECT_EQ(bench.run(bench.fixture.vendorPartNumber()), "XPO-DR64-12T8");
    EXPECT_EQ(bench.run(bench.fixture.vendorSerialNumber()), "XPO26A0001") << "NUL padding too";
    EXPECT_EQ(bench.run(bench.fixture.firmwareVersion()), "2.4");
    EXPECT_TRUE(bench.run(bench.fixture.eepromChecksumValid()));
    EXPECT_FALSE(bench.run(bench.fixture.eepromChecksumValid()));
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, AdvertisedDurationsAreTheUpperBoundsOfTheirCodes) {
    // Byte 167 = 0x57: ModulePwrDn code 5, ModulePwrUp code 7 (1–5 s); byte 144 = 0x46: DataPathInit code 6.
    WireBench bench({{"CMIS:READ? 0,1,167,1", "#11" + bytes({0x57})},
                     {"CMIS:READ? 0,1,144,1", "#11" + bytes({0x46})},
                     {"CMIS:READ? 0,1,167,1", "#11" + bytes({0x0E})}});
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.advertisedPowerUpTime()), 5.0);
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.advertisedDataPathInitTime()), 1.0);
    const InstrumentError e = expectInstrumentError(bench.io, bench.fixture.advertisedPowerUpTime());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), "CMIS:READ? 0,1,167,1");
    EXPECT_NE(std::string(e.what()).find("reserved"), std::string::npos) << e.what();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, DdmMonitorsWithAndWithoutLaneLists) {
    WireBench bench(
        {{"DDM:TEMP?", "+2.90390625E+01"},
         {"DDM:VCC?", "+3.29870000E+00"},
         {"DDM:TXP? (@1:4,9)", "+1.80355296E+00,-9.90000000E+37,+1.52000000E+00,+1.00000000E+00,+2.00000000E+00"},
         {"DDM:TXP?", repeated("+1.50000000E+00", 64)},
         {"DDM:BIAS? (@64)", "+4.21000000E-02"},
         {"DDM:RXP? (@2,7)", "-3.01000000E+00,-9.90000000E+37"},
         {"DDM:LOS? (@1:2)", "0,1"},
         {"DDM:LOS?", repeated("1", 64)}});
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.ddmTemperature()), 29.0390625);
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture.ddmSupplyVoltage()), 3.2987);
    const std::vector<double> tx = bench.run(bench.fixture.ddmTxPower({1, 2, 3, 4, 9}));
    ASSERT_EQ(tx.size(), 5U);
    EXPECT_DOUBLE_EQ(tx[0], 1.80355296);
    EXPECT_EQ(tx[1], -std::numeric_limits<double>::infinity()) << "0 µW: laser off";
    EXPECT_DOUBLE_EQ(tx[4], 2.0);
    EXPECT_EQ(bench.run(bench.fixture.ddmTxPower({})).size(), 64U);
    EXPECT_EQ(bench.run(bench.fixture.ddmBias({64})), std::vector<double>{0.0421});
    const std::vector<double> rx = bench.run(bench.fixture.ddmRxPower({2, 7}));
    EXPECT_DOUBLE_EQ(rx[0], -3.01);
    EXPECT_EQ(rx[1], -std::numeric_limits<double>::infinity());
    EXPECT_EQ(bench.run(bench.fixture.rxLossOfSignal({1, 2})), (std::vector<bool>{false, true}));
    EXPECT_EQ(bench.run(bench.fixture.rxLossOfSignal({})), std::vector<bool>(64, true));
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, LaneReplyMustMatchTheList) {
    WireBench bench({{"DDM:BIAS? (@1:3)", "+4.00000000E-02,+4.10000000E-02"}, {"DDM:LOS? (@5)", "2"}});
    InstrumentError e = expectInstrumentError(bench.io, bench.fixture.ddmBias({1, 2, 3}));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), "DDM:BIAS? (@1:3)");
    e = expectInstrumentError(bench.io, bench.fixture.rxLossOfSignal({5}));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, PrbsOnLaneLists) {
    WireBench bench({{"PRBS:STAR MED,0,(@1:8)", std::nullopt},
                     {"PRBS:STAR HOST,12,(@9,11)", std::nullopt},
                     {"PRBS:BER? MED,(@1:3)", "+1.34000000E-08,+2.21000000E-09,+5.00000000E-01"},
                     {"PRBS:STOP HOST,(@9,11)", std::nullopt},
                     {"PRBS:STOP MED", std::nullopt}});
    bench.run(bench.fixture.startPrbs(PrbsSide::Media, 0, {1, 2, 3, 4, 5, 6, 7, 8}));
    bench.run(bench.fixture.startPrbs(PrbsSide::Host, 12, {9, 11}));
    EXPECT_EQ(bench.run(bench.fixture.readBer(PrbsSide::Media, {1, 2, 3})),
              (std::vector<double>{1.34e-8, 2.21e-9, 0.5}));
    bench.run(bench.fixture.stopPrbs(PrbsSide::Host, {9, 11}));
    bench.run(bench.fixture.stopPrbs(PrbsSide::Media, {}));
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, RejectsBadLanesBeforeSending) {
    WireBench bench(std::vector<Exchange>{{"FIXT:MOD:PRES?", "1"}});
    auto& io = bench.io;
    auto& f = bench.fixture;
    InstrumentError e = expectInstrumentError(io, f.ddmTxPower({0}));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "DDM:TXP? (@0)");
    EXPECT_EQ(expectInstrumentError(io, f.ddmRxPower({65})).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.rxLossOfSignal(std::vector<int>(65, 1))).kind(),
              InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.startPrbs(PrbsSide::Media, 0, {64, 65})).kind(),
              InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.stopPrbs(PrbsSide::Host, {-1})).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.readBer(PrbsSide::Host, {100})).kind(), InstrumentErrorKind::Configuration);
    EXPECT_TRUE(bench.run(f.modulePresent()));
    EXPECT_EQ(bench.script.received().size(), 1U) << bench.script.report();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, CheckedUnansweredMonitorQueriesReportTheBoardsError) {
    WireBench bench({{"DDM:LOS? (@1)", std::nullopt},
                     {"SYST:ERR?", "+204,\"Module not powered\""},
                     {"SYST:ERR?", "+0,\"No error\""},
                     {"FIXT:MOD:STAT:TIME? READY", std::nullopt},
                     {"SYST:ERR?", "-224,\"Illegal parameter value\""},
                     {"SYST:ERR?", "+0,\"No error\""}},
                    true);
    InstrumentError e = expectInstrumentError(bench.io, bench.fixture.rxLossOfSignal({1}));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported) << e.what();
    EXPECT_EQ(e.code(), 204);
    EXPECT_EQ(e.command(), "DDM:LOS? (@1)");
    e = expectInstrumentError(bench.io, bench.fixture.stateEntryTime(ModuleState::Ready));
    EXPECT_EQ(e.code(), -224) << e.what();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

// ---- the driver against the simulator over loopback TCP ------------------------------------------------------

TEST(FixtureSimLoopback, BringUpTimingAgainstWhatTheModuleAdvertises) {
    SimBench bench;
    EXPECT_TRUE(std::isnan(bench.run(bench.fixture->stateEntryTime(ModuleState::Initializing)))) << "no POW ON yet";
    bench.powerUpToReady();
    EXPECT_TRUE(std::isnan(bench.run(bench.fixture->stateEntryTime(ModuleState::Reset))))
        << "ResetL was released before the switch closed";
    const double init = bench.run(bench.fixture->stateEntryTime(ModuleState::Initializing));
    const double lowPower = bench.run(bench.fixture->stateEntryTime(ModuleState::LowPower));
    const double poweringUp = bench.run(bench.fixture->stateEntryTime(ModuleState::PoweringUp));
    const double ready = bench.run(bench.fixture->stateEntryTime(ModuleState::Ready));
    EXPECT_DOUBLE_EQ(init, 0.0);
    EXPECT_DOUBLE_EQ(lowPower, 1.0) << "MgmtInit";
    EXPECT_GE(poweringUp, lowPower);
    const double advertised = bench.run(bench.fixture->advertisedPowerUpTime());
    EXPECT_DOUBLE_EQ(advertised, 5.0);
    EXPECT_GT(ready - poweringUp, 1.0);
    EXPECT_LE(ready - poweringUp, advertised);
    EXPECT_TRUE(std::isnan(bench.run(bench.fixture->stateEntryTime(ModuleState::Fault))));
    EXPECT_DOUBLE_EQ(bench.run(bench.fixture->advertisedDataPathInitTime()), 1.0);
}

TEST(FixtureSimLoopback, SlowPowerUpOverrunsTheAdvertisedTime) {
    SimBench bench;
    bench.board->seat(moduleWith(DefectMode::SlowPowerUp));
    bench.powerUpToReady();
    const double took = bench.run(bench.fixture->stateEntryTime(ModuleState::Ready)) -
                        bench.run(bench.fixture->stateEntryTime(ModuleState::PoweringUp));
    EXPECT_GT(took, bench.run(bench.fixture->advertisedPowerUpTime()));
}

TEST(FixtureSimLoopback, IdentityFirmwareAndChecksum) {
    SimBench bench;
    bench.powerUpToLowPower();
    EXPECT_EQ(bench.run(bench.fixture->vendorName()), "OPTIQUAL SIM");
    EXPECT_EQ(bench.run(bench.fixture->vendorPartNumber()), "XPO-DR64-12T8");
    EXPECT_EQ(bench.run(bench.fixture->vendorSerialNumber()), kModuleSerial);
    EXPECT_EQ(bench.run(bench.fixture->firmwareVersion()), "2.4");
    EXPECT_TRUE(bench.run(bench.fixture->eepromChecksumValid()));

    bench.board->seat(moduleWith(DefectMode::FirmwareMismatch));
    bench.powerUpToLowPower();
    EXPECT_EQ(bench.run(bench.fixture->firmwareVersion()), "2.1");
    EXPECT_TRUE(bench.run(bench.fixture->eepromChecksumValid()));
    bench.board->seat(moduleWith(DefectMode::BadEepromChecksum));
    bench.powerUpToLowPower();
    EXPECT_FALSE(bench.run(bench.fixture->eepromChecksumValid()));
    EXPECT_EQ(bench.run(bench.fixture->firmwareVersion()), "2.4");
}

TEST(FixtureSimLoopback, InputSenseIsTheModulesInputAndCatchesTheInrush) {
    SimBench bench;
    EXPECT_EQ(bench.run(bench.fixture->inrushPeakCurrent()), 0.0);
    bench.powerUpToLowPower();
    const double inrush = bench.run(bench.fixture->inrushPeakCurrent());
    EXPECT_NEAR(inrush, bench.board->module().inputCurrentPeakAmps(), 1e-7);
    EXPECT_GT(inrush, 4.8);
    EXPECT_LT(inrush, 5.0);
    bench.run(bench.fixture->setLowPowerMode(false));
    ASSERT_EQ(bench.awaitState(ModuleState::Ready).back(), ModuleState::Ready);
    bench.awaitDataPathsActivated();
    const double volts = bench.run(bench.fixture->measureInputVoltage());
    const double amps = bench.run(bench.fixture->measureInputCurrent());
    const double watts = bench.run(bench.fixture->measureInputPower());
    EXPECT_DOUBLE_EQ(volts, 48.0);
    EXPECT_NEAR(watts, volts * amps, watts * 1e-7);
    EXPECT_NEAR(watts, bench.board->module().powerDrawWatts(48.0), watts * 1e-7);
    EXPECT_NEAR(bench.run(bench.fixture->inrushPeakCurrent()), std::max(inrush, amps), 1e-6)
        << "the peak-hold keeps the larger of the inrush and the ready draw";

    bench.board->seat(moduleWith(DefectMode::HighInrush));
    bench.powerUpToLowPower();
    EXPECT_GT(bench.run(bench.fixture->inrushPeakCurrent()), 4.0 * inrush);
}

TEST(FixtureSimLoopback, DdmFollowsTheModuleAndShowsAMiscalibratedLane) {
    SimBench bench;
    bench.board->seat(moduleWith(DefectMode::DdmTxMiscalibrated, 40));
    bench.powerUpToReady();
    bench.awaitDataPathsActivated();
    CmisModule& module = bench.board->module();
    const std::vector<double> tx = bench.run(bench.fixture->ddmTxPower({}));
    ASSERT_EQ(tx.size(), 64U);
    for (int lane = 0; lane < 64; ++lane) {
        const double error = tx[static_cast<std::size_t>(lane)] - module.txOutputPowerDbm(lane);
        if (lane == 40)
            EXPECT_GT(std::abs(error), 3.0) << "lane 41 reads beyond the ±3 dB DDM accuracy";
        else
            EXPECT_LT(std::abs(error), 0.51) << "lane " << lane + 1;
    }
    const std::vector<double> bias = bench.run(bench.fixture->ddmBias({41, 1}));
    ASSERT_EQ(bias.size(), 2U);
    EXPECT_NEAR(bias[0], module.txBiasMilliAmp(40) * 1e-3, module.txBiasMilliAmp(40) * 1e-3 * 0.051);
    EXPECT_NEAR(bench.run(bench.fixture->ddmTemperature()), module.internalTemperatureC(), 1.01);
    EXPECT_NEAR(bench.run(bench.fixture->ddmSupplyVoltage()), 3.3, 0.1);
}

TEST(FixtureSimLoopback, LossOfSignalAssertsAndDeassertsWithTheLight) {
    SimBench bench;
    bench.powerUpToReady();
    bench.awaitDataPathsActivated();
    CmisModule& module = bench.board->module();
    module.setRxInputPowerDbm(0, -2.0, bench.board->now());
    module.setRxInputPowerDbm(1, -20.0, bench.board->now());
    EXPECT_EQ(bench.run(bench.fixture->rxLossOfSignal({1, 2})), (std::vector<bool>{false, true}));
    module.setRxInputPowerDbm(1, -2.0, bench.board->now());
    EXPECT_EQ(bench.run(bench.fixture->rxLossOfSignal({1, 2})), (std::vector<bool>{false, false}))
        << "the present state, not the flag latched while it was dark";
    const std::vector<double> rx = bench.run(bench.fixture->ddmRxPower({2}));
    EXPECT_NEAR(rx[0], -2.0, 0.51);
}

TEST(FixtureSimLoopback, PrbsOnOneBankLeavesTheOthers) {
    SimBench bench;
    bench.powerUpToReady();
    bench.awaitDataPathsActivated();
    CmisModule& module = bench.board->module();
    for (int lane = 0; lane < CmisModule::kLanes; ++lane)
        module.setRxInputPowerDbm(lane, 0.0, bench.board->now());
    bench.run(bench.fixture->startPrbs(PrbsSide::Media, 0, {9, 10, 11, 12, 13, 14, 15, 16}));
    const std::vector<double> bank1 = bench.run(bench.fixture->readBer(PrbsSide::Media, {9, 16, 17}));
    ASSERT_EQ(bank1.size(), 3U);
    EXPECT_LT(bank1[0], 1e-6);
    EXPECT_LT(bank1[1], 1e-6);
    EXPECT_TRUE(std::isnan(bank1[2])) << "lane 17's checker was not started";
    bench.run(bench.fixture->stopPrbs(PrbsSide::Media, {9}));
    const std::vector<double> after = bench.run(bench.fixture->readBer(PrbsSide::Media, {9, 10}));
    EXPECT_TRUE(std::isnan(after[0]));
    EXPECT_LT(after[1], 1e-6);
}
