// The physics of one simulated supply output (PsuOutput): CV/CC into a load, first-order response, protection.
#include "instruments/sim/devices/PsuOutput.h"

#include "instruments/sim/world/ResistivePsuLoad.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <memory>
#include <stdexcept>

using namespace optiqual::instruments::sim;

namespace {

constexpr double kTau = 1e-3;

PsuOutputSpec keysightStyle() {
    PsuOutputSpec spec;
    spec.maxVolts = 25;
    spec.maxAmps = 2;
    spec.ovpMax = 27.5;
    spec.resetAmps = 1;
    spec.resetOvp = 27.5;
    spec.timeConstant = kTau;
    return spec;
}

PsuOutputSpec rigolStyle() {
    PsuOutputSpec spec = keysightStyle();
    spec.ovpSwitchable = true;
    spec.tripSwitchesOff = true;
    spec.ocpRule = PsuOcpRule::Level;
    spec.resetOcp = 3.3;
    return spec;
}

/// A load drawing constant power above an under-voltage lockout, nothing below it (an XPO module on 48 V).
class ConstantPowerLoad : public PsuLoad {
public:
    ConstantPowerLoad(double watts, double lockoutVolts) : m_watts(watts), m_lockout(lockoutVolts) {}
    double current(int, double volts, double) override { return volts >= m_lockout ? m_watts / volts : 0.0; }

private:
    double m_watts;
    double m_lockout;
};

struct PsuSimOutputPhysics : ::testing::Test {
    std::shared_ptr<ResistivePsuLoad> load = std::make_shared<ResistivePsuLoad>(10.0);
    PsuOutput out{1, keysightStyle(), load};
    double t = 0;

    void step(double seconds) {
        t += seconds;
        out.advance(t);
    }
    void settle() { step(50 * kTau); }
};

} // namespace

TEST_F(PsuSimOutputPhysics, ResetValuesAndOffState) {
    out.advance(0);
    EXPECT_EQ(out.voltageSetpoint(), 0.0);
    EXPECT_EQ(out.currentLimit(), 1.0);
    EXPECT_EQ(out.ovpLevel(), 27.5);
    EXPECT_TRUE(out.ovpEnabled()) << "Keysight OVP is always armed";
    EXPECT_FALSE(out.ocpEnabled());
    EXPECT_FALSE(out.isOn());
    EXPECT_EQ(out.regulation(), PsuRegulation::Off);
    EXPECT_EQ(out.amps(), 0.0);
}

TEST_F(PsuSimOutputPhysics, ConstantVoltageIntoResistor) {
    out.setVoltage(5);
    out.setOutput(true);
    settle();
    EXPECT_NEAR(out.volts(), 5.0, 1e-9);
    EXPECT_NEAR(out.amps(), 0.5, 1e-9);
    EXPECT_NEAR(out.watts(), 2.5, 1e-8);
    EXPECT_EQ(out.regulation(), PsuRegulation::ConstantVoltage);
}

TEST_F(PsuSimOutputPhysics, ConstantCurrentDropsTheVoltage) {
    out.setVoltage(20);
    out.setCurrentLimit(1);
    out.setOutput(true);
    settle();
    // 20 V into 10 Ω wants 2 A; the 1 A limit holds the output at 1 A × 10 Ω.
    EXPECT_EQ(out.regulation(), PsuRegulation::ConstantCurrent);
    EXPECT_NEAR(out.volts(), 10.0, 1e-6);
    EXPECT_NEAR(out.amps(), 1.0, 1e-9);
    load->setResistance(100);
    settle();
    EXPECT_EQ(out.regulation(), PsuRegulation::ConstantVoltage);
    EXPECT_NEAR(out.volts(), 20.0, 1e-6);
    EXPECT_NEAR(out.amps(), 0.2, 1e-9);
}

TEST_F(PsuSimOutputPhysics, FirstOrderResponse) {
    out.advance(0);
    out.setVoltage(10);
    out.setOutput(true);
    out.advance(0);
    EXPECT_NEAR(out.volts(), 0.0, 1e-12) << "no time has passed";
    step(kTau);
    EXPECT_NEAR(out.volts(), 10.0 * (1 - std::exp(-1.0)), 1e-9);
    EXPECT_NEAR(out.amps(), out.volts() / 10.0, 1e-12);
    step(kTau);
    EXPECT_NEAR(out.volts(), 10.0 * (1 - std::exp(-2.0)), 1e-9);
    out.setOutput(false);
    out.advance(t);
    EXPECT_EQ(out.amps(), 0.0);
    const double before = out.volts();
    step(kTau);
    EXPECT_NEAR(out.volts(), before * std::exp(-1.0), 1e-9) << "decays towards 0 when off";
}

TEST_F(PsuSimOutputPhysics, OverVoltageLatchesAndClearRestoresKeysightStyle) {
    out.setVoltage(12);
    out.setOutput(true);
    settle();
    out.setOvpLevel(10);
    out.advance(t);
    EXPECT_TRUE(out.overVoltageTripped());
    EXPECT_FALSE(out.isOn());
    EXPECT_TRUE(out.programmedOn()) << "Keysight latches the output off but keeps its programmed state";
    EXPECT_EQ(out.amps(), 0.0);
    out.clear(PsuProtection::OverVoltage);
    out.advance(t);
    EXPECT_TRUE(out.overVoltageTripped()) << "the cause is still there: it trips again";
    out.setVoltage(9);
    out.clear(PsuProtection::OverVoltage);
    settle();
    EXPECT_FALSE(out.tripped());
    EXPECT_TRUE(out.isOn());
    EXPECT_NEAR(out.volts(), 9.0, 1e-6);
}

TEST_F(PsuSimOutputPhysics, OverCurrentTripsOnConstantCurrent) {
    out.setVoltage(5);
    out.setCurrentLimit(1);
    out.setOcpEnabled(true);
    out.setOutput(true);
    settle();
    EXPECT_FALSE(out.tripped()) << "0.5 A is within the limit";
    load->setResistance(2);
    step(kTau);
    EXPECT_TRUE(out.overCurrentTripped());
    EXPECT_FALSE(out.overVoltageTripped());
    EXPECT_EQ(out.regulation(), PsuRegulation::Off);
}

TEST(PsuSimOutput, RigolStyleOcpTripsAtItsLevelAndSwitchesTheOutputOff) {
    auto load = std::make_shared<ResistivePsuLoad>(10.0);
    PsuOutput out(2, rigolStyle(), load);
    out.setVoltage(5);
    out.setCurrentLimit(2);
    out.setOcpLevel(0.4);
    out.setOutput(true);
    out.advance(1);
    EXPECT_FALSE(out.tripped()) << "OCP switched off";
    out.setOcpEnabled(true);
    out.advance(1);
    EXPECT_TRUE(out.overCurrentTripped()) << "0.5 A in CV reaches the 0.4 A level";
    EXPECT_FALSE(out.programmedOn()) << "a DP800 trip switches the output off";
    out.clear(PsuProtection::OverCurrent);
    out.advance(2);
    EXPECT_FALSE(out.tripped());
    EXPECT_FALSE(out.isOn()) << "clearing does not switch it back on";
}

TEST(PsuSimOutput, RigolStyleOvpOnlyWhenSwitchedOn) {
    PsuOutput out(1, rigolStyle(), std::make_shared<ResistivePsuLoad>());
    out.setOvpLevel(5);
    out.setVoltage(8);
    out.setOutput(true);
    out.advance(1);
    EXPECT_FALSE(out.tripped());
    out.setOvpEnabled(true);
    out.advance(1);
    EXPECT_TRUE(out.overVoltageTripped());
}

TEST(PsuSimOutput, ConstantPowerLoadCollapsesToItsLockoutInConstantCurrent) {
    auto module = std::make_shared<ConstantPowerLoad>(300.0, 36.0);
    PsuOutputSpec spec = keysightStyle();
    spec.maxVolts = 61.2;
    spec.maxAmps = 25.5;
    spec.resetOvp = 66;
    PsuOutput out(1, spec, module);
    out.setVoltage(48);
    out.setCurrentLimit(10);
    out.setOutput(true);
    out.advance(1);
    EXPECT_EQ(out.regulation(), PsuRegulation::ConstantVoltage);
    EXPECT_NEAR(out.amps(), 6.25, 1e-9);
    out.setCurrentLimit(5); // 300 W at 48 V needs 6.25 A
    out.advance(2);
    EXPECT_EQ(out.regulation(), PsuRegulation::ConstantCurrent);
    EXPECT_LT(out.volts(), 36.0);
    EXPECT_GT(out.volts(), 35.0);
}

TEST(PsuSimOutput, InjectedTripAndLoadValidation) {
    PsuOutput out(1, keysightStyle(), std::make_shared<ResistivePsuLoad>());
    out.setOutput(true);
    out.trip(PsuProtection::OverVoltage);
    EXPECT_FALSE(out.isOn());
    EXPECT_THROW(out.setLoad(nullptr), std::invalid_argument);
    EXPECT_THROW(ResistivePsuLoad(0.0), std::invalid_argument);
    EXPECT_THROW(ResistivePsuLoad(-1.0), std::invalid_argument);
    EXPECT_THROW(ResistivePsuLoad(std::nan("")), std::invalid_argument);
    ResistivePsuLoad open(std::numeric_limits<double>::infinity());
    EXPECT_EQ(open.current(1, 10, 0), 0.0);
}
