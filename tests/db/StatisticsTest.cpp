#include "db/Statistics.h"

#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <vector>

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

namespace {

/// The rules as written in the textbook, one point at a time over the whole list (no streaming state): the oracle
/// the streaming WesternElectric must agree with bit for bit.
std::vector<std::uint8_t> textbookRules(const std::vector<double>& x, double center, double sigma) {
    std::vector<std::uint8_t> out(x.size(), 0);
    // "Beyond kσ on the upper side": x − centre > k·σ; on the lower side: x − centre < −k·σ.
    auto beyond = [&](std::size_t k, double side, double times) { return side * (x[k] - center) > times * sigma; };
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double d = x[i] - center;
        const double side = d > 0 ? 1 : -1;
        std::uint8_t bits = std::abs(d) > 3 * sigma ? 1 : 0;
        if (i >= 2 && beyond(i, side, 2) && (beyond(i - 1, side, 2) || beyond(i - 2, side, 2)))
            bits |= 2;
        if (i >= 4 && beyond(i, side, 1)) {
            int count = 0;
            for (std::size_t k = i - 4; k < i; ++k)
                count += beyond(k, side, 1) ? 1 : 0;
            if (count >= 3)
                bits |= 4;
        }
        std::size_t run = 0; // points on this one's side of the centre line, ending here
        for (std::size_t k = i + 1; d != 0 && k-- > 0 && (x[k] - center) * side > 0;)
            ++run;
        if (run >= 8)
            bits |= 8;
        out[i] = bits;
    }
    return out;
}

} // namespace

TEST(Statistics, WesternElectricAgreesWithTheTextbookRulesOnRandomSeries) {
    std::mt19937_64 random(42);
    for (const double shift : {0.0, 0.7, 1.5}) {
        std::normal_distribution<double> normal(shift, 1.0); // in σ
        // Values on or next to the thresholds too (±1σ, ±2σ, ±3σ and the centre line, as x − centre rounds).
        std::uniform_int_distribution<int> pick(0, 9);
        std::vector<double> x;
        for (int k = 0; k < 200000; ++k)
            x.push_back(pick(random) == 0 ? 0.3 * (pick(random) % 7 - 3) + 0.1 : normal(random) * 0.3 + 0.1);
        const auto streamed = westernElectric(x, 0.1, 0.3);
        const auto textbook = textbookRules(x, 0.1, 0.3);
        ASSERT_EQ(streamed.size(), textbook.size());
        std::size_t marked = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            ASSERT_EQ(streamed[i], textbook[i]) << "point " << i << " (" << x[i] << "), shift " << shift;
            marked += textbook[i] != 0 ? 1 : 0;
        }
        EXPECT_GT(marked, 1000U) << "every rule exercised, not only calm points";
    }
}

TEST(Statistics, WesternElectricRules) {
    auto rules = [](const std::vector<double>& v) { return westernElectric(v, 0.0, 1.0); };
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
