// Every optical driver against its simulator over real loopback sockets.
#include "core/Units.h"
#include "instruments/InstrumentError.h"
#include "instruments/drivers/KeysightN773xSwitch.h"
#include "instruments/drivers/KeysightN776xAttenuator.h"
#include "instruments/drivers/KeysightN77xxPowerMeter.h"
#include "instruments/drivers/ThorlabsPm100dPowerMeter.h"
#include "instruments/sim/devices/KeysightAttenuatorSimulator.h"
#include "instruments/sim/devices/KeysightPowerMeterSimulator.h"
#include "instruments/sim/devices/KeysightSwitchSimulator.h"
#include "instruments/sim/devices/ThorlabsPm100dSimulator.h"
#include "instruments/sim/scpi/SimServer.h"
#include "instruments/sim/world/ConstantOpticalSource.h"
#include "tests/support/WireScript.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace core = optiqual::core;

namespace {

sim::SimContext scaledContext(double scale, std::string serial = "SIM0042") {
    sim::SimContext context;
    context.clock = std::make_shared<core::Clock>(scale);
    context.seed = 7;
    context.serialNumber = std::move(serial);
    return context;
}

std::unique_ptr<ScpiSession> sessionTo(asio::io_context& io, const sim::SimServer& server, bool checked = false) {
    SessionOptions options;
    options.name = "optical";
    options.checked = checked;
    options.timeouts.connect = 1000ms;
    options.timeouts.reply = 150ms;
    options.timeouts.read = 500ms;
    return std::make_unique<ScpiSession>(io.get_executor(), ResourceString::parse(server.resourceString()), options);
}

/// A setting command completes once written; `*OPC?` returns after the simulator has handled everything before it.
void sync(asio::io_context& io, Instrument& driver) {
    runAwaitable(io, driver.session().query("*OPC?"));
}

template <typename T> InstrumentError expectError(asio::io_context& io, asio::awaitable<T> work) {
    try {
        runAwaitable(io, std::move(work));
    } catch (const InstrumentError& e) {
        return e;
    }
    ADD_FAILURE() << "no InstrumentError";
    return InstrumentError(InstrumentErrorKind::Protocol, "", "", "");
}

struct PowerMeterLink {
    asio::io_context io;
    sim::SimContext context;
    std::shared_ptr<sim::KeysightPowerMeterSimulator> device;
    sim::SimServer server;
    std::shared_ptr<sim::ConstantOpticalSource> light;
    std::unique_ptr<KeysightN77xxPowerMeter> driver;

    PowerMeterLink(const std::string& model, double scale, bool checked = false)
        : context(scaledContext(scale)), device(std::make_shared<sim::KeysightPowerMeterSimulator>(
                                             *sim::KeysightPowerMeterSimulator::findModel(model), context)),
          server(io.get_executor(), device, "opm"),
          light(std::make_shared<sim::ConstantOpticalSource>(-3.0, 0.001, 3)) {
        device->setSource(light);
        server.listenTcp(0);
        driver = std::make_unique<KeysightN77xxPowerMeter>(sessionTo(io, server, checked),
                                                           *KeysightN77xxPowerMeter::findModel(model));
        driver->setClock(context.clock);
        runAwaitable(io, driver->connect());
    }
};

} // namespace

TEST(OpticalSimPowerMeter, SettingsReachTheSimulator) {
    PowerMeterLink link("N7744A", 1.0);
    auto& meter = *link.driver;
    EXPECT_EQ(meter.identity().raw, "Keysight Technologies,N7744A,SIM0042,1.135");
    for (int port = 1; port <= 4; ++port) {
        EXPECT_TRUE(link.device->unitWatts(port)) << port;
    }
    runAwaitable(link.io, meter.setWavelength(2, 1310e-9));
    runAwaitable(link.io, meter.setAveragingTime(3, 50ms));
    runAwaitable(link.io, meter.setAutoRange(4, false));
    EXPECT_NEAR(runAwaitable(link.io, meter.wavelength(2)), 1310e-9, 1e-15);
    EXPECT_NEAR(link.device->wavelength(2), 1310e-9, 1e-15);
    EXPECT_DOUBLE_EQ(link.device->wavelength(1), 1550e-9);
    EXPECT_DOUBLE_EQ(link.device->averagingTime(3), 0.05);
    EXPECT_FALSE(link.device->autoRange(4));
    EXPECT_TRUE(link.device->autoRange(3));
}

TEST(OpticalSimPowerMeter, MeasuresTheSourcePowerAndNaNBelowSensitivity) {
    PowerMeterLink link("N7745A", 1.0);
    link.light->setPowerDbm(6, -20.0);
    link.light->setPowerDbm(7, -100.0);
    EXPECT_NEAR(runAwaitable(link.io, link.driver->measurePower(1)), core::dbmToWatts(-3.0), 0.01e-3);
    EXPECT_NEAR(runAwaitable(link.io, link.driver->measurePower(6)), 1e-5, 0.01e-5);
    EXPECT_TRUE(std::isnan(runAwaitable(link.io, link.driver->measurePower(7))));
}

TEST(OpticalSimPowerMeter, LogsOnAScaledClockAndLeavesTheFunction) {
    PowerMeterLink link("N7744A", 1e4); // 50 × 10 ms = 0.5 s simulated, 50 µs real
    link.light->setPowerDbm(2, -10.0);
    const auto samples = runAwaitable(link.io, link.driver->logPower(2, 50, 10ms));
    ASSERT_EQ(samples.size(), 50u);
    for (double watts : samples) {
        EXPECT_NEAR(watts, 1e-4, 0.01e-4);
    }
    sync(link.io, *link.driver);
    EXPECT_FALSE(link.device->loggingActive(2)) << "the driver leaves the logging function";
}

TEST(OpticalSimPowerMeter, InstantLoggingWithARealClock) {
    PowerMeterLink link("8163B", 1.0);
    link.device->setInstantLogging(true);
    const auto samples = runAwaitable(link.io, link.driver->logPower(1, 5, 1ms));
    ASSERT_EQ(samples.size(), 5u);
    EXPECT_NEAR(samples[4], core::dbmToWatts(-3.0), 0.01e-3);
}

TEST(OpticalSimPowerMeter, LoggingThatNeverCompletesTimesOutAndStops) {
    PowerMeterLink link("N7744A", 1.0);
    // The driver believes time runs a million times faster than the meter's: 10 s of logging looks overdue
    // after 10 µs plus the 150 ms reply timeout.
    link.driver->setClock(std::make_shared<core::Clock>(1e6));
    const auto started = std::chrono::steady_clock::now();
    const auto e = expectError(link.io, link.driver->logPower(1, 1000, 10ms));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Timeout);
    EXPECT_EQ(e.command(), ":SENS1:FUNC:STAT?");
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    sync(link.io, *link.driver);
    EXPECT_FALSE(link.device->loggingActive(1)) << "the driver must stop the logging function";
    EXPECT_NEAR(runAwaitable(link.io, link.driver->measurePower(1)), core::dbmToWatts(-3.0), 0.01e-3);
}

TEST(OpticalSimPowerMeter, OutOfRangeIsRejectedHostSideOrReportedAndStateUnchanged) {
    PowerMeterLink link("N7744A", 1.0, true);
    const auto handled = link.server.messagesHandled();
    const auto host = expectError(link.io, link.driver->setWavelength(1, 1700e-9));
    EXPECT_EQ(host.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(host.command(), "setWavelength");
    EXPECT_NE(host.instrument().find("optical"), std::string::npos);
    EXPECT_EQ(link.server.messagesHandled(), handled) << "nothing may be sent";
    // The same value sent raw: the meter itself refuses it.
    const auto reported = expectError(link.io, link.driver->session().write(":SENS1:CHAN1:POW:WAV 1700NM"));
    EXPECT_EQ(reported.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(reported.code(), -222);
    EXPECT_EQ(reported.command(), ":SENS1:CHAN1:POW:WAV 1700NM");
    EXPECT_DOUBLE_EQ(link.device->wavelength(1), 1550e-9);
    runAwaitable(link.io, link.driver->safeState());
    EXPECT_DOUBLE_EQ(link.device->wavelength(1), 1550e-9);
    EXPECT_TRUE(link.device->unitWatts(1)) << "safeState() of a meter changes nothing";
}

TEST(OpticalSimThorlabs, EveryMethodAgainstTheSimulator) {
    asio::io_context io;
    const auto context = scaledContext(1.0, "P0099");
    auto device = std::make_shared<sim::ThorlabsPm100dSimulator>(context);
    auto light = std::make_shared<sim::ConstantOpticalSource>(-3.0, 0.001, 5);
    device->setSource(light);
    device->handleMessage("SENS:POW:DC:UNIT DBM"); // left in dBm by someone else: connect() must fix it
    sim::SimServer server(io.get_executor(), device, "pm100d");
    server.listenTcp(0);
    ThorlabsPm100dPowerMeter meter(sessionTo(io, server, true));
    runAwaitable(io, meter.connect());
    EXPECT_EQ(meter.identity().raw, "Thorlabs,PM100D,P0099,2.6.0");
    EXPECT_TRUE(device->unitWatts());
    runAwaitable(io, meter.setWavelength(1, 1310e-9));
    EXPECT_DOUBLE_EQ(device->wavelengthNm(), 1310.0);
    EXPECT_NEAR(runAwaitable(io, meter.wavelength(1)), 1310e-9, 1e-15);
    runAwaitable(io, meter.setAveragingTime(1, 30ms));
    EXPECT_EQ(device->averageCount(), 10);
    runAwaitable(io, meter.setAutoRange(1, false));
    EXPECT_FALSE(device->autoRange());
    runAwaitable(io, meter.setAutoRange(1, true));
    EXPECT_NEAR(runAwaitable(io, meter.measurePower(1)), core::dbmToWatts(-3.0), 0.01e-3);
    light->setPowerDbm(1, 20.0); // 100 mW: over the sensor's 40 mW
    EXPECT_TRUE(std::isnan(runAwaitable(io, meter.measurePower(1))));
    // The sensor's range is the instrument's business: 2000 nm comes back as -222, nothing changes.
    const auto e = expectError(io, meter.setWavelength(1, 2000e-9));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(e.command(), "SENS:CORR:WAV 2000");
    EXPECT_DOUBLE_EQ(device->wavelengthNm(), 1310.0);
}

TEST(OpticalSimAttenuator, AttenuatesShuttersAndMonitors) {
    asio::io_context io;
    const auto context = scaledContext(1.0);
    auto device = std::make_shared<sim::KeysightAttenuatorSimulator>(
        *sim::KeysightAttenuatorSimulator::findModel("N7764A"), context);
    auto light = std::make_shared<sim::ConstantOpticalSource>(-3.0, 0.001, 9);
    device->setSource(light);
    sim::SimServer server(io.get_executor(), device, "voa");
    server.listenTcp(0);
    KeysightN776xAttenuator voa(sessionTo(io, server, true), *KeysightN776xAttenuator::findModel("N7764A"));
    runAwaitable(io, voa.connect());
    for (int channel = 1; channel <= 4; ++channel) {
        EXPECT_TRUE(device->unitWatts(channel)) << channel;
    }
    runAwaitable(io, voa.setWavelength(2, 1310e-9));
    EXPECT_NEAR(device->wavelength(2), 1310e-9, 1e-15);
    EXPECT_NEAR(runAwaitable(io, voa.wavelength(2)), 1310e-9, 1e-15);
    runAwaitable(io, voa.setAttenuation(2, 10.0));
    EXPECT_DOUBLE_EQ(device->attenuation(2), 10.0);
    EXPECT_DOUBLE_EQ(runAwaitable(io, voa.attenuation(2)), 10.0);
    EXPECT_DOUBLE_EQ(runAwaitable(io, voa.outputPower(2)), 0.0) << "shutter closed after *RST";
    runAwaitable(io, voa.setOutputEnabled(2, true));
    EXPECT_TRUE(device->shutterOpen(2));
    EXPECT_TRUE(runAwaitable(io, voa.outputEnabled(2)));
    EXPECT_FALSE(runAwaitable(io, voa.outputEnabled(1)));
    device->advance(1.0); // let the filter finish its move (80 dB/s)
    // −3 dBm in, 10 dB attenuation, 1 dB insertion loss.
    EXPECT_NEAR(core::wattsToDbm(runAwaitable(io, voa.outputPower(2))), -14.0, 0.02);
}

TEST(OpticalSimAttenuator, IllegalAttenuationIsReportedAndSafeStateClosesEveryShutter) {
    asio::io_context io;
    auto device = std::make_shared<sim::KeysightAttenuatorSimulator>(
        *sim::KeysightAttenuatorSimulator::findModel("N7762A"), scaledContext(1.0));
    sim::SimServer server(io.get_executor(), device, "voa");
    server.listenTcp(0);
    auto driver = makeKeysightAttenuator("N7762A", sessionTo(io, server, true));
    auto& voa = dynamic_cast<VariableOpticalAttenuator&>(*driver);
    runAwaitable(io, voa.connect());
    runAwaitable(io, voa.setAttenuation(1, 7.5));
    const auto e = expectError(io, voa.setAttenuation(1, 50.0));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -224);
    EXPECT_EQ(e.command(), ":INP1:ATT 50");
    EXPECT_DOUBLE_EQ(device->attenuation(1), 7.5);
    EXPECT_EQ(expectError(io, voa.setAttenuation(3, 1.0)).kind(), InstrumentErrorKind::Configuration);
    runAwaitable(io, voa.setOutputEnabled(1, true));
    runAwaitable(io, voa.setOutputEnabled(2, true));
    ASSERT_TRUE(device->shutterOpen(1) && device->shutterOpen(2));
    runAwaitable(io, voa.safeState());
    EXPECT_FALSE(device->shutterOpen(1));
    EXPECT_FALSE(device->shutterOpen(2));
}

TEST(OpticalSimSwitch, RoutesQueriesAndRejectsOutOfRange) {
    asio::io_context io;
    auto device = std::make_shared<sim::KeysightSwitchSimulator>(*sim::KeysightSwitchSimulator::findModel("N7731A"),
                                                                 scaledContext(1.0));
    sim::SimServer server(io.get_executor(), device, "switch");
    server.listenTcp(0);
    KeysightN773xSwitch sw(sessionTo(io, server, true), *KeysightN773xSwitch::findModel("N7731A"));
    runAwaitable(io, sw.connect());
    runAwaitable(io, sw.setRoute(2, SwitchRoute{'A', 3}));
    EXPECT_EQ(device->routedOutput(2), 3);
    EXPECT_EQ(device->routedOutput(1), 1);
    EXPECT_EQ(runAwaitable(io, sw.route(2)), (SwitchRoute{'A', 3}));
    const auto states = runAwaitable(io, sw.allowedRoutes(1));
    ASSERT_EQ(states.size(), 4u);
    EXPECT_EQ(states[3], (std::vector<SwitchRoute>{{'A', 4}}));
    const auto e = expectError(io, sw.session().write(":ROUT2:CHAN1 A,5"));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), -222);
    EXPECT_EQ(device->routedOutput(2), 3);
    EXPECT_EQ(expectError(io, sw.setRoute(2, SwitchRoute{'A', 5})).kind(), InstrumentErrorKind::Configuration);
    runAwaitable(io, sw.safeState());
    EXPECT_EQ(device->routedOutput(2), 3) << "routes carry no energy: safeState() leaves them";
}

TEST(OpticalSimSwitch, WrongModelDataFailsAtConnect) {
    asio::io_context io;
    auto device = std::make_shared<sim::KeysightSwitchSimulator>(*sim::KeysightSwitchSimulator::findModel("N7734A"),
                                                                 scaledContext(1.0));
    sim::SimServer server(io.get_executor(), device, "switch");
    server.listenTcp(0);
    KeysightSwitchModel wrong = *KeysightN773xSwitch::findModel("N7734A");
    wrong.outputs = 8;
    KeysightN773xSwitch sw(sessionTo(io, server), wrong);
    const auto e = expectError(io, sw.connect());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), ":ROUT1:CONF?");
}

TEST(OpticalSimChain, SwitchOutputsFeedTheMeterThroughTheAttenuator) {
    // laser −3 dBm → VOA channel 1 (5 dB + 1 dB IL) → switch input A → output k → meter port k.
    asio::io_context io;
    const auto context = scaledContext(1e6); // one clock for all three: the 5 dB move takes 62.5 ns real
    auto voaSim = std::make_shared<sim::KeysightAttenuatorSimulator>(
        *sim::KeysightAttenuatorSimulator::findModel("N7761A"), context);
    voaSim->setSource(std::make_shared<sim::ConstantOpticalSource>(-3.0, 0.0005, 1));
    auto switchSim =
        std::make_shared<sim::KeysightSwitchSimulator>(*sim::KeysightSwitchSimulator::findModel("N7734A"), context);
    switchSim->setSource(voaSim);
    auto meterSim = std::make_shared<sim::KeysightPowerMeterSimulator>(
        *sim::KeysightPowerMeterSimulator::findModel("N7744A"), context);
    meterSim->setSource(switchSim);
    sim::SimServer voaServer(io.get_executor(), voaSim, "voa");
    sim::SimServer switchServer(io.get_executor(), switchSim, "switch");
    sim::SimServer meterServer(io.get_executor(), meterSim, "opm");
    voaServer.listenTcp(0);
    switchServer.listenTcp(0);
    meterServer.listenTcp(0);
    KeysightN776xAttenuator voa(sessionTo(io, voaServer), *KeysightN776xAttenuator::findModel("N7761A"));
    KeysightN773xSwitch sw(sessionTo(io, switchServer), *KeysightN773xSwitch::findModel("N7734A"));
    KeysightN77xxPowerMeter meter(sessionTo(io, meterServer), *KeysightN77xxPowerMeter::findModel("N7744A"));
    runAwaitable(io, voa.connect());
    runAwaitable(io, sw.connect());
    runAwaitable(io, meter.connect());
    runAwaitable(io, voa.setAttenuation(1, 5.0));
    runAwaitable(io, voa.setOutputEnabled(1, true));
    runAwaitable(io, sw.setRoute(1, SwitchRoute{'A', 3}));
    sync(io, voa); // three connections: make sure the VOA and the switch have acted before the meter reads
    sync(io, sw);
    // −3 − 5 − 1 (VOA) − 1 (switch) = −10 dBm at output 3; the other outputs are dark.
    EXPECT_NEAR(core::wattsToDbm(runAwaitable(io, meter.measurePower(3))), -10.0, 0.02);
    EXPECT_TRUE(std::isnan(runAwaitable(io, meter.measurePower(1))));
    runAwaitable(io, voa.safeState());
    sync(io, voa);
    EXPECT_TRUE(std::isnan(runAwaitable(io, meter.measurePower(3)))) << "shutter closed: no light anywhere";
}
