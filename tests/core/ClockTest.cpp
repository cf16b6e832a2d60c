#include "core/Clock.h"

#include "core/Units.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual::core;
using namespace std::chrono_literals;

TEST(Clock, ScaledConversionsRoundTrip) {
    Clock clock(1000.0);
    EXPECT_EQ(clock.toReal(std::chrono::minutes(30)), std::chrono::duration_cast<Clock::RealDuration>(1800ms));
    EXPECT_EQ(clock.toSimulated(1ms), std::chrono::duration_cast<Clock::duration>(1s));
    EXPECT_TRUE(clock.isScaled());
}

TEST(Clock, RealClockIsIdentity) {
    Clock clock;
    EXPECT_EQ(clock.toReal(1234us), std::chrono::duration_cast<Clock::RealDuration>(1234us));
    EXPECT_FALSE(clock.isScaled());
}

TEST(Clock, RejectsNonPositiveScale) {
    EXPECT_THROW(Clock(0.0), std::invalid_argument);
    EXPECT_THROW(Clock(-2.0), std::invalid_argument);
}

TEST(Units, DbmWattConversions) {
    EXPECT_DOUBLE_EQ(dbmToWatts(0.0), 1e-3);
    EXPECT_NEAR(wattsToDbm(1e-3), 0.0, 1e-12);
    EXPECT_NEAR(wattsToDbm(2e-3), 3.0103, 1e-4);
    EXPECT_NEAR(dbmToWatts(-20.0), 1e-5, 1e-18);
    EXPECT_TRUE(std::isinf(wattsToDbm(0.0)));
    EXPECT_NEAR(ratioToDb(0.5), -3.0103, 1e-4);
    EXPECT_NEAR(dbToRatio(10.0), 10.0, 1e-12);
    EXPECT_DOUBLE_EQ(celsiusToKelvin(25.0), 298.15);
}

TEST(Units, ParsesDurations) {
    EXPECT_EQ(parseDuration("250ms"), std::chrono::milliseconds(250));
    EXPECT_EQ(parseDuration("3s"), std::chrono::seconds(3));
    EXPECT_EQ(parseDuration("2 min"), std::chrono::minutes(2));
    EXPECT_EQ(parseDuration("1.5h"), std::chrono::minutes(90));
    EXPECT_EQ(parseDuration("100us"), std::chrono::microseconds(100));
    EXPECT_FALSE(parseDuration("5"));
    EXPECT_FALSE(parseDuration("5 parsecs"));
    EXPECT_FALSE(parseDuration("-1s"));
    EXPECT_FALSE(parseDuration(""));
}
