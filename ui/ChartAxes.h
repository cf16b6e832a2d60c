#pragma once
#include "ui/Palette.h"

#include <imgui.h>

namespace optiqual::ui {

/// @brief The colours every chart of the panel shares: axes and their labels, grid lines.
constexpr Rgb kAxisGrey{0x9a, 0xa0, 0xa6};
constexpr Rgb kGridGrey{0x3a, 0x3f, 0x48};

/// @brief Where a chart plots, in screen pixels (inside its axes).
struct PlotRect {
    float left = 0, top = 0, right = 0, bottom = 0;
    float width() const { return right - left; }
    float height() const { return bottom - top; }
};

/// @brief An axis from @c low to @c high with a tick every @c step (in the axis's own values; on a log axis, in
/// decades of log10).
struct AxisRange {
    double low = 0, high = 1, step = 1;
    /// @brief Where @p v falls between @p from (at low) and @p to (at high), clamped to the axis.
    float map(double v, float from, float to) const;
};

/// @brief A tick step of 1, 2 or 5 × 10ⁿ that gives at most @p maxTicks steps over @p span (> 0).
double niceStep(double span, int maxTicks);
/// @brief [@p low, @p high] widened to whole nice steps (at most @p maxTicks of them); a zero span gets ±1 %
/// (or ±1 around zero).
AxisRange niceRange(double low, double high, int maxTicks);

/// @brief Draws the value axis on the left of @p plot: a grid line and a label (printf @p format of the value, e.g.
/// "%.0f %%") at every tick, the left and bottom axis lines. @p logLabels: the values are decades, labelled 1e-5.
void drawValueAxis(ImDrawList* dl, const PlotRect& plot, const AxisRange& axis, const char* format,
                   bool logLabels = false);
/// @brief Ticks and labels (printf @p format) under @p plot's bottom axis, as many as fit without overlapping.
void drawBottomAxis(ImDrawList* dl, const PlotRect& plot, const AxisRange& axis, const char* format);
/// @brief @p text in @p colour with its right edge at @p right.
void drawTextRightAligned(ImDrawList* dl, float right, float y, Rgb colour, const char* text);

} // namespace optiqual::ui
