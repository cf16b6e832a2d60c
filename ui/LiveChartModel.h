#pragma once
#include "station/Telemetry.h"
#include "ui/Palette.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace optiqual::ui {

/// @brief Eight hues far apart on the dark theme, none a verdict colour (a trace is not a verdict): the waterfall's
/// lanes by position in a port of 8 (lane 1, 9, 17… alike) and the all-sockets overview's sockets (socketColour()).
constexpr Rgb kLaneColours[8] = {{0x4d, 0xd0, 0xe1}, {0xff, 0x8a, 0x3d}, {0x81, 0xc7, 0x84}, {0xce, 0x93, 0xd8},
                                 {0xff, 0xd5, 0x4f}, {0x90, 0xa4, 0xfe}, {0xf4, 0x8f, 0xb1}, {0xa1, 0x88, 0x7f}};

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

/// @brief The sample of @p samples (in time order) nearest in time to @p t, simulation seconds (none: no samples). Ties
/// go to the earlier one. What a time chart's tooltip shows under the cursor.
std::optional<std::size_t> nearestSample(const std::vector<station::TelemetrySample>& samples, double t);

/// @brief The bar under screen x @p x in a chart of @p count equal slots from @p left to @p right (none: outside).
std::optional<std::size_t> barAt(float x, float left, float right, std::size_t count);

/// @brief The point of @p points nearest to @p at within @p radius (none: all farther), both in screen pixels.
std::optional<std::size_t> nearestPoint(std::span<const ChartPoint> points, ChartPoint at, double radius);

/// @brief The all-sockets overview's colour of @p socket (1…): eight distinct colours, socket 9 as socket 1 again.
Rgb socketColour(int socket);

/// @brief Where socket @p own's time axis starts on a common one that starts at @p earliest (the first socket's first
/// unit): each socket counts simulation time from its own first unit, wall time @p ownOrigin, so its samples move
/// right by the wall-time gap times @p timeScale, in simulation seconds.
double originOffset(std::chrono::system_clock::time_point ownOrigin, std::chrono::system_clock::time_point earliest,
                    double timeScale);

} // namespace optiqual::ui
