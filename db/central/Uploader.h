#pragma once
#include "db/Outbox.h"
#include "db/central/CentralWriter.h"
#include "db/central/PgConnection.h"

#include <functional>
#include <memory>
#include <string>

namespace optiqual::db {
class Connection;
}

namespace optiqual::db::central {

struct LoadedRun;

/// @brief What one pass of the uploader did.
struct UploadProgress {
    int sent = 0;         ///< runs the server stored in this pass
    int alreadyThere = 0; ///< re-sent runs the server already held with the same payload
    int quarantined = 0;  ///< refused by the server (constraint, type, UUID collision): parked with the reason
    int postponed = 0;    ///< left pending after a connection failure, to be retried after a backoff
    std::string error;    ///< the connection failure that ended the pass, "" when none did
};

struct UploadOptions {
    std::string url;    ///< libpq URI of the central store
    int batchRuns = 50; ///< runs per PostgreSQL transaction
    /// Called after each batch is settled in the station's outbox (progress lines; tests stop the server here).
    std::function<void(const UploadProgress&)> afterBatch;
};

/// @brief Sends the station's pending runs to the central store (docs/central-store.md, "Delivery"): a batch of
/// runs per PostgreSQL transaction, idempotent on run UUID, then marked sent in the station's file. A batch the
/// server refuses is retried run by run so only the refused run goes to quarantine. A lost connection ends the
/// pass; that batch's runs wait out a backoff. Nothing at the station ever waits for the server.
class Uploader {
public:
    Uploader(Connection& station, UploadOptions options);

    /// @brief Sends every run that is due now; returns at the end of the queue or at a connection failure.
    /// @p honourBackoff false: also the runs still waiting out a backoff (someone asked for a sync now).
    UploadProgress sendDue(bool honourBackoff = true);
    /// @brief The station's outbox (status, next due time).
    Outbox& outbox() { return m_outbox; }

private:
    bool connect(UploadProgress& progress);
    void disconnect();
    /// One PostgreSQL transaction for @p batch; throws CentralError, leaving the station's outbox unchanged.
    void sendTogether(const std::vector<LoadedRun>& batch, UploadProgress& progress);

    Connection& m_station;
    Outbox m_outbox;
    UploadOptions m_options;
    std::unique_ptr<PgConnection> m_pg;
    std::unique_ptr<CentralWriter> m_writer;
};

} // namespace optiqual::db::central
