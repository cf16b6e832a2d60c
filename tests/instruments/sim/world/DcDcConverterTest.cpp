// The module's 48 V input converter: losses, efficiency and the current a constant load draws across the input
// voltage range, and the capacitive inrush of its soft start.
#include "instruments/sim/world/DcDcConverter.h"

#include <gtest/gtest.h>

using namespace optiqual::instruments::sim;

TEST(DcDcConverter, InputPowerCoversTheOutputAndEveryLoss) {
    const DcDcConverter converter;
    const auto& p = converter.params();
    for (const double volts : {40.0, 44.0, 48.0, 52.0, 60.0})
        for (const double out : {4.0, 60.0, 335.0, 430.0}) {
            const double in = converter.inputWatts(out, volts);
            const double current = in / volts;
            const double losses =
                p.fixedLossWatts + p.switchingLossFraction * in + p.conductionOhms * current * current;
            EXPECT_NEAR(in - out, losses, 1e-9) << out << " W at " << volts << " V";
            EXPECT_GT(in, out);
        }
}

TEST(DcDcConverter, FullLoadEfficiencyIsThatOfA48VBusConverter) {
    const DcDcConverter converter;
    for (const double volts : {44.0, 48.0, 52.0})
        for (const double out : {300.0, 335.0, 400.0}) {
            EXPECT_GE(converter.efficiency(out, volts), 0.95) << out << " W at " << volts << " V";
            EXPECT_LE(converter.efficiency(out, volts), 0.97) << out << " W at " << volts << " V";
        }
    // Light load is dominated by the fixed loss; heavy load by conduction, so efficiency peaks in between.
    EXPECT_LT(converter.efficiency(4.0, 48.0), 0.85);
    EXPECT_GT(converter.efficiency(60.0, 48.0), converter.efficiency(4.0, 48.0));
    EXPECT_GT(converter.efficiency(60.0, 48.0), converter.efficiency(400.0, 48.0));
}

TEST(DcDcConverter, InputCurrentFallsAsTheVoltageRises) {
    const DcDcConverter converter;
    double previousCurrent = 1e9;
    double previousEfficiency = 0.0;
    for (double volts = 40.0; volts <= 60.0; volts += 0.5) {
        const double current = converter.inputWatts(335.0, volts) / volts;
        EXPECT_LT(current, previousCurrent) << volts << " V";
        EXPECT_GT(converter.efficiency(335.0, volts), previousEfficiency) << "less conduction loss at " << volts;
        previousCurrent = current;
        previousEfficiency = converter.efficiency(335.0, volts);
    }
    // 44 V → 52 V: the current falls by about the voltage ratio (a constant-power load), not with it.
    const double at44 = converter.inputWatts(335.0, 44.0) / 44.0;
    const double at52 = converter.inputWatts(335.0, 52.0) / 52.0;
    EXPECT_NEAR(at44 / at52, 52.0 / 44.0, 0.02);
}

TEST(DcDcConverter, OffDrawsNothingAndTheLimitIsBounded) {
    const DcDcConverter converter;
    EXPECT_EQ(converter.inputWatts(0.0, 48.0), 0.0);
    EXPECT_EQ(converter.inputWatts(100.0, 0.0), 0.0);
    EXPECT_EQ(converter.efficiency(0.0, 48.0), 0.0);
    // A load beyond what the input resistance allows at 5 V: the most it can draw, (1 − k)·V²/(2R).
    const auto& p = converter.params();
    EXPECT_NEAR(converter.inputWatts(1000.0, 5.0), (1.0 - p.switchingLossFraction) * 25.0 / (2.0 * p.conductionOhms),
                1e-9);
}

TEST(DcDcConverter, InrushIsTheCapacitanceChargedOverTheSoftStart) {
    DcDcConverterParams params;
    params.inputCapacitanceFarads = 2e-3;
    params.softStartSeconds = 0.02;
    const DcDcConverter converter(params);
    EXPECT_DOUBLE_EQ(converter.capacitiveInrushAmps(48.0), 2e-3 * 48.0 / 0.02);
    EXPECT_DOUBLE_EQ(converter.capacitiveInrushAmps(48.0, 5.0), 5.0 * 2e-3 * 48.0 / 0.02) << "failed soft start";
    EXPECT_EQ(converter.capacitiveInrushAmps(0.0), 0.0);
    EXPECT_DOUBLE_EQ(DcDcConverter().capacitiveInrushAmps(48.0), 4.8) << "defaults: 1 mF over 10 ms";
}
