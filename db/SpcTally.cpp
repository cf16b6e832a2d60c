#include "db/SpcTally.h"

#include <algorithm>

namespace optiqual::db {

SpcTally::SpcTally(std::vector<MeasurementSeries> series, SpcOptions options)
    : m_options(options), m_charts(series.size()),
      m_passes(series.size(), CapabilityPasses(std::nullopt, std::nullopt)), m_index(series.size(), 0) {
    for (std::size_t i = 0; i < series.size(); ++i)
        m_charts[i].series = std::move(series[i]);
    if (m_options.keepValues)
        m_values.resize(m_charts.size());
}

void SpcTally::endPass() {
    if (m_pass == 1) {
        // Centre and σ within, as computeCapability() gives them; the limits for the rules of pass 2.
        m_rules.reserve(m_charts.size());
        for (std::size_t i = 0; i < m_charts.size(); ++i) {
            auto& chart = m_charts[i];
            const auto cap = m_passes[i].result();
            chart.n = cap.n;
            chart.center = cap.mean;
            chart.sigma = cap.sigmaWithin;
            chart.ucl = chart.center + 3 * chart.sigma;
            chart.lcl = chart.center - 3 * chart.sigma;
            m_rules.emplace_back(chart.center, chart.sigma);
            if (m_options.keepValues) {
                chart.series.values = m_values[i].take();
                chart.rules.reserve(chart.n);
            }
        }
        m_values.clear();
    }
    ++m_pass;
}

void SpcTally::keep(SpcChart& chart, SpcPoint point) {
    chart.points.push_back(std::move(point));
    // The latest N only: the older half is dropped each time the list doubles (amortised O(1) a point).
    const bool keepLatest = !m_options.allPoints && m_options.latestPoints > 0;
    if (keepLatest && chart.points.size() >= 2 * m_options.latestPoints)
        chart.points.erase(chart.points.begin(),
                           chart.points.end() - static_cast<std::ptrdiff_t>(m_options.latestPoints));
}

std::vector<SpcChart> SpcTally::result() {
    auto charts = std::move(m_charts);
    if (!m_options.allPoints && m_options.latestPoints > 0)
        for (auto& chart : charts)
            if (chart.points.size() > m_options.latestPoints)
                chart.points.erase(chart.points.begin(),
                                   chart.points.end() - static_cast<std::ptrdiff_t>(m_options.latestPoints));
    std::erase_if(charts, [](const SpcChart& c) { return c.n == 0; });
    std::stable_sort(charts.begin(), charts.end(), [](const SpcChart& a, const SpcChart& b) {
        if (a.series.group != b.series.group)
            return a.series.group < b.series.group;
        return a.violations > b.violations;
    });
    return charts;
}

} // namespace optiqual::db
