#pragma once
#include "db/CapabilityReport.h"
#include "db/ChunkedValues.h"
#include "db/MeasurementSeries.h"
#include "db/Statistics.h"
#include "db/ValueRun.h"

#include <cstddef>
#include <vector>

namespace optiqual::db {

/// @brief The capability arithmetic of every store (CapabilityReport.h): the station's SQLite file and the central
/// PostgreSQL feed it their values, so a fleet's Cpk and a station's are one code path. The values of each series
/// come in time order, pass after pass, as long as needsPass() says (one pass with CapabilityOptions::keepValues, up
/// to three without: CapabilityPasses).
class CapabilityTally {
public:
    CapabilityTally(std::vector<MeasurementSeries> series, CapabilityOptions options);

    bool needsPass() const { return m_pass <= m_passes; }
    /// @brief The next value of series @p s (an index into the constructor's list) in this pass.
    void add(std::size_t s, double value) {
        if (m_options.keepValues) {
            m_values[s].push(value);
            return;
        }
        auto& passes = m_tallies[s];
        if (m_pass == 1)
            passes.first(value);
        else if (m_pass == 2)
            passes.second(value);
        else if (passes.passesNeeded() >= 3)
            passes.third(value);
    }
    /// @brief Ends a pass over all the values.
    void endPass();
    /// @brief The rows with values, lowest Cpk first (those without Cpk last); grouped series (MeasurementSeries::
    /// group) by group first.
    std::vector<CapabilityRow> result();

private:
    std::vector<MeasurementSeries> m_series;
    CapabilityOptions m_options;
    std::vector<CapabilityPasses> m_tallies;
    std::vector<ChunkedValues> m_values;
    int m_pass = 1;
    int m_passes = 1;
};

/// @brief Feeds @p scan's values to a CapabilityTally over its series, as many passes as it needs. @p scan has
/// series() and forEach(visit(seriesIndex, value, ValueRun)).
template <typename Scan> std::vector<CapabilityRow> tallyCapability(const Scan& scan, CapabilityOptions options) {
    CapabilityTally tally(scan.series(), options);
    while (tally.needsPass()) {
        scan.forEach([&](std::size_t s, double value, const ValueRun&) { tally.add(s, value); });
        tally.endPass();
    }
    return tally.result();
}

} // namespace optiqual::db
