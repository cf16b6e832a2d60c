#pragma once
#include "db/MeasurementSeries.h"
#include "db/ReportFilter.h"
#include "db/ValueRun.h"
#include "db/central/PgConnection.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace optiqual::db::central {

/// @brief The central store's counterpart of ValueScan: streams the numeric measurement values of a report's runs in
/// report order — run start, run UUID, then measurement order — to CapabilityTally and SpcTally. The server makes
/// the selection (time, part number, measurement label) from bound parameters and sends the rows through a cursor in
/// binary batches, so a year of a fleet never sits in memory. With `--by station` each station's values of a
/// measurement are a series of their own (MeasurementSeries::group).
class CentralValueScan {
public:
    /// @brief Reads the measurement definitions the filter keeps (and, grouped by station, the stations with runs in
    /// the window); the values are read by each forEach().
    CentralValueScan(PgConnection& connection, const ReportFilter& filter);

    /// @brief The series in order: by station name when grouped, then by definition id; without values.
    const std::vector<MeasurementSeries>& series() const { return m_series; }

    /// @brief Calls @p visit(seriesIndex, value, ValueRun) for every value, in report order (readings without a number
    /// left out: text, and NaN, which the station's file stores as NULL and so uploads as NULL).
    template <typename Visit> void forEach(Visit&& visit) const {
        std::string uuid; // the current run's, as text: formatted once per run, not per value
        std::string lastBytes;
        stream([&](const PgResult& rows) {
            for (int i = 0; i < rows.rows(); ++i) {
                const int s = seriesOf(rows.integer(i, 2), rows.integer(i, 3));
                if (s < 0)
                    continue;
                const auto id = rows.bytes(i, 1);
                if (id != lastBytes) {
                    lastBytes.assign(id);
                    uuid = formatUuid(id);
                }
                visit(static_cast<std::size_t>(s), rows.real(i, 4),
                      ValueRun{0, fromPgMicros(rows.integer(i, 0)), uuid});
            }
        });
    }

    /// @brief "0190…-…" from a binary uuid's 16 bytes.
    static std::string formatUuid(std::string_view bytes);
    /// @brief UTC µs from a binary timestamptz (µs since 2000-01-01).
    static std::int64_t fromPgMicros(long long pg) { return pg + kPgEpochMicros; }

private:
    static constexpr std::int64_t kPgEpochMicros = 946'684'800'000'000;

    void stream(const std::function<void(const PgResult&)>& onBatch) const;
    int seriesOf(long long stationId, long long defId) const {
        const auto slot = m_byStation ? (stationId >= 0 && static_cast<std::size_t>(stationId) < m_stationSlot.size()
                                             ? m_stationSlot[static_cast<std::size_t>(stationId)]
                                             : -1)
                                      : 0;
        if (slot < 0 || defId < 0 || static_cast<std::size_t>(defId) >= m_defSlots)
            return -1;
        return m_index[static_cast<std::size_t>(slot) * m_defSlots + static_cast<std::size_t>(defId)];
    }

    PgConnection* m_connection;
    ReportFilter m_filter;
    bool m_byStation = false;
    std::vector<MeasurementSeries> m_series;
    std::vector<int> m_stationSlot; ///< by station id: its slot (-1: a station without runs in the window)
    std::size_t m_defSlots = 0;     ///< the largest definition id kept, plus one
    std::vector<int> m_index;       ///< by slot × m_defSlots + definition id: the series index, -1 when left out
    std::string m_defIds;           ///< the kept definitions as an integer[] literal, bound as $4
};

} // namespace optiqual::db::central
