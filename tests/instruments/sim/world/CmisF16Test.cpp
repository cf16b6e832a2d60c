#include "instruments/sim/world/CmisF16.h"

#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>

using namespace optiqual::instruments::sim;

TEST(CmisF16, EncodesKnownValues) {
    EXPECT_EQ(encodeCmisF16(0.0), 0x0000);
    EXPECT_EQ(encodeCmisF16(1e-24), 0x0001);
    // 2.4e-4 = 240 × 10^(18 − 24): the mantissa 2400 would not fit in 11 bits.
    EXPECT_EQ(encodeCmisF16(2.4e-4), (18U << 11U) | 240U);
    EXPECT_EQ(encodeCmisF16(0.5), (21U << 11U) | 500U);
    EXPECT_EQ(encodeCmisF16(2047e7), 0xFFFF);
}

TEST(CmisF16, SaturatesAndRejectsNonPositive) {
    EXPECT_EQ(encodeCmisF16(1e30), 0xFFFF);
    EXPECT_EQ(encodeCmisF16(std::numeric_limits<double>::infinity()), 0xFFFF);
    EXPECT_EQ(encodeCmisF16(-1e-3), 0x0000);
    EXPECT_EQ(encodeCmisF16(std::numeric_limits<double>::quiet_NaN()), 0x0000);
    EXPECT_EQ(encodeCmisF16(1e-26), 0x0000);
}

TEST(CmisF16, RoundingCarryMovesToTheNextExponent) {
    // 2047.6e-24 rounds to mantissa 2048 at exponent 0, so it must be encoded as 205 × 10^-23.
    const auto raw = encodeCmisF16(2047.6e-24);
    EXPECT_EQ(raw >> 11U, 1);
    EXPECT_EQ(raw & 0x7FFU, 205);
}

TEST(CmisF16, DecodesKnownValues) {
    EXPECT_DOUBLE_EQ(decodeCmisF16(0x0000), 0.0);
    EXPECT_NEAR(decodeCmisF16((18U << 11U) | 240U), 2.4e-4, 1e-18);
    EXPECT_NEAR(decodeCmisF16(0xFFFF), 2047e7, 1.0);
    EXPECT_NEAR(decodeCmisF16(0x0001), 1e-24, 1e-38);
}

TEST(CmisF16, RoundTripsAcrossTheRangeWithinAQuarterPercent) {
    for (double exponent = -21.0; exponent <= 10.0; exponent += 0.01) {
        const double value = std::pow(10.0, exponent);
        const double back = decodeCmisF16(encodeCmisF16(value));
        EXPECT_NEAR(back / value, 1.0, 0.0025) << "value " << value;
    }
}

TEST(CmisF16, EveryWordDecodesToAValueThatEncodesToTheSameValue) {
    for (std::uint32_t raw = 0; raw <= 0xFFFF; ++raw) {
        const double value = decodeCmisF16(static_cast<std::uint16_t>(raw));
        const double again = decodeCmisF16(encodeCmisF16(value));
        EXPECT_NEAR(again, value, value * 1e-12) << "raw " << raw;
    }
}
