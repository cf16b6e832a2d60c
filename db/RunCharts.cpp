#include "db/RunCharts.h"

#include "db/SvgChart.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace optiqual::db {

namespace {

/// "ber_waterfall lane 12" → {"ber_waterfall", "12"}; a name without a lane stays whole.
std::pair<std::string, std::string> splitLane(const std::string& name) {
    const auto at = name.rfind(" lane ");
    if (at == std::string::npos)
        return {name, name};
    return {name.substr(0, at), name.substr(at + 6)};
}

std::string axisLabel(const std::string& name, const std::string& unit) {
    return unit.empty() ? name : name + " [" + unit + "]";
}

bool wantsLogAxis(const TraceDetail& t) {
    std::string lower = t.yName;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (lower.find("ber") != std::string::npos)
        return true;
    const auto [lo, hi] = std::minmax_element(t.y.begin(), t.y.end());
    return lo != t.y.end() && *lo > 0 && *hi / *lo > 1e3;
}

void addTraceCharts(const RunDetail& run, std::vector<ReportSection>& out) {
    for (const auto& step : run.steps) {
        if (step.traces.empty())
            continue;
        const auto& first = step.traces.front();
        XyAxes axes{axisLabel(first.xName, first.xUnit), axisLabel(first.yName, first.yUnit), false, {}, {}};
        std::vector<XySeries> series;
        for (const auto& t : step.traces) {
            auto [base, lane] = splitLane(t.name);
            axes.logY = axes.logY || wantsLogAxis(t);
            if (lane != t.name)
                axes.legendTitle = "lane";
            series.push_back({lane, t.x, t.y});
        }
        ReportSection s;
        s.heading = step.path;
        s.svg = svgXyChart(splitLane(first.name).first, axes, series);
        out.push_back(std::move(s));
    }
}

/// The outermost loop variable of a measurement: the last numeric key of its conditions (they list the innermost
/// loop first), as "name=value" with the value for sorting.
struct Corner {
    std::string key;
    double value = 0;
};

std::optional<Corner> outermost(const std::string& conditions) {
    if (conditions.empty())
        return std::nullopt;
    const auto json = nlohmann::ordered_json::parse(conditions, nullptr, false);
    if (!json.is_object())
        return std::nullopt;
    std::optional<Corner> last;
    for (const auto& [key, value] : json.items())
        if (value.is_number())
            last = Corner{key, value.get<double>()};
    return last;
}

void addLaneCharts(const RunDetail& run, std::vector<ReportSection>& out) {
    struct Curve {
        std::map<int, double> byLane;
        bool repeated = false;
    };
    struct Chart {
        std::string unit, key;
        std::optional<double> low, high;
        std::map<double, Curve> curves; ///< by the outermost loop's value
        std::set<int> lanes;
        bool mixedKeys = false;
    };
    std::map<std::string, Chart> charts; // by measurement name, in name order
    std::vector<std::string> order;      // first-seen order
    for (const auto& step : run.steps)
        for (const auto& m : step.measurements) {
            if (!m.lane || !m.value)
                continue;
            auto [it, inserted] = charts.try_emplace(m.name);
            Chart& c = it->second;
            if (inserted) {
                order.push_back(m.name);
                c.unit = m.unit;
                c.low = m.low;
                c.high = m.high;
            }
            const auto corner = outermost(m.conditions);
            const std::string key = corner ? corner->key : "";
            if (inserted)
                c.key = key;
            c.mixedKeys = c.mixedKeys || key != c.key;
            Curve& curve = c.curves[corner ? corner->value : 0.0];
            curve.repeated = curve.repeated || curve.byLane.count(*m.lane) != 0;
            curve.byLane[*m.lane] = *m.value;
            c.lanes.insert(*m.lane);
        }
    for (const auto& name : order) {
        const Chart& c = charts.at(name);
        // A curve per corner needs one value per lane in each: a sweep's many points per lane are its traces.
        const bool oneEach =
            std::none_of(c.curves.begin(), c.curves.end(), [](const auto& kv) { return kv.second.repeated; });
        if (c.lanes.size() < 8 || c.mixedKeys || !oneEach)
            continue;
        XyAxes axes{"lane", axisLabel(name, c.unit), false, {}, c.key};
        if (c.low)
            axes.yLines.emplace_back(*c.low, fmt::format("{:.4g}", *c.low));
        if (c.high)
            axes.yLines.emplace_back(*c.high, fmt::format("{:.4g}", *c.high));
        std::vector<XySeries> series;
        for (const auto& [value, curve] : c.curves) {
            XySeries s{c.key.empty() ? "all" : fmt::format("{:.4g}", value), {}, {}};
            for (const auto& [lane, y] : curve.byLane) {
                s.x.push_back(lane);
                s.y.push_back(y);
            }
            series.push_back(std::move(s));
        }
        ReportSection s;
        s.heading = name + " by lane";
        s.svg = svgXyChart(name + (c.key.empty() ? "" : " per lane at each " + c.key), axes, series);
        out.push_back(std::move(s));
    }
}

} // namespace

std::vector<ReportSection> runCharts(const RunDetail& run) {
    std::vector<ReportSection> out;
    addLaneCharts(run, out);
    addTraceCharts(run, out);
    return out;
}

} // namespace optiqual::db
