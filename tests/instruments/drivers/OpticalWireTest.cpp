// Byte-exact wire tests of the optical drivers: every driver method against the exact message the programming
// guides give (reference §3e–3g), with scripted replies.
#include "instruments/InstrumentError.h"
#include "instruments/drivers/KeysightN773xSwitch.h"
#include "instruments/drivers/KeysightN776xAttenuator.h"
#include "instruments/drivers/KeysightN77xxPowerMeter.h"
#include "instruments/drivers/ThorlabsPm100dPowerMeter.h"
#include "tests/support/WireScript.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

const std::string kN7744A = "Keysight Technologies,N7744A,MY54321,1.135";
const std::string kN7764A = "Keysight Technologies,N7764A,MY11111,1.4.0";
const std::string kN7734A = "Keysight Technologies,N7734A,MY22222,1.2.0";
const std::string kPm100d = "Thorlabs,PM100D,P0012345,2.6.0";

std::unique_ptr<ScpiSession> sessionFor(asio::io_context& io, const WireScript& script, bool checked = false) {
    SessionOptions options;
    options.name = "optical";
    options.checked = checked;
    options.timeouts.connect = 1000ms;
    options.timeouts.reply = 300ms;
    options.timeouts.read = 300ms;
    return std::make_unique<ScpiSession>(io.get_executor(), ResourceString::parse(script.resource()), options);
}

std::vector<Exchange> concat(std::vector<Exchange> a, const std::vector<Exchange>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::vector<Exchange> n7744aConnect() {
    return concat(connectExchanges(kN7744A), {{":SENS1:POW:UNIT 1", std::nullopt},
                                              {":SENS2:POW:UNIT 1", std::nullopt},
                                              {":SENS3:POW:UNIT 1", std::nullopt},
                                              {":SENS4:POW:UNIT 1", std::nullopt}});
}

/// Little-endian float32 samples as a definite block, as `:SENS:FUNC:RES?` sends them.
std::string floatBlock(std::initializer_list<float> values) {
    std::string bytes;
    for (float v : values) {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &v, 4);
        for (int i = 0; i < 4; ++i) {
            bytes += static_cast<char>((bits >> (8 * i)) & 0xFF);
        }
    }
    const std::string length = std::to_string(bytes.size());
    return "#" + std::to_string(length.size()) + length + bytes;
}

template <typename Work> InstrumentError expectError(asio::io_context& io, Work work) {
    try {
        runAwaitable(io, std::move(work));
    } catch (const InstrumentError& e) {
        return e;
    }
    ADD_FAILURE() << "no InstrumentError";
    return InstrumentError(InstrumentErrorKind::Protocol, "", "", "");
}

} // namespace

TEST(OpticalWireKeysightPowerMeter, ConnectSelectsWattsOnEveryPort) {
    asio::io_context io;
    WireScript script(io, n7744aConnect());
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, meter.connect());
    EXPECT_EQ(meter.identity().serial, "MY54321");
    EXPECT_EQ(meter.portCount(), 4);
    EXPECT_TRUE(meter.supportsLogging());
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireKeysightPowerMeter, SettingsAndQueriesByteExact) {
    asio::io_context io;
    WireScript script(io, concat(n7744aConnect(), {
                                                      {":SENS2:CHAN1:POW:WAV 1550NM", std::nullopt},
                                                      {":SENS1:CHAN1:POW:WAV 1310.5NM", std::nullopt},
                                                      {":SENS3:POW:WAV?", "+1.55000000E-006"},
                                                      {":SENS1:POW:ATIM 100MS", std::nullopt},
                                                      {":SENS2:POW:ATIM 1S", std::nullopt},
                                                      {":SENS3:POW:ATIM 20US", std::nullopt},
                                                      {":SENS4:POW:RANG:AUTO 1", std::nullopt},
                                                      {":SENS4:POW:RANG:AUTO 0", std::nullopt},
                                                  }));
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, meter.connect());
    runAwaitable(io, meter.setWavelength(2, 1550e-9));
    runAwaitable(io, meter.setWavelength(1, 1310.5e-9));
    EXPECT_DOUBLE_EQ(runAwaitable(io, meter.wavelength(3)), 1.55e-6);
    runAwaitable(io, meter.setAveragingTime(1, 100ms));
    runAwaitable(io, meter.setAveragingTime(2, 1s));
    runAwaitable(io, meter.setAveragingTime(3, 20us));
    runAwaitable(io, meter.setAutoRange(4, true));
    runAwaitable(io, meter.setAutoRange(4, false));
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireKeysightPowerMeter, MeasurePowerInWattsAndInvalidAsNaN) {
    asio::io_context io;
    WireScript script(io, concat(n7744aConnect(), {
                                                      {":READ1:CHAN1:POW?", "+5.01187234E-004"},
                                                      {":READ2:CHAN1:POW?", "+3.40282347E+038"},
                                                      {":READ3:CHAN1:POW?", "+1.00000000E+030"},
                                                      {":READ4:CHAN1:POW?", "-1.20000000E-011"},
                                                  }));
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, meter.connect());
    EXPECT_DOUBLE_EQ(runAwaitable(io, meter.measurePower(1)), 5.01187234e-4);
    EXPECT_TRUE(std::isnan(runAwaitable(io, meter.measurePower(2))));
    EXPECT_TRUE(std::isnan(runAwaitable(io, meter.measurePower(3)))) << "above 1e20 means under range";
    EXPECT_DOUBLE_EQ(runAwaitable(io, meter.measurePower(4)), -1.2e-11) << "small noise readings pass through";
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireKeysightPowerMeter, LogPowerPollsUntilCompleteAndDecodesFloat32) {
    asio::io_context io;
    const float big = std::numeric_limits<float>::max();
    WireScript script(io, concat(n7744aConnect(), {
                                                      {":SENS2:FUNC:PAR:LOGG 3,0.001s", std::nullopt},
                                                      {":SENS2:FUNC:STAT LOGG,STAR", std::nullopt},
                                                      {":SENS2:FUNC:STAT?", "LOGGING_STABILITY,PROGRESS"},
                                                      {":SENS2:FUNC:STAT?", "LOGGING_STABILITY,COMPLETE"},
                                                      {":SENS2:FUNC:RES?", floatBlock({1e-3f, big, 2.5e-4f})},
                                                      {":SENS2:FUNC:STAT LOGG,STOP", std::nullopt},
                                                  }));
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, meter.connect());
    const auto samples = runAwaitable(io, meter.logPower(2, 3, 1ms));
    ASSERT_EQ(samples.size(), 3u);
    EXPECT_DOUBLE_EQ(samples[0], static_cast<double>(1e-3f));
    EXPECT_TRUE(std::isnan(samples[1]));
    EXPECT_DOUBLE_EQ(samples[2], static_cast<double>(2.5e-4f));
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireKeysightPowerMeter, LoggingThatStopsIsAProtocolErrorAndLeavesTheFunction) {
    asio::io_context io;
    WireScript script(io, concat(n7744aConnect(), {
                                                      {":SENS1:FUNC:PAR:LOGG 2,0.0001s", std::nullopt},
                                                      {":SENS1:FUNC:STAT LOGG,STAR", std::nullopt},
                                                      {":SENS1:FUNC:STAT?", "NONE,COMPLETE"},
                                                      {":SENS1:FUNC:STAT LOGG,STOP", std::nullopt},
                                                  }));
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, meter.connect());
    const auto e = expectError(io, meter.logPower(1, 2, 100us));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), ":SENS1:FUNC:STAT?");
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireKeysightPowerMeter, ShortLoggingBlockIsAProtocolError) {
    asio::io_context io;
    WireScript script(io, concat(n7744aConnect(), {
                                                      {":SENS1:FUNC:PAR:LOGG 2,0.001s", std::nullopt},
                                                      {":SENS1:FUNC:STAT LOGG,STAR", std::nullopt},
                                                      {":SENS1:FUNC:STAT?", "LOGGING_STABILITY,COMPLETE"},
                                                      {":SENS1:FUNC:RES?", floatBlock({1e-3f})},
                                                      {":SENS1:FUNC:STAT LOGG,STOP", std::nullopt},
                                                  }));
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, meter.connect());
    const auto e = expectError(io, meter.logPower(1, 2, 1ms));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), ":SENS1:FUNC:RES?");
    EXPECT_NE(std::string(e.what()).find("expected 2 float32 samples, got 4 bytes"), std::string::npos) << e.what();
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireKeysightPowerMeter, HostSideChecksSendNothing) {
    asio::io_context io;
    WireScript script(io, n7744aConnect());
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, meter.connect());
    for (auto e : {expectError(io, meter.measurePower(5)), expectError(io, meter.setWavelength(0, 1550e-9)),
                   expectError(io, meter.setWavelength(1, 2000e-9)), expectError(io, meter.setAveragingTime(1, 11s)),
                   expectError(io, meter.logPower(1, 0, 1ms)), expectError(io, meter.logPower(1, 1000001, 1ms)),
                   expectError(io, meter.logPower(1, 10, 20s))}) {
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration) << e.what();
        EXPECT_NE(e.instrument().find("optical"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireKeysightPowerMeter, WrongModelFailsAtConnect) {
    asio::io_context io;
    WireScript script(io, {{"*IDN?", "Keysight Technologies,N7745A,MY1,1.135"}});
    KeysightN77xxPowerMeter meter(sessionFor(io, script), *KeysightN77xxPowerMeter::findModel("N7744A"));
    const auto e = expectError(io, meter.connect());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "*IDN?");
}

TEST(OpticalWireKeysightPowerMeter, Mainframe8163BUsesSlotsAsPorts) {
    asio::io_context io;
    WireScript script(io, concat(connectExchanges("Keysight Technologies,8163B,DE12345,V5.25(72637)"),
                                 {{":SENS1:POW:UNIT 1", std::nullopt},
                                  {":SENS2:POW:UNIT 1", std::nullopt},
                                  {":SENS2:CHAN1:POW:WAV 850NM", std::nullopt},
                                  {":READ2:CHAN1:POW?", "+1.00000000E-006"}}));
    auto meter = makeKeysightPowerMeter("8163b", sessionFor(io, script));
    auto& opm = dynamic_cast<OpticalPowerMeter&>(*meter);
    runAwaitable(io, opm.connect());
    EXPECT_EQ(opm.portCount(), 2);
    runAwaitable(io, opm.setWavelength(2, 850e-9));
    EXPECT_DOUBLE_EQ(runAwaitable(io, opm.measurePower(2)), 1e-6);
    EXPECT_EQ(expectError(io, opm.measurePower(3)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireThorlabs, EveryMethodByteExact) {
    asio::io_context io;
    WireScript script(
        io, concat(connectExchanges(kPm100d, "0,\"No error\""), {
                                                                    {"SENS:POW:DC:UNIT W", std::nullopt},
                                                                    {"SENS:AVER:COUN?", "10"},
                                                                    {"SENS:CORR:WAV 1550", std::nullopt},
                                                                    {"SENS:CORR:WAV 1310.25", std::nullopt},
                                                                    {"SENS:CORR:WAV?", "1.550000E+03"},
                                                                    {"SENS:AVER:COUN 100", std::nullopt},
                                                                    {"SENS:AVER:COUN 1", std::nullopt},
                                                                    {"SENS:POW:DC:RANG:AUTO ON", std::nullopt},
                                                                    {"SENS:POW:DC:RANG:AUTO OFF", std::nullopt},
                                                                    {"MEAS:POW?", "1.234000E-04"},
                                                                    {"MEAS:POW?", "9.900000E+37"},
                                                                }));
    auto driver = makeThorlabsPm100d("PM100D", sessionFor(io, script));
    auto& meter = dynamic_cast<OpticalPowerMeter&>(*driver);
    runAwaitable(io, meter.connect());
    EXPECT_EQ(meter.portCount(), 1);
    EXPECT_FALSE(meter.supportsLogging());
    runAwaitable(io, meter.setWavelength(1, 1550e-9));
    runAwaitable(io, meter.setWavelength(1, 1310.25e-9));
    EXPECT_DOUBLE_EQ(runAwaitable(io, meter.wavelength(1)), 1550.0 * 1e-9);
    runAwaitable(io, meter.setAveragingTime(1, 300ms));
    runAwaitable(io, meter.setAveragingTime(1, 1ms));
    runAwaitable(io, meter.setAutoRange(1, true));
    runAwaitable(io, meter.setAutoRange(1, false));
    EXPECT_DOUBLE_EQ(runAwaitable(io, meter.measurePower(1)), 1.234e-4);
    EXPECT_TRUE(std::isnan(runAwaitable(io, meter.measurePower(1))));
    EXPECT_EQ(expectError(io, meter.measurePower(2)).kind(), InstrumentErrorKind::Configuration);
    // The base class's logPower() throws when called rather than when awaited: await it inside a coroutine.
    auto logging = [&]() -> asio::awaitable<std::vector<double>> { co_return co_await meter.logPower(1, 10, 1ms); };
    EXPECT_EQ(expectError(io, logging()).kind(), InstrumentErrorKind::Configuration);
    runAwaitable(io, meter.safeState()); // nothing to make safe on a meter: no bytes
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireAttenuator, EveryMethodByteExactWithTwoSlotsPerChannel) {
    asio::io_context io;
    WireScript script(io, concat(connectExchanges(kN7764A), {
                                                                {":OUTP1:POW:UNIT 1", std::nullopt},
                                                                {":OUTP3:POW:UNIT 1", std::nullopt},
                                                                {":OUTP5:POW:UNIT 1", std::nullopt},
                                                                {":OUTP7:POW:UNIT 1", std::nullopt},
                                                                {":INP3:ATT 10.5", std::nullopt},
                                                                {":INP3:ATT?", "+1.05000000E+001"},
                                                                {":INP7:WAV 1310 NM", std::nullopt},
                                                                {":INP1:WAV?", "+1.55000000E-006"},
                                                                {":OUTP1:STAT 1", std::nullopt},
                                                                {":OUTP5:STAT?", "1"},
                                                                {":READ1:POW?", "+2.51188643E-004"},
                                                                {":READ3:POW?", "+3.40282347E+038"},
                                                                {":OUTP1:STAT 0", std::nullopt},
                                                                {":OUTP3:STAT 0", std::nullopt},
                                                                {":OUTP5:STAT 0", std::nullopt},
                                                                {":OUTP7:STAT 0", std::nullopt},
                                                            }));
    auto driver = makeKeysightAttenuator("N7764A", sessionFor(io, script));
    auto& voa = dynamic_cast<VariableOpticalAttenuator&>(*driver);
    runAwaitable(io, voa.connect());
    EXPECT_EQ(voa.channelCount(), 4);
    runAwaitable(io, voa.setAttenuation(2, 10.5));
    EXPECT_DOUBLE_EQ(runAwaitable(io, voa.attenuation(2)), 10.5);
    runAwaitable(io, voa.setWavelength(4, 1310e-9));
    EXPECT_DOUBLE_EQ(runAwaitable(io, voa.wavelength(1)), 1.55e-6);
    runAwaitable(io, voa.setOutputEnabled(1, true));
    EXPECT_TRUE(runAwaitable(io, voa.outputEnabled(3)));
    EXPECT_DOUBLE_EQ(runAwaitable(io, voa.outputPower(1)), 2.51188643e-4);
    EXPECT_TRUE(std::isnan(runAwaitable(io, voa.outputPower(2))));
    runAwaitable(io, voa.safeState());
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireAttenuator, HostSideChecksAndInstrumentReportedIllegalAttenuation) {
    asio::io_context io;
    WireScript script(io, concat(connectExchanges(kN7764A), {
                                                                {":OUTP1:POW:UNIT 1", std::nullopt},
                                                                {"SYST:ERR?", "+0,\"No error\""},
                                                                {":OUTP3:POW:UNIT 1", std::nullopt},
                                                                {"SYST:ERR?", "+0,\"No error\""},
                                                                {":OUTP5:POW:UNIT 1", std::nullopt},
                                                                {"SYST:ERR?", "+0,\"No error\""},
                                                                {":OUTP7:POW:UNIT 1", std::nullopt},
                                                                {"SYST:ERR?", "+0,\"No error\""},
                                                                {":INP1:ATT 50", std::nullopt},
                                                                {"SYST:ERR?", "-224,\"Illegal parameter value\""},
                                                                {"SYST:ERR?", "+0,\"No error\""},
                                                            }));
    KeysightN776xAttenuator voa(sessionFor(io, script, true), *KeysightN776xAttenuator::findModel("N7764A"));
    runAwaitable(io, voa.connect());
    const auto reported = expectError(io, voa.setAttenuation(1, 50));
    EXPECT_EQ(reported.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(reported.code(), -224);
    EXPECT_EQ(reported.command(), ":INP1:ATT 50");
    for (auto e : {expectError(io, voa.setAttenuation(5, 1)), expectError(io, voa.outputPower(0)),
                   expectError(io, voa.setAttenuation(1, std::numeric_limits<double>::quiet_NaN())),
                   expectError(io, voa.setWavelength(1, 1700e-9))}) {
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration) << e.what();
    }
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireSwitch, EveryMethodByteExact) {
    asio::io_context io;
    WireScript script(io, concat(connectExchanges(kN7734A), {
                                                                {":ROUT1:CONF?", "A,A;1,4"},
                                                                {":ROUT1:CHAN1 A,3", std::nullopt},
                                                                {":ROUT1:CHAN1?", "A,3"},
                                                                {":ROUT1:CONF:ROUT?", "A,1.A,2.A,3.A,4"},
                                                                {":ROUT1:CONF:ROUT?", "A,1;B,2.A,2;B,1"},
                                                            }));
    auto driver = makeKeysightSwitch("N7734A", sessionFor(io, script));
    auto& sw = dynamic_cast<KeysightN773xSwitch&>(*driver);
    runAwaitable(io, sw.connect());
    EXPECT_EQ(sw.switchCount(), 1);
    EXPECT_EQ(sw.outputCount(), 4);
    runAwaitable(io, sw.setRoute(1, SwitchRoute{'A', 3}));
    EXPECT_EQ(runAwaitable(io, sw.route(1)), (SwitchRoute{'A', 3}));
    const auto states = runAwaitable(io, sw.allowedRoutes(1));
    ASSERT_EQ(states.size(), 4u);
    EXPECT_EQ(states[2], (std::vector<SwitchRoute>{{'A', 3}}));
    const auto crossover = runAwaitable(io, sw.allowedRoutes(1)); // the guide's 2×2 example parses too
    ASSERT_EQ(crossover.size(), 2u);
    EXPECT_EQ(crossover[1], (std::vector<SwitchRoute>{{'A', 2}, {'B', 1}}));
    runAwaitable(io, sw.safeState()); // nothing to send
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireSwitch, TwoSwitchModelChecksBothConfigurationsAndRejectsBadRoutes) {
    asio::io_context io;
    WireScript script(
        io, concat(connectExchanges("Keysight Technologies,N7731A,MY3,1.2.0"), {
                                                                                   {":ROUT1:CONF?", "A,A;1,4"},
                                                                                   {":ROUT2:CONF?", "A,A;1,4"},
                                                                                   {":ROUT2:CHAN1 A,4", std::nullopt},
                                                                                   {":ROUT2:CHAN1?", "garbage"},
                                                                               }));
    KeysightN773xSwitch sw(sessionFor(io, script), *KeysightN773xSwitch::findModel("N7731A"));
    runAwaitable(io, sw.connect());
    runAwaitable(io, sw.setRoute(2, SwitchRoute{'A', 4}));
    const auto garbage = expectError(io, sw.route(2));
    EXPECT_EQ(garbage.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(garbage.command(), ":ROUT2:CHAN1?");
    for (auto e : {expectError(io, sw.setRoute(3, SwitchRoute{'A', 1})), expectError(io, sw.setRoute(1, {'B', 1})),
                   expectError(io, sw.setRoute(1, {'A', 5})), expectError(io, sw.setRoute(1, {'A', 0}))}) {
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration) << e.what();
    }
    EXPECT_TRUE(script.awaitComplete()) << script.report();
}

TEST(OpticalWireSwitch, ConfigurationMismatchFailsAtConnect) {
    asio::io_context io;
    WireScript script(io, concat(connectExchanges(kN7734A), {{":ROUT1:CONF?", "A,A;1,8"}}));
    KeysightN773xSwitch sw(sessionFor(io, script), *KeysightN773xSwitch::findModel("N7734A"));
    const auto e = expectError(io, sw.connect());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), ":ROUT1:CONF?");
    EXPECT_NE(std::string(e.what()).find("A,A;1,8"), std::string::npos) << e.what();
}

TEST(OpticalWireFactories, ModelKeysAndUnknownModels) {
    EXPECT_EQ(keysightPowerMeterModels(), (std::vector<std::string>{"N7744A", "N7745A", "8163B"}));
    EXPECT_EQ(thorlabsPm100dModels(), (std::vector<std::string>{"PM100D"}));
    EXPECT_EQ(keysightAttenuatorModels(), (std::vector<std::string>{"N7761A", "N7762A", "N7764A", "N7766A", "N7768A"}));
    EXPECT_EQ(keysightSwitchModels(), (std::vector<std::string>{"N7731A", "N7734A", "N7736A", "N7738A"}));
    asio::io_context io;
    WireScript script(io, {});
    EXPECT_EQ(dynamic_cast<OpticalPowerMeter&>(*makeKeysightPowerMeter("n7745a", sessionFor(io, script))).portCount(),
              8);
    EXPECT_EQ(dynamic_cast<VariableOpticalAttenuator&>(*makeKeysightAttenuator("N7762A", sessionFor(io, script)))
                  .channelCount(),
              2);
    EXPECT_EQ(dynamic_cast<OpticalSwitch&>(*makeKeysightSwitch("N7731A", sessionFor(io, script))).switchCount(), 2);
    for (auto make : {makeKeysightPowerMeter, makeThorlabsPm100d, makeKeysightAttenuator, makeKeysightSwitch}) {
        try {
            make("E36312A", sessionFor(io, script));
            ADD_FAILURE() << "unknown model accepted";
        } catch (const InstrumentError& e) {
            EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
            EXPECT_NE(std::string(e.what()).find("E36312A"), std::string::npos);
        }
    }
}
