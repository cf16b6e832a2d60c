#include "db/central/CentralWriter.h"

#include "db/TimeText.h"
#include "db/central/PgArray.h"
#include "db/central/PgConnection.h"
#include "db/central/RunPayload.h"

#include <algorithm>

namespace optiqual::db::central {

namespace {

using sequences::Verdict;
using Params = std::vector<std::optional<std::string>>;

std::optional<std::string> optionalFloat(const std::optional<double>& v) {
    return v ? std::optional<std::string>(pgFloat(*v)) : std::nullopt;
}

/// Appends one COPY text-format row: fields separated by tabs, NULL as \N.
void appendRow(std::string& out, const Params& fields) {
    bool first = true;
    for (const auto& f : fields) {
        if (!first)
            out += '\t';
        first = false;
        if (f)
            appendCopyField(out, *f);
        else
            out += kCopyNull;
    }
    out += '\n';
}

constexpr const char* kStation = "INSERT INTO station (name) VALUES ($1) ON CONFLICT (name) DO UPDATE "
                                 "SET last_upload = now() RETURNING id";
constexpr const char* kPart = "INSERT INTO part (part_number, revision, product) VALUES ($1, $2, $3) "
                              "ON CONFLICT (part_number, revision) DO UPDATE SET product = part.product RETURNING id";
constexpr const char* kUnit = "INSERT INTO unit (serial, part_id, lot) VALUES ($1, $2, $3) "
                              "ON CONFLICT (serial) DO UPDATE SET serial = unit.serial RETURNING id";
constexpr const char* kSequence = "INSERT INTO sequence_version (name, version, content_hash, content) "
                                  "VALUES ($1, $2, $3, $4) ON CONFLICT (content_hash) DO UPDATE "
                                  "SET name = sequence_version.name RETURNING id";
constexpr const char* kLimitSet = "INSERT INTO limit_set (name, hash, content) VALUES ($1, $2, $3) "
                                  "ON CONFLICT (hash) DO UPDATE SET name = limit_set.name RETURNING id";
constexpr const char* kStepDef = "INSERT INTO step_def (path, name, type) VALUES ($1, $2, $3) "
                                 "ON CONFLICT (path, name, type) DO UPDATE SET type = step_def.type RETURNING id";
constexpr const char* kMeasurementDef =
    "INSERT INTO measurement_def (step_def_id, name, unit, comparator, low, high, nominal) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ON CONSTRAINT measurement_def_identity DO UPDATE "
    "SET name = measurement_def.name RETURNING id";
constexpr const char* kCondition = "INSERT INTO condition_set (conditions) VALUES ($1) ON CONFLICT (conditions) "
                                   "DO UPDATE SET conditions = condition_set.conditions RETURNING id";
constexpr const char* kInstrument =
    "INSERT INTO instrument (station_id, role, model, idn, serial, firmware, calibration_due, resource) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ON CONSTRAINT instrument_identity DO UPDATE "
    "SET role = instrument.role RETURNING id";
constexpr const char* kTrySet = "INSERT INTO try_set (tries) VALUES ($1) ON CONFLICT (tries) DO UPDATE "
                                "SET tries = try_set.tries RETURNING id";
constexpr const char* kRun =
    "INSERT INTO run (uuid, station_id, unit_id, part_id, socket, operator, sequence_version_id, limit_set_id, "
    "started_at, ended_at, outcome, attempt, abort_reason, failures, judged_steps, passed_steps, first_tries, "
    "payload_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) "
    "ON CONFLICT (uuid) DO NOTHING RETURNING 1";

bool failing(Verdict v) {
    return v == Verdict::Fail || v == Verdict::Error;
}

/// The run's report summaries, the station's rule (db/ReportSummaries.cpp) over central step definition ids.
struct Summary {
    long long failures = 0, judged = 0, passed = 0;
    std::vector<long long> firstTries;
};

Summary summarise(const RunDetail& run, const std::vector<long long>& stepDefs) {
    Summary s;
    for (std::size_t i = 0; i < run.steps.size(); ++i) {
        const auto& step = run.steps[i];
        s.failures += failing(step.outcome);
        for (const auto& m : step.measurements)
            s.failures += failing(m.outcome);
        if (step.outcome != Verdict::Pass && !failing(step.outcome))
            continue;
        ++s.judged;
        s.passed += step.outcome == Verdict::Pass;
        s.firstTries.push_back(stepDefs[i] << 1 | (step.outcome == Verdict::Pass ? 1 : 0));
    }
    std::stable_sort(s.firstTries.begin(), s.firstTries.end(), [](auto a, auto b) { return (a >> 1) < (b >> 1); });
    s.firstTries.erase(
        std::unique(s.firstTries.begin(), s.firstTries.end(), [](auto a, auto b) { return (a >> 1) == (b >> 1); }),
        s.firstTries.end());
    return s;
}

} // namespace

long long CentralWriter::idOf(std::map<Params, long long>& cache, const char* upsert, const Params& params) {
    if (const auto it = cache.find(params); it != cache.end())
        return it->second;
    const long long id = m_connection.exec(upsert, params).integer(0, 0);
    cache.emplace(params, id);
    return id;
}

Delivery CentralWriter::write(const RunPayload& run, std::string& reason) {
    const auto& r = run.detail.summary;
    const auto text = [](const auto& v) { return std::optional<std::string>(std::to_string(v)); };
    const long long station = idOf(m_stations, kStation, {r.station});
    const long long part = idOf(m_parts, kPart, {r.partNumber, r.revision, r.product});
    const long long unit = idOf(m_units, kUnit, {r.serial, std::to_string(part), r.lot});
    const long long sequence =
        idOf(m_sequences, kSequence, {r.sequenceName, r.sequenceVersion, r.sequenceHash, run.sequenceContent});
    std::optional<std::string> limitSet;
    if (!r.limitSetHash.empty())
        limitSet = std::to_string(idOf(m_limitSets, kLimitSet, {r.limitSetName, r.limitSetHash, run.limitSetContent}));
    const std::string startedAt = formatUtc(r.startedAt);
    std::vector<long long> stepDefs;
    stepDefs.reserve(run.detail.steps.size());
    for (const auto& s : run.detail.steps)
        stepDefs.push_back(idOf(m_stepDefs, kStepDef, {s.path, s.name, s.type}));
    const Summary summary = summarise(run.detail, stepDefs);
    const auto inserted = m_connection.exec(
        kRun,
        {r.uuid, text(station), text(unit), text(part), text(r.socket), r.operatorName, text(sequence), limitSet,
         startedAt, r.endedAt ? std::optional<std::string>(formatUtc(*r.endedAt)) : std::nullopt,
         r.outcome ? text(static_cast<int>(*r.outcome)) : std::nullopt, text(r.attempt), r.abortReason,
         text(summary.failures), text(summary.judged), text(summary.passed),
         summary.firstTries.empty() ? std::nullopt : text(idOf(m_trySets, kTrySet, {integerArray(summary.firstTries)})),
         run.hash});
    if (inserted.rows() == 0) {
        const auto held = m_connection.exec("SELECT payload_hash, s.name FROM run JOIN station s ON s.id = "
                                            "run.station_id WHERE uuid = $1",
                                            {r.uuid});
        if (held.rows() == 1 && held.text(0, 0) == run.hash)
            return Delivery::AlreadyStored;
        reason = "run UUID " + r.uuid + " is already on the server from station '" +
                 (held.rows() == 1 ? held.text(0, 1) : std::string("?")) + "' with a different payload (hash " +
                 (held.rows() == 1 ? held.text(0, 0).substr(0, 12) : std::string("?")) + "… there, " +
                 run.hash.substr(0, 12) + "… here)";
        return Delivery::Collision;
    }
    int traceSeq = 0;
    for (std::size_t i = 0; i < run.detail.steps.size(); ++i) {
        const auto& s = run.detail.steps[i];
        const long long stepDef = stepDefs[i];
        appendRow(m_steps,
                  {r.uuid, text(s.seq), text(stepDef), text(static_cast<int>(s.outcome)), formatUtc(s.startedAt),
                   text(s.durationUs), s.error.empty() ? std::nullopt : std::optional<std::string>(s.error)});
        for (const auto& m : s.measurements) {
            const long long def = idOf(m_measurementDefs, kMeasurementDef,
                                       {text(stepDef), m.name, m.unit, m.comparator, optionalFloat(m.low),
                                        optionalFloat(m.high), optionalFloat(m.nominal)});
            std::optional<std::string> condition;
            if (!m.conditions.empty())
                condition = std::to_string(idOf(m_conditions, kCondition, {m.conditions}));
            appendRow(m_measurements,
                      {r.uuid, startedAt, text(m.seq), text(s.seq), text(def), optionalFloat(m.value),
                       text(static_cast<int>(m.outcome)), m.lane ? text(*m.lane) : std::nullopt, m.text, condition});
        }
        for (const auto& t : s.traces) {
            appendRow(m_traces, {r.uuid, text(traceSeq++), text(s.seq), t.name, t.xName, t.xUnit, t.yName, t.yUnit,
                                 floatArray(t.x), floatArray(t.y)});
        }
    }
    int seq = 0;
    for (const auto& i : run.detail.instruments) {
        const long long id =
            idOf(m_instruments, kInstrument,
                 {text(station), i.role, i.model, i.idn, i.serial, i.firmware, i.calibrationDue, i.resource});
        appendRow(m_instrumentRows, {r.uuid, text(seq++), text(id)});
    }
    seq = 0;
    for (const auto& a : run.detail.audit)
        appendRow(m_audit,
                  {r.uuid, text(seq++), formatUtc(a.at), a.user, a.action, a.target, a.oldValue, a.newValue, a.reason});
    return Delivery::Stored;
}

void CentralWriter::flush() {
    const auto send = [this](const char* copy, std::string& rows) {
        if (!rows.empty())
            m_connection.copyIn(copy, rows);
        rows.clear();
    };
    send("COPY step (run_uuid, seq, step_def_id, outcome, started_at, duration_us, error) FROM STDIN", m_steps);
    send("COPY measurement (run_uuid, run_started_at, seq, step_seq, def_id, value, outcome, lane, text, "
         "condition_id) FROM STDIN",
         m_measurements);
    send("COPY trace (run_uuid, seq, step_seq, name, x_name, x_unit, y_name, y_unit, x, y) FROM STDIN", m_traces);
    send("COPY audit (run_uuid, seq, at, user_name, action, target, old_value, new_value, reason) FROM STDIN", m_audit);
    send("COPY run_instrument (run_uuid, seq, instrument_id) FROM STDIN", m_instrumentRows);
}

void CentralWriter::forgetIds() {
    for (auto* cache : {&m_stations, &m_parts, &m_units, &m_sequences, &m_limitSets, &m_stepDefs, &m_measurementDefs,
                        &m_conditions, &m_instruments, &m_trySets})
        cache->clear();
    for (auto* rows : {&m_steps, &m_measurements, &m_traces, &m_audit, &m_instrumentRows})
        rows->clear();
}

} // namespace optiqual::db::central
