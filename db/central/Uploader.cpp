#include "db/central/Uploader.h"

#include "db/Connection.h"
#include "db/DbError.h"
#include "db/TimeText.h"
#include "db/central/CentralError.h"
#include "db/central/CentralSchema.h"
#include "db/central/RunPayload.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>

namespace optiqual::db::central {

struct LoadedRun {
    OutboxItem item;
    RunPayload payload;
};

namespace {

std::vector<std::int64_t> runIds(const std::vector<LoadedRun>& batch, std::size_t from = 0) {
    std::vector<std::int64_t> ids;
    for (std::size_t i = from; i < batch.size(); ++i)
        ids.push_back(batch[i].item.runId);
    return ids;
}

} // namespace

Uploader::Uploader(Connection& station, UploadOptions options)
    : m_station(station), m_outbox(station), m_options(std::move(options)) {}

bool Uploader::connect(UploadProgress& progress) {
    if (m_pg)
        return true;
    try {
        auto pg = std::make_unique<PgConnection>(PgConnection::open(m_options.url));
        CentralSchema::checkWritable(*pg);
        m_pg = std::move(pg);
        m_writer = std::make_unique<CentralWriter>(*m_pg);
        return true;
    } catch (const CentralError& e) {
        progress.error = e.what();
        return false;
    }
}

void Uploader::disconnect() {
    m_writer.reset();
    m_pg.reset();
}

void Uploader::sendTogether(const std::vector<LoadedRun>& batch, UploadProgress& progress) {
    std::vector<Delivery> deliveries;
    std::vector<std::string> reasons(batch.size());
    m_pg->exec("BEGIN");
    try {
        for (std::size_t i = 0; i < batch.size(); ++i)
            deliveries.push_back(m_writer->write(batch[i].payload, reasons[i]));
        m_writer->flush();
        m_pg->exec("COMMIT");
    } catch (const CentralError&) {
        m_writer->forgetIds();
        m_pg->rollbackQuietly();
        throw;
    }
    // The server holds them now. A crash before the lines below re-sends them: harmless (AlreadyStored).
    std::vector<std::pair<std::int64_t, std::string>> sent;
    const auto now = nowMicros();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& l = batch[i];
        if (deliveries[i] == Delivery::Collision) {
            m_outbox.quarantine(l.item.runId, l.payload.hash, reasons[i], now);
            ++progress.quarantined;
            continue;
        }
        sent.emplace_back(l.item.runId, l.payload.hash);
        ++(deliveries[i] == Delivery::Stored ? progress.sent : progress.alreadyThere);
    }
    m_outbox.markSent(sent, now);
}

UploadProgress Uploader::sendDue(bool honourBackoff) {
    UploadProgress progress;
    // Not honouring the backoff still visits each run once per pass: a pass ends at the first lost connection.
    const std::int64_t horizon = honourBackoff ? 0 : std::numeric_limits<std::int64_t>::max();
    for (;;) {
        const auto items = m_outbox.due(honourBackoff ? nowMicros() : horizon, std::max(1, m_options.batchRuns));
        if (items.empty())
            break;
        std::vector<LoadedRun> batch;
        for (const auto& item : items) {
            std::string problem;
            try {
                if (auto payload = loadRunPayload(m_station, item.runId))
                    batch.push_back({item, std::move(*payload)});
                else
                    problem = "the run is no longer in the station database";
            } catch (const std::exception& e) { // a damaged row, a conditions text that is not JSON …
                problem = std::string("cannot read the run from the station database: ") + e.what();
            }
            if (!problem.empty()) {
                m_outbox.quarantine(item.runId, "", problem, nowMicros());
                ++progress.quarantined;
            }
        }
        if (!connect(progress)) {
            m_outbox.postpone(runIds(batch), progress.error, nowMicros());
            progress.postponed += static_cast<int>(batch.size());
            break;
        }
        try {
            sendTogether(batch, progress);
        } catch (const CentralError& e) {
            if (!e.rejected()) {
                progress.error = e.what();
                disconnect();
                m_outbox.postpone(runIds(batch), progress.error, nowMicros());
                progress.postponed += static_cast<int>(batch.size());
                break;
            }
            // Something in the batch was refused: one transaction per run finds which, the rest go through.
            bool lost = false;
            for (std::size_t i = 0; i < batch.size() && !lost; ++i) {
                try {
                    sendTogether({batch[i]}, progress);
                } catch (const CentralError& one) {
                    if (one.rejected()) {
                        m_outbox.quarantine(batch[i].item.runId, batch[i].payload.hash, one.what(), nowMicros());
                        ++progress.quarantined;
                        continue;
                    }
                    progress.error = one.what();
                    disconnect();
                    m_outbox.postpone(runIds(batch, i), progress.error, nowMicros());
                    progress.postponed += static_cast<int>(batch.size() - i);
                    lost = true;
                }
            }
            if (lost)
                break;
        }
        if (m_options.afterBatch)
            m_options.afterBatch(progress);
    }
    return progress;
}

} // namespace optiqual::db::central
