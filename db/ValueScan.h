#pragma once
#include "db/MeasurementSeries.h"
#include "db/ReportFilter.h"
#include "db/Statement.h"
#include "db/ValueRun.h"

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief Streams the numeric measurement values of a report's runs in report order — run start, run id, then
/// measurement order — from `run_values` (ReportSummaries): one sequential scan, no row per value, nothing held in
/// memory. Capability and SPC make one pass per statistic they need over the same values.
class ValueScan {
public:
    /// @brief The measurement definitions the filter keeps (filter.measurement), in id order, without values.
    ValueScan(const Connection& connection, ReportFilter filter);

    const std::vector<MeasurementSeries>& series() const { return m_series; }

    /// @brief Calls @p visit(seriesIndex, value, ValueRun) for every value, in report order.
    template <typename Visit> void forEach(Visit&& visit) const {
        if (m_series.empty())
            return;
        auto st = prepare();
        while (st.step()) {
            const auto& positions = layout(st.getInt(2));
            const auto runId = st.getInt(1);
            const auto startedAt = st.getInt(0);
            const auto blob = st.getBlob(3);
            checkSize(runId, blob.size(), positions.size());
            for (std::size_t i = 0; i < positions.size(); ++i) {
                if (positions[i] < 0)
                    continue;
                double value;
                std::memcpy(&value, blob.data() + i * sizeof(double), sizeof value);
                visit(static_cast<std::size_t>(positions[i]), value, ValueRun{runId, startedAt, {}});
            }
        }
    }

private:
    Statement prepare() const;
    /// The series index of each value position of a layout (-1: a definition the report leaves out).
    const std::vector<int>& layout(std::int64_t id) const;
    void checkSize(std::int64_t runId, std::size_t bytes, std::size_t values) const;

    const Connection& m_connection;
    ReportFilter m_filter;
    std::vector<MeasurementSeries> m_series;
    std::unordered_map<std::int64_t, std::size_t> m_byDef;
    mutable std::unordered_map<std::int64_t, std::vector<int>> m_layouts;
};

} // namespace optiqual::db
