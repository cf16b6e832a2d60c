// The simulated CPO bench as one physical world, seen through the real drivers over loopback: what the ELSFP emits
// reaches the tap meter less the station's path loss (and moves it 1:1), the engine's photocurrent is responsivity ×
// light + dark current, the heater power a ring needs to lock grows with its offset from the laser (a cooler plate
// leaves the rings bluer), the core current follows the core voltage, and an open interlock keeps every laser dark.
// Every expectation is a relation between instruments, not a value.
#include "core/RunSync.h"
#include "core/Units.h"
#include "instruments/EngineBoard.h"
#include "instruments/InstrumentError.h"
#include "instruments/OpticalPowerMeter.h"
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

namespace {

constexpr double kTapLossDb = 20.3; // sim-cpo.yaml: els_tap_loss
constexpr double kRingDriftNmPerK = 0.08;
constexpr double kHeaterNmPerMw = 0.0321;

/// The shipped bench with its simulation section replaced by engines planted as @p planted, and the interlock
/// loop as @p interlock.
std::string shippedBench(const std::string& planted, const std::string& interlock = "closed") {
    return test::withPlantedDefects(std::regex_replace(test::shippedStationText("sim-cpo.yaml"),
                                                       std::regex("interlock: closed"), "interlock: " + interlock),
                                    planted);
}

class CpoWorld : public test::SimulatedBench {
protected:
    void start(const std::string& planted, const std::string& interlock = "closed") {
        open(shippedBench(planted, interlock), "sim-cpo.yaml");
    }
    void seat(const std::string& serial) { ASSERT_TRUE(station->seatSimulatedEngine(1, serial, "CPO-6T4-DR8")); }

    EngineBoard& board() { return dynamic_cast<EngineBoard&>(*station->find("board")); }
    PowerSupply& core() { return dynamic_cast<PowerSupply&>(*station->find("psucore")); }
    PowerSupply& els() { return dynamic_cast<PowerSupply&>(*station->find("psuels")); }
    OpticalPowerMeter& tapMeter() { return dynamic_cast<OpticalPowerMeter&>(*station->find("elsopm")); }
    VariableOpticalAttenuator& voa() { return dynamic_cast<VariableOpticalAttenuator&>(*station->find("voa")); }
    ThermalChamber& plate() { return dynamic_cast<ThermalChamber&>(*station->find("plate")); }

    void powerUp(double coreVolts = 0.9) {
        core::runSync(io, core().setCurrentLimit(1, 45.0));
        core::runSync(io, core().setVoltage(1, coreVolts));
        core::runSync(io, els().setCurrentLimit(1, 4.0));
        core::runSync(io, els().setVoltage(1, 3.3));
        core::runSync(io, core().setOutput(1, true));
        core::runSync(io, els().setOutput(1, true));
        run(1.0); // the supplies' outputs settle in tens of milliseconds
        core::runSync(io, board().setEngineEnabled(true));
        ASSERT_EQ(core::runSync(io, board().engineState()), "ready");
    }
    void lasersOn() {
        core::runSync(io, board().setLasersEnabled(true, {}));
        core::runSync(io, board().setFibreChecked(true, {}));
    }
    double tapDbm(int laser) { return core::wattsToDbm(core::runSync(io, tapMeter().measurePower(laser))); }
    std::vector<double> photocurrent() { return core::runSync(io, board().photocurrent({})); }
    void reference(bool on, double attenuationDb = 0.0) {
        for (int g = 1; g <= 4; ++g) {
            core::runSync(io, voa().setAttenuation(g, attenuationDb));
            core::runSync(io, voa().setOutputEnabled(g, on));
        }
        run(1.0); // the attenuators' filters move in milliseconds
    }
    void plateAt(double degC) {
        core::runSync(io, plate().setSetpoint(degC));
        core::runSync(io, plate().setRunning(true));
        run(1800.0);
        ASSERT_NEAR(core::runSync(io, plate().temperature()), degC, 0.5) << "the plate settled";
    }
};

} // namespace

TEST_F(CpoWorld, TapMeterFollowsTheLaserLessThePathLoss) {
    start("CPO-G: [], CPO-W: [weak-laser]");
    seat("CPO-G");
    powerUp();
    core::runSync(io, board().setLasersEnabled(true, {}));
    std::vector<double> check;
    for (int k = 1; k <= 8; ++k)
        check.push_back(tapDbm(k));
    core::runSync(io, board().setFibreChecked(true, {}));
    const auto monitors = core::runSync(io, board().laserPower({}));
    for (int k = 1; k <= 8; ++k) {
        SCOPED_TRACE("laser " + std::to_string(k));
        const double full = tapDbm(k);
        EXPECT_NEAR(full - check[std::size_t(k - 1)], 20.0, 0.05) << "1 mW → 100 mW moves the meter by 20 dB";
        EXPECT_NEAR(full + kTapLossDb, monitors[std::size_t(k - 1)], 0.6) << "the module's monitor agrees";
    }
    // A weak laser: its APC runs out of bias below the class power, and the meter sees it.
    seat("CPO-W");
    powerUp();
    lasersOn();
    const auto bias = core::runSync(io, board().laserBias({}));
    int weak = 0;
    for (int k = 1; k <= 8; ++k)
        if (tapDbm(k) + kTapLossDb < 18.5) {
            ++weak;
            EXPECT_NEAR(bias[std::size_t(k - 1)], 0.5, 0.02) << "at the bias ceiling";
        }
    EXPECT_EQ(weak, 1);
}

TEST_F(CpoWorld, PhotocurrentIsResponsivityTimesLightPlusDark) {
    start("CPO-G: []");
    seat("CPO-G");
    powerUp();
    lasersOn();
    reference(false);
    const auto dark = photocurrent();
    reference(true, 0.0);
    const auto open = photocurrent();
    reference(true, 3.0);
    const auto attenuated = photocurrent();
    for (std::size_t c = 0; c < dark.size(); ++c) {
        SCOPED_TRACE("channel " + std::to_string(c + 1));
        EXPECT_GT(dark[c], 0.0);
        EXPECT_LT(dark[c], 1e-7);
        EXPECT_NEAR((open[c] - dark[c]) / (attenuated[c] - dark[c]), std::pow(10.0, 0.3), 0.01)
            << "the light part scales with the light";
    }
}

TEST_F(CpoWorld, HeaterPowerToLockGrowsWithTheRingsOffset) {
    start("CPO-G: []");
    seat("CPO-G");
    powerUp();
    lasersOn();
    plateAt(45.0);
    core::runSync(io, board().tuneRings({}));
    const auto warm = core::runSync(io, board().heaterPower({}));
    const double warmDie = core::runSync(io, board().engineTemperature());
    plateAt(35.0);
    const double coolDie = core::runSync(io, board().engineTemperature());
    core::runSync(io, board().tuneRings({}));
    const auto cool = core::runSync(io, board().heaterPower({}));
    for (const double locked : core::runSync(io, board().ringLocked({})))
        EXPECT_EQ(locked, 1.0);
    // A cooler die leaves every ring further blue of its laser: its heater must add (ΔT · 0.08 nm/K) / η.
    const double expectedMw = (warmDie - coolDie) * kRingDriftNmPerK / kHeaterNmPerMw;
    double sum = 0.0;
    for (std::size_t c = 0; c < warm.size(); ++c) {
        EXPECT_GT(cool[c], warm[c]) << "channel " << c + 1;
        sum += (cool[c] - warm[c]) * 1e3;
    }
    EXPECT_NEAR(sum / double(warm.size()), expectedMw, 0.1 * expectedMw) << "η spreads 5 % around 0.0321 nm/mW";
}

TEST_F(CpoWorld, CoreCurrentFollowsTheCoreVoltage) {
    start("CPO-G: []");
    seat("CPO-G");
    powerUp(0.85);
    const double low = core::runSync(io, core().measureCurrent(1));
    core::runSync(io, core().setVoltage(1, 0.95));
    run(1.0);
    const double high = core::runSync(io, core().measureCurrent(1));
    EXPECT_GT(low, 20.0);
    EXPECT_NEAR(high / low, 0.95 / 0.85, 0.02) << "CMOS power ∝ V²: current ∝ V";
}

TEST_F(CpoWorld, AnOpenInterlockKeepsEveryLaserDark) {
    start("CPO-G: []", "open");
    seat("CPO-G");
    powerUp();
    EXPECT_FALSE(core::runSync(io, board().interlockClosed()));
    EXPECT_THROW(core::runSync(io, board().setLasersEnabled(true, {})), InstrumentError);
    for (int k = 1; k <= 8; ++k) {
        // A dark port: the meter reads nothing (or reports it under range, NaN).
        const double watts = core::runSync(io, tapMeter().measurePower(k));
        EXPECT_TRUE(std::isnan(watts) || watts < 1e-9) << "laser " << k << ": " << watts << " W";
    }
    for (const double state : core::runSync(io, board().laserState({})))
        EXPECT_EQ(state, 0.0);
}
