#include "db/Outbox.h"

#include "db/Connection.h"
#include "db/Statement.h"
#include "db/TestRecord.h"
#include "db/Transaction.h"

#include <algorithm>
#include <cmath>

namespace optiqual::db {

std::vector<OutboxItem> Outbox::due(std::int64_t now, int limit) const {
    auto st = m_connection.prepare("SELECT o.run_id, r.uuid, o.attempts FROM outbox o JOIN run r ON r.id = o.run_id "
                                   "WHERE o.state = 'pending' AND o.next_attempt_at <= ?1 ORDER BY o.run_id LIMIT ?2");
    st.bind(1, now).bind(2, limit);
    std::vector<OutboxItem> out;
    while (st.step())
        out.push_back({st.getInt(0), st.getText(1), static_cast<int>(st.getInt(2))});
    return out;
}

void Outbox::markSent(const std::vector<std::pair<std::int64_t, std::string>>& runsAndHashes, std::int64_t now) {
    if (runsAndHashes.empty())
        return;
    Transaction tx(m_connection);
    auto st = m_connection.prepare("UPDATE outbox SET state = 'sent', payload_hash = ?2, payload_schema = ?3, "
                                   "done_at = ?4, attempts = attempts + 1, last_error = '' WHERE run_id = ?1");
    for (const auto& [run, hash] : runsAndHashes) {
        st.bind(1, run).bind(2, hash).bind(3, kTestRecordSchema).bind(4, now);
        st.run();
        st.reset();
    }
    tx.commit();
}

void Outbox::quarantine(std::int64_t runId, const std::string& hash, const std::string& reason, std::int64_t now) {
    Transaction tx(m_connection);
    auto st = m_connection.prepare("UPDATE outbox SET state = 'quarantined', payload_hash = nullif(?2, ''), "
                                   "payload_schema = ?3, done_at = ?4, attempts = attempts + 1, last_error = ?5 "
                                   "WHERE run_id = ?1");
    st.bind(1, runId).bind(2, hash).bind(3, kTestRecordSchema).bind(4, now).bind(5, reason);
    st.run();
    tx.commit();
}

std::int64_t Outbox::backoffMicros(int attempts, double unit) {
    constexpr double kFirst = 1.0;  // s
    constexpr double kMost = 300.0; // s
    const double full = std::min(kMost, kFirst * std::pow(2.0, std::clamp(attempts, 0, 30)));
    return static_cast<std::int64_t>(full * (0.5 + 0.5 * unit) * 1e6);
}

void Outbox::postpone(const std::vector<std::int64_t>& runIds, const std::string& error, std::int64_t now) {
    if (runIds.empty())
        return;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Transaction tx(m_connection);
    auto read = m_connection.prepare("SELECT attempts FROM outbox WHERE run_id = ?1");
    auto st = m_connection.prepare("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 "
                                   "WHERE run_id = ?1 AND state = 'pending'");
    for (const auto run : runIds) {
        read.bind(1, run);
        const int attempts = read.step() ? static_cast<int>(read.getInt(0)) : 0;
        read.reset();
        st.bind(1, run).bind(2, now + backoffMicros(attempts, unit(m_jitter))).bind(3, error);
        st.run();
        st.reset();
    }
    tx.commit();
}

int Outbox::requeueQuarantined() {
    Transaction tx(m_connection);
    m_connection.exec("UPDATE outbox SET state = 'pending', next_attempt_at = 0, done_at = NULL "
                      "WHERE state = 'quarantined'");
    const int changed = static_cast<int>(m_connection.queryInt("SELECT changes()"));
    tx.commit();
    return changed;
}

OutboxStatus Outbox::status(std::int64_t now, int quarantinedToList) const {
    OutboxStatus s;
    {
        auto st = m_connection.prepare("SELECT state, count(*) FROM outbox GROUP BY state");
        while (st.step()) {
            const auto state = st.getText(0);
            (state == "pending" ? s.pending : state == "sent" ? s.sent : s.quarantined) = st.getInt(1);
        }
    }
    {
        auto st = m_connection.prepare(
            "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1), "
            "(SELECT min(enqueued_at) FROM outbox WHERE state = 'pending'), "
            "(SELECT max(done_at) FROM outbox WHERE state = 'sent'), "
            "(SELECT last_error FROM outbox WHERE state = 'pending' AND last_error != '' "
            " ORDER BY next_attempt_at DESC LIMIT 1)");
        st.bind(1, now);
        if (st.step()) {
            s.due = st.getInt(0);
            s.oldestPendingAt = st.getOptionalInt(1);
            s.lastSentAt = st.getOptionalInt(2);
            s.lastError = st.getOptionalText(3).value_or("");
        }
    }
    auto st = m_connection.prepare("SELECT r.uuid, o.last_error, o.done_at FROM outbox o JOIN run r ON r.id = "
                                   "o.run_id WHERE o.state = 'quarantined' ORDER BY o.done_at DESC LIMIT ?1");
    st.bind(1, quarantinedToList);
    while (st.step())
        s.quarantinedRuns.push_back({st.getText(0), st.getText(1), st.getOptionalInt(2).value_or(0)});
    return s;
}

std::optional<std::int64_t> Outbox::nextDue() const {
    auto st = m_connection.prepare("SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'");
    return st.step() ? st.getOptionalInt(0) : std::nullopt;
}

} // namespace optiqual::db
