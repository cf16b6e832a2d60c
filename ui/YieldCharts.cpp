#include "ui/YieldCharts.h"

#include "ui/ChartAxes.h"
#include "ui/Palette.h"
#include "ui/Theme.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace optiqual::ui {

namespace {

constexpr Rgb kAxis = kAxisGrey;
constexpr Rgb kLine{0x64, 0xb5, 0xf6};
constexpr Rgb kCumulative{0xf5, 0xa5, 0x3c};

void text(ImDrawList* dl, ImVec2 at, Rgb colour, const std::string& s) {
    dl->AddText(at, toImU32(colour), s.c_str());
}

/// The cause's name as the report prints it: "step path: measurement".
std::string causeName(const db::ParetoRow& row) {
    return row.measurement.empty() ? row.stepPath : row.stepPath + ": " + row.measurement;
}

} // namespace

std::vector<TrendPoint> trendPoints(const db::YieldResult& yield) {
    std::vector<TrendPoint> points;
    for (const auto& row : yield.rows)
        points.push_back(
            {row.key.empty() ? std::string("all") : row.key.front(), row.firstPassYield, row.firstRunUnits});
    return points;
}

PercentAxis trendAxis(const std::vector<TrendPoint>& points) {
    double lowest = 100;
    for (const auto& p : points)
        if (p.firstPassYield)
            lowest = std::min(lowest, *p.firstPassYield * 100);
    PercentAxis axis;
    axis.low = std::clamp(std::floor(lowest / 10) * 10, 0.0, 90.0);
    return axis;
}

void drawTrendChart(const std::vector<TrendPoint>& points, std::optional<double> overall, const char* xTitle,
                    ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    const float line = ImGui::GetTextLineHeight();
    const float left = origin.x + ImGui::CalcTextSize("100 %").x + 10;
    const float right = origin.x + size.x - 8;
    const float top = origin.y + line + 6;
    const float bottom = origin.y + size.y - 2 * line - 8;
    text(dl, origin, kAxis, "first-pass yield (%)");
    if (points.empty() || right - left < 40 || bottom - top < 30) {
        text(dl, ImVec2(left + 8, top + 8), kAxis, "no finished runs in this range");
        return;
    }
    const PercentAxis axis = trendAxis(points);
    auto yOf = [&](double percent) {
        return float(bottom - (percent - axis.low) / (axis.high - axis.low) * double(bottom - top));
    };
    const double step = (axis.high - axis.low) > 50 ? 25 : (axis.high - axis.low) > 20 ? 10 : 5;
    drawValueAxis(dl, PlotRect{left, top, right, bottom}, AxisRange{axis.low, axis.high, step}, "%.0f %%");
    const float slot = (right - left) / float(points.size());
    auto xOf = [&](std::size_t i) { return left + slot * (float(i) + 0.5f); };
    // Labels under the axis, as many as fit without overlapping.
    const float labelWidth = ImGui::CalcTextSize(points.front().label.c_str()).x + 12;
    const std::size_t every = std::max<std::size_t>(1, std::size_t(std::ceil(labelWidth / slot)));
    for (std::size_t i = 0; i < points.size(); i += every) {
        const float w = ImGui::CalcTextSize(points[i].label.c_str()).x;
        dl->AddLine(ImVec2(xOf(i), bottom), ImVec2(xOf(i), bottom + 4), toImU32(kAxis));
        text(dl, ImVec2(xOf(i) - w / 2, bottom + 5), kAxis, points[i].label);
    }
    const float titleWidth = ImGui::CalcTextSize(xTitle).x;
    text(dl, ImVec2(right - titleWidth, bottom + line + 7), kAxis, xTitle);
    if (overall) {
        const float y = yOf(std::clamp(*overall * 100, axis.low, axis.high));
        dl->AddLine(ImVec2(left, y), ImVec2(right, y), toImU32(kCumulative), 1.5f);
        // Its key above the plot, on the right: the points' own places stay clear.
        const std::string label = fmt::format("overall {:.1f} %", *overall * 100);
        const float w = ImGui::CalcTextSize(label.c_str()).x;
        dl->AddLine(ImVec2(right - w - 26, origin.y + line / 2), ImVec2(right - w - 6, origin.y + line / 2),
                    toImU32(kCumulative), 1.5f);
        text(dl, ImVec2(right - w, origin.y), kCumulative, label);
    }
    std::optional<ImVec2> previous;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!points[i].firstPassYield) {
            previous.reset();
            continue;
        }
        const ImVec2 p(xOf(i), yOf(*points[i].firstPassYield * 100));
        if (previous)
            dl->AddLine(*previous, p, toImU32(kLine), 2.f);
        previous = p;
    }
    for (std::size_t i = 0; i < points.size(); ++i)
        if (points[i].firstPassYield) {
            const ImVec2 p(xOf(i), yOf(*points[i].firstPassYield * 100));
            const bool low = overall && *points[i].firstPassYield < *overall;
            dl->AddCircleFilled(p, 4.f, toImU32(low ? kFailRed : kLine));
            if (ImGui::IsMouseHoveringRect(ImVec2(p.x - 6, p.y - 6), ImVec2(p.x + 6, p.y + 6)))
                ImGui::SetTooltip("%s: %.1f %% of %lld units", points[i].label.c_str(), *points[i].firstPassYield * 100,
                                  static_cast<long long>(points[i].units));
        }
}

void drawParetoChart(const db::ParetoResult& pareto, std::size_t maxCauses, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    const float line = ImGui::GetTextLineHeight();
    text(
        dl, origin, kAxis,
        fmt::format("failure causes (units affected; {} of {} units failed)", pareto.failingUnits, pareto.unitsTested));
    const std::size_t n = std::min(maxCauses, pareto.rows.size());
    if (n == 0) {
        text(dl, ImVec2(origin.x + 8, origin.y + line + 8), kAxis, "no failures in this range");
        return;
    }
    const float labelWidth = std::min(size.x * 0.45f, size.x - 160);
    const float left = origin.x + labelWidth + 8;
    const float right = origin.x + size.x - ImGui::CalcTextSize("100 % · 100 %").x - 12;
    const float top = origin.y + 2 * line + 8;
    const float bottom = origin.y + size.y - 4;
    text(dl, ImVec2(right + 6, origin.y + line + 4), kAxis, "share · cum.");
    const float rowHeight = std::min(line + 8, (bottom - top) / float(n));
    const double most = double(pareto.rows.front().unitsAffected);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& row = pareto.rows[i];
        const float y = top + rowHeight * float(i);
        std::string name = causeName(row);
        // Long step paths keep their end: the leaf and measurement say what failed.
        while (name.size() > 4 && ImGui::CalcTextSize(name.c_str()).x > labelWidth)
            name = "…" + name.substr(name.size() > 8 ? 8 : name.size());
        text(dl, ImVec2(origin.x, y + 2), kWhite, name);
        const float width = float(double(right - left) * double(row.unitsAffected) / std::max(most, 1.0));
        dl->AddRectFilled(ImVec2(left, y + 2), ImVec2(left + std::max(width, 2.f), y + rowHeight - 2),
                          toImU32(kFailRed));
        const std::string count = fmt::format("{}", row.unitsAffected);
        text(dl, ImVec2(left + 4, y + 2), kWhite, count);
        text(dl, ImVec2(right + 6, y + 2), kCumulative,
             fmt::format("{:.0f} % · {:.0f} %", row.share * 100, row.cumulativeShare * 100));
        if (ImGui::IsMouseHoveringRect(ImVec2(origin.x, y), ImVec2(origin.x + size.x, y + rowHeight)))
            ImGui::SetTooltip("%s\n%lld units, %lld occurrences; %.1f %% of units tested", causeName(row).c_str(),
                              static_cast<long long>(row.unitsAffected), static_cast<long long>(row.occurrences),
                              row.unitShare * 100);
    }
    dl->AddLine(ImVec2(left, top), ImVec2(left, top + rowHeight * float(n)), toImU32(kAxis));
}

} // namespace optiqual::ui
