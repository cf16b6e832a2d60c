// The XPO module's 48 V input (DC/DC converter, undervoltage lockout with hysteresis, soft-start inrush), its
// over-temperature shutdown, the state entry times a host board reads, and the defects that act on them.
#include "core/Units.h"
#include "instruments/sim/world/CmisModule.h"
#include "instruments/sim/world/CmisRegisters.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace optiqual::instruments::sim;
namespace core = optiqual::core;

namespace {

// Power-on (t = 0) to every lane activated: at most 1 s MgmtInit + 5 s PwrUp + 1 s DPInit + 0.1 s TxTurnOn.
constexpr double kAllUpSeconds = 10.0;

CmisModuleParams quietParams() {
    CmisModuleParams params;
    params.disableDefects();
    return params;
}

CmisModule goodModule(const std::string& serial = "XPO26A0001") {
    return CmisModule(serial, quietParams(), std::vector<Defect>{});
}

CmisModule moduleWith(DefectMode mode, int lane = -1, const std::string& serial = "XPO26A0002") {
    return CmisModule(serial, quietParams(), std::vector<Defect>{{mode, lane}});
}

void bringUp(CmisModule& module, double t = 0.0) {
    module.setLowPowerPin(false, t);
    module.setPowerEnabled(true, t);
    module.advance(t + kAllUpSeconds);
}

std::uint8_t readByte(CmisModule& module, int bank, int page, int offset, double t) {
    const auto result = module.read(bank, page, offset, 1, t);
    EXPECT_TRUE(result.ok()) << toString(result.status);
    return result.ok() ? result.bytes[0] : 0;
}

double currentAt(const CmisModule& module, double volts) {
    return module.powerDrawWatts(volts) / volts;
}

} // namespace

// --- DC/DC input ---------------------------------------------------------------------------------------------------

TEST(CmisInput, InputPowerIsTheRailsThroughTheConverter) {
    auto module = goodModule();
    bringUp(module);
    const DcDcConverter converter(module.params().power.converter);
    const double rails = module.railWatts();
    EXPECT_GT(rails, 200.0);
    EXPECT_DOUBLE_EQ(module.powerDrawWatts(48.0), converter.inputWatts(rails, 48.0));
    const double efficiency = rails / module.powerDrawWatts(48.0);
    EXPECT_GT(efficiency, 0.95);
    EXPECT_LT(efficiency, 0.97);
    // The losses are heat in the module: heat = input − light out.
    EXPECT_GT(module.heatWatts(), rails);
}

TEST(CmisInput, InputCurrentFallsFrom44To52Volts) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    double previous = 1e9;
    for (double volts = 44.0; volts <= 52.0; volts += 1.0) {
        t += 0.1;
        module.setSupplyVoltage(volts, t);
        ASSERT_EQ(module.state(t), CmisModuleState::Ready) << volts << " V";
        const double current = currentAt(module, volts);
        EXPECT_LT(current, previous) << volts << " V";
        previous = current;
    }
    EXPECT_GT(currentAt(module, 44.0) - currentAt(module, 52.0), 0.7) << "≈ 5.3 A → 4.5 A at ≈ 235 W";
}

TEST(CmisInput, UndervoltageLockoutHasHysteresis) {
    auto module = goodModule();
    module.setSupplyVoltage(37.0, 0.0);
    module.setPowerEnabled(true, 0.0);
    EXPECT_EQ(module.state(0.5), CmisModuleState::Unpowered) << "37 V is below the 38 V turn-on";
    EXPECT_EQ(module.powerDrawWatts(37.0), 0.0);
    module.setSupplyVoltage(38.0, 1.0);
    EXPECT_EQ(module.state(1.0), CmisModuleState::ManagementInit);
    EXPECT_EQ(module.state(3.0), CmisModuleState::LowPower);
    module.setSupplyVoltage(36.5, 3.0);
    EXPECT_EQ(module.state(4.0), CmisModuleState::LowPower) << "a running module holds on down to 36 V";
    EXPECT_GT(module.powerDrawWatts(36.5), 0.0);
    module.setSupplyVoltage(35.9, 4.0);
    EXPECT_EQ(module.state(4.0), CmisModuleState::Unpowered);
    EXPECT_EQ(module.powerDrawWatts(35.9), 0.0);
    module.setSupplyVoltage(37.0, 5.0);
    EXPECT_EQ(module.state(5.0), CmisModuleState::Unpowered) << "and does not restart until 38 V";
}

TEST(CmisInput, PowerOnInrushIsTheSoftStartPlusTheLowPowerDraw) {
    auto module = goodModule();
    EXPECT_EQ(module.inputCurrentPeakAmps(), 0.0);
    module.setPowerEnabled(true, 0.0);
    const auto& converter = module.params().power.converter;
    const double capacitive = converter.inputCapacitanceFarads * 48.0 / converter.softStartSeconds;
    EXPECT_NEAR(module.inputCurrentPeakAmps(), capacitive + currentAt(module, 48.0), 1e-9);
    EXPECT_GT(module.inputCurrentPeakAmps(), 4.8);
    EXPECT_LT(module.inputCurrentPeakAmps(), 5.0);
    // Up to ModuleReady the peak-hold keeps the larger of the inrush and the steady draw (≈ 4.9 A each).
    const double inrush = module.inputCurrentPeakAmps();
    module.setLowPowerPin(false, 0.0);
    module.advance(kAllUpSeconds);
    const double ready = currentAt(module, 48.0);
    EXPECT_GT(ready, 20.0 * (inrush - capacitive)) << "many times the low-power draw";
    EXPECT_NEAR(module.inputCurrentPeakAmps(), std::max(inrush, ready), 1e-9);
    // Switching off keeps the peak; switching on again (at 40 V) starts over with a new, smaller inrush.
    module.setPowerEnabled(false, kAllUpSeconds);
    EXPECT_NEAR(module.inputCurrentPeakAmps(), std::max(inrush, ready), 1e-9);
    module.setSupplyVoltage(40.0, kAllUpSeconds + 1.0);
    module.setPowerEnabled(true, kAllUpSeconds + 1.0);
    EXPECT_NEAR(module.inputCurrentPeakAmps(),
                converter.inputCapacitanceFarads * 40.0 / converter.softStartSeconds + currentAt(module, 40.0), 1e-9);
    EXPECT_LT(module.inputCurrentPeakAmps(), 0.9 * inrush);
}

TEST(CmisInput, TheSupplyComingUpBehindAClosedSwitchIsAnInrushToo) {
    auto module = goodModule();
    module.setSupplyVoltage(0.0, 0.0);
    module.setPowerEnabled(true, 0.0);
    EXPECT_EQ(module.inputCurrentPeakAmps(), 0.0) << "nothing to charge from";
    EXPECT_EQ(module.state(0.0), CmisModuleState::Unpowered);
    module.setSupplyVoltage(52.0, 1.0);
    EXPECT_NEAR(module.inputCurrentPeakAmps(), 1e-3 * 52.0 / 0.01 + currentAt(module, 52.0), 1e-9);
}

TEST(CmisInput, PeakCatchesADrawBetweenCalls) {
    // A fault half-way through the power-up ramp: the draw peaked at the fault, between two calls of the host.
    auto module = moduleWith(DefectMode::FaultOnPowerUp);
    bringUp(module);
    ASSERT_EQ(module.state(kAllUpSeconds), CmisModuleState::Fault);
    const auto& power = module.params().power;
    const double rampMiddle = (power.lowPowerWatts + power.readyIdleWatts) / 2.0 / 48.0;
    EXPECT_GT(module.inputCurrentPeakAmps(), rampMiddle * 0.9);
    EXPECT_LT(currentAt(module, 48.0), 0.2) << "back to the low-power draw now";
}

// --- Over-temperature -------------------------------------------------------------------------------------------

TEST(CmisInput, OverTemperatureShutsTheModuleDown) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    module.setCaseTemperature(80.0, t);
    EXPECT_EQ(module.state(t), CmisModuleState::Ready) << "internal ≈ 85 °C: alarm, but running";
    EXPECT_LT(module.internalTemperatureC(), module.params().thermal.shutdownTemperatureC);
    // The coolant stops: the case heats past the point where the internal temperature crosses 95 °C.
    t += 1.0;
    module.setCaseTemperature(92.0, t);
    EXPECT_EQ(module.state(t), CmisModuleState::Fault);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kFaultCause, t), module.params().timing.overTemperatureFaultCause);
    EXPECT_LT(module.powerDrawWatts(48.0), 10.0) << "a faulted module draws low power";
    // Cooling down does not clear the fault; a reset while hot faults again, a reset when cool recovers.
    module.setCaseTemperature(25.0, t + 1.0);
    EXPECT_EQ(module.state(t + 2.0), CmisModuleState::Fault);
    module.setCaseTemperature(96.0, t + 2.0);
    module.setResetAsserted(true, t + 2.0);
    module.setResetAsserted(false, t + 2.1);
    EXPECT_EQ(module.state(t + 4.0), CmisModuleState::Fault);
    module.setCaseTemperature(25.0, t + 4.0);
    module.setResetAsserted(true, t + 4.0);
    module.setResetAsserted(false, t + 4.1);
    EXPECT_EQ(module.state(t + 4.1 + kAllUpSeconds), CmisModuleState::Ready);
}

TEST(CmisInput, HighTemperatureDefectAlarmsButDoesNotTripAtTheHotCorner) {
    auto module = moduleWith(DefectMode::HighTemperature);
    bringUp(module);
    module.setCaseTemperature(70.0, kAllUpSeconds);
    EXPECT_EQ(module.state(kAllUpSeconds + 1.0), CmisModuleState::Ready);
    EXPECT_GT(module.internalTemperatureC(), module.params().thresholds.temperatureC.highAlarm);
    EXPECT_LT(module.internalTemperatureC(), module.params().thermal.shutdownTemperatureC);
}

// --- State entry times ------------------------------------------------------------------------------------------

TEST(CmisInput, StateEntryTimesFollowTheStateMachine) {
    auto module = goodModule();
    EXPECT_EQ(module.stateEnteredAt(CmisModuleState::Ready), -INFINITY);
    module.setLowPowerPin(false, 2.0);
    module.setPowerEnabled(true, 2.0);
    module.advance(2.0 + kAllUpSeconds);
    const auto& timing = module.params().timing;
    EXPECT_DOUBLE_EQ(module.stateEnteredAt(CmisModuleState::ManagementInit), 2.0);
    EXPECT_DOUBLE_EQ(module.stateEnteredAt(CmisModuleState::LowPower), 2.0 + timing.managementInitSeconds);
    EXPECT_DOUBLE_EQ(module.stateEnteredAt(CmisModuleState::PowerUp), 2.0 + timing.managementInitSeconds);
    const double powerUp =
        module.stateEnteredAt(CmisModuleState::Ready) - module.stateEnteredAt(CmisModuleState::PowerUp);
    EXPECT_GT(powerUp, cmisDurationLowerSeconds(timing.modulePowerUpCode));
    EXPECT_LE(powerUp, cmisDurationUpperSeconds(timing.modulePowerUpCode));
    EXPECT_EQ(module.stateEnteredAt(CmisModuleState::Fault), -INFINITY);
    module.setPresent(false, 20.0);
    EXPECT_DOUBLE_EQ(module.stateEnteredAt(CmisModuleState::Absent), 20.0);
    EXPECT_DOUBLE_EQ(module.stateEnteredAt(CmisModuleState::Unpowered), 20.0);
}

// --- Defects on the input and the monitors -------------------------------------------------------------------------

TEST(CmisInputDefects, SlowPowerUpTakesLongerThanAdvertised) {
    auto module = moduleWith(DefectMode::SlowPowerUp);
    bringUp(module);
    module.advance(20.0);
    ASSERT_EQ(module.state(20.0), CmisModuleState::Ready);
    const auto& params = module.params();
    const std::uint8_t advertised = readByte(module, 0, cmis::kPageAdvertising2, cmis::kModuleDurations, 20.0) & 0x0FU;
    EXPECT_EQ(advertised, params.timing.modulePowerUpCode) << "it advertises the normal code";
    const double took = module.stateEnteredAt(CmisModuleState::Ready) - module.stateEnteredAt(CmisModuleState::PowerUp);
    EXPECT_DOUBLE_EQ(took, cmisDurationUpperSeconds(advertised) * params.defects.slowPowerUpFactor);
    EXPECT_GT(took, cmisDurationUpperSeconds(advertised) + 1.0);
}

TEST(CmisInputDefects, HighInrushIsSeveralTimesNominal) {
    auto good = goodModule();
    auto bad = moduleWith(DefectMode::HighInrush);
    good.setPowerEnabled(true, 0.0);
    bad.setPowerEnabled(true, 0.0);
    EXPECT_GT(bad.inputCurrentPeakAmps(), 4.0 * good.inputCurrentPeakAmps());
    EXPECT_NEAR(bad.inputCurrentPeakAmps(), 5.0 * 4.8 + currentAt(bad, 48.0), 1e-9);
    // Only the inrush: once running, it draws what the same unit without the defect draws.
    auto same = goodModule("XPO26A0002");
    bringUp(bad);
    bringUp(same);
    EXPECT_DOUBLE_EQ(bad.powerDrawWatts(48.0), same.powerDrawWatts(48.0));
}

TEST(CmisInputDefects, DdmTxMiscalibratedLaneReadsMoreThan3DbOff) {
    auto module = moduleWith(DefectMode::DdmTxMiscalibrated, 21);
    bringUp(module);
    const double t = kAllUpSeconds;
    for (const int lane : {20, 21, 22}) {
        const auto raw = module.read(lane / 8, cmis::kPageLaneStatus, cmis::kTxPowerMonitors + 2 * (lane % 8), 2, t);
        ASSERT_TRUE(raw.ok());
        const double ddmDbm = core::wattsToDbm(((raw.bytes[0] << 8) | raw.bytes[1]) * 1e-4 * 1e-3);
        const double error = ddmDbm - module.txOutputPowerDbm(lane);
        if (lane == 21)
            EXPECT_LT(error, -3.0) << "the defective lane";
        else
            EXPECT_LT(std::abs(error), module.params().monitors.txPowerErrorDb + 0.01) << "lane " << lane;
    }
    EXPECT_EQ(module.defectLane(DefectMode::DdmTxMiscalibrated), 21);
}
