#include "ui/LiveChartModel.h"

#include <algorithm>
#include <cmath>

namespace optiqual::ui {

void ValueSpan::include(double v) {
    low = std::min(low, v);
    high = std::max(high, v);
}

std::optional<TimeWindow> timeWindow(std::span<const station::TelemetrySeries* const> series, double windowSeconds) {
    std::optional<double> newest;
    for (const auto* s : series)
        if (s && !s->samples.empty())
            newest = std::max(newest.value_or(s->samples.back().t), s->samples.back().t);
    if (!newest)
        return std::nullopt;
    return TimeWindow{std::max(0.0, *newest - windowSeconds), std::max(*newest, 60.0)};
}

std::optional<ValueSpan> valueSpan(std::span<const station::TelemetrySeries* const> series, TimeWindow window) {
    std::optional<ValueSpan> span;
    for (const auto* s : series) {
        if (!s)
            continue;
        for (const auto& sample : s->samples) {
            if (sample.t < window.from || sample.t > window.to)
                continue;
            if (!span)
                span = ValueSpan{sample.value, sample.value};
            span->include(sample.value);
        }
    }
    return span;
}

void decimate(const std::vector<station::TelemetrySample>& samples, TimeWindow window, int columns,
              std::vector<ChartPoint>& out) {
    out.clear();
    const double span = window.to - window.from;
    if (columns <= 0 || span <= 0)
        return;
    const auto first = std::lower_bound(samples.begin(), samples.end(), window.from,
                                        [](const station::TelemetrySample& s, double t) { return s.t < t; });
    // Two points a column, its lowest and its highest in the order they were read: a spike shows however many
    // samples share the pixel.
    int column = -1;
    const station::TelemetrySample* low = nullptr;
    const station::TelemetrySample* high = nullptr;
    auto flush = [&] {
        if (!low)
            return;
        const auto* earlier = low->t <= high->t ? low : high;
        const auto* later = earlier == low ? high : low;
        out.push_back({earlier->t / 60.0, earlier->value});
        if (later != earlier)
            out.push_back({later->t / 60.0, later->value});
    };
    for (auto it = first; it != samples.end() && it->t <= window.to; ++it) {
        const int c = std::min(columns - 1, int((it->t - window.from) / span * double(columns)));
        if (c != column) {
            flush();
            column = c;
            low = high = &*it;
            continue;
        }
        if (it->value < low->value)
            low = &*it;
        if (it->value > high->value)
            high = &*it;
    }
    flush();
}

void waterfallPoints(const station::WaterfallCurve& curve, std::vector<ChartPoint>& out) {
    out.clear();
    const std::size_t n = std::min(curve.x.size(), curve.y.size());
    for (std::size_t i = 0; i < n; ++i)
        if (curve.y[i] > 0 && std::isfinite(curve.x[i]))
            out.push_back({curve.x[i], std::log10(curve.y[i])});
    std::sort(out.begin(), out.end(), [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
}

std::optional<ValueSpan> barSpan(const std::vector<station::LaneBar>& bars) {
    std::optional<ValueSpan> span;
    for (const auto& b : bars) {
        if (!span)
            span = ValueSpan{b.value, b.value};
        span->include(b.value);
        if (b.low)
            span->include(*b.low);
        if (b.high)
            span->include(*b.high);
    }
    return span;
}

std::optional<std::size_t> nearestSample(const std::vector<station::TelemetrySample>& samples, double t) {
    if (samples.empty())
        return std::nullopt;
    const auto after = std::lower_bound(samples.begin(), samples.end(), t,
                                        [](const station::TelemetrySample& s, double time) { return s.t < time; });
    if (after == samples.begin())
        return 0;
    if (after == samples.end())
        return samples.size() - 1;
    const auto before = after - 1;
    return std::size_t((t - before->t <= after->t - t ? before : after) - samples.begin());
}

std::optional<std::size_t> barAt(float x, float left, float right, std::size_t count) {
    if (count == 0 || right <= left || x < left || x >= right)
        return std::nullopt;
    return std::min(count - 1, std::size_t((x - left) / (right - left) * float(count)));
}

std::optional<std::size_t> nearestPoint(std::span<const ChartPoint> points, ChartPoint at, double radius) {
    std::optional<std::size_t> best;
    double bestSquared = radius * radius;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double dx = points[i].x - at.x;
        const double dy = points[i].y - at.y;
        if (const double d = dx * dx + dy * dy; d <= bestSquared) {
            bestSquared = d;
            best = i;
        }
    }
    return best;
}

Rgb socketColour(int socket) {
    return kLaneColours[std::size_t(((socket - 1) % 8 + 8) % 8)];
}

double originOffset(std::chrono::system_clock::time_point ownOrigin, std::chrono::system_clock::time_point earliest,
                    double timeScale) {
    return std::chrono::duration<double>(ownOrigin - earliest).count() * timeScale;
}

} // namespace optiqual::ui
