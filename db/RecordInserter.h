#pragma once
#include "db/Connection.h"
#include "db/DefinitionKeys.h"
#include "db/Records.h"
#include "db/ReportSummaries.h"

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace optiqual::db {

/// @brief The SQL that stores records, on the writer thread's connection: prepared statements and caches of
/// the ids of shared definitions (stations, parts, step and measurement definitions, condition sets).
/// Callers wrap calls in transactions; after a rollback they must call forgetCachedIds(), because ids
/// inserted by the rolled-back transaction no longer exist. A step's measurements go in multi-row INSERTs of up
/// to kMeasurementsPerInsert rows.
class RecordInserter {
public:
    static constexpr std::size_t kMeasurementsPerInsert = 16;

    /// @param owner the writer's OwnerLock token, stored with each run it starts
    RecordInserter(Connection& connection, std::string owner);

    struct InsertedRun {
        std::int64_t id = 0;
        int attempt = 0;
    };
    InsertedRun insertRun(const RunStart& start, const std::string& uuid);
    /// @brief Inserts the step as number @p stepSeq of the run, its measurements numbered from
    /// @p measurementSeq (advanced past them) and its traces.
    void insertStep(std::int64_t runId, int stepSeq, int& measurementSeq, const StepRecord& step);
    /// @brief Stores the run's end and its report summaries (ReportSummaries), from the rows stored so far.
    void finishRun(std::int64_t runId, sequences::Verdict outcome, TimePoint endedAt, const std::string& reason);
    void insertAudit(const AuditEvent& event, std::optional<std::int64_t> runId);
    std::int64_t upsertInstrument(std::int64_t stationId, const InstrumentInfo& info, TimePoint seen);
    std::int64_t stationId(const StationInfo& station);

    void forgetCachedIds();

private:
    std::int64_t partId(const UnitInfo& unit);
    std::int64_t unitId(const UnitInfo& unit, std::int64_t partId, std::int64_t now);
    std::int64_t sequenceId(const SequenceInfo& sequence);
    std::int64_t limitSetId(const LimitSetInfo& limits);
    std::int64_t stepDefId(const StepRecord& step);
    std::int64_t measurementDefId(std::int64_t stepDef, const sequences::Measurement& m);
    std::int64_t conditionId(const std::vector<std::pair<std::string, double>>& conditions);
    std::int64_t conditionIdOf(const std::vector<std::pair<std::string, double>>& conditions);
    /// The INSERT of @p rows measurements (1 … kMeasurementsPerInsert), prepared when first needed.
    Statement& measurementInsert(std::size_t rows);
    void insertMeasurements(std::int64_t runId, int stepSeq, int& measurementSeq, std::int64_t stepDef,
                            const std::vector<sequences::Measurement>& measurements);

    Connection& m_connection;
    std::string m_owner;
    Statement m_upsertStation, m_upsertPart, m_upsertUnit, m_upsertSequence, m_upsertLimitSet, m_upsertInstrument;
    Statement m_nextAttempt, m_insertRun, m_linkInstrument, m_finishRun;
    Statement m_upsertStepDef, m_upsertMeasurementDef, m_upsertCondition;
    Statement m_insertStep, m_insertTrace, m_insertAudit;
    ReportSummaries m_summaries;
    std::array<Statement, kMeasurementsPerInsert> m_insertMeasurements; // [n - 1] inserts n rows

    std::unordered_map<std::string, std::int64_t> m_stations, m_parts, m_sequences, m_limitSets, m_stepDefs,
        m_conditions;
    using MeasurementDefIds =
        std::unordered_map<MeasurementDefKey, std::int64_t, MeasurementDefHash, MeasurementDefEqual>;
    MeasurementDefIds m_measurementDefs;
    const MeasurementDefIds::value_type* m_lastDef = nullptr; // consecutive measurements often share one
    std::vector<std::pair<std::string, double>> m_lastConditions;
    std::int64_t m_lastConditionId = 0; // 0: none
    std::string m_key;                  // reused buffer for cache keys
};

} // namespace optiqual::db
