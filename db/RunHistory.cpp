#include "db/RunHistory.h"

#include "db/Connection.h"

namespace optiqual::db {

namespace {

// One fixed statement: an unset filter field is an always-true branch of its own condition, so the text never
// changes with the filter and every value is a bound parameter (?1 serial, ?2 part number, ?3 verdict: -1 any,
// 0 still open; ?4 since, ?5 until). Newest first walks the run_time index backwards and stops at the limit.
constexpr const char* kWhere =
    "WHERE (?1 = '' OR instr(lower(u.serial), lower(?1)) > 0) AND (?2 = '' OR p.part_number = ?2) "
    "AND (?3 < 0 OR (?3 = 0 AND r.outcome IS NULL) OR r.outcome = ?3) AND r.started_at >= ?4 AND r.started_at < ?5 ";

// The first failure as `report run` and `report unit` name it (db/RunDetail.cpp): the first FAIL or ERROR step's
// path and its first failing measurement, else its error. Runs whose summary counts no failing row skip it.
constexpr const char* kSelect =
    "SELECT r.id, u.serial, p.part_number, r.outcome, r.started_at, r.ended_at, "
    "CASE WHEN r.failures IS 0 THEN '' ELSE coalesce((SELECT sd.path || coalesce(': ' || (SELECT md.name FROM "
    "  measurement m JOIN measurement_def md ON md.id = m.def_id WHERE m.run_id = st.run_id AND m.step_seq = st.seq "
    "  AND m.outcome IN (4, 5) ORDER BY m.seq LIMIT 1), coalesce(': ' || st.error, '')) "
    "  FROM step st JOIN step_def sd ON sd.id = st.step_def_id WHERE st.run_id = r.id AND st.outcome IN (4, 5) "
    "  ORDER BY st.seq LIMIT 1), '') END "
    "FROM run r JOIN unit u ON u.id = r.unit_id JOIN part p ON p.id = r.part_id ";

void bindFilter(Statement& st, const HistoryFilter& f) {
    st.bind(1, f.serial);
    st.bind(2, f.partNumber);
    st.bind(3, f.verdict ? static_cast<std::int64_t>(*f.verdict) : std::int64_t{-1});
    st.bind(4, f.since);
    st.bind(5, f.until);
}

} // namespace

HistoryList queryHistory(const Connection& c, const HistoryFilter& filter, std::size_t maxRows) {
    HistoryList list;
    {
        std::string sql = kSelect;
        sql += kWhere;
        sql += "ORDER BY r.started_at DESC, r.id DESC LIMIT ?6";
        auto st = c.prepare(sql);
        bindFilter(st, filter);
        st.bind(6, static_cast<std::int64_t>(maxRows));
        while (st.step()) {
            HistoryRow row;
            row.id = st.getInt(0);
            row.serial = st.getText(1);
            row.partNumber = st.getText(2);
            if (auto o = st.getOptionalInt(3))
                row.outcome = static_cast<sequences::Verdict>(*o);
            row.startedAt = st.getInt(4);
            row.endedAt = st.getOptionalInt(5);
            row.firstFailure = st.getText(6);
            list.rows.push_back(std::move(row));
        }
    }
    if (list.rows.size() < maxRows) {
        list.total = static_cast<std::int64_t>(list.rows.size());
    } else {
        std::string sql = "SELECT count(*) FROM run r JOIN unit u ON u.id = r.unit_id JOIN part p ON p.id = r.part_id ";
        sql += kWhere;
        auto st = c.prepare(sql);
        bindFilter(st, filter);
        list.total = st.step() ? st.getInt(0) : 0;
    }
    auto parts = c.prepare("SELECT DISTINCT part_number FROM part ORDER BY part_number");
    while (parts.step())
        list.partNumbers.push_back(parts.getText(0));
    return list;
}

} // namespace optiqual::db
