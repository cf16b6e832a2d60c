// The simulated XPO bench as one physical world, seen through the real drivers over loopback (as a station and
// an outside client see it): the supply's power is the module's draw, the meter follows the module's lanes and
// the switch routes, the module's case follows coolant and chamber, the attenuator sets the light at the
// receivers dB for dB. Every expectation is a physical relation between two instruments, not a value.
#include "core/RunSync.h"
#include "core/Units.h"
#include "instruments/Chiller.h"
#include "instruments/DataAcquisition.h"
#include "instruments/ModuleFixture.h"
#include "instruments/OpticalPowerMeter.h"
#include "instruments/OpticalSwitch.h"
#include "instruments/PowerSupply.h"
#include "instruments/ThermalChamber.h"
#include "instruments/VariableOpticalAttenuator.h"
#include "station/StationInstruments.h"
#include "tests/station/SimulatedBench.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>

using namespace optiqual;
using namespace optiqual::instruments;
using namespace optiqual::station;
namespace asio = boost::asio;
using asio::awaitable;

namespace {

class SimulatedWorld : public test::SimulatedBench {
protected:
    void SetUp() override { open(test::shippedStationText("sim-xpo.yaml"), "sim-xpo.yaml"); }

    double query(const char* instrument, const std::string& command) {
        return core::runSync(io, station->find(instrument)->session().queryDouble(command));
    }

    /// Supply on at @p volts, module powered and out of low power, until ModuleReady.
    awaitable<void> bringUp(double volts = 48.0) {
        auto& psu = get<PowerSupply>("psu48");
        auto& fixture = get<ModuleFixture>("fixture");
        auto& chiller = get<Chiller>("chiller");
        if (!co_await chiller.running()) { // coolant first: a powered module without flow overheats
            co_await chiller.setSetpoint(25.0);
            co_await chiller.setRunning(true);
        }
        co_await psu.setCurrentLimit(1, 12.0);
        co_await psu.setVoltage(1, volts);
        co_await psu.setOutput(1, true);
        co_await fixture.setReset(false);
        co_await fixture.setLowPowerMode(false);
        co_await fixture.setModulePower(true);
        co_await simulated(1.0); // the world sees the supply and the board's switch
        const auto ready = co_await station->find("fixture")->session().query("FIXT:MOD:STAT:WAIT? READY,30");
        EXPECT_EQ(ready, "1");
        co_await simulated(5.0); // data paths up, lasers on
    }
};

TEST_F(SimulatedWorld, UnpoweredModuleDrawsNothingAndPoweredDrawsWhatTheBoardSenses) {
    auto& psu = get<PowerSupply>("psu48");
    core::runSync(io, [&]() -> awaitable<void> {
        co_await psu.setCurrentLimit(1, 12.0);
        co_await psu.setVoltage(1, 48.0);
        co_await psu.setOutput(1, true);
        co_await simulated(1.0);
    }());
    EXPECT_LT(core::runSync(io, psu.measureCurrent(1)), 0.01) << "board switch off: the module draws nothing";

    core::runSync(io, bringUp());
    core::runSync(io, simulated(120.0)); // the case settles on its coolant: the draw stops drifting
    const double volts = core::runSync(io, psu.measureVoltage(1));
    const double amps = core::runSync(io, psu.measureCurrent(1));
    const double sensed = query("fixture", "FIXT:MOD:MEAS:POW?");
    const double sensedAmps = query("fixture", "FIXT:MOD:MEAS:CURR?");
    EXPECT_GT(amps, 4.0) << "a ready 64-lane module draws hundreds of watts";
    EXPECT_NEAR(sensedAmps, amps, 0.01) << "the board and the supply see the same current";
    // The supply's terminals see the board's input power plus what the cable burns (I²R).
    const double cable = config.world->sockets.front().cableOhms;
    EXPECT_NEAR(volts * amps, sensed + amps * amps * cable, 0.01 * sensed);
    EXPECT_GT(volts * amps, sensed);
}

TEST_F(SimulatedWorld, InputCurrentFallsAsInputVoltageRises) {
    auto& psu = get<PowerSupply>("psu48");
    core::runSync(io, bringUp(44.0));
    core::runSync(io, simulated(120.0));
    double previous = std::numeric_limits<double>::infinity();
    double previousPower = 0.0;
    for (double v : {44.0, 48.0, 52.0}) {
        core::runSync(io, [&]() -> awaitable<void> {
            co_await psu.setVoltage(1, v);
            co_await simulated(0.5);
        }());
        const double amps = core::runSync(io, psu.measureCurrent(1));
        const double watts = amps * core::runSync(io, psu.measureVoltage(1));
        EXPECT_LT(amps, previous) << "a DC/DC input draws constant power: less current at " << v << " V";
        if (previousPower > 0) {
            EXPECT_NEAR(watts, previousPower, 0.03 * watts) << "the power stays within the converter's losses";
        }
        previous = amps;
        previousPower = watts;
    }
}

TEST_F(SimulatedWorld, MeterSeesLightOnlyThroughARouteFromAPoweredEnabledLane) {
    auto& opm = get<OpticalPowerMeter>("opm");
    auto& tx = get<OpticalSwitch>("txswitch");
    auto& fixture = get<ModuleFixture>("fixture");
    core::runSync(io, tx.setRoute(3, {'A', 2})); // meter port 3 ← lane 3 of MPO port 2 = lane 11
    EXPECT_TRUE(std::isnan(core::runSync(io, opm.measurePower(3))) || core::runSync(io, opm.measurePower(3)) < 1e-9)
        << "module unpowered: no light";

    core::runSync(io, bringUp());
    const double lit = core::wattsToDbm(core::runSync(io, opm.measurePower(3)));
    EXPECT_GT(lit, -6.0);
    EXPECT_LT(lit, 4.0);

    // Lane 11 is bank 1, lane 3 of the bank: Tx disable is page 10h byte 130, bit 2.
    const std::vector<std::uint8_t> disableLane3{0x04};
    core::runSync(io, [&]() -> awaitable<void> {
        co_await fixture.writeCmis(1, 0x10, 130, disableLane3);
        co_await simulated(2.0);
    }());
    const double disabled = core::wattsToDbm(core::runSync(io, opm.measurePower(3)));
    EXPECT_LT(disabled, lit - 30.0) << "a disabled lane leaves only its residual light";

    // Routed to MPO port 3 the same meter port reads lane 19, lit again.
    core::runSync(io, tx.setRoute(3, {'A', 3}));
    EXPECT_GT(core::wattsToDbm(core::runSync(io, opm.measurePower(3))), lit - 3.0);
}

TEST_F(SimulatedWorld, CaseTemperatureFollowsCoolantAndChamber) {
    auto& chiller = get<Chiller>("chiller");
    auto& chamber = get<ThermalChamber>("chamber");
    auto& daq = get<DataAcquisition>("daq");
    auto caseAndCoolant = [&] {
        auto t = core::runSync(io, daq.measureTemperature({101, 102}, "K"));
        return std::pair{t[0], t[1]};
    };
    core::runSync(io, [&]() -> awaitable<void> {
        co_await chiller.setSetpoint(15.0);
        co_await chiller.setRunning(true);
        co_await chamber.setSetpoint(25.0);
        co_await chamber.setRunning(true);
    }());
    core::runSync(io, bringUp());
    core::runSync(io, simulated(1200.0));
    const auto [cold, coolantCold] = caseAndCoolant();
    EXPECT_NEAR(coolantCold, 15.0, 1.0);
    EXPECT_GT(cold - coolantCold, 2.0) << "a powered module sits above its coolant";
    EXPECT_LT(cold - coolantCold, 20.0);

    core::runSync(io, [&]() -> awaitable<void> {
        co_await chiller.setSetpoint(45.0);
        co_await simulated(1200.0);
    }());
    const auto [warm, coolantWarm] = caseAndCoolant();
    EXPECT_NEAR(warm - cold, coolantWarm - coolantCold, 2.0) << "the case follows the coolant kelvin for kelvin";

    // The chamber air couples weakly: 40 K more air moves the case by well under a kelvin per 10 K.
    core::runSync(io, [&]() -> awaitable<void> {
        co_await chamber.setSetpoint(65.0);
        co_await simulated(1800.0);
    }());
    const auto [hotAir, coolantHotAir] = caseAndCoolant();
    EXPECT_GT(hotAir - coolantHotAir, warm - coolantWarm + 0.05);
    EXPECT_LT(hotAir - coolantHotAir, warm - coolantWarm + 4.0);

    // No flow under a powered module: it heats far beyond the coolant within a minute.
    core::runSync(io, [&]() -> awaitable<void> {
        co_await chiller.setRunning(false);
        co_await simulated(60.0);
    }());
    EXPECT_GT(caseAndCoolant().first, hotAir + 20.0);
}

TEST_F(SimulatedWorld, AttenuatorLowersTheReceivedPowerDecibelForDecibel) {
    auto& rx = get<OpticalSwitch>("rxswitch");
    auto& voa = get<VariableOpticalAttenuator>("voa");
    auto& fixture = get<ModuleFixture>("fixture");
    core::runSync(io, bringUp());
    // Lane 21 = MPO port 3, lane position 5: the splitter's output 5 through switch 5 routed to port 3.
    auto rxPowerLane21 = [&] {
        core::runSync(io, simulated(0.5));
        // Page 11h bytes 186–201 hold Rx power of bank lanes 1–8 (0.1 µW units); lane 21 is bank 2, lane 5.
        auto bytes = core::runSync(io, fixture.readCmis(2, 0x11, 186 + 2 * 4, 2));
        return core::wattsToDbm(((bytes[0] << 8) | bytes[1]) * 1e-7);
    };
    core::runSync(io, [&]() -> awaitable<void> {
        co_await rx.setRoute(5, {'A', 3});
        co_await voa.setOutputEnabled(1, true);
        co_await voa.setAttenuation(1, 0.0);
    }());
    const double open = rxPowerLane21();
    EXPECT_GT(open, -5.0);
    core::runSync(io, voa.setAttenuation(1, 6.0));
    const double six = rxPowerLane21();
    // The module's own monitor has a fixed calibration error, which cancels in the difference.
    EXPECT_NEAR(open - six, 6.0, 0.15);
    core::runSync(io, rx.setRoute(5, {'A', 4}));
    EXPECT_LT(rxPowerLane21(), -30.0) << "routed elsewhere: no light at lane 21";
}

} // namespace
