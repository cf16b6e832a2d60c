#include "db/TimeText.h"

#include <gtest/gtest.h>

using namespace optiqual::db;

namespace {
constexpr std::int64_t kNow = 1'764'000'000LL * 1'000'000; // 2025-11-24T16:00:00Z
constexpr std::int64_t kDay = 86'400LL * 1'000'000;
} // namespace

TEST(TimeText, ParsesReportBounds) {
    EXPECT_EQ(parseTimeBound("@1764000000", kNow), kNow);
    EXPECT_EQ(parseTimeBound("2025-11-24T16:00:00Z", kNow), kNow);
    EXPECT_EQ(parseTimeBound("2025-11-24T16:00Z", kNow), kNow);
    EXPECT_EQ(parseTimeBound("30d", kNow), kNow - 30 * kDay);
    EXPECT_EQ(parseTimeBound("2w", kNow), kNow - 14 * kDay);
    EXPECT_EQ(parseTimeBound("12h", kNow), kNow - 12 * 3600LL * 1'000'000);
    EXPECT_EQ(parseTimeBound("90min", kNow), kNow - 90 * 60LL * 1'000'000);
    EXPECT_EQ(parseTimeBound("@253402300799", kNow), 253402300799LL * 1'000'000) << "9999-12-31T23:59:59Z";
    EXPECT_EQ(parseTimeBound("2024-02-29T00:00Z", kNow), 1'709'164'800LL * 1'000'000) << "a leap day";
    EXPECT_EQ(parseTimeBound("2025-11-24 16:00:00z", kNow), kNow);
}

TEST(TimeText, FormatsUtcWithMicroseconds) {
    EXPECT_EQ(formatUtc(kNow + 123456), "2025-11-24T16:00:00.123456Z");
    EXPECT_EQ(formatUtc(-1), "1969-12-31T23:59:59.999999Z") << "before the epoch rounds down, not toward zero";
    EXPECT_EQ(parseTimeBound(formatUtc(kNow).substr(0, 19) + "Z", kNow), kNow);
}

// Issue 7 defect 5: huge values are refused, not wrapped around into a bound in another century.
TEST(TimeText, RefusesBoundsBeyondTheCalendar) {
    for (const char* text : {"@9223372036854775807",
                             "@99999999999999",
                             "@-99999999999999",
                             "@253402300800",
                             "2147483647d",
                             "999999999w",
                             "4000000d",
                             "1e30h",
                             "9999999999999999999min",
                             "inf h",
                             "nan s",
                             "-5d",
                             "@",
                             "d",
                             "2026-13-01",
                             "2026-11-24T25:00",
                             "2026-02-31",
                             "2026-02-29",
                             "2026-11-24T08:60",
                             "26-11-24",
                             "2026-11-24T08",
                             "2026-11-24 08:00:00x",
                             "2026-11-24T08:00:00.5Z"})
        EXPECT_EQ(parseTimeBound(text, kNow), std::nullopt) << text;
    EXPECT_EQ(parseTimeBound("3652058d", kNow), kNow - 3652058 * kDay) << "the whole calendar back is still a bound";
}
