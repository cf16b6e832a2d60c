#include "db/central/CentralRunDetail.h"

#include "db/central/PgArray.h"
#include "db/central/PgConnection.h"

#include <cstdlib>
#include <map>

namespace optiqual::db::central {

namespace {

// timestamptz → the station's integer microseconds (extract returns numeric: exact).
#define OPTIQUAL_MICROS(column) "(extract(epoch FROM " column ") * 1000000)::bigint"

std::optional<double> optionalReal(const PgResult& r, int row, int column) {
    return r.isNull(row, column) ? std::nullopt : std::optional<double>(r.real(row, column));
}

sequences::Verdict verdict(long long v) {
    return static_cast<sequences::Verdict>(v);
}

} // namespace

std::optional<RunDetail> queryCentralRunDetail(PgConnection& c, const std::string& uuid) {
    const auto h = c.exec("SELECT r.uuid, u.serial, p.part_number, p.revision, p.product, u.lot, s.name, r.socket, "
                          "r.operator, sv.name, sv.version, sv.content_hash, coalesce(ls.name, ''), "
                          "coalesce(ls.hash, ''), " OPTIQUAL_MICROS("r.started_at") ", " OPTIQUAL_MICROS(
                              "r.ended_at") ", r.outcome, r.attempt, r.abort_reason, r.started_at "
                                            "FROM run r JOIN unit u ON u.id = r.unit_id JOIN part p ON p.id = "
                                            "r.part_id JOIN station s ON s.id = r.station_id "
                                            "JOIN sequence_version sv ON sv.id = r.sequence_version_id "
                                            "LEFT JOIN limit_set ls ON ls.id = r.limit_set_id WHERE r.uuid = $1",
                          {uuid});
    if (h.rows() != 1)
        return std::nullopt;
    RunDetail d;
    auto& s = d.summary;
    s.uuid = h.text(0, 0);
    s.serial = h.text(0, 1);
    s.partNumber = h.text(0, 2);
    s.revision = h.text(0, 3);
    s.product = h.text(0, 4);
    s.lot = h.text(0, 5);
    s.station = h.text(0, 6);
    s.socket = static_cast<int>(h.integer(0, 7));
    s.operatorName = h.text(0, 8);
    s.sequenceName = h.text(0, 9);
    s.sequenceVersion = h.text(0, 10);
    s.sequenceHash = h.text(0, 11);
    s.limitSetName = h.text(0, 12);
    s.limitSetHash = h.text(0, 13);
    s.startedAt = h.integer(0, 14);
    s.endedAt = h.integer(0, 15);
    s.outcome = verdict(h.integer(0, 16));
    s.attempt = static_cast<int>(h.integer(0, 17));
    s.abortReason = h.text(0, 18);
    const std::string startedAt = h.text(0, 19);

    std::map<int, std::size_t> stepAt;
    const auto steps = c.exec("SELECT st.seq, sd.path, sd.name, sd.type, st.outcome, " OPTIQUAL_MICROS(
                                  "st.started_at") ", st.duration_us, coalesce(st.error, '') FROM step st "
                                                   "JOIN step_def sd ON sd.id = st.step_def_id WHERE st.run_uuid = $1 "
                                                   "ORDER BY st.seq",
                              {uuid});
    for (int i = 0; i < steps.rows(); ++i) {
        StepDetail st;
        st.seq = static_cast<int>(steps.integer(i, 0));
        st.path = steps.text(i, 1);
        st.name = steps.text(i, 2);
        st.type = steps.text(i, 3);
        st.outcome = verdict(steps.integer(i, 4));
        st.startedAt = steps.integer(i, 5);
        st.durationUs = steps.integer(i, 6);
        st.error = steps.text(i, 7);
        stepAt[st.seq] = d.steps.size();
        d.steps.push_back(std::move(st));
    }
    // The run's start time picks the measurement partition.
    const auto ms = c.exec("SELECT m.step_seq, m.seq, md.name, md.unit, md.comparator, md.low, md.high, md.nominal, "
                           "m.value, m.text, m.outcome, m.lane, coalesce(cs.conditions, '') FROM measurement m "
                           "JOIN measurement_def md ON md.id = m.def_id LEFT JOIN condition_set cs ON cs.id = "
                           "m.condition_id WHERE m.run_uuid = $1 AND m.run_started_at = $2 ORDER BY m.seq",
                           {uuid, startedAt});
    for (int i = 0; i < ms.rows(); ++i) {
        const auto at = stepAt.find(static_cast<int>(ms.integer(i, 0)));
        if (at == stepAt.end())
            continue;
        MeasurementDetail m;
        m.seq = static_cast<int>(ms.integer(i, 1));
        m.name = ms.text(i, 2);
        m.unit = ms.text(i, 3);
        m.comparator = ms.text(i, 4);
        m.low = optionalReal(ms, i, 5);
        m.high = optionalReal(ms, i, 6);
        m.nominal = optionalReal(ms, i, 7);
        m.value = optionalReal(ms, i, 8);
        m.text = ms.optionalText(i, 9);
        m.outcome = verdict(ms.integer(i, 10));
        if (!ms.isNull(i, 11))
            m.lane = static_cast<int>(ms.integer(i, 11));
        m.conditions = ms.text(i, 12);
        d.steps[at->second].measurements.push_back(std::move(m));
    }
    const auto traces = c.exec("SELECT step_seq, name, x_name, x_unit, y_name, y_unit, x::text, y::text FROM trace "
                               "WHERE run_uuid = $1 ORDER BY seq",
                               {uuid});
    for (int i = 0; i < traces.rows(); ++i) {
        const auto at = stepAt.find(static_cast<int>(traces.integer(i, 0)));
        if (at == stepAt.end())
            continue;
        d.steps[at->second].traces.push_back({traces.text(i, 1), traces.text(i, 2), traces.text(i, 3),
                                              traces.text(i, 4), traces.text(i, 5), parseFloatArray(traces.text(i, 6)),
                                              parseFloatArray(traces.text(i, 7))});
    }
    const auto instruments = c.exec("SELECT i.role, i.model, i.idn, i.serial, i.firmware, i.resource, "
                                    "i.calibration_due FROM run_instrument ri JOIN instrument i ON i.id = "
                                    "ri.instrument_id WHERE ri.run_uuid = $1 ORDER BY ri.seq",
                                    {uuid});
    for (int i = 0; i < instruments.rows(); ++i)
        d.instruments.push_back({instruments.text(i, 0), instruments.text(i, 1), instruments.text(i, 2),
                                 instruments.text(i, 3), instruments.text(i, 4), instruments.text(i, 5),
                                 instruments.optionalText(i, 6)});
    const auto audit = c.exec("SELECT " OPTIQUAL_MICROS("at") ", user_name, action, target, reason, old_value, "
                                                              "new_value FROM audit WHERE run_uuid = $1 ORDER BY seq",
                              {uuid});
    for (int i = 0; i < audit.rows(); ++i)
        d.audit.push_back({audit.integer(i, 0), audit.text(i, 1), audit.text(i, 2), audit.text(i, 3), audit.text(i, 4),
                           audit.optionalText(i, 5), audit.optionalText(i, 6)});
    return d;
}

} // namespace optiqual::db::central
