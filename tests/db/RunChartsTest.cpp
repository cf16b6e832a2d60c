// The run report's charts: a sweep's traces on one chart per step (BER on a log axis), a per-lane measurement as a
// curve per corner against its lanes with its limits, and nothing drawn that would mislead.
#include "db/RunCharts.h"

#include <gtest/gtest.h>
#include <regex>

namespace optiqual::db {
namespace {

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

MeasurementDetail laneValue(const std::string& name, int lane, double value, const std::string& conditions) {
    MeasurementDetail m;
    m.name = name;
    m.unit = "dBm";
    m.low = -3.1;
    m.high = 4.0;
    m.lane = lane;
    m.value = value;
    m.conditions = conditions;
    return m;
}

TEST(RunCharts, ASweepsTracesShareOneChartWithBerOnALogAxis) {
    RunDetail run;
    StepDetail sweep;
    sweep.path = "main/Receivers/port=1/Sensitivity";
    for (int lane = 1; lane <= 8; ++lane)
        sweep.traces.push_back(TraceDetail{"ber_waterfall lane " + std::to_string(lane),
                                           "received_oma",
                                           "dBm",
                                           "ber",
                                           "",
                                           {-1.0, -2.0, -3.0, -4.0},
                                           {1e-9, 1e-7, 1e-5, 1e-3 * lane}});
    run.steps.push_back(sweep);
    const auto charts = runCharts(run);
    ASSERT_EQ(charts.size(), 1u);
    EXPECT_EQ(charts[0].heading, sweep.path);
    const std::string& svg = charts[0].svg;
    EXPECT_EQ(count(svg, "<polyline"), 8) << "a curve per lane";
    EXPECT_EQ(count(svg, "<circle"), 32);
    EXPECT_NE(svg.find(">1e-9<"), std::string::npos) << "decades on the y axis";
    EXPECT_NE(svg.find(">1e-2<"), std::string::npos) << "up to the decade above the highest point (8e-3)";
    EXPECT_NE(svg.find("received_oma [dBm]"), std::string::npos);
    EXPECT_NE(svg.find(">lane<"), std::string::npos) << "the legend says what its names are";
}

TEST(RunCharts, APerLaneMeasurementIsACurvePerCornerWithItsLimits) {
    RunDetail run;
    StepDetail step;
    for (int corner : {0, 25, 70})
        for (int lane = 1; lane <= 16; ++lane)
            step.measurements.push_back(laneValue("tx_power", lane, 1.0 + 0.01 * corner,
                                                  R"({"port":1,"j":)" + std::to_string(lane) + R"(,"case_temp":)" +
                                                      std::to_string(corner) + "}"));
    run.steps.push_back(step);
    const auto charts = runCharts(run);
    ASSERT_EQ(charts.size(), 1u);
    const std::string& svg = charts[0].svg;
    EXPECT_EQ(count(svg, "<polyline"), 3) << "0, 25 and 70 °C";
    EXPECT_EQ(count(svg, "<circle"), 48);
    EXPECT_NE(svg.find("tx_power per lane at each case_temp"), std::string::npos) << "the outermost loop";
    EXPECT_EQ(count(svg, "stroke-dasharray"), 2) << "the low and the high limit";
    EXPECT_NE(svg.find(">-3.1<"), std::string::npos);
    // Every point sits inside the plot area (y 34 … 224 of the 280-pixel chart), the limits included in the range.
    const std::regex circle(R"re(<circle cx="([0-9.]+)" cy="([0-9.]+)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle); it != std::sregex_iterator(); ++it) {
        EXPECT_GE(std::stod((*it)[2]), 34.0);
        EXPECT_LE(std::stod((*it)[2]), 224.0);
    }
}

TEST(RunCharts, NothingMisleading) {
    RunDetail run;
    StepDetail step;
    // Fewer than eight lanes: a table says it better.
    for (int lane = 1; lane <= 4; ++lane)
        step.measurements.push_back(laneValue("few", lane, 1.0, ""));
    // Many values per lane in one corner (a sweep's points): those are its traces, not a per-lane curve.
    for (int point = 0; point < 3; ++point)
        for (int lane = 1; lane <= 8; ++lane)
            step.measurements.push_back(laneValue("ber", lane, 1e-6 * (point + 1), R"({"case_temp":25})"));
    // No lane: not a per-lane measurement.
    MeasurementDetail scalar = laneValue("input_power", 1, 230.0, "");
    scalar.lane.reset();
    step.measurements.push_back(scalar);
    run.steps.push_back(step);
    EXPECT_TRUE(runCharts(run).empty());
}

} // namespace
} // namespace optiqual::db
