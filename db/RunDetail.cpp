#include "db/RunDetail.h"

#include "db/Connection.h"

#include <charconv>
#include <cstring>

namespace optiqual::db {

namespace {

using sequences::Verdict;

constexpr const char* kSummarySelect =
    "SELECT r.id, r.uuid, u.serial, p.part_number, p.revision, p.product, u.lot, s.name, r.socket, r.operator, "
    "sv.name, sv.version, sv.content_hash, coalesce(ls.name, ''), coalesce(ls.hash, ''), r.started_at, r.ended_at, "
    "r.outcome, r.attempt, r.abort_reason, "
    "(SELECT sd.path || coalesce(': ' || (SELECT md.name FROM measurement m JOIN measurement_def md ON "
    "   md.id = m.def_id WHERE m.run_id = st.run_id AND m.step_seq = st.seq AND m.outcome IN (4, 5) "
    "   ORDER BY m.seq LIMIT 1), coalesce(': ' || st.error, '')) "
    "  FROM step st JOIN step_def sd ON sd.id = st.step_def_id WHERE st.run_id = r.id AND st.outcome IN (4, 5) "
    "  ORDER BY st.seq LIMIT 1) "
    "FROM run r JOIN unit u ON u.id = r.unit_id JOIN part p ON p.id = r.part_id JOIN station s ON s.id = r.station_id "
    "JOIN sequence_version sv ON sv.id = r.sequence_version_id LEFT JOIN limit_set ls ON ls.id = r.limit_set_id ";

/// Built by appending: GCC 12 warns falsely (-Warray-bounds) on string + literal of this size.
std::string summarySql(std::string_view where) {
    std::string sql;
    sql.reserve(std::strlen(kSummarySelect) + where.size());
    sql.append(kSummarySelect);
    sql.append(where);
    return sql;
}

RunSummary readSummary(const Statement& st) {
    RunSummary r;
    r.id = st.getInt(0);
    r.uuid = st.getText(1);
    r.serial = st.getText(2);
    r.partNumber = st.getText(3);
    r.revision = st.getText(4);
    r.product = st.getText(5);
    r.lot = st.getText(6);
    r.station = st.getText(7);
    r.socket = static_cast<int>(st.getInt(8));
    r.operatorName = st.getText(9);
    r.sequenceName = st.getText(10);
    r.sequenceVersion = st.getText(11);
    r.sequenceHash = st.getText(12);
    r.limitSetName = st.getText(13);
    r.limitSetHash = st.getText(14);
    r.startedAt = st.getInt(15);
    r.endedAt = st.getOptionalInt(16);
    if (auto o = st.getOptionalInt(17))
        r.outcome = static_cast<Verdict>(*o);
    r.attempt = static_cast<int>(st.getInt(18));
    r.abortReason = st.getText(19);
    r.firstFailure = st.getText(20);
    return r;
}

std::vector<double> doubles(std::string_view blob) {
    std::vector<double> out(blob.size() / sizeof(double));
    if (!out.empty())
        std::memcpy(out.data(), blob.data(), out.size() * sizeof(double));
    return out;
}

} // namespace

std::vector<RunSummary> queryUnitHistory(const Connection& c, const std::string& serial) {
    std::vector<RunSummary> out;
    auto st = c.prepare(summarySql("WHERE u.serial = ?1 ORDER BY r.started_at, r.id"));
    st.bind(1, serial);
    while (st.step())
        out.push_back(readSummary(st));
    return out;
}

std::optional<RunDetail> queryRunDetail(const Connection& c, const std::string& idOrUuid) {
    std::int64_t id = 0;
    const auto* end = idOrUuid.data() + idOrUuid.size();
    const bool numeric = !idOrUuid.empty() && std::from_chars(idOrUuid.data(), end, id).ptr == end;
    auto st = c.prepare(summarySql(numeric ? "WHERE r.id = ?1" : "WHERE r.uuid = ?1"));
    if (numeric)
        st.bind(1, id);
    else
        st.bind(1, idOrUuid);
    if (!st.step())
        return std::nullopt;
    RunDetail d;
    d.summary = readSummary(st);
    id = d.summary.id;
    {
        auto q = c.prepare("SELECT s.seq, sd.path, sd.name, sd.type, s.outcome, s.started_at, s.duration_us, "
                           "coalesce(s.error, '') FROM step s JOIN step_def sd ON sd.id = s.step_def_id "
                           "WHERE s.run_id = ?1 ORDER BY s.seq");
        q.bind(1, id);
        while (q.step())
            d.steps.push_back({static_cast<int>(q.getInt(0)),
                               q.getText(1),
                               q.getText(2),
                               q.getText(3),
                               static_cast<Verdict>(q.getInt(4)),
                               q.getInt(5),
                               q.getInt(6),
                               q.getText(7),
                               {},
                               {}});
    }
    auto stepAt = [&](int seq) -> StepDetail* {
        for (auto& s : d.steps)
            if (s.seq == seq)
                return &s;
        return nullptr;
    };
    {
        auto q = c.prepare("SELECT m.step_seq, m.seq, md.name, md.unit, md.comparator, md.low, md.high, md.nominal, "
                           "m.value, m.text, m.outcome, m.lane, coalesce(cs.conditions, '') FROM measurement m "
                           "JOIN measurement_def md ON md.id = m.def_id LEFT JOIN condition_set cs ON "
                           "cs.id = m.condition_id WHERE m.run_id = ?1 ORDER BY m.seq");
        q.bind(1, id);
        while (q.step()) {
            MeasurementDetail m;
            m.seq = static_cast<int>(q.getInt(1));
            m.name = q.getText(2);
            m.unit = q.getText(3);
            m.comparator = q.getText(4);
            m.low = q.getOptionalDouble(5);
            m.high = q.getOptionalDouble(6);
            m.nominal = q.getOptionalDouble(7);
            m.value = q.getOptionalDouble(8);
            m.text = q.getOptionalText(9);
            m.outcome = static_cast<Verdict>(q.getInt(10));
            if (auto lane = q.getOptionalInt(11))
                m.lane = static_cast<int>(*lane);
            m.conditions = q.getText(12);
            if (auto* s = stepAt(static_cast<int>(q.getInt(0))))
                s->measurements.push_back(std::move(m));
        }
    }
    {
        auto q = c.prepare("SELECT step_seq, name, x_name, x_unit, y_name, y_unit, x, y FROM trace WHERE run_id = ?1 "
                           "ORDER BY id");
        q.bind(1, id);
        while (q.step())
            if (auto* s = stepAt(static_cast<int>(q.getInt(0))))
                s->traces.push_back({q.getText(1), q.getText(2), q.getText(3), q.getText(4), q.getText(5),
                                     doubles(q.getBlob(6)), doubles(q.getBlob(7))});
    }
    {
        auto q = c.prepare("SELECT i.role, i.model, i.idn, i.serial, i.firmware, i.resource, i.calibration_due "
                           "FROM run_instrument ri JOIN instrument i ON i.id = ri.instrument_id WHERE ri.run_id = ?1 "
                           "ORDER BY i.role");
        q.bind(1, id);
        while (q.step())
            d.instruments.push_back({q.getText(0), q.getText(1), q.getText(2), q.getText(3), q.getText(4), q.getText(5),
                                     q.getOptionalText(6)});
    }
    {
        auto q = c.prepare("SELECT at, user, action, target, reason, old_value, new_value FROM audit "
                           "WHERE run_id = ?1 ORDER BY at, id");
        q.bind(1, id);
        while (q.step())
            d.audit.push_back({q.getInt(0), q.getText(1), q.getText(2), q.getText(3), q.getText(4),
                               q.getOptionalText(5), q.getOptionalText(6)});
    }
    return d;
}

std::vector<std::int64_t> queryRunIds(const Connection& c, const ReportFilter& filter) {
    std::vector<std::int64_t> ids;
    auto st = c.prepare("SELECT r.id FROM run r WHERE " + filter.runCondition() + " ORDER BY r.started_at, r.id");
    filter.bind(st);
    while (st.step())
        ids.push_back(st.getInt(0));
    return ids;
}

} // namespace optiqual::db
