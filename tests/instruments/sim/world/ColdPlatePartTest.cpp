// The simulated cold plate: the same serial is the same plate, its physics follows the scaling laws it claims, its
// defects move what they should, and over many serials the defect-free fraction is the Π(1 − p) a lot's first-pass
// yield is set by.
#include "instruments/sim/world/ColdPlatePart.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual::instruments::sim;

TEST(ColdPlatePart, TheSameSerialIsTheSamePlate) {
    ColdPlateParams params;
    params.seed = 11;
    const ColdPlatePart a("CP-123", "CP-ACC-1K", params);
    const ColdPlatePart b("CP-123", "CP-ACC-1K", params);
    const ColdPlatePart c("CP-124", "CP-ACC-1K", params);
    EXPECT_EQ(a.thermalResistance(1.5, 25.0), b.thermalResistance(1.5, 25.0));
    EXPECT_EQ(a.leakLitresPerSecond(), b.leakLitresPerSecond());
    EXPECT_EQ(a.defects(), b.defects());
    EXPECT_NE(a.thermalResistance(1.5, 25.0), c.thermalResistance(1.5, 25.0));
}

TEST(ColdPlatePart, ConvectionScalesAsFlowToTheMinusPointEightAndPressureDropAsAPower) {
    ColdPlateParams params;
    const ColdPlatePart plate("CP-1", "CP-ACC-1K", params, std::vector<ColdPlateDefect>{});
    // R(Q) = R_base + R_conv·Q^-0.8: the differences between three flows fix the exponent whatever R_base is.
    const double r1 = plate.thermalResistance(1.0, 25.0);
    const double r2 = plate.thermalResistance(2.0, 25.0);
    const double r4 = plate.thermalResistance(4.0, 25.0);
    EXPECT_NEAR((r1 - r2) / (r2 - r4), std::pow(2.0, 0.8), 1e-9);
    EXPECT_NEAR(std::log(plate.pressureDropKpa(2.0, 25.0) / plate.pressureDropKpa(1.0, 25.0)) / std::log(2.0), 1.75,
                1e-9);
    EXPECT_LT(plate.thermalResistance(1.5, 40.0), plate.thermalResistance(1.5, 25.0)) << "thinner PG25 at 40 °C";
    EXPECT_LT(plate.pressureDropKpa(1.5, 40.0), plate.pressureDropKpa(1.5, 25.0));
    EXPECT_EQ(plate.pressureDropKpa(0.0, 25.0), 0.0);
}

TEST(ColdPlatePart, DefectsMoveWhatTheyShould) {
    ColdPlateParams params;
    const ColdPlatePart good("CP-1", "CP-ACC-1K", params, std::vector<ColdPlateDefect>{});
    const auto with = [&](ColdPlateDefect d) { return ColdPlatePart("CP-1", "CP-ACC-1K", params, std::vector{d}); };
    EXPECT_LT(good.leakLitresPerSecond(), 2.1e-9);
    EXPECT_EQ(with(ColdPlateDefect::SmallLeak).leakLitresPerSecond(), params.smallLeakLitresPerSecond);
    EXPECT_EQ(with(ColdPlateDefect::GrossLeak).leakLitresPerSecond(), params.grossLeakLitresPerSecond);
    EXPECT_NEAR(with(ColdPlateDefect::BlockedChannel).pressureDropKpa(1.5, 25.0) / good.pressureDropKpa(1.5, 25.0),
                params.blockedDpFactor, 1e-9);
    EXPECT_GT(with(ColdPlateDefect::PoorTim).thermalResistance(1.5, 25.0), good.thermalResistance(1.5, 25.0) + 0.015);
    EXPECT_EQ(with(ColdPlateDefect::PoorTim).pressureDropKpa(1.5, 25.0), good.pressureDropKpa(1.5, 25.0));
}

TEST(ColdPlatePart, DefectFreeFractionIsTheProductOfOneMinusEachRate) {
    ColdPlateParams params;
    params.seed = 3;
    double expected = 1.0;
    for (std::size_t i = 1; i < kColdPlateDefectCount; ++i)
        expected *= 1.0 - params.probability[i];
    const int units = 20000;
    int clean = 0;
    for (int i = 0; i < units; ++i)
        clean += ColdPlatePart::drawDefects("LOT-" + std::to_string(i), params).empty() ? 1 : 0;
    const double sigma = std::sqrt(expected * (1.0 - expected) / units);
    EXPECT_NEAR(double(clean) / units, expected, 4.0 * sigma);
}

TEST(ColdPlatePart, DefectNamesRoundTrip) {
    for (std::size_t i = 0; i < kColdPlateDefectCount; ++i) {
        const auto d = static_cast<ColdPlateDefect>(i);
        EXPECT_EQ(coldPlateDefectFromString(toString(d)), d);
    }
    EXPECT_FALSE(coldPlateDefectFromString("weak-lane"));
}
