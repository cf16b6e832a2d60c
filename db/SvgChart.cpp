#include "db/SvgChart.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace optiqual::db {

namespace {

constexpr double kW = 760, kH = 280, kLeft = 60, kRight = 60, kTop = 34, kBottom = 56;
constexpr double kPlotW = kW - kLeft - kRight, kPlotH = kH - kTop - kBottom;

std::string esc(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else if (c == '"')
            out += "&quot;";
        else
            out += c;
    }
    return out;
}

std::string open(const std::string& title) {
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                       "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">"
                       "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>"
                       "<text x=\"{2}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{3}</text>"
                       "<rect x=\"{2}\" y=\"{4}\" width=\"{5}\" height=\"{6}\" fill=\"#f7f9fb\" stroke=\"#c9d2dc\"/>",
                       kW, kH, kLeft, esc(title), kTop, kPlotW, kPlotH);
}

std::string hline(double y, const std::string& color, const std::string& label, bool dashed) {
    return fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"1.5\"{}/>"
                       "<text x=\"{}\" y=\"{:.1f}\" fill=\"{}\">{}</text>",
                       kLeft, y, kLeft + kPlotW, y, color, dashed ? " stroke-dasharray=\"6 4\"" : "",
                       kLeft + kPlotW + 4, y + 4, color, esc(label));
}

/// Evenly spaced x labels, at most about 12 of them.
std::string xLabels(const std::vector<std::string>& labels, double step, double offset) {
    std::string out;
    const std::size_t every = std::max<std::size_t>(1, (labels.size() + 11) / 12);
    for (std::size_t i = 0; i < labels.size(); i += every) {
        const double x = kLeft + offset + step * static_cast<double>(i);
        std::string text = labels[i];
        if (text.size() > 18) {
            text.resize(17);
            text.append("…");
        }
        out +=
            fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" transform=\"rotate(-30 {:.1f} {:.1f})\">"
                        "{}</text>",
                        x, kTop + kPlotH + 14, x, kTop + kPlotH + 14, esc(text));
    }
    return out;
}

std::string percentAxis(bool right) {
    std::string out;
    for (int p = 0; p <= 100; p += 25) {
        const double y = kTop + kPlotH * (1 - p / 100.0);
        out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e3e8ee\"/>", kLeft, y,
                           kLeft + kPlotW, y);
        out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"{}\">{} %</text>",
                           right ? kLeft + kPlotW + 6 : kLeft - 6, y + 4, right ? "start" : "end", p);
    }
    return out;
}

std::string valueAxis(double lo, double hi) {
    std::string out;
    for (int i = 0; i <= 4; ++i) {
        const double v = lo + (hi - lo) * i / 4.0;
        const double y = kTop + kPlotH * (1 - i / 4.0);
        out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{:.4g}</text>", kLeft - 6, y + 4, v);
    }
    return out;
}

} // namespace

std::string svgLineChart(const std::string& title, const std::vector<std::string>& labels,
                         const std::vector<LineSeries>& series) {
    std::string out = open(title) + percentAxis(false);
    const double step = labels.size() > 1 ? kPlotW / static_cast<double>(labels.size() - 1) : 0;
    const double offset = labels.size() > 1 ? 0 : kPlotW / 2;
    double legendX = kLeft + 220;
    for (const auto& s : series) {
        std::string points;
        for (std::size_t i = 0; i < s.values.size(); ++i) {
            if (!s.values[i])
                continue;
            const double x = kLeft + offset + step * static_cast<double>(i);
            const double y = kTop + kPlotH * (1 - std::clamp(*s.values[i], 0.0, 1.0));
            points += fmt::format("{:.1f},{:.1f} ", x, y);
            out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", x, y, s.color);
        }
        out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", points, s.color);
        out += fmt::format("<rect x=\"{:.0f}\" y=\"10\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.0f}\" "
                           "y=\"20\">{}</text>",
                           legendX, s.color, legendX + 16, esc(s.name));
        legendX += 150;
    }
    return out + xLabels(labels, step, offset) + "</svg>\n";
}

std::string svgParetoChart(const std::string& title, const std::vector<std::string>& labels,
                           const std::vector<std::int64_t>& counts, const std::vector<double>& cumulative) {
    std::string out = open(title) + percentAxis(true);
    const std::int64_t maxCount =
        counts.empty() ? 1 : std::max<std::int64_t>(1, *std::max_element(counts.begin(), counts.end()));
    for (int i = 0; i <= 4; ++i) {
        const double y = kTop + kPlotH * (1 - i / 4.0);
        out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{:.0f}</text>", kLeft - 6, y + 4,
                           static_cast<double>(maxCount) * i / 4.0);
    }
    const double slot = counts.empty() ? kPlotW : kPlotW / static_cast<double>(counts.size());
    std::string line;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double h = kPlotH * static_cast<double>(counts[i]) / static_cast<double>(maxCount);
        const double x = kLeft + slot * static_cast<double>(i);
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#d9534f\">"
                           "<title>{}: {}</title></rect>",
                           x + slot * 0.15, kTop + kPlotH - h, slot * 0.7, h, esc(labels[i]), counts[i]);
        const double cy = kTop + kPlotH * (1 - std::clamp(cumulative[i], 0.0, 1.0));
        line += fmt::format("{:.1f},{:.1f} ", x + slot / 2, cy);
        out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#1f5fa8\"/>", x + slot / 2, cy);
    }
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>", line);
    out += "<text x=\"250\" y=\"20\" fill=\"#d9534f\">■ units affected</text>"
           "<text x=\"380\" y=\"20\" fill=\"#1f5fa8\">● cumulative share</text>";
    return out + xLabels(labels, slot, slot / 2) + "</svg>\n";
}

std::string svgHistogram(const std::string& title, const std::vector<double>& values, std::optional<double> lsl,
                         std::optional<double> usl, const std::string& caption) {
    std::string out = open(title);
    if (values.empty())
        return out + "</svg>\n";
    auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
    double lo = *minIt, hi = *maxIt;
    if (lsl)
        lo = std::min(lo, *lsl);
    if (usl)
        hi = std::max(hi, *usl);
    const double pad = (hi - lo) * 0.05 + (hi == lo ? 1 : 0);
    lo -= pad;
    hi += pad;
    constexpr int kBins = 40;
    std::vector<int> bins(kBins, 0);
    double sum = 0;
    for (double v : values) {
        sum += v;
        const int b = std::clamp(static_cast<int>((v - lo) / (hi - lo) * kBins), 0, kBins - 1);
        ++bins[static_cast<std::size_t>(b)];
    }
    const int maxBin = std::max(1, *std::max_element(bins.begin(), bins.end()));
    const double bw = kPlotW / kBins;
    for (int b = 0; b < kBins; ++b) {
        const double h = kPlotH * bins[static_cast<std::size_t>(b)] / maxBin;
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#6c8ebf\"/>",
                           kLeft + bw * b + 0.5, kTop + kPlotH - h, bw - 1, h);
    }
    auto xOf = [&](double v) { return kLeft + kPlotW * (v - lo) / (hi - lo); };
    auto vline = [&](double v, const char* color, const std::string& label) {
        return fmt::format(
            "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"2\"/>"
            "<text x=\"{0:.1f}\" y=\"{4}\" fill=\"{3}\" text-anchor=\"middle\">{5}</text>",
            xOf(v), kTop, kTop + kPlotH, color, kTop - 3, esc(label));
    };
    if (lsl)
        out += vline(*lsl, "#c62828", fmt::format("LSL {:.4g}", *lsl));
    if (usl)
        out += vline(*usl, "#c62828", fmt::format("USL {:.4g}", *usl));
    out += vline(sum / static_cast<double>(values.size()), "#1f5fa8", "mean");
    for (int i = 0; i <= 4; ++i) {
        const double v = lo + (hi - lo) * i / 4.0;
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:.4g}</text>", xOf(v),
                           kTop + kPlotH + 16, v);
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">{}</text>", kLeft,
                       kTop + kPlotH + 40, esc(caption));
    return out + "</svg>\n";
}

std::string svgControlChart(const std::string& title, const std::vector<double>& values, double center, double ucl,
                            double lcl, const std::vector<std::uint8_t>& rules) {
    std::string out = open(title);
    if (values.empty())
        return out + "</svg>\n";
    auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
    double lo = std::min(*minIt, lcl), hi = std::max(*maxIt, ucl);
    const double pad = (hi - lo) * 0.08 + (hi == lo ? 1 : 0);
    lo -= pad;
    hi += pad;
    auto yOf = [&](double v) { return kTop + kPlotH * (1 - (v - lo) / (hi - lo)); };
    out += valueAxis(lo, hi);
    out += hline(yOf(ucl), "#c62828", "UCL", true) + hline(yOf(lcl), "#c62828", "LCL", true) +
           hline(yOf(center), "#1a7f37", "CL", false);
    const double step = values.size() > 1 ? kPlotW / static_cast<double>(values.size() - 1) : 0;
    std::string points;
    std::string marks;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double x = kLeft + step * static_cast<double>(i);
        points += fmt::format("{:.1f},{:.1f} ", x, yOf(values[i]));
        if (i < rules.size() && rules[i])
            marks += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#c62828\"/>", x, yOf(values[i]));
    }
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1\"/>", points);
    out += marks;
    out += fmt::format("<text x=\"{}\" y=\"{}\">{} points, {} breaking a Western Electric rule (red)</text>", kLeft,
                       kTop + kPlotH + 20, values.size(),
                       std::count_if(rules.begin(), rules.end(), [](auto r) { return r != 0; }));
    return out + "</svg>\n";
}

namespace {

constexpr const char* kPalette[] = {"#1f5fa8", "#d9534f", "#2e8b57", "#e08e0b",
                                    "#7b4fa0", "#17a2b8", "#8c564b", "#5a6b7b"};

/// Tick values for a linear axis: about five round steps covering [lo, hi].
std::vector<double> niceTicks(double lo, double hi) {
    const double span = hi - lo;
    const double raw = span / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * magnitude) {
            step = m * magnitude;
            break;
        }
    std::vector<double> ticks;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return ticks;
}

} // namespace

std::string svgXyChart(const std::string& title, const XyAxes& axes, const std::vector<XySeries>& series) {
    auto usable = [&](double x, double y) { return std::isfinite(x) && std::isfinite(y) && (!axes.logY || y > 0); };
    auto yOf = [&](double y) { return axes.logY ? std::log10(y) : y; };
    double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
    for (const auto& s : series)
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
            if (usable(s.x[i], s.y[i])) {
                x0 = std::min(x0, s.x[i]);
                x1 = std::max(x1, s.x[i]);
                y0 = std::min(y0, yOf(s.y[i]));
                y1 = std::max(y1, yOf(s.y[i]));
            }
    for (const auto& [value, label] : axes.yLines)
        if (!axes.logY || value > 0) {
            y0 = std::min(y0, yOf(value));
            y1 = std::max(y1, yOf(value));
        }
    std::string out = open(title);
    if (!(x0 <= x1) || !(y0 <= y1))
        return out + "<text x=\"300\" y=\"150\">no data</text></svg>\n";
    if (axes.logY) {
        y0 = std::floor(y0);
        y1 = std::max(std::ceil(y1), y0 + 1);
    } else {
        const double pad = y1 > y0 ? (y1 - y0) * 0.08 : std::max(1.0, std::abs(y0) * 0.1);
        y0 -= pad;
        y1 += pad;
    }
    if (x1 == x0) {
        x0 -= 1;
        x1 += 1;
    }
    auto px = [&](double x) { return kLeft + kPlotW * (x - x0) / (x1 - x0); };
    auto py = [&](double y) { return kTop + kPlotH * (1 - (yOf(y) - y0) / (y1 - y0)); };
    // Grid and tick labels.
    if (axes.logY) {
        for (double d = y0; d <= y1 + 1e-9; d += 1) {
            const double y = kTop + kPlotH * (1 - (d - y0) / (y1 - y0));
            out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e3e8ee\"/>"
                               "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">1e{:.0f}</text>",
                               kLeft, y, kLeft + kPlotW, y, kLeft - 6, y + 4, d);
        }
    } else {
        for (double v : niceTicks(y0, y1)) {
            const double y = kTop + kPlotH * (1 - (v - y0) / (y1 - y0));
            out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e3e8ee\"/>"
                               "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{:.4g}</text>",
                               kLeft, y, kLeft + kPlotW, y, kLeft - 6, y + 4, v);
        }
    }
    for (double v : niceTicks(x0, x1))
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{:.4g}</text>", px(v),
                           kTop + kPlotH + 14, v);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", kLeft + kPlotW / 2, kH - 12,
                       esc(axes.xLabel));
    out +=
        fmt::format("<text x=\"14\" y=\"{:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1f})\">{}</text>",
                    kTop + kPlotH / 2, kTop + kPlotH / 2, esc(axes.yLabel));
    for (const auto& [value, label] : axes.yLines)
        if (!axes.logY || value > 0)
            out += hline(py(value), "#c0392b", label, true);
    // Curves, then the legend (at most eight names: a reader cannot match more colours).
    for (std::size_t k = 0; k < series.size(); ++k) {
        const auto& s = series[k];
        const char* color = kPalette[k % std::size(kPalette)];
        std::string points;
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
            if (!usable(s.x[i], s.y[i]))
                continue;
            points += fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.y[i]));
            out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"><title>{}: {:.6g}, "
                               "{:.6g}</title></circle>",
                               px(s.x[i]), py(s.y[i]), color, esc(s.name), s.x[i], s.y[i]);
        }
        out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>", points, color);
    }
    // Right-aligned on the title line: legend title, then a swatch and a name per series.
    const std::size_t shown = std::min<std::size_t>(series.size(), 8);
    auto nameWidth = [](const std::string& text) {
        return 6.5 * static_cast<double>(std::min<std::size_t>(text.size(), 14));
    };
    double width = axes.legendTitle.empty() ? 0 : nameWidth(axes.legendTitle) + 6;
    for (std::size_t k = 0; k < shown; ++k)
        width += 16 + nameWidth(series[k].name);
    double legendX = std::max(kLeft + 200, kW - 10 - width);
    if (!axes.legendTitle.empty()) {
        out += fmt::format("<text x=\"{:.0f}\" y=\"19\">{}</text>", legendX, esc(axes.legendTitle));
        legendX += nameWidth(axes.legendTitle) + 6;
    }
    for (std::size_t k = 0; k < shown; ++k) {
        out += fmt::format("<rect x=\"{:.0f}\" y=\"10\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.0f}\" "
                           "y=\"19\">{}</text>",
                           legendX, kPalette[k % std::size(kPalette)], legendX + 13, esc(series[k].name));
        legendX += 16 + nameWidth(series[k].name);
    }
    return out + "</svg>\n";
}

} // namespace optiqual::db
