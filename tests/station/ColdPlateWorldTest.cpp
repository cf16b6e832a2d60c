// The simulated cold-plate stand as one physical world, seen through the real drivers over loopback: the heater
// supply's V·I is the heat the coolant carries away, the TTV sits above the inlet by P·R and R falls with flow as
// Q^−0.8 (on its convective part), the pressure drop rises as Q^n, trapped test air leaks as the plate's leak makes
// it and moves with the plate's temperature (P ∝ T), and a heater without coolant trips the TTV cut-out. Every
// expectation is a relation between instruments, not a value.
#include "core/RunSync.h"
#include "instruments/Chiller.h"
#include "instruments/DataAcquisition.h"
#include "instruments/PowerSupply.h"
#include "station/StationInstruments.h"
#include "tests/station/SimulatedBench.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace optiqual;
using namespace optiqual::instruments;
using namespace optiqual::station;

namespace {

constexpr unsigned kFill = 1, kEqualise = 2, kCoolant = 8;
constexpr double kAtmosphereKpa = 101.325;

class ColdPlateWorld : public test::SimulatedBench {
protected:
    void start(const std::string& planted) {
        open(test::withPlantedDefects(test::shippedStationText("sim-coldplate.yaml"), planted), "sim-coldplate.yaml");
    }

    DataAcquisition& daq() { return dynamic_cast<DataAcquisition&>(*station->find("daq")); }
    PowerSupply& heater() { return dynamic_cast<PowerSupply&>(*station->find("heater1")); }
    Chiller& chiller() { return dynamic_cast<Chiller&>(*station->find("chiller")); }

    double volts(int channel) { return core::runSync(io, daq().measureDcVoltage({channel})).at(0); }
    double celsius(int channel) { return core::runSync(io, daq().measureTemperature({channel}, "T")).at(0); }
    double flow() { return (core::runSync(io, daq().measureDcCurrent({121})).at(0) - 4e-3) / 16e-3 * 5.0; }
    double pressureDrop() { return (volts(111) - 1.0) / 4.0 * 100.0; }
    double testPressure() { return (volts(112) - 1.0) / 4.0 * 1000.0; }
    double leakDp() { return (volts(113) - 3.0) / 2.0 * 5.0; }
    /// Sets a valve port and reads it back: the write is not acknowledged, and the read-back (same connection,
    /// served in order) makes sure the simulator has switched the valves before simulated time is counted.
    void outputs(int port, unsigned bits) {
        core::runSync(io, daq().setDigitalOutput(port, bits));
        ASSERT_EQ(core::runSync(io, daq().digitalOutput(port)), bits);
    }
    void valves(unsigned bits) { outputs(301, bits); }
    void flowCommand(double litresPerMinute) {
        core::runSync(io, daq().setAnalogOutput(304, litresPerMinute / 4.0 * 10.0));
    }
    void coolantAt(double degC) {
        core::runSync(io, chiller().setSetpoint(degC));
        core::runSync(io, chiller().setRunning(true));
        run(1800.0);
    }
    void heat(double watts) {
        core::runSync(io, heater().setCurrentLimit(1, 24.0));
        core::runSync(io, heater().setVoltage(1, std::sqrt(watts * 2.0)));
        core::runSync(io, heater().setOutput(1, watts > 0.0));
    }
    /// (T_TTV − T_inlet) / P after the TTV has settled at @p litresPerMinute.
    double thermalResistance(double litresPerMinute) {
        flowCommand(litresPerMinute);
        run(300.0);
        const double power =
            core::runSync(io, heater().measureVoltage(1)) * core::runSync(io, heater().measureCurrent(1));
        return (celsius(103) - celsius(101)) / power;
    }
};

} // namespace

TEST_F(ColdPlateWorld, HeaterPowerIsTheHeatTheCoolantCarriesAway) {
    start("CP-G: []");
    ASSERT_TRUE(station->seatSimulatedPlate(1, "CP-G", "CP-ACC-1K"));
    valves(kCoolant);
    coolantAt(25.0);
    flowCommand(1.5);
    heat(1000.0);
    run(300.0);
    const double power = core::runSync(io, heater().measureVoltage(1)) * core::runSync(io, heater().measureCurrent(1));
    EXPECT_NEAR(power, 1000.0, 10.0) << "the 2 Ω heater at 44.7 V";
    EXPECT_NEAR(flow(), 1.5, 0.02) << "the flow controller holds its command";
    const double carried = 1021.5 * 3920.0 * flow() / 60000.0 * (celsius(102) - celsius(101));
    EXPECT_NEAR(carried / power, 1.0, 0.15) << "ρ·c_p·Q·ΔT balances V·I, less what the TTV loses to the air";
    EXPECT_GT(celsius(103), celsius(102)) << "the TTV is the hottest point";
}

TEST_F(ColdPlateWorld, ThermalResistanceFallsWithFlowAndPressureDropRisesAsAPower) {
    start("CP-G: []");
    ASSERT_TRUE(station->seatSimulatedPlate(1, "CP-G", "CP-ACC-1K"));
    valves(kCoolant);
    coolantAt(25.0);
    heat(1000.0);
    const double slow = thermalResistance(0.75);
    const double fast = thermalResistance(3.0);
    EXPECT_GT(slow, fast) << "more flow, thinner boundary layer";
    EXPECT_LT(slow / fast, std::pow(4.0, 0.8)) << "only R_conv scales with flow: R_base stays";
    flowCommand(1.0);
    run(20.0);
    const double dp1 = pressureDrop();
    flowCommand(2.0);
    run(20.0);
    const double dp2 = pressureDrop();
    const double exponent = std::log(dp2 / dp1) / std::log(2.0);
    EXPECT_GT(exponent, 1.6) << "turbulent: ΔP = k·Q^n, n ≈ 1.75";
    EXPECT_LT(exponent, 1.9);
    valves(0);
    run(5.0);
    EXPECT_NEAR(flow(), 0.0, 0.02) << "valves closed: no flow whatever the command";
}

TEST_F(ColdPlateWorld, TrappedAirLeaksAsThePlateLeaksAndFollowsItsTemperature) {
    start("CP-G: [], CP-L: [small-leak]");
    ASSERT_TRUE(station->seatSimulatedPlate(1, "CP-G", "CP-ACC-1K"));
    ASSERT_TRUE(station->seatSimulatedPlate(2, "CP-L", "CP-ACC-1K"));
    for (int port : {301, 302})
        outputs(port, kFill | kEqualise);
    run(20.0); // the fill line fills the plate with a time constant of about 2.6 s: 20 s is within 0.3 kPa
    EXPECT_NEAR(testPressure(), 500.0, 10.0) << "filled to the regulator's 500 kPa";
    for (int port : {301, 302})
        outputs(port, kEqualise); // supply closed: the fill's heat leaves the air
    run(30.0);
    for (int port : {301, 302})
        outputs(port, 0); // reference isolated
    const double plate = celsius(103);
    const double good = leakDp();
    const double leaky = (volts(213) - 3.0) / 2.0 * 5.0;
    run(60.0);
    const double goodDrop = good - leakDp();
    const double leakyDrop = leaky - (volts(213) - 3.0) / 2.0 * 5.0;
    const double drift = celsius(103) - plate;
    // A good plate's air only moves with its temperature: ΔP = P_abs·ΔT/T.
    const double expected = -(500.0 + kAtmosphereKpa) * drift / (plate + 273.15);
    EXPECT_NEAR(goodDrop, expected, 0.12) << "the fill's heat has gone; what is left is the plate's drift";
    EXPECT_GT(leakyDrop, goodDrop + 0.8) << "a 2e-2 mbar·L/s leak loses about a kPa a minute";

    // Warm the dry plate with its heater: the trapped air's pressure rises with it.
    const double before = leakDp();
    const double t0 = celsius(103);
    heat(50.0);
    run(20.0);
    heat(0.0);
    run(30.0); // air and wall back in step
    const double rise = leakDp() - before;
    const double warmed = celsius(103) - t0;
    EXPECT_GT(warmed, 1.0);
    EXPECT_NEAR(rise, (500.0 + kAtmosphereKpa) * warmed / (t0 + 273.15), 0.15 * rise) << "P ∝ T";
}

TEST_F(ColdPlateWorld, HeaterWithoutCoolantTripsTheTtvCutOut) {
    start("CP-G: []");
    ASSERT_TRUE(station->seatSimulatedPlate(1, "CP-G", "CP-ACC-1K"));
    heat(1000.0); // no coolant valves, no flow
    run(20.0);
    EXPECT_GT(core::runSync(io, heater().measureCurrent(1)), 20.0) << "heating";
    run(120.0);
    EXPECT_LT(core::runSync(io, heater().measureCurrent(1)), 0.1) << "the cut-out opened the heater circuit";
    EXPECT_GT(celsius(103), 80.0);
    heat(0.0);
    valves(kCoolant);
    coolantAt(25.0);
    flowCommand(1.5);
    run(120.0);
    heat(500.0);
    run(30.0);
    EXPECT_GT(core::runSync(io, heater().measureCurrent(1)), 10.0) << "re-armed once off and cool";
}
