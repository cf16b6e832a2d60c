#include "db/Statistics.h"

#include <gtest/gtest.h>

using namespace optiqual::db;

TEST(Statistics, CapabilityMatchesHandComputation) {
    // mean 3; sample σ = sqrt(10/4) = 1.58114; moving ranges all 1 → σ within = 1/1.128 = 0.886525.
    const auto c = computeCapability({1, 2, 3, 4, 5}, 0.0, 6.0);
    EXPECT_EQ(c.n, 5u);
    EXPECT_DOUBLE_EQ(c.mean, 3.0);
    EXPECT_NEAR(c.sigmaOverall, 1.5811388, 1e-6);
    EXPECT_NEAR(c.sigmaWithin, 0.8865248, 1e-6);
    EXPECT_NEAR(*c.cp, 1.128, 1e-9);  // 6 / (6 · 0.886525)
    EXPECT_NEAR(*c.cpk, 1.128, 1e-9); // 3 / (3 · 0.886525)
    EXPECT_NEAR(*c.pp, 0.6324555, 1e-6);
    EXPECT_NEAR(*c.ppk, 0.6324555, 1e-6);
    EXPECT_EQ(c.outside, 0u);
    EXPECT_DOUBLE_EQ(c.nearLimitShare, 0.0);
}

TEST(Statistics, OffCentreOneSidedAndNearLimits) {
    // Off centre: Cpk takes the nearer limit. Values 0.3 and 5.8 are within 0.6 (10 % of 6) of a limit.
    const auto c = computeCapability({0.3, 3, 5.8}, 0.0, 6.0);
    EXPECT_NEAR(c.nearLimitShare, 2.0 / 3.0, 1e-12);
    const auto high = computeCapability({4, 5, 4, 5}, 0.0, 6.0); // mean 4.5, MR̄ 1 → σw 0.886525
    EXPECT_NEAR(*high.cpk, 1.5 / (3 * 0.8865248), 1e-6);
    EXPECT_NEAR(*high.cp, 6 / (6 * 0.8865248), 1e-6);
    const auto upperOnly = computeCapability({4, 5, 4, 5}, std::nullopt, 6.0);
    EXPECT_FALSE(upperOnly.cp);
    EXPECT_NEAR(*upperOnly.cpk, *high.cpk, 1e-12);
    const auto none = computeCapability({4, 5}, std::nullopt, std::nullopt);
    EXPECT_FALSE(none.cpk);
    EXPECT_EQ(computeCapability({2, 7, -1}, 0.0, 6.0).outside, 2u);
}

TEST(Statistics, WesternElectricRules) {
    auto rules = [](std::vector<double> v) { return westernElectric(v, 0.0, 1.0); };
    EXPECT_EQ(rules({0, 0, 3.5})[2], 1);
    EXPECT_EQ(rules({0, 0, -3.5})[2], 1);
    auto two = rules({2.5, 0, 2.5});
    EXPECT_EQ(two[0], 0);
    EXPECT_EQ(two[2], 2);
    EXPECT_EQ(rules({2.5, 0, -2.5})[2], 0) << "opposite sides do not count";
    auto four = rules({1.5, 1.5, 0, 1.5, 1.5});
    EXPECT_EQ(four[4], 4);
    EXPECT_EQ(four[3], 0);
    auto eight = rules(std::vector<double>(8, 0.5));
    EXPECT_EQ(eight[6], 0);
    EXPECT_EQ(eight[7], 8);
    auto calm = rules({0.1, -0.2, 0.3, -0.1, 0.2, -0.3, 0.1, -0.1, 0.2});
    for (auto f : calm)
        EXPECT_EQ(f, 0);
}
