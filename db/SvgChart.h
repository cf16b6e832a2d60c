#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::db {

/// Inline SVG charts for the HTML report: plain elements, no scripts, fonts the browser has.

/// @brief A line per series over labelled x positions (yield trend: first-pass and final yield per day), y in
/// [0, 1] shown as percent.
struct LineSeries {
    std::string name;
    std::string color;
    std::vector<std::optional<double>> values;
};
std::string svgLineChart(const std::string& title, const std::vector<std::string>& xLabels,
                         const std::vector<LineSeries>& series);

/// @brief Pareto: bars (units affected) in ranked order with the cumulative share as a line on a 0–100 % axis.
std::string svgParetoChart(const std::string& title, const std::vector<std::string>& labels,
                           const std::vector<std::int64_t>& counts, const std::vector<double>& cumulative);

/// @brief Histogram of @p values with the limits (red), the mean (blue) and a caption (e.g. "Cpk 1.12").
std::string svgHistogram(const std::string& title, const std::vector<double>& values, std::optional<double> lsl,
                         std::optional<double> usl, const std::string& caption);

/// @brief Individuals control chart: points joined by a line, centre line and ±3σ limits, points breaking a
/// Western Electric rule drawn as red circles.
std::string svgControlChart(const std::string& title, const std::vector<double>& values, double center, double ucl,
                            double lcl, const std::vector<std::uint8_t>& rules);

/// @brief One curve of an x–y chart: points joined in the order given.
struct XySeries {
    std::string name;
    std::vector<double> x, y;
};

/// @brief Axes of an x–y chart. A log axis shows decades (BER waterfalls); points ≤ 0 on it are left out.
struct XyAxes {
    std::string xLabel, yLabel; ///< with the unit, e.g. "received OMA [dBm]"
    bool logY = false;
    std::vector<std::pair<double, std::string>> yLines; ///< horizontal reference lines (limits, thresholds), labelled
    std::string legendTitle;                            ///< before the series names, e.g. "lane" for names "1" … "8"
};

/// @brief Curves over a numeric x axis (BER against received power, TX power against lane), up to eight colours
/// repeated, a legend of at most eight names, NaN points skipped.
std::string svgXyChart(const std::string& title, const XyAxes& axes, const std::vector<XySeries>& series);

} // namespace optiqual::db
