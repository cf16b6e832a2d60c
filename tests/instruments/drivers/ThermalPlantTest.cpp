#include "instruments/sim/world/ConstantDaqSignals.h"
#include "instruments/sim/world/ConstantHeatLoad.h"
#include "instruments/sim/world/FirstOrderThermalPlant.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

using namespace optiqual::instruments::sim;

namespace {

FirstOrderThermalPlantParams params(double maxRate, double tau, double idleTau = 600.0) {
    FirstOrderThermalPlantParams p;
    p.ambient = 25.0;
    p.maxRate = maxRate;
    p.timeConstant = tau;
    p.idleTimeConstant = idleTau;
    return p;
}

} // namespace

TEST(ThermalSimPlant, StartsAtAmbientAndStaysThereWhileIdle) {
    FirstOrderThermalPlant plant;
    EXPECT_DOUBLE_EQ(plant.temperature(0.0), 25.0);
    plant.setDemand({80.0, 0.0, false}, 0.0);
    EXPECT_DOUBLE_EQ(plant.temperature(3600.0), 25.0);
    EXPECT_DOUBLE_EQ(plant.reference(3600.0), 25.0);
}

TEST(ThermalSimPlant, MaximumRateLimitsAStepWithoutLag) {
    FirstOrderThermalPlant plant(params(15.0, 0.0));
    plant.setDemand({30.0, 0.0, true}, 100.0); // 0 = as fast as the plant can: 15 °C/min
    EXPECT_NEAR(plant.temperature(110.0), 27.5, 1e-9);
    EXPECT_NEAR(plant.reference(110.0), 27.5, 1e-9);
    EXPECT_NEAR(plant.temperature(120.0), 30.0, 1e-9);
    EXPECT_NEAR(plant.temperature(1000.0), 30.0, 1e-9);
}

TEST(ThermalSimPlant, DemandedRateIsCappedByThePlant) {
    FirstOrderThermalPlant slow(params(15.0, 0.0));
    slow.setDemand({20.0, 3.0, true}, 0.0); // 3 °C/min down
    EXPECT_NEAR(slow.temperature(60.0), 22.0, 1e-9);
    FirstOrderThermalPlant capped(params(15.0, 0.0));
    capped.setDemand({85.0, 100.0, true}, 0.0); // asks 100 °C/min, gets 15
    EXPECT_NEAR(capped.temperature(60.0), 40.0, 1e-9);
}

TEST(ThermalSimPlant, FirstOrderLagFollowsTheExactSolution) {
    FirstOrderThermalPlant plant(params(std::numeric_limits<double>::infinity(), 30.0));
    plant.setDemand({35.0, 0.0, true}, 0.0);
    EXPECT_NEAR(plant.temperature(30.0), 35.0 - 10.0 * std::exp(-1.0), 1e-9);
    EXPECT_NEAR(plant.temperature(90.0), 35.0 - 10.0 * std::exp(-3.0), 1e-9);
    // Reading often or once gives the same answer: the solution is exact, not integrated.
    FirstOrderThermalPlant once(params(std::numeric_limits<double>::infinity(), 30.0));
    once.setDemand({35.0, 0.0, true}, 0.0);
    EXPECT_NEAR(once.temperature(90.0), plant.temperature(90.0), 1e-12);
}

TEST(ThermalSimPlant, RampWithLagTrailsByRateTimesTimeConstant) {
    FirstOrderThermalPlant plant(params(15.0, 20.0));
    plant.setDemand({125.0, 6.0, true}, 0.0); // 0.1 °C/s, 1000 s to reach 125
    const double t = 500.0;                   // long after the lag settled onto the ramp
    EXPECT_NEAR(plant.reference(t), 75.0, 1e-9);
    EXPECT_NEAR(plant.temperature(t), 75.0 - 0.1 * 20.0, 1e-6);
    EXPECT_NEAR(plant.temperature(2000.0), 125.0, 1e-6);
}

TEST(ThermalSimPlant, StoppingDriftsToAmbientAndRestartRampsFromThePresentTemperature) {
    FirstOrderThermalPlant plant(params(15.0, 0.0, 100.0));
    plant.setDemand({55.0, 0.0, true}, 0.0);
    EXPECT_NEAR(plant.temperature(200.0), 55.0, 1e-9);
    plant.setDemand({55.0, 0.0, false}, 200.0);
    EXPECT_DOUBLE_EQ(plant.reference(200.0), 25.0);
    EXPECT_NEAR(plant.temperature(300.0), 25.0 + 30.0 * std::exp(-1.0), 1e-9);
    const double before = plant.temperature(300.0);
    plant.setDemand({55.0, 0.0, true}, 300.0);
    EXPECT_NEAR(plant.reference(300.0), before, 1e-9);
    EXPECT_NEAR(plant.temperature(304.0), before + 1.0, 1e-9); // 15 °C/min = 0.25 °C/s
}

TEST(ThermalSimPlant, TimeNeverRunsBackwards) {
    FirstOrderThermalPlant plant(params(15.0, 0.0));
    plant.setDemand({30.0, 0.0, true}, 0.0);
    const double at10 = plant.temperature(10.0);
    EXPECT_DOUBLE_EQ(plant.temperature(5.0), at10);
}

TEST(ThermalSimPlant, HeatLoadRaisesTheReturnTemperatureWhileCirculating) {
    ConstantHeatLoad load(500.0, 2.0);
    EXPECT_NEAR(load.temperatureRise(20.0, true, 0.0), 500.0 / (2.0 / 60.0 * 4186.0), 1e-9);
    EXPECT_DOUBLE_EQ(load.temperatureRise(20.0, false, 0.0), 0.0);
    load.setWatts(0.0);
    EXPECT_DOUBLE_EQ(load.temperatureRise(20.0, true, 0.0), 0.0);
}

TEST(ThermalSimPlant, DaqSignalsAreSeededAndOverridable) {
    ConstantDaqSignals a(42);
    ConstantDaqSignals b(42);
    ConstantDaqSignals c(43);
    const double first = a.temperature(101, 0.0);
    EXPECT_DOUBLE_EQ(first, b.temperature(101, 0.0));
    EXPECT_NE(first, c.temperature(101, 0.0));
    EXPECT_NEAR(first, 23.0, 0.2);
    a.setVoltage(111, 2.5);
    a.setCurrent(121, 12e-3);
    EXPECT_NEAR(a.dcVoltage(111, 0.0), 2.5, 1e-3);
    EXPECT_NEAR(a.dcVoltage(112, 0.0), 1.0, 1e-3);
    EXPECT_NEAR(a.dcCurrent(121, 0.0), 12e-3, 1e-6);
    a.setNoise({0.0, 0.0, 0.0});
    EXPECT_DOUBLE_EQ(a.dcCurrent(122, 0.0), 4e-3);
}
