#include "db/SpcReport.h"

#include "db/Statistics.h"
#include "db/ValueScan.h"

#include <algorithm>

namespace optiqual::db {

std::vector<SpcChart> querySpc(const Connection& connection, const ReportFilter& filter, SpcOptions options) {
    const ValueScan scan(connection, filter);
    std::vector<SpcChart> charts(scan.series().size());
    for (std::size_t i = 0; i < charts.size(); ++i)
        charts[i].series = scan.series()[i];
    // Pass 1: centre and σ within, as computeCapability() gives them.
    if (options.keepValues) {
        auto loaded = loadMeasurementSeries(connection, filter);
        for (auto& s : loaded)
            for (auto& chart : charts)
                if (chart.series.defId == s.defId)
                    chart.series.values = std::move(s.values);
        for (auto& chart : charts) {
            const auto cap = computeCapability(chart.series.values, std::nullopt, std::nullopt);
            chart.n = cap.n;
            chart.center = cap.mean;
            chart.sigma = cap.sigmaWithin;
        }
    } else {
        std::vector<CapabilityPasses> passes(charts.size(), CapabilityPasses(std::nullopt, std::nullopt));
        scan.forEach([&](std::size_t s, double v, std::int64_t, std::int64_t) { passes[s].first(v); });
        for (std::size_t i = 0; i < charts.size(); ++i) {
            const auto cap = passes[i].result();
            charts[i].n = cap.n;
            charts[i].center = cap.mean;
            charts[i].sigma = cap.sigmaWithin;
        }
    }
    // Pass 2: the rules point by point, with the run of each point that is kept.
    const bool keepLatest = !options.allPoints && options.latestPoints > 0;
    std::vector<WesternElectric> rules;
    std::vector<std::size_t> index(charts.size(), 0);
    for (auto& chart : charts) {
        chart.ucl = chart.center + 3 * chart.sigma;
        chart.lcl = chart.center - 3 * chart.sigma;
        rules.emplace_back(chart.center, chart.sigma);
        if (options.keepValues)
            chart.rules.reserve(chart.n);
    }
    scan.forEach([&](std::size_t s, double v, std::int64_t runId, std::int64_t time) {
        auto& chart = charts[s];
        const auto bits = rules[s].next(v);
        if (bits)
            ++chart.violations;
        if (bits || options.allPoints) {
            chart.points.push_back({index[s], runId, time, v, bits});
            // The latest N only: the older half is dropped each time the list doubles (amortised O(1) a point).
            if (keepLatest && chart.points.size() >= 2 * options.latestPoints)
                chart.points.erase(chart.points.begin(),
                                   chart.points.end() - static_cast<std::ptrdiff_t>(options.latestPoints));
        }
        if (options.keepValues)
            chart.rules.push_back(bits);
        ++index[s];
    });
    if (keepLatest)
        for (auto& chart : charts)
            if (chart.points.size() > options.latestPoints)
                chart.points.erase(chart.points.begin(),
                                   chart.points.end() - static_cast<std::ptrdiff_t>(options.latestPoints));
    std::erase_if(charts, [](const SpcChart& c) { return c.n == 0; });
    std::stable_sort(charts.begin(), charts.end(),
                     [](const SpcChart& a, const SpcChart& b) { return a.violations > b.violations; });
    return charts;
}

std::string describeRules(std::uint8_t bits) {
    std::string out;
    for (int rule = 1; rule <= 4; ++rule)
        if (bits & (1 << (rule - 1))) {
            if (!out.empty())
                out += ",";
            out += std::to_string(rule);
        }
    return out;
}

} // namespace optiqual::db
