#include "ui/LiveCharts.h"

#include "ui/ChartAxes.h"
#include "ui/Theme.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace optiqual::ui {

using station::TelemetryQuantity;

namespace {

constexpr double kWindowSeconds = station::kTelemetryWindowSeconds; // what the time charts show

/// The label format for an axis whose ticks are @p step apart.
const char* formatFor(double step) {
    return step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : step >= 0.01 ? "%.2f" : "%.3f";
}

/// The plot inside a chart's area: room for the title and legend above, tick labels on the left and below.
PlotRect plotIn(ImVec2 origin, ImVec2 size, float leftLabels) {
    const float line = ImGui::GetTextLineHeight();
    return PlotRect{origin.x + leftLabels + 10, origin.y + 2 * line + 10, origin.x + size.x - 10,
                    origin.y + size.y - 2 * line - 6};
}

void title(ImDrawList* dl, ImVec2 origin, const char* text) {
    dl->AddText(origin, toImU32(kWhite), text);
}

void noData(ImDrawList* dl, const PlotRect& plot, const char* why) {
    dl->AddRect(ImVec2(plot.left, plot.top), ImVec2(plot.right, plot.bottom), toImU32(kGridGrey));
    dl->AddText(ImVec2(plot.left + 8, plot.top + 8), toImU32(kAxisGrey), why);
}

/// One legend entry at @p x on the legend line: a short line in @p colour and @p text. Returns where the next goes.
float legendEntry(ImDrawList* dl, float x, float y, Rgb colour, const char* text) {
    const float line = ImGui::GetTextLineHeight();
    dl->AddLine(ImVec2(x, y + line / 2), ImVec2(x + 14, y + line / 2), toImU32(colour), 3.f);
    dl->AddText(ImVec2(x + 18, y), toImU32(colour), text);
    return x + 18 + ImGui::CalcTextSize(text).x + 12;
}

/// The x title, right-aligned under the tick labels.
void xTitle(ImDrawList* dl, const PlotRect& plot, const char* text) {
    drawTextRightAligned(dl, plot.right, plot.bottom + ImGui::GetTextLineHeight() + 6, kAxisGrey, text);
}

} // namespace

void LiveCharts::draw(const station::SocketView* socket, ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    static const station::SocketTelemetry kEmpty;
    const station::SocketTelemetry& t = socket && socket->telemetry ? *socket->telemetry : kEmpty;
    const float gap = 12;
    const float width = (size.x - 3 * gap) / 4;
    for (int i = 0; i < 4; ++i) {
        const ImVec2 at(origin.x + float(i) * (width + gap), origin.y);
        m_rects.min[i] = at;
        m_rects.max[i] = ImVec2(at.x + width, at.y + size.y);
        if (i == 0)
            drawTemperatures(t, at, ImVec2(width, size.y));
        else if (i == 1)
            drawCurrent(t, at, ImVec2(width, size.y));
        else if (i == 2)
            drawBars(t, at, ImVec2(width, size.y));
        else
            drawWaterfall(t, at, ImVec2(width, size.y));
    }
}

void LiveCharts::drawTemperatures(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size) {
    static constexpr TelemetryQuantity kQuantities[] = {TelemetryQuantity::Chamber, TelemetryQuantity::Coolant,
                                                        TelemetryQuantity::Case};
    static constexpr Rgb kColours[] = {kChamberOrange, kCoolantCyan, kCaseViolet};
    drawSeries(t, kQuantities, kColours, 3, "Temperatures (\u00b0C)", "%s %.1f \u00b0C", origin, size);
}

void LiveCharts::drawCurrent(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size) {
    static constexpr TelemetryQuantity kQuantities[] = {TelemetryQuantity::SupplyCurrent};
    static constexpr Rgb kColours[] = {kCurrentYellow};
    drawSeries(t, kQuantities, kColours, 1, "Supply current (A)", "%s %.3f A", origin, size);
}

void LiveCharts::drawSeries(const station::SocketTelemetry& t, const TelemetryQuantity* quantities, const Rgb* colours,
                            int count, const char* titleText, const char* format, ImVec2 origin, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    title(dl, origin, titleText);
    std::array<const station::TelemetrySeries*, station::kTelemetryQuantities> series{};
    for (int i = 0; i < count; ++i)
        series[std::size_t(i)] = &t.of(quantities[i]);
    const std::span<const station::TelemetrySeries* const> shown(series.data(), std::size_t(count));
    const PlotRect plot = plotIn(origin, size, ImGui::CalcTextSize("-00.00").x);
    const auto window = timeWindow(shown, kWindowSeconds);
    const auto span = window ? valueSpan(shown, *window) : std::nullopt;
    if (!span || plot.width() < 40 || plot.height() < 30) {
        noData(dl, plot, "no readings yet");
        return;
    }
    // Legend: each quantity read so far, with its latest value.
    float x = origin.x;
    for (int i = 0; i < count; ++i) {
        const auto& samples = series[std::size_t(i)]->samples;
        if (samples.empty())
            continue;
        char text[64];
        std::snprintf(text, sizeof text, format, station::toString(quantities[i]).data(), samples.back().value);
        x = legendEntry(dl, x, origin.y + line + 3, colours[i], text);
    }
    const AxisRange yAxis = niceRange(span->low, span->high, std::max(2, int(plot.height() / (line * 2))));
    drawValueAxis(dl, plot, yAxis, formatFor(yAxis.step));
    const AxisRange xAxis = niceRange(window->from / 60, window->to / 60, 5);
    drawBottomAxis(dl, plot, xAxis, formatFor(xAxis.step));
    xTitle(dl, plot, "simulation time (min)");
    dl->PushClipRect(ImVec2(plot.left, plot.top - 2), ImVec2(plot.right + 1, plot.bottom + 2), true);
    for (int i = 0; i < count; ++i) {
        decimate(series[std::size_t(i)]->samples, TimeWindow{xAxis.low * 60, xAxis.high * 60}, int(plot.width()),
                 m_points);
        m_screen.clear();
        for (const auto& p : m_points)
            m_screen.emplace_back(xAxis.map(p.x, plot.left, plot.right), yAxis.map(p.y, plot.bottom, plot.top));
        if (m_screen.size() == 1)
            dl->AddCircleFilled(m_screen.front(), 3.f, toImU32(colours[i]));
        else if (!m_screen.empty())
            dl->AddPolyline(m_screen.data(), int(m_screen.size()), toImU32(colours[i]), 0, 2.f);
    }
    dl->PopClipRect();
}

void LiveCharts::drawBars(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    char text[96];
    std::snprintf(text, sizeof text, "%s per lane (%s)", t.barsName.empty() ? "TX power" : t.barsName.c_str(),
                  t.barsUnit.empty() ? "dBm" : t.barsUnit.c_str());
    title(dl, origin, text);
    const PlotRect plot = plotIn(origin, size, ImGui::CalcTextSize("-00.0").x);
    const auto span = barSpan(t.bars);
    if (!span || plot.width() < 40 || plot.height() < 30) {
        noData(dl, plot, "no lane measured yet");
        return;
    }
    int outside = 0;
    for (const auto& b : t.bars)
        outside += b.outcome == sequences::Verdict::Fail;
    std::snprintf(text, sizeof text, "%zu lanes, %d outside", t.bars.size(), outside);
    const float next = legendEntry(dl, origin.x, origin.y + line + 3, kBarBlue, text);
    legendEntry(dl, next, origin.y + line + 3, kFailRed, "limits");
    // Room below the lowest value and above the highest limit, so a bar at the limit is seen against it.
    const double pad = std::max(0.5, (span->high - span->low) * 0.1);
    const AxisRange yAxis = niceRange(span->low - pad, span->high + pad, std::max(2, int(plot.height() / (line * 2))));
    drawValueAxis(dl, plot, yAxis, formatFor(yAxis.step));
    const float slot = plot.width() / float(t.bars.size());
    const float base = plot.bottom;
    for (std::size_t i = 0; i < t.bars.size(); ++i) {
        const auto& b = t.bars[i];
        const float x0 = plot.left + slot * float(i);
        const float x1 = x0 + slot;
        const float inset = std::min(2.f, slot * 0.2f);
        const float y = yAxis.map(b.value, plot.bottom, plot.top);
        dl->AddRectFilled(
            ImVec2(x0 + inset, std::min(y, base - 1)), ImVec2(std::max(x1 - inset, x0 + inset + 1), base),
            toImU32(b.outcome == sequences::Verdict::Fail ? verdictTextColor(sequences::Verdict::Fail) : kBarBlue));
        // The lane's limits over its slot: one line across the chart when every lane has the same limit.
        for (const auto& limit : {b.low, b.high})
            if (limit) {
                const float ly = yAxis.map(*limit, plot.bottom, plot.top);
                dl->AddLine(ImVec2(x0, ly), ImVec2(x1, ly), toImU32(kFailRed), 2.f);
            }
    }
    // Lane numbers under the bars, as many as fit.
    const float labelWidth = ImGui::CalcTextSize("0000").x;
    const std::size_t every = std::max<std::size_t>(1, std::size_t(std::ceil(labelWidth / slot)));
    for (std::size_t i = 0; i < t.bars.size(); i += every) {
        std::snprintf(text, sizeof text, "%d", t.bars[i].lane);
        const float x = plot.left + slot * (float(i) + 0.5f);
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(text).x / 2, plot.bottom + 5), toImU32(kAxisGrey), text);
    }
    xTitle(dl, plot, "lane");
}

void LiveCharts::drawWaterfall(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    title(dl, origin, "BER waterfall (log)");
    const PlotRect plot = plotIn(origin, size, ImGui::CalcTextSize("1e-10").x);
    std::optional<ValueSpan> xs, ys;
    for (const auto& curve : t.waterfall) {
        waterfallPoints(curve, m_points);
        for (const auto& p : m_points) {
            if (!xs) {
                xs = ValueSpan{p.x, p.x};
                ys = ValueSpan{p.y, p.y};
            }
            xs->include(p.x);
            ys->include(p.y);
        }
    }
    if (!xs || plot.width() < 40 || plot.height() < 30) {
        noData(dl, plot, "no sweep yet");
        return;
    }
    char text[96];
    std::snprintf(text, sizeof text, "%zu lanes, colour: lane in port", t.waterfall.size());
    legendEntry(dl, origin.x, origin.y + line + 3, kLaneColours[0], text);
    // Whole decades, a tick every one (or two, when many).
    AxisRange yAxis{std::floor(ys->low), std::ceil(ys->high), 1};
    if (yAxis.high <= yAxis.low)
        yAxis.high = yAxis.low + 1;
    if ((yAxis.high - yAxis.low) > plot.height() / (line * 1.5f))
        yAxis.step = 2;
    drawValueAxis(dl, plot, yAxis, "", true);
    const AxisRange xAxis = niceRange(xs->low, xs->high, 5);
    drawBottomAxis(dl, plot, xAxis, formatFor(xAxis.step));
    xTitle(dl, plot, t.waterfallX.c_str());
    dl->PushClipRect(ImVec2(plot.left, plot.top - 2), ImVec2(plot.right + 1, plot.bottom + 2), true);
    for (const auto& curve : t.waterfall) {
        waterfallPoints(curve, m_points);
        m_screen.clear();
        for (const auto& p : m_points)
            m_screen.emplace_back(xAxis.map(p.x, plot.left, plot.right), yAxis.map(p.y, plot.bottom, plot.top));
        const ImU32 colour = toImU32(kLaneColours[std::size_t((curve.lane - 1) % 8 + 8) % 8]);
        if (m_screen.size() > 1)
            dl->AddPolyline(m_screen.data(), int(m_screen.size()), colour, 0, 1.5f);
        for (const auto& p : m_screen)
            dl->AddCircleFilled(p, 2.f, colour);
    }
    dl->PopClipRect();
}

} // namespace optiqual::ui
