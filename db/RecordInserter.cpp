#include "db/RecordInserter.h"

#include "db/TimeText.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace optiqual::db {

static_assert(std::endian::native == std::endian::little, "trace blobs are stored as little-endian float64");

namespace {

void appendDouble(std::string& key, std::optional<double> v) {
    if (!v) {
        key.push_back('\0');
        return;
    }
    key.push_back('\1');
    char bytes[sizeof(double)];
    std::memcpy(bytes, &*v, sizeof(double));
    key.append(bytes, sizeof(double));
}

void appendJsonString(std::string& out, std::string_view text) {
    out.push_back('"');
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20) {
            out += fmt::format("\\u{:04x}", c);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
}

std::optional<double> finite(std::optional<double> v) {
    if (v && !std::isfinite(*v))
        return std::nullopt;
    return v;
}

} // namespace

RecordInserter::RecordInserter(Connection& c, std::string owner)
    : m_connection(c), m_owner(std::move(owner)),
      m_upsertStation(c.prepare("INSERT INTO station (name, hostname, created_at) VALUES (?1, ?2, ?3) "
                                "ON CONFLICT (name) DO UPDATE SET hostname = CASE WHEN excluded.hostname = '' "
                                "THEN hostname ELSE excluded.hostname END RETURNING id")),
      m_upsertPart(c.prepare("INSERT INTO part (part_number, revision, product) VALUES (?1, ?2, ?3) "
                             "ON CONFLICT (part_number, revision) DO UPDATE SET product = "
                             "CASE WHEN excluded.product = '' THEN product ELSE excluded.product END RETURNING id")),
      m_upsertUnit(c.prepare("INSERT INTO unit (serial, part_id, lot, created_at) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (serial) DO UPDATE SET part_id = excluded.part_id, "
                             "lot = CASE WHEN excluded.lot = '' THEN lot ELSE excluded.lot END RETURNING id")),
      m_upsertSequence(c.prepare("INSERT INTO sequence_version (name, version, content_hash, content) "
                                 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (content_hash) DO UPDATE SET "
                                 "name = name RETURNING id")),
      m_upsertLimitSet(c.prepare("INSERT INTO limit_set (name, hash, content) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (hash) DO UPDATE SET name = name RETURNING id")),
      m_upsertInstrument(c.prepare(
          "INSERT INTO instrument (station_id, role, model, idn, serial, firmware, calibration_due, resource, "
          "first_seen, last_seen, identity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10) "
          "ON CONFLICT (identity) DO UPDATE SET last_seen = excluded.last_seen, resource = excluded.resource "
          "RETURNING id")),
      m_nextAttempt(c.prepare("SELECT count(*) + 1 FROM run WHERE unit_id = ?1")),
      m_insertRun(c.prepare("INSERT INTO run (uuid, unit_id, part_id, station_id, socket, operator, "
                            "sequence_version_id, limit_set_id, started_at, attempt, owner) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")),
      m_linkInstrument(c.prepare("INSERT OR IGNORE INTO run_instrument (run_id, instrument_id) VALUES (?1, ?2)")),
      // The owner matters only while a run is open (crash recovery); a finished run's row is kept small.
      m_finishRun(
          c.prepare("UPDATE run SET outcome = ?2, ended_at = ?3, abort_reason = ?4, owner = NULL WHERE id = ?1")),
      m_upsertStepDef(c.prepare("INSERT INTO step_def (path, name, type) VALUES (?1, ?2, ?3) "
                                "ON CONFLICT (path, name, type) DO UPDATE SET type = type RETURNING id")),
      m_upsertMeasurementDef(c.prepare(
          "INSERT INTO measurement_def (step_def_id, name, unit, comparator, low, high, nominal, identity) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (identity) DO UPDATE SET name = name RETURNING id")),
      m_upsertCondition(c.prepare("INSERT INTO condition_set (conditions) VALUES (?1) "
                                  "ON CONFLICT (conditions) DO UPDATE SET conditions = conditions RETURNING id")),
      m_insertStep(c.prepare("INSERT INTO step (run_id, seq, step_def_id, outcome, started_at, duration_us, error) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
      m_insertTrace(c.prepare("INSERT INTO trace (run_id, step_seq, name, x_name, x_unit, y_name, y_unit, points, "
                              "x, y) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")),
      m_insertAudit(c.prepare("INSERT INTO audit (at, station_id, run_id, user, action, target, old_value, "
                              "new_value, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")),
      m_summaries(c) {}

namespace {

constexpr std::size_t kMeasurementParameters = 7; // per row of a multi-row measurement INSERT

/// Runs an upsert … RETURNING id and resets it.
std::int64_t returningId(Statement& st) {
    st.step();
    const auto id = st.getInt(0);
    st.reset();
    return id;
}

} // namespace

void RecordInserter::forgetCachedIds() {
    m_stations.clear();
    m_parts.clear();
    m_sequences.clear();
    m_limitSets.clear();
    m_stepDefs.clear();
    m_measurementDefs.clear();
    m_lastDef = nullptr;
    m_conditions.clear();
    m_lastConditions.clear();
    m_lastConditionId = 0;
    m_summaries.forgetCachedIds();
}

std::int64_t RecordInserter::stationId(const StationInfo& station) {
    if (auto it = m_stations.find(station.name); it != m_stations.end())
        return it->second;
    m_upsertStation.bind(1, station.name).bind(2, station.hostname).bind(3, toMicros(std::chrono::system_clock::now()));
    return m_stations[station.name] = returningId(m_upsertStation);
}

std::int64_t RecordInserter::partId(const UnitInfo& unit) {
    m_key = unit.partNumber;
    m_key.push_back('\0');
    m_key += unit.revision;
    if (auto it = m_parts.find(m_key); it != m_parts.end())
        return it->second;
    m_upsertPart.bind(1, unit.partNumber).bind(2, unit.revision).bind(3, unit.product);
    return m_parts[m_key] = returningId(m_upsertPart);
}

std::int64_t RecordInserter::unitId(const UnitInfo& unit, std::int64_t part, std::int64_t now) {
    m_upsertUnit.bind(1, unit.serial).bind(2, part).bind(3, unit.lot).bind(4, now);
    return returningId(m_upsertUnit);
}

std::int64_t RecordInserter::sequenceId(const SequenceInfo& s) {
    const std::string hash = s.contentHash.empty() ? s.name + "@" + s.version : s.contentHash;
    if (auto it = m_sequences.find(hash); it != m_sequences.end())
        return it->second;
    m_upsertSequence.bind(1, s.name).bind(2, s.version).bind(3, hash).bind(4, s.text);
    return m_sequences[hash] = returningId(m_upsertSequence);
}

std::int64_t RecordInserter::limitSetId(const LimitSetInfo& l) {
    const std::string hash = l.hash.empty() ? l.name : l.hash;
    if (auto it = m_limitSets.find(hash); it != m_limitSets.end())
        return it->second;
    m_upsertLimitSet.bind(1, l.name).bind(2, hash).bind(3, l.text);
    return m_limitSets[hash] = returningId(m_upsertLimitSet);
}

std::int64_t RecordInserter::upsertInstrument(std::int64_t station, const InstrumentInfo& i, TimePoint seen) {
    // A new firmware or calibration makes a new row, so old runs keep pointing at what they really used.
    const std::string identity = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", station, i.role, i.idn, i.serial,
                                             i.firmware, i.calibrationDue.value_or(""));
    m_upsertInstrument.bind(1, station)
        .bind(2, i.role)
        .bind(3, i.model)
        .bind(4, i.idn)
        .bind(5, i.serial)
        .bind(6, i.firmware)
        .bind(7, i.calibrationDue)
        .bind(8, i.resource)
        .bind(9, toMicros(seen))
        .bind(10, identity);
    return returningId(m_upsertInstrument);
}

RecordInserter::InsertedRun RecordInserter::insertRun(const RunStart& start, const std::string& uuid) {
    const auto started = toMicros(start.startedAt);
    const auto station = stationId(start.station);
    const auto part = partId(start.unit);
    const auto unit = unitId(start.unit, part, started);
    const auto sequence = sequenceId(start.sequence);
    std::optional<std::int64_t> limits;
    if (start.limitSet)
        limits = limitSetId(*start.limitSet);
    m_nextAttempt.bind(1, unit);
    const int attempt = static_cast<int>(returningId(m_nextAttempt));
    m_insertRun.bind(1, uuid)
        .bind(2, unit)
        .bind(3, part)
        .bind(4, station)
        .bind(5, start.socket)
        .bind(6, start.operatorName)
        .bind(7, sequence)
        .bind(8, limits)
        .bind(9, started)
        .bind(10, attempt)
        .bind(11, m_owner);
    m_insertRun.run();
    m_insertRun.reset();
    const auto runId = m_connection.lastInsertRowid();
    for (const auto& instrument : start.instruments) {
        m_linkInstrument.bind(1, runId).bind(2, upsertInstrument(station, instrument, start.startedAt));
        m_linkInstrument.run();
        m_linkInstrument.reset();
    }
    return {runId, attempt};
}

std::int64_t RecordInserter::stepDefId(const StepRecord& step) {
    m_key = step.path;
    m_key.push_back('\0');
    m_key += step.name;
    m_key.push_back('\0');
    m_key += step.type;
    if (auto it = m_stepDefs.find(m_key); it != m_stepDefs.end())
        return it->second;
    m_upsertStepDef.bind(1, step.path).bind(2, step.name).bind(3, step.type);
    return m_stepDefs[m_key] = returningId(m_upsertStepDef);
}

std::int64_t RecordInserter::measurementDefId(std::int64_t stepDef, const sequences::Measurement& m) {
    const MeasurementDefView key(stepDef, m);
    if (m_lastDef && m_lastDef->first.view() == key)
        return m_lastDef->second;
    auto it = m_measurementDefs.find(key);
    if (it == m_measurementDefs.end()) {
        // The stored identity is binary (ids, names, comparator, exact limit bits); built only for a new one.
        m_key.assign(reinterpret_cast<const char*>(&stepDef), sizeof stepDef);
        m_key += m.name;
        m_key.push_back('\0');
        m_key += m.limit.unit;
        m_key.push_back('\0');
        m_key.push_back(static_cast<char>(m.limit.comparator));
        appendDouble(m_key, finite(m.limit.low));
        appendDouble(m_key, finite(m.limit.high));
        appendDouble(m_key, finite(m.limit.nominal));
        m_upsertMeasurementDef.bind(1, stepDef)
            .bind(2, m.name)
            .bind(3, m.limit.unit)
            .bind(4, sequences::toString(m.limit.comparator))
            .bind(5, finite(m.limit.low))
            .bind(6, finite(m.limit.high))
            .bind(7, finite(m.limit.nominal))
            .bindBlob(8, m_key.data(), m_key.size());
        const auto id = returningId(m_upsertMeasurementDef);
        it = m_measurementDefs.emplace(MeasurementDefKey(key), id).first;
    }
    m_lastDef = &*it;
    return it->second;
}

std::int64_t RecordInserter::conditionId(const std::vector<std::pair<std::string, double>>& conditions) {
    if (m_lastConditionId != 0 && sameConditions(conditions, m_lastConditions))
        return m_lastConditionId;
    const auto id = conditionIdOf(conditions);
    m_lastConditions = conditions;
    m_lastConditionId = id;
    return id;
}

std::int64_t RecordInserter::conditionIdOf(const std::vector<std::pair<std::string, double>>& conditions) {
    // Looked up by a binary key (names and value bits); the JSON text is built only for a new set.
    m_key.clear();
    for (const auto& [name, value] : conditions) {
        m_key += name;
        m_key.push_back('\0');
        appendDouble(m_key, value);
    }
    if (auto it = m_conditions.find(m_key); it != m_conditions.end())
        return it->second;
    std::string json = "{";
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        if (i)
            json.push_back(',');
        appendJsonString(json, conditions[i].first);
        json.push_back(':');
        json += std::isfinite(conditions[i].second) ? fmt::format("{}", conditions[i].second) : "null";
    }
    json.push_back('}');
    m_upsertCondition.bind(1, json);
    const auto id = returningId(m_upsertCondition);
    m_conditions.emplace(m_key, id);
    return id;
}

void RecordInserter::insertStep(std::int64_t runId, int stepSeq, int& measurementSeq, const StepRecord& step) {
    const auto def = stepDefId(step);
    m_insertStep.bind(1, runId)
        .bind(2, stepSeq)
        .bind(3, def)
        .bind(4, static_cast<int>(step.outcome))
        .bind(5, toMicros(step.startedAt))
        .bind(6, static_cast<std::int64_t>(step.duration.count()));
    if (step.error.empty())
        m_insertStep.bindNull(7);
    else
        m_insertStep.bind(7, step.error);
    m_insertStep.run();
    m_insertStep.reset();

    insertMeasurements(runId, stepSeq, measurementSeq, def, step.measurements);
    for (const auto& t : step.traces) {
        const auto n = std::min(t.x.size(), t.y.size());
        m_insertTrace.bind(1, runId)
            .bind(2, stepSeq)
            .bind(3, t.name)
            .bind(4, t.xName)
            .bind(5, t.xUnit)
            .bind(6, t.yName)
            .bind(7, t.yUnit)
            .bind(8, static_cast<std::int64_t>(n))
            .bindBlob(9, t.x.data(), n * sizeof(double))
            .bindBlob(10, t.y.data(), n * sizeof(double));
        m_insertTrace.run();
        m_insertTrace.reset();
    }
}

Statement& RecordInserter::measurementInsert(std::size_t rows) {
    auto& st = m_insertMeasurements[rows - 1];
    if (!st.prepared()) {
        // ?1 run_id and ?2 step_seq are shared by the rows; row r's own values are ?(3 + 7r) … ?(9 + 7r).
        std::string sql = "INSERT INTO measurement (run_id, seq, step_seq, def_id, value, outcome, lane, text, "
                          "condition_id) VALUES ";
        for (std::size_t r = 0; r < rows; ++r) {
            const auto p = 2 + kMeasurementParameters * r;
            sql += fmt::format("{}(?1, ?{}, ?2, ?{}, ?{}, ?{}, ?{}, ?{}, ?{})", r ? ", " : "", p + 1, p + 2, p + 3,
                               p + 4, p + 5, p + 6, p + 7);
        }
        st = m_connection.prepare(sql);
    }
    return st;
}

void RecordInserter::insertMeasurements(std::int64_t runId, int stepSeq, int& measurementSeq, std::int64_t stepDef,
                                        const std::vector<sequences::Measurement>& measurements) {
    // Every parameter is bound each time, so the statements are only reset, never cleared.
    for (std::size_t first = 0; first < measurements.size(); first += kMeasurementsPerInsert) {
        const std::size_t rows = std::min(kMeasurementsPerInsert, measurements.size() - first);
        auto& st = measurementInsert(rows);
        st.bind(1, runId).bind(2, stepSeq);
        for (std::size_t r = 0; r < rows; ++r) {
            const auto& m = measurements[first + r];
            const int p = 2 + static_cast<int>(r * kMeasurementParameters);
            st.bind(p + 1, measurementSeq++).bind(p + 2, measurementDefId(stepDef, m));
            if (m.text || !std::isfinite(m.value))
                st.bindNull(p + 3);
            else
                st.bind(p + 3, m.value);
            st.bind(p + 4, static_cast<int>(m.outcome)).bind(p + 5, m.lane).bind(p + 6, m.text);
            if (m.conditions.empty())
                st.bindNull(p + 7);
            else
                st.bind(p + 7, conditionId(m.conditions));
        }
        st.run();
    }
}

void RecordInserter::finishRun(std::int64_t runId, sequences::Verdict outcome, TimePoint endedAt,
                               const std::string& reason) {
    m_finishRun.bind(1, runId).bind(2, static_cast<int>(outcome)).bind(3, toMicros(endedAt)).bind(4, reason);
    m_finishRun.run();
    m_finishRun.reset();
    m_summaries.summarise(runId);
}

void RecordInserter::insertAudit(const AuditEvent& e, std::optional<std::int64_t> runId) {
    std::optional<std::int64_t> station;
    if (!e.station.empty())
        station = stationId(StationInfo{e.station, {}});
    m_insertAudit.bind(1, toMicros(e.at))
        .bind(2, station)
        .bind(3, runId)
        .bind(4, e.user)
        .bind(5, e.action)
        .bind(6, e.target)
        .bind(7, e.oldValue)
        .bind(8, e.newValue)
        .bind(9, e.reason);
    m_insertAudit.run();
    m_insertAudit.reset();
}

} // namespace optiqual::db
