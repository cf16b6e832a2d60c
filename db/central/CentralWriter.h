#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::db::central {

class PgConnection;
struct RunPayload;

/// @brief How one run fared at the central store.
enum class Delivery {
    Stored,        ///< new to the server, written in this transaction
    AlreadyStored, ///< the server has this UUID with the same payload: a re-send, harmless
    Collision,     ///< the server has this UUID with a different payload: quarantined, never overwritten
};

/// @brief Writes runs into the central store inside the caller's transaction: the run row first, idempotent on
/// its UUID (INSERT … ON CONFLICT DO NOTHING), its steps, measurements, traces and audit buffered and sent with
/// one COPY per table at flush(). Shared rows (station, part, unit, definitions) are upserted once per
/// connection and their ids cached; forgetIds() after a rollback, which may have taken ids with it.
class CentralWriter {
public:
    explicit CentralWriter(PgConnection& connection) : m_connection(connection) {}

    /// @brief Adds one run; on Collision, @p reason says what the server holds.
    Delivery write(const RunPayload& run, std::string& reason);
    /// @brief Sends the buffered rows of the runs written since the last flush.
    void flush();
    /// @brief Drops cached ids and buffered rows (after a ROLLBACK).
    void forgetIds();

private:
    using Params = std::vector<std::optional<std::string>>;
    /// The id of the row @p upsert (… ON CONFLICT … RETURNING id) finds or makes, cached under its parameters.
    long long idOf(std::map<Params, long long>& cache, const char* upsert, const Params& params);

    PgConnection& m_connection;
    std::map<Params, long long> m_stations, m_parts, m_units, m_sequences, m_limitSets, m_stepDefs, m_measurementDefs,
        m_conditions, m_instruments, m_trySets;
    std::string m_steps, m_measurements, m_traces, m_audit, m_instrumentRows;
};

} // namespace optiqual::db::central
