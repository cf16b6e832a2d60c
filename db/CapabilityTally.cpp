#include "db/CapabilityTally.h"

#include <algorithm>

namespace optiqual::db {

CapabilityTally::CapabilityTally(std::vector<MeasurementSeries> series, CapabilityOptions options)
    : m_series(std::move(series)), m_options(options) {
    if (m_options.keepValues) {
        m_values.resize(m_series.size());
        return;
    }
    m_tallies.reserve(m_series.size());
    for (const auto& s : m_series)
        m_tallies.emplace_back(s.lsl, s.usl);
}

void CapabilityTally::endPass() {
    // Pass 1 tells how many more the series need: two with both limits or none, three with one (CapabilityPasses).
    if (m_pass == 1 && !m_options.keepValues)
        for (const auto& p : m_tallies)
            m_passes = std::max(m_passes, p.passesNeeded());
    ++m_pass;
}

std::vector<CapabilityRow> CapabilityTally::result() {
    std::vector<CapabilityRow> rows;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        CapabilityRow row;
        if (m_options.keepValues) {
            m_series[i].values = m_values[i].take();
            row.capability = computeCapability(m_series[i].values, m_series[i].lsl, m_series[i].usl);
        } else {
            row.capability = m_tallies[i].result();
        }
        if (row.capability.n == 0)
            continue;
        row.belowTarget = row.capability.cpk && *row.capability.cpk < kCpkTarget;
        row.series = std::move(m_series[i]);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const CapabilityRow& a, const CapabilityRow& b) {
        if (a.series.group != b.series.group)
            return a.series.group < b.series.group;
        if (a.capability.cpk.has_value() != b.capability.cpk.has_value())
            return a.capability.cpk.has_value();
        return a.capability.cpk && *a.capability.cpk < *b.capability.cpk;
    });
    return rows;
}

} // namespace optiqual::db
