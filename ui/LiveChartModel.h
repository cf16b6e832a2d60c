#pragma once
#include "station/Telemetry.h"

#include <optional>
#include <span>
#include <vector>

namespace optiqual::ui {

/// @brief A point of a chart in its axes' values (x: simulation minutes, a lane, dBm; y: the value, or log10 of it).
struct ChartPoint {
    double x = 0, y = 0;
};

/// @brief The time window a live chart shows, in simulation seconds: the last @p windowSeconds up to the newest
/// sample of any of @p series (from 0 while the session is younger); none when they are all empty.
struct TimeWindow {
    double from = 0, to = 0;
};
std::optional<TimeWindow> timeWindow(std::span<const station::TelemetrySeries* const> series, double windowSeconds);

/// @brief The lowest and highest value of @p series' samples inside @p window (none: no sample there).
struct ValueSpan {
    double low = 0, high = 0;
    void include(double v);
};
std::optional<ValueSpan> valueSpan(std::span<const station::TelemetrySeries* const> series, TimeWindow window);

/// @brief @p samples inside @p window reduced to at most two points per pixel column (the column's lowest and
/// highest, in the order they were read), x in simulation minutes, into @p out (cleared; its capacity is reused, so a
/// frame does not allocate once the buffer has grown). @p columns: the plot's width in pixels.
void decimate(const std::vector<station::TelemetrySample>& samples, TimeWindow window, int columns,
              std::vector<ChartPoint>& out);

/// @brief One lane's waterfall curve for a log axis: its points sorted by x (received power), y = log10(BER), into
/// @p out (cleared). Points with y ≤ 0 cannot be on a log axis and are left out.
void waterfallPoints(const station::WaterfallCurve& curve, std::vector<ChartPoint>& out);

/// @brief The span of the lane bars' values and of their limits (none: no bars).
std::optional<ValueSpan> barSpan(const std::vector<station::LaneBar>& bars);

} // namespace optiqual::ui
