#include "ui/LiveCharts.h"

#include "ui/ChartAxes.h"
#include "ui/Theme.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <iterator>
#include <string>

namespace optiqual::ui {

using station::TelemetryQuantity;

namespace {

constexpr double kWindowSeconds = station::kTelemetryWindowSeconds; // what the time charts show
// The overview's points per chart, over all its sockets: a draw list holds at most 65,536 vertices (16-bit indices;
// the bench has no renderer that lifts that) and a 1-px line takes up to 3 a point, so four charts of 3,000 points
// leave room for the rest of the window. 16 sockets' four full hours: a point pair every ~3 px of a 1920-px screen.
constexpr int kOverviewPointsPerChart = 3000;

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

/// Whether the mouse is over @p plot of the current window (no popup or other window above it).
bool hovering(const PlotRect& plot) {
    return ImGui::IsWindowHovered() &&
           ImGui::IsMouseHoveringRect(ImVec2(plot.left, plot.top), ImVec2(plot.right, plot.bottom), false);
}

/// The simulation minutes under screen x @p x of @p plot on @p axis.
double minutesAt(float x, const PlotRect& plot, const AxisRange& axis) {
    return axis.low + double(x - plot.left) / double(plot.width()) * (axis.high - axis.low);
}

/// A reading's decimals: milliamperes for a current, tenths of a degree for a temperature.
int decimalsOf(TelemetryQuantity q) {
    return q == TelemetryQuantity::SupplyCurrent ? 3 : 1;
}

/// The cursor's time line across a time chart's plot.
void cursorLine(ImDrawList* dl, const PlotRect& plot, float x) {
    dl->AddLine(ImVec2(x, plot.top), ImVec2(x, plot.bottom), toImU32(kAxisGrey), 1.f);
}

} // namespace

void LiveCharts::drawTab(const station::StationSnapshot& snapshot, int selected, ImVec2 size) {
    int mode = m_mode == Mode::AllSockets ? 1 : 0;
    ImGui::RadioButton("Selected socket", &mode, 0);
    m_controls.note("Selected socket");
    ImGui::SameLine();
    ImGui::RadioButton("All sockets", &mode, 1);
    m_controls.note("All sockets");
    m_mode = mode == 1 ? Mode::AllSockets : Mode::Socket;
    const float used = ImGui::GetFrameHeightWithSpacing();
    const ImVec2 rest(size.x, std::max(0.f, size.y - used));
    if (m_mode == Mode::AllSockets)
        drawOverview(snapshot, rest);
    else
        draw(snapshot.socket(selected), rest);
}

void LiveCharts::showTooltip() {
    if (m_tooltip.empty())
        return;
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(m_tooltip.c_str());
    ImGui::EndTooltip();
}

void LiveCharts::draw(const station::SocketView* socket, ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    static const station::SocketTelemetry kEmpty;
    const station::SocketTelemetry& t = socket && socket->telemetry ? *socket->telemetry : kEmpty;
    const float gap = 12;
    const float width = (size.x - 3 * gap) / 4;
    m_tooltip.clear();
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
    showTooltip();
}

void LiveCharts::drawOverview(const station::StationSnapshot& snapshot, ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    m_tooltip.clear();
    // Each socket counts time from its own first unit: put them all on the axis of the socket that started first.
    m_overview.clear();
    std::optional<std::chrono::system_clock::time_point> earliest;
    for (const auto& view : snapshot.sockets)
        if (view.telemetry && view.telemetry->originSet)
            earliest = std::min(earliest.value_or(view.telemetry->origin), view.telemetry->origin);
    for (const auto& view : snapshot.sockets)
        if (view.telemetry && view.telemetry->originSet)
            m_overview.push_back(
                {view.socket, view.telemetry.get(), originOffset(view.telemetry->origin, *earliest, m_timeScale)});
    static constexpr TelemetryQuantity kQuantities[] = {TelemetryQuantity::Chamber, TelemetryQuantity::Coolant,
                                                        TelemetryQuantity::Case, TelemetryQuantity::SupplyCurrent};
    const float gap = 12;
    const float width = (size.x - 3 * gap) / 4;
    for (int i = 0; i < 4; ++i) {
        const ImVec2 at(origin.x + float(i) * (width + gap), origin.y);
        m_rects.min[i] = at;
        m_rects.max[i] = ImVec2(at.x + width, at.y + size.y);
        drawAllSockets(kQuantities[i], at, ImVec2(width, size.y));
    }
    showTooltip();
}

void LiveCharts::drawAllSockets(TelemetryQuantity quantity, ImVec2 origin, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    char text[96];
    std::snprintf(text, sizeof text, "%s (%s), all sockets", station::toString(quantity).data(),
                  station::unitOf(quantity).data());
    title(dl, origin, text);
    const PlotRect plot = plotIn(origin, size, ImGui::CalcTextSize("-00.00").x);
    // The common window: the last hours up to the newest reading of any socket, on the shifted axis.
    std::optional<double> newest;
    for (const auto& o : m_overview)
        if (const auto& samples = o.telemetry->of(quantity).samples; !samples.empty())
            newest = std::max(newest.value_or(samples.back().t + o.offset), samples.back().t + o.offset);
    std::optional<ValueSpan> span;
    TimeWindow window;
    if (newest) {
        window = TimeWindow{std::max(0.0, *newest - kWindowSeconds), std::max(*newest, 60.0)};
        for (const auto& o : m_overview) {
            const station::TelemetrySeries* one[] = {&o.telemetry->of(quantity)};
            if (auto s = valueSpan(one, TimeWindow{window.from - o.offset, window.to - o.offset})) {
                if (!span)
                    span = *s;
                span->include(s->low);
                span->include(s->high);
            }
        }
    }
    if (!span || plot.width() < 40 || plot.height() < 30) {
        noData(dl, plot, "no readings yet");
        return;
    }
    // Legend: each socket that read this quantity, with its latest reading, as many as fit the chart's width.
    float x = origin.x;
    int left = 0;
    for (const auto& o : m_overview) {
        const auto& samples = o.telemetry->of(quantity).samples;
        if (samples.empty())
            continue;
        std::snprintf(text, sizeof text, "S%d %.*f", o.socket, decimalsOf(quantity), samples.back().value);
        if (x + ImGui::CalcTextSize(text).x + 30 > origin.x + size.x) {
            ++left;
            continue;
        }
        x = legendEntry(dl, x, origin.y + line + 3, socketColour(o.socket), text);
    }
    if (left > 0) {
        std::snprintf(text, sizeof text, "+%d", left);
        dl->AddText(ImVec2(x, origin.y + line + 3), toImU32(kAxisGrey), text);
    }
    const AxisRange yAxis = niceRange(span->low, span->high, std::max(2, int(plot.height() / (line * 2))));
    drawValueAxis(dl, plot, yAxis, formatFor(yAxis.step));
    const AxisRange xAxis = niceRange(window.from / 60, window.to / 60, 5);
    drawBottomAxis(dl, plot, xAxis, formatFor(xAxis.step));
    xTitle(dl, plot, "simulation time (min)");
    int drawn = 0; // sockets with a series here
    for (const auto& o : m_overview)
        drawn += !o.telemetry->of(quantity).samples.empty();
    const int columns = std::max(8, std::min(int(plot.width()), kOverviewPointsPerChart / (2 * std::max(1, drawn))));
    dl->PushClipRect(ImVec2(plot.left, plot.top - 2), ImVec2(plot.right + 1, plot.bottom + 2), true);
    for (const auto& o : m_overview) {
        decimate(o.telemetry->of(quantity).samples, TimeWindow{xAxis.low * 60 - o.offset, xAxis.high * 60 - o.offset},
                 columns, m_points);
        m_screen.clear();
        for (const auto& p : m_points)
            m_screen.emplace_back(xAxis.map(p.x + o.offset / 60, plot.left, plot.right),
                                  yAxis.map(p.y, plot.bottom, plot.top));
        const ImU32 colour = toImU32(socketColour(o.socket));
        if (m_screen.size() == 1)
            dl->AddCircleFilled(m_screen.front(), 3.f, colour);
        else if (!m_screen.empty())
            dl->AddPolyline(m_screen.data(), int(m_screen.size()), colour, 0, 1.f);
    }
    dl->PopClipRect();
    if (!hovering(plot))
        return;
    const float mouse = ImGui::GetIO().MousePos.x;
    cursorLine(dl, plot, mouse);
    const double minutes = minutesAt(mouse, plot, xAxis);
    fmt::format_to(std::back_inserter(m_tooltip), "{:.1f} min", minutes);
    for (const auto& o : m_overview) {
        const auto& samples = o.telemetry->of(quantity).samples;
        if (const auto i = nearestSample(samples, minutes * 60 - o.offset))
            fmt::format_to(std::back_inserter(m_tooltip), "\nsocket {}: {} {:.{}f} {} (at {:.1f} min)", o.socket,
                           station::toString(quantity), samples[*i].value, decimalsOf(quantity),
                           station::unitOf(quantity), (samples[*i].t + o.offset) / 60);
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
    // Legend: each quantity read so far, with its latest value; when that does not fit the chart's width, the names
    // only (the unit is in the title, the values in the tooltip).
    std::array<std::array<char, 64>, station::kTelemetryQuantities> texts{};
    float width = 0;
    for (int i = 0; i < count; ++i) {
        const auto& samples = series[std::size_t(i)]->samples;
        if (samples.empty())
            continue;
        auto& text = texts[std::size_t(i)];
        std::snprintf(text.data(), text.size(), format, station::toString(quantities[i]).data(), samples.back().value);
        width += 18 + ImGui::CalcTextSize(text.data()).x + 12;
    }
    float x = origin.x;
    for (int i = 0; i < count; ++i) {
        if (series[std::size_t(i)]->samples.empty())
            continue;
        const std::string name(station::toString(quantities[i]));
        x = legendEntry(dl, x, origin.y + line + 3, colours[i],
                        width <= size.x ? texts[std::size_t(i)].data() : name.c_str());
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
    if (!hovering(plot))
        return;
    // The tooltip: the time under the cursor and each series' reading nearest to it (the traces are sparse between
    // a sequence's reads, so the reading's own time is shown too).
    const float mouse = ImGui::GetIO().MousePos.x;
    cursorLine(dl, plot, mouse);
    const double minutes = minutesAt(mouse, plot, xAxis);
    fmt::format_to(std::back_inserter(m_tooltip), "{:.1f} min", minutes);
    for (int i = 0; i < count; ++i) {
        const auto& samples = series[std::size_t(i)]->samples;
        if (const auto at = nearestSample(samples, minutes * 60))
            fmt::format_to(std::back_inserter(m_tooltip), "\n{} {:.{}f} {} (at {:.1f} min)",
                           station::toString(quantities[i]), samples[*at].value, decimalsOf(quantities[i]),
                           station::unitOf(quantities[i]), samples[*at].t / 60);
    }
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
    if (!hovering(plot))
        return;
    const auto at = barAt(ImGui::GetIO().MousePos.x, plot.left, plot.right, t.bars.size());
    if (!at)
        return;
    const auto& b = t.bars[*at];
    const std::string_view unit = t.barsUnit.empty() ? std::string_view("dBm") : std::string_view(t.barsUnit);
    fmt::format_to(std::back_inserter(m_tooltip), "lane {}: {:.2f} {}", b.lane, b.value, unit);
    if (b.low && b.high)
        fmt::format_to(std::back_inserter(m_tooltip), "\nlimits {:g} \u2264 x \u2264 {:g} {}", *b.low, *b.high, unit);
    else if (b.low)
        fmt::format_to(std::back_inserter(m_tooltip), "\nlimit x \u2265 {:g} {}", *b.low, unit);
    else if (b.high)
        fmt::format_to(std::back_inserter(m_tooltip), "\nlimit x \u2264 {:g} {}", *b.high, unit);
    else
        m_tooltip += "\nno limits (log only)";
    fmt::format_to(std::back_inserter(m_tooltip), "\n{}", sequences::toString(b.outcome));
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
    if (!hovering(plot))
        return;
    // The point nearest the cursor of any lane, within a few pixels: its lane, x and BER.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::optional<double> best;
    for (const auto& curve : t.waterfall) {
        waterfallPoints(curve, m_points);
        m_hits.clear();
        for (const auto& p : m_points)
            m_hits.push_back({xAxis.map(p.x, plot.left, plot.right), yAxis.map(p.y, plot.bottom, plot.top)});
        const auto i = nearestPoint(m_hits, ChartPoint{mouse.x, mouse.y}, 10);
        if (!i)
            continue;
        const double d = std::hypot(m_hits[*i].x - mouse.x, m_hits[*i].y - mouse.y);
        if (best && d >= *best)
            continue;
        best = d;
        m_tooltip.clear();
        fmt::format_to(std::back_inserter(m_tooltip), "lane {}: {} {:g}\nBER {:.2e}", curve.lane, t.waterfallX,
                       m_points[*i].x, std::pow(10.0, m_points[*i].y));
    }
}

} // namespace optiqual::ui
