#pragma once
#include "db/ParetoReport.h"
#include "db/YieldReport.h"

#include <imgui.h>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief One point of the first-pass-yield trend: a day or a lot.
struct TrendPoint {
    std::string label;
    std::optional<double> firstPassYield; ///< 0–1; none when no unit had its first run there
    std::int64_t units = 0;               ///< units whose first run is there
};

/// @brief The trend's points from a yield report grouped by one key (day or lot), in key order.
std::vector<TrendPoint> trendPoints(const db::YieldResult& yield);

/// @brief The y axis of the trend in percent: 0–100 %, or from the lowest point's ten (rounded down) so a line
/// between 90 and 100 % is not flat.
struct PercentAxis {
    double low = 0, high = 100;
};
PercentAxis trendAxis(const std::vector<TrendPoint>& points);

/// @brief The first-pass-yield trend drawn with ImDrawList into @p size at the cursor: axes with ticks, labels
/// and units, a dot per point (red below @p overall), the overall figure as a horizontal line. @p xTitle: "day
/// (local)" or "lot".
void drawTrendChart(const std::vector<TrendPoint>& points, std::optional<double> overall, const char* xTitle,
                    ImVec2 size);

/// @brief The Pareto of failure causes: a bar per cause (units affected), most first, with its share and the
/// cumulative share, at most @p maxCauses, into @p size at the cursor.
void drawParetoChart(const db::ParetoResult& pareto, std::size_t maxCauses, ImVec2 size);

} // namespace optiqual::ui
