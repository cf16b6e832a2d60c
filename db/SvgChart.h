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

} // namespace optiqual::db
