#pragma once
#include "db/Statement.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief The per-run summaries reports read instead of a run's rows (schema version 4,
/// docs/results-schema.md): on the run, its failing-row count, judged and passed step executions and the first
/// try of each step (a shared `try_set`); in `run_values`, the run's numeric values packed in measurement order
/// (their definitions a shared `value_layout`), keyed by run start so capability and SPC read them in report order
/// with one sequential scan. Derived only from the run's stored rows, at its end, so a report reads exactly what
/// a scan of the rows would.
///
/// Written on the writer's connection inside its transaction; after a rollback call forgetCachedIds().
class ReportSummaries {
public:
    explicit ReportSummaries(Connection& connection);

    /// @brief Summarises finished run @p runId from its stored steps and measurements.
    void summarise(std::int64_t runId);
    void forgetCachedIds();

    /// @brief Summarises every finished run (migration 4 of an older file). @return how many runs.
    static std::int64_t backfill(Connection& connection);

    /// @brief Encodes ids as the BLOB of little-endian int64 that `try_set` and `value_layout` hold.
    static std::string packIds(const std::vector<std::int64_t>& ids);
    static std::vector<std::int64_t> unpackIds(std::string_view blob);

private:
    std::int64_t sharedId(Statement& upsert, std::unordered_map<std::string, std::int64_t>& cache,
                          const std::string& blob);

    Connection& m_connection;
    Statement m_run, m_steps, m_measurements, m_update, m_upsertTries, m_upsertLayout, m_insertValues;
    std::unordered_map<std::string, std::int64_t> m_trySets, m_layouts;
    // Reused buffers: a run end allocates nothing once the station is warm.
    std::vector<std::int64_t> m_tries, m_defs;
    std::vector<double> m_values;
};

} // namespace optiqual::db
