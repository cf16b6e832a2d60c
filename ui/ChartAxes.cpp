#include "ui/ChartAxes.h"

#include "ui/Theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace optiqual::ui {

namespace {

/// printf of one double into a stack buffer: labels are drawn every frame and must not allocate.
struct Label {
    char text[48] = {};
    Label(const char* format, double v, bool decade) {
        if (decade)
            std::snprintf(text, sizeof text, "1e%d", int(std::lround(v)));
        else
            std::snprintf(text, sizeof text, format, std::abs(v) < 1e-12 ? 0.0 : v); // no "-0"
    }
};

/// Whether the axis can be walked tick by tick: a frame must never loop on a zero step or an infinite range.
bool walkable(const AxisRange& axis) {
    return std::isfinite(axis.low) && std::isfinite(axis.high) && axis.step > 0 &&
           (axis.high - axis.low) / axis.step <= 1000;
}

} // namespace

float AxisRange::map(double v, float from, float to) const {
    const double f = high > low ? std::clamp((v - low) / (high - low), 0.0, 1.0) : 0.5;
    return from + float(f) * (to - from);
}

double niceStep(double span, int maxTicks) {
    const double raw = span / double(std::max(maxTicks, 1));
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0})
        if (m * decade >= raw)
            return m * decade;
    return 10 * decade;
}

AxisRange niceRange(double low, double high, int maxTicks) {
    if (!(high > low)) {
        const double pad = low == 0 ? 1.0 : std::abs(low) * 0.01;
        low -= pad;
        high += pad;
    }
    AxisRange axis;
    axis.step = niceStep(high - low, maxTicks);
    axis.low = std::floor(low / axis.step) * axis.step;
    axis.high = std::ceil(high / axis.step) * axis.step;
    return axis;
}

void drawValueAxis(ImDrawList* dl, const PlotRect& plot, const AxisRange& axis, const char* format, bool logLabels) {
    const float line = ImGui::GetTextLineHeight();
    for (double v = axis.low; walkable(axis) && v <= axis.high + axis.step * 1e-6; v += axis.step) {
        const float y = axis.map(v, plot.bottom, plot.top);
        dl->AddLine(ImVec2(plot.left, y), ImVec2(plot.right, y), toImU32(kGridGrey));
        const Label label(format, v, logLabels);
        drawTextRightAligned(dl, plot.left - 6, y - line / 2, kAxisGrey, label.text);
    }
    dl->AddLine(ImVec2(plot.left, plot.top), ImVec2(plot.left, plot.bottom), toImU32(kAxisGrey));
    dl->AddLine(ImVec2(plot.left, plot.bottom), ImVec2(plot.right, plot.bottom), toImU32(kAxisGrey));
}

void drawBottomAxis(ImDrawList* dl, const PlotRect& plot, const AxisRange& axis, const char* format) {
    const Label widest(format, std::abs(axis.low) > std::abs(axis.high) ? axis.low : axis.high, false);
    const float labelWidth = ImGui::CalcTextSize(widest.text).x + 12;
    const double ticks = std::max(1.0, (axis.high - axis.low) / axis.step);
    const int every = std::max(1, int(std::ceil(labelWidth / (plot.width() / float(ticks)))));
    int i = 0;
    for (double v = axis.low; walkable(axis) && v <= axis.high + axis.step * 1e-6; v += axis.step, ++i) {
        if (i % every != 0)
            continue;
        const float x = axis.map(v, plot.left, plot.right);
        dl->AddLine(ImVec2(x, plot.bottom), ImVec2(x, plot.bottom + 4), toImU32(kAxisGrey));
        const Label label(format, v, false);
        const float w = ImGui::CalcTextSize(label.text).x;
        dl->AddText(ImVec2(std::clamp(x - w / 2, plot.left - 10, plot.right - w), plot.bottom + 5), toImU32(kAxisGrey),
                    label.text);
    }
}

void drawTextRightAligned(ImDrawList* dl, float right, float y, Rgb colour, const char* text) {
    dl->AddText(ImVec2(right - ImGui::CalcTextSize(text).x, y), toImU32(colour), text);
}

} // namespace optiqual::ui
