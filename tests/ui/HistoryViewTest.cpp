// The history window's pure parts: the filter its inputs make, and the lines of a run's detail.
#include "ui/HistoryView.h"

#include "db/RunDetail.h"
#include "sequences/Limit.h"

#include <gtest/gtest.h>
#include <limits>

using namespace optiqual;
using namespace optiqual::ui;

TEST(HistoryInputs, TheTimeRangeIsAnAgeFromNow) {
    HistoryInputs in;
    in.serial = "A2";
    in.range = 1; // last 24 h
    const std::int64_t now = 1'800'000'000'000'000;
    const auto f = historyFilter(in, now);
    EXPECT_EQ(f.serial, "A2");
    EXPECT_EQ(f.since, now - 24 * 3'600'000'000LL);
    EXPECT_FALSE(f.verdict);
    in.range = 0;
    EXPECT_FALSE(historyFilter(in, now).since > std::numeric_limits<std::int64_t>::min());
}

TEST(HistoryDetail, LimitTextAndLinesOfARun) {
    db::MeasurementDetail m;
    m.comparator = "GELE";
    m.low = -1;
    m.high = 1;
    m.unit = "dBm";
    EXPECT_EQ(limitText(m), (sequences::Limit{sequences::Comparator::GELE, -1.0, 1.0, std::nullopt, "dBm"}.describe()));
    m.comparator = "LOG";
    EXPECT_EQ(limitText(m), "log only");
    db::RunDetail d;
    d.steps.resize(2);
    d.steps[0].measurements.resize(3);
    const auto lines = detailLines(d);
    ASSERT_EQ(lines.size(), 5u); // step, 3 measurements, step
    EXPECT_EQ(lines[0].measurement, nullptr);
    EXPECT_EQ(lines[1].measurement, &d.steps[0].measurements[0]);
    EXPECT_EQ(lines[4].step, &d.steps[1]);
}
