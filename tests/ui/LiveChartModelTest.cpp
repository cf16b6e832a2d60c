// The live charts' view model, without rendering: the time window, the decimation to pixel columns (bounded, spikes
// kept), the waterfall's points sorted and on a log scale, the bars' span with their limits, and nice axis ticks.
#include "ui/LiveChartModel.h"

#include "ui/ChartAxes.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::ui;
using station::TelemetrySeries;

TEST(LiveChartModel, TheWindowEndsAtTheNewestSampleOfAnySeries) {
    TelemetrySeries a{{{0, 1}, {5000, 2}}}, b{{{100, 3}, {9000, 4}}}, empty;
    const TelemetrySeries* both[] = {&a, &b, &empty};
    const auto w = timeWindow(both, 3600);
    ASSERT_TRUE(w);
    EXPECT_DOUBLE_EQ(w->to, 9000);
    EXPECT_DOUBLE_EQ(w->from, 5400);
    const TelemetrySeries* none[] = {&empty};
    EXPECT_FALSE(timeWindow(none, 3600)) << "nothing read: no window";
    const auto span = valueSpan(both, *w);
    ASSERT_TRUE(span);
    EXPECT_EQ(span->low, 4) << "only samples inside the window";
    EXPECT_EQ(span->high, 4);
}

TEST(LiveChartModel, DecimationKeepsAtMostTwoPointsAColumnAndTheSpikes) {
    TelemetrySeries s;
    for (int i = 0; i < 10000; ++i) // 10,000 samples over 10,000 s, one spike
        s.samples.push_back({double(i), i == 5003 ? 100.0 : 20.0 + double(i % 7) * 0.1});
    std::vector<ChartPoint> out;
    decimate(s.samples, TimeWindow{0, 10000}, 100, out);
    EXPECT_LE(out.size(), 200u);
    EXPECT_GE(out.size(), 100u) << "every column drawn";
    double highest = 0;
    for (const auto& p : out)
        highest = std::max(highest, p.y);
    EXPECT_EQ(highest, 100) << "the spike survives";
    for (std::size_t i = 1; i < out.size(); ++i)
        EXPECT_LE(out[i - 1].x, out[i].x) << "in time order";
    EXPECT_GE(out.back().x, 9900.0 / 60) << "x in minutes, the last column's";
    EXPECT_LE(out.back().x, 9999.0 / 60);

    const auto capacity = out.capacity();
    decimate(s.samples, TimeWindow{0, 10000}, 100, out);
    EXPECT_EQ(out.capacity(), capacity) << "a frame reuses the buffer";
    decimate(s.samples, TimeWindow{20000, 30000}, 100, out);
    EXPECT_TRUE(out.empty()) << "nothing in that window";
}

TEST(LiveChartModel, TheWaterfallsPointsAreSortedByPowerWithLogBer) {
    station::WaterfallCurve c{5, {-7, -5, -6, -4}, {1e-3, 1e-9, 1e-6, 0}};
    std::vector<ChartPoint> out;
    waterfallPoints(c, out);
    ASSERT_EQ(out.size(), 3u) << "BER 0 has no place on a log axis";
    EXPECT_EQ(out[0].x, -7);
    EXPECT_EQ(out[1].x, -6);
    EXPECT_EQ(out[2].x, -5);
    EXPECT_NEAR(out[0].y, -3, 1e-12);
    EXPECT_NEAR(out[1].y, -6, 1e-12);
    EXPECT_NEAR(out[2].y, -9, 1e-12);
}

TEST(LiveChartModel, TheBarsSpanIncludesTheirLimits) {
    std::vector<station::LaneBar> bars = {{1, 0.5, -3.1, 4.0, sequences::Verdict::Pass},
                                          {2, 1.5, std::nullopt, std::nullopt, sequences::Verdict::Pass}};
    const auto span = barSpan(bars);
    ASSERT_TRUE(span);
    EXPECT_EQ(span->low, -3.1);
    EXPECT_EQ(span->high, 4.0);
    EXPECT_FALSE(barSpan({}));
}

TEST(ChartAxes, TicksAreOneTwoOrFiveTimesAPowerOfTenAndCoverTheRange) {
    EXPECT_DOUBLE_EQ(niceStep(100, 5), 20);
    EXPECT_DOUBLE_EQ(niceStep(7, 5), 2);
    EXPECT_DOUBLE_EQ(niceStep(0.9, 4), 0.5);
    const AxisRange a = niceRange(23.4, 71.2, 5);
    EXPECT_DOUBLE_EQ(a.step, 10);
    EXPECT_DOUBLE_EQ(a.low, 20);
    EXPECT_DOUBLE_EQ(a.high, 80);
    const AxisRange flat = niceRange(25, 25, 4);
    EXPECT_LT(flat.low, 25) << "a flat series still gets an axis";
    EXPECT_GT(flat.high, 25);
    EXPECT_FLOAT_EQ(a.map(50, 0, 60), 30);
    EXPECT_FLOAT_EQ(a.map(500, 0, 60), 60) << "clamped to the axis";
}

TEST(LiveChartModel, TheTooltipTakesTheSampleNearestTheCursorsTime) {
    const std::vector<station::TelemetrySample> samples{{10, 1}, {20, 2}, {40, 4}};
    EXPECT_FALSE(nearestSample({}, 5)) << "nothing read: no tooltip reading";
    EXPECT_EQ(nearestSample(samples, 0), 0u) << "before the first";
    EXPECT_EQ(nearestSample(samples, 99), 2u) << "after the last";
    EXPECT_EQ(nearestSample(samples, 20), 1u);
    EXPECT_EQ(nearestSample(samples, 29), 1u);
    EXPECT_EQ(nearestSample(samples, 31), 2u);
    EXPECT_EQ(nearestSample(samples, 30), 1u) << "a tie goes to the earlier";
}

TEST(LiveChartModel, TheBarUnderTheCursorAndTheWaterfallPointNearIt) {
    EXPECT_EQ(barAt(100, 100, 500, 4), 0u);
    EXPECT_EQ(barAt(299, 100, 500, 4), 1u);
    EXPECT_EQ(barAt(499.9f, 100, 500, 4), 3u);
    EXPECT_FALSE(barAt(99, 100, 500, 4)) << "left of the plot";
    EXPECT_FALSE(barAt(500, 100, 500, 4)) << "right of the plot";
    EXPECT_FALSE(barAt(200, 100, 500, 0)) << "no bars";
    const std::vector<ChartPoint> points{{0, 0}, {10, 0}, {20, 5}};
    EXPECT_EQ(nearestPoint(points, {18, 3}, 10), 2u);
    EXPECT_EQ(nearestPoint(points, {6, 0}, 10), 1u);
    EXPECT_FALSE(nearestPoint(points, {50, 50}, 10)) << "too far from every point";
}

TEST(LiveChartModel, EachSocketHasItsOwnColourAndTheOverviewsCommonTimeAxis) {
    for (int a = 1; a <= 8; ++a)
        for (int b = a + 1; b <= 8; ++b)
            EXPECT_FALSE(socketColour(a) == socketColour(b)) << "sockets " << a << " and " << b;
    EXPECT_EQ(socketColour(9), socketColour(1)) << "eight colours, then round again";
    EXPECT_FALSE(socketColour(1) == kPassGreen || socketColour(2) == kFailRed);
    const auto t0 = std::chrono::system_clock::time_point{} + std::chrono::hours(1000);
    // A socket whose first unit started 3 s after the first socket's, at 200×: 600 s later on the common axis.
    EXPECT_DOUBLE_EQ(originOffset(t0 + std::chrono::seconds(3), t0, 200), 600);
    EXPECT_DOUBLE_EQ(originOffset(t0, t0, 200), 0);
}
