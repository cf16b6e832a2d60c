#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief One finished run waiting to be sent to the central store.
struct OutboxItem {
    std::int64_t runId = 0;
    std::string uuid;
    int attempts = 0;
};

/// @brief A run the central store refused, and why.
struct QuarantinedRun {
    std::string uuid;
    std::string reason;
    std::int64_t at = 0;
};

/// @brief What `optiqual sync --status` shows.
struct OutboxStatus {
    std::int64_t pending = 0, sent = 0, quarantined = 0;
    std::int64_t due = 0;                        ///< pending and not waiting out a backoff
    std::optional<std::int64_t> oldestPendingAt; ///< when the oldest pending run finished
    std::optional<std::int64_t> lastSentAt;
    std::string lastError;                       ///< of the pending run that failed most recently, "" when none has
    std::vector<QuarantinedRun> quarantinedRuns; ///< newest first, at most the number asked for
};

/// @brief The station side of store-and-forward (docs/central-store.md): the outbox table a run enters in the
/// transaction that finishes it (schema version 5 triggers). States: pending → sent, or pending → quarantined;
/// a quarantined run goes back to pending only when someone asks (requeueQuarantined).
class Outbox {
public:
    explicit Outbox(Connection& connection) : m_connection(connection) {}

    /// @brief Pending runs whose next attempt is due at @p now (µs since the epoch), oldest first.
    std::vector<OutboxItem> due(std::int64_t now, int limit) const;
    /// @brief Marks runs the central store holds (new or re-sent), with the hash of what it holds.
    void markSent(const std::vector<std::pair<std::int64_t, std::string>>& runsAndHashes, std::int64_t now);
    /// @brief Parks a run the central store refused; it never blocks the others.
    void quarantine(std::int64_t runId, const std::string& hash, const std::string& reason, std::int64_t now);
    /// @brief Counts an attempt that failed for a reason that may pass (connection lost, server down) and waits
    /// out an exponential backoff with jitter before the next: 1 s doubling to 5 min, times 0.5–1.
    void postpone(const std::vector<std::int64_t>& runIds, const std::string& error, std::int64_t now);
    /// @brief Quarantined runs back to pending (after the server was fixed); returns how many.
    int requeueQuarantined();
    /// @brief Counts, the last error and the newest @p quarantinedToList quarantined runs; due relative to @p now.
    OutboxStatus status(std::int64_t now, int quarantinedToList) const;
    /// @brief When the earliest pending run is next due, if any is pending.
    std::optional<std::int64_t> nextDue() const;

    /// @brief The delay before attempt @p attempts + 1 (µs), @p unit in [0, 1) drawn by the caller.
    static std::int64_t backoffMicros(int attempts, double unit);

private:
    Connection& m_connection;
    std::mt19937_64 m_jitter{std::random_device{}()};
};

} // namespace optiqual::db
