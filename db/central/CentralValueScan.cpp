#include "db/central/CentralValueScan.h"

#include "db/central/CentralFilter.h"
#include "db/central/PgCursor.h"
#include "sequences/Limit.h"

#include <algorithm>

namespace optiqual::db::central {

CentralValueScan::CentralValueScan(PgConnection& c, const ReportFilter& filter)
    : m_connection(&c), m_filter(filter),
      m_byStation(std::find(filter.groupBy.begin(), filter.groupBy.end(), GroupKey::Station) != filter.groupBy.end()) {
    // The measurement label "step path/name" is matched by the server, as the station matches it (a substring).
    const auto defs = c.exec("SELECT md.id, sd.path, md.name, md.unit, md.comparator, md.low, md.high "
                             "FROM measurement_def md JOIN step_def sd ON sd.id = md.step_def_id "
                             "WHERE $1::text IS NULL OR strpos(sd.path || '/' || md.name, $1::text) > 0 ORDER BY md.id",
                             {filter.measurement});
    std::vector<MeasurementSeries> kept;
    for (int i = 0; i < defs.rows(); ++i) {
        MeasurementSeries s;
        s.defId = defs.integer(i, 0);
        s.stepPath = defs.text(i, 1);
        s.name = defs.text(i, 2);
        s.unit = defs.text(i, 3);
        s.comparator = defs.text(i, 4);
        const auto cmp = sequences::parseComparator(s.comparator).value_or(sequences::Comparator::LOG);
        if (sequences::needsLow(cmp) && !defs.isNull(i, 5))
            s.lsl = defs.real(i, 5);
        if (sequences::needsHigh(cmp) && !defs.isNull(i, 6))
            s.usl = defs.real(i, 6);
        m_defSlots = std::max(m_defSlots, static_cast<std::size_t>(s.defId) + 1);
        kept.push_back(std::move(s));
    }
    // Grouped: the stations with runs in the window, by name (the station_id index answers each).
    std::vector<std::pair<long long, std::string>> stations{{-1, ""}};
    if (m_byStation) {
        stations.clear();
        const auto rows = c.exec("SELECT s.id, s.name FROM station s WHERE EXISTS (SELECT 1 FROM run r WHERE "
                                 "r.station_id = s.id AND " +
                                     std::string(runSelection()) + ") ORDER BY s.name",
                                 selectionParams(filter));
        for (int i = 0; i < rows.rows(); ++i) {
            const auto id = rows.integer(i, 0);
            if (static_cast<std::size_t>(id) >= m_stationSlot.size())
                m_stationSlot.resize(static_cast<std::size_t>(id) + 1, -1);
            m_stationSlot[static_cast<std::size_t>(id)] = static_cast<int>(stations.size());
            stations.emplace_back(id, rows.text(i, 1));
        }
    }
    m_index.assign(stations.size() * m_defSlots, -1);
    for (std::size_t slot = 0; slot < stations.size(); ++slot)
        for (const auto& def : kept) {
            m_index[slot * m_defSlots + static_cast<std::size_t>(def.defId)] = static_cast<int>(m_series.size());
            m_series.push_back(def);
            m_series.back().group = stations[slot].second;
        }
    m_defIds = "{";
    for (const auto& def : kept)
        m_defIds += (m_defIds.size() > 1 ? "," : "") + std::to_string(def.defId);
    m_defIds += "}";
}

void CentralValueScan::stream(const std::function<void(const PgResult&)>& onBatch) const {
    if (m_series.empty())
        return;
    auto params = selectionParams(m_filter);
    const auto defIds = parameter(params.size() + 1);
    params.emplace_back(m_defIds);
    // Counted runs only (not aborted or terminated), as a station's run_values. The window is repeated on the
    // measurement's own copy of the run start so that the planner reads only the month partitions it covers.
    streamCursor(*m_connection,
                 "SELECT r.started_at, r.uuid, r.station_id, m.def_id, m.value FROM run r "
                 "JOIN measurement m ON m.run_uuid = r.uuid AND m.run_started_at = r.started_at WHERE " +
                     std::string(runSelection()) +
                     " AND r.outcome NOT IN (6, 7) "
                     "AND ($1::timestamptz IS NULL OR m.run_started_at >= $1::timestamptz) "
                     "AND ($2::timestamptz IS NULL OR m.run_started_at < $2::timestamptz) "
                     "AND m.def_id = ANY(" +
                     defIds + "::integer[]) AND m.value IS NOT NULL ORDER BY r.started_at, r.uuid, m.seq",
                 params, onBatch);
}

std::string CentralValueScan::formatUuid(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        const auto b = static_cast<unsigned char>(bytes[i]);
        out += kHex[b >> 4];
        out += kHex[b & 0xf];
    }
    return out;
}

} // namespace optiqual::db::central
