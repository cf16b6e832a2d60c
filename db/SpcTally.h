#pragma once
#include "db/ChunkedValues.h"
#include "db/MeasurementSeries.h"
#include "db/SpcReport.h"
#include "db/Statistics.h"
#include "db/ValueRun.h"

#include <cstddef>
#include <vector>

namespace optiqual::db {

/// @brief The control-chart arithmetic of every store (SpcReport.h): the station's SQLite file and the central
/// PostgreSQL feed it their values, so a fleet's SPC and a station's are one code path. Two passes over the values,
/// each series in time order: the first gives the centre and σ within, the second judges each point by the Western
/// Electric rules and keeps the points the options ask for.
class SpcTally {
public:
    SpcTally(std::vector<MeasurementSeries> series, SpcOptions options);

    bool needsPass() const { return m_pass <= 2; }
    /// @brief The next value of series @p s (an index into the constructor's list) in this pass, from @p run.
    void add(std::size_t s, double value, const ValueRun& run) {
        if (m_pass == 1) {
            m_passes[s].first(value);
            if (m_options.keepValues)
                m_values[s].push(value);
            return;
        }
        auto& chart = m_charts[s];
        const auto bits = m_rules[s].next(value);
        if (bits)
            ++chart.violations;
        if (bits || m_options.allPoints)
            keep(chart, {m_index[s], run.id, run.time, value, bits, std::string(run.uuid)});
        if (m_options.keepValues)
            chart.rules.push_back(bits);
        ++m_index[s];
    }
    /// @brief Ends a pass over all the values.
    void endPass();
    /// @brief The charts with values, most violations first; grouped series (MeasurementSeries::group) by group
    /// first.
    std::vector<SpcChart> result();

private:
    void keep(SpcChart& chart, SpcPoint point);

    SpcOptions m_options;
    std::vector<SpcChart> m_charts;
    std::vector<CapabilityPasses> m_passes;
    std::vector<ChunkedValues> m_values;
    std::vector<WesternElectric> m_rules;
    std::vector<std::size_t> m_index;
    int m_pass = 1;
};

/// @brief Feeds @p scan's values to an SpcTally over its series, both passes. @p scan has series() and
/// forEach(visit(seriesIndex, value, ValueRun)).
template <typename Scan> std::vector<SpcChart> tallySpc(const Scan& scan, SpcOptions options) {
    SpcTally tally(scan.series(), options);
    while (tally.needsPass()) {
        scan.forEach([&](std::size_t s, double value, const ValueRun& run) { tally.add(s, value, run); });
        tally.endPass();
    }
    return tally.result();
}

} // namespace optiqual::db
