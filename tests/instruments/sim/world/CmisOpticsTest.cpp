#include "instruments/sim/world/CmisOptics.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

using namespace optiqual::instruments::sim;

TEST(CmisOptics, ThresholdGrowsExponentiallyWithT0) {
    EXPECT_DOUBLE_EQ(laserThresholdMilliAmp(8.0, 25.0, 60.0), 8.0);
    EXPECT_NEAR(laserThresholdMilliAmp(8.0, 85.0, 60.0), 8.0 * std::exp(1.0), 1e-9);
}

TEST(CmisOptics, ApcHitsItsTargetUntilTheBiasLimit) {
    const auto normal = apcOperatingPoint(10.0, 0.05, 1.5, 90.0);
    EXPECT_FALSE(normal.biasLimited);
    EXPECT_NEAR(normal.biasMilliAmp, 10.0 + 1.5 / 0.05, 1e-9);
    EXPECT_DOUBLE_EQ(normal.outputMilliWatt, 1.5);
    const auto limited = apcOperatingPoint(10.0, 0.01, 1.5, 90.0);
    EXPECT_TRUE(limited.biasLimited);
    EXPECT_DOUBLE_EQ(limited.biasMilliAmp, 90.0);
    EXPECT_NEAR(limited.outputMilliWatt, 0.8, 1e-12);
}

TEST(CmisOptics, QAndBerAreInverses) {
    for (double q = 1.0; q < 8.0; q += 0.25)
        EXPECT_NEAR(pam4QFromBer(pam4BerFromQ(q)), q, 1e-9);
    EXPECT_DOUBLE_EQ(pam4BerFromQ(0.0), 0.5);
}

TEST(CmisOptics, WaterfallMeetsItsSensitivityPoint) {
    const ReceiverWaterfall receiver{-4.4, 2.4e-4, 7.0, 7.0};
    const double erDb = 4.5;
    // The average power whose OMA is exactly the sensitivity.
    const double omaPerAverage = omaMilliWatt(1.0, erDb);
    const double averageDbm = -4.4 - 10.0 * std::log10(omaPerAverage);
    EXPECT_NEAR(receiverBer(receiver, averageDbm, erDb) / 2.4e-4, 1.0, 1e-6);
    EXPECT_DOUBLE_EQ(receiverBer(receiver, -std::numeric_limits<double>::infinity(), erDb), 0.5);
    EXPECT_LT(receiverBer(receiver, averageDbm + 3.0, erDb), 1e-7);
}
