#include "db/central/BackgroundUploader.h"

#include "db/Outbox.h"
#include "db/ResultStore.h"
#include "db/TimeText.h"

#include <spdlog/spdlog.h>

namespace optiqual::db::central {

BackgroundUploader::BackgroundUploader(const std::filesystem::path& stationFile, UploadOptions options,
                                       std::chrono::milliseconds interval)
    : m_interval(interval), m_shownUrl(redactUrl(options.url)) {
    StoreOptions so;
    so.access = OpenAccess::ReadWrite; // the station's writer created and migrated it
    m_store = std::make_unique<ResultStore>(ResultStore::open(stationFile, so));
    m_uploader = std::make_unique<Uploader>(m_store->connection(), std::move(options));
    m_thread = std::jthread([this](const std::stop_token& stop) { loop(stop); });
}

BackgroundUploader::~BackgroundUploader() {
    m_thread.request_stop();
    m_wake.notify_all();
}

void BackgroundUploader::add(const UploadProgress& p) {
    std::lock_guard lock(m_mutex);
    m_totals.sent += p.sent;
    m_totals.alreadyThere += p.alreadyThere;
    m_totals.quarantined += p.quarantined;
    m_totals.lastError = p.error;
}

void BackgroundUploader::loop(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
        UploadProgress p;
        try {
            p = m_uploader->sendDue();
        } catch (const std::exception& e) { // the station's file (locked, full): try again next time
            p.error = e.what();
        }
        add(p);
        const auto now = std::chrono::steady_clock::now();
        if (!p.error.empty() && now - m_lastWarning > std::chrono::minutes(1)) {
            m_lastWarning = now;
            spdlog::warn("central store {}: {} (runs stay in the outbox; retrying with backoff)", m_shownUrl, p.error);
        }
        auto wait = m_interval;
        try {
            if (const auto next = m_uploader->outbox().nextDue())
                wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::microseconds(std::max<std::int64_t>(0, *next - nowMicros()))));
        } catch (const std::exception&) {
        }
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, stop, std::max(wait, std::chrono::milliseconds(50)), [] { return false; });
    }
}

UploadTotals BackgroundUploader::finish() {
    if (!m_finished) {
        m_finished = true;
        m_thread.request_stop();
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
        // The thread is gone: its connection is this thread's now.
        if (m_totals.lastError.empty()) {
            try {
                add(m_uploader->sendDue(/*honourBackoff=*/false));
            } catch (const std::exception& e) {
                m_totals.lastError = e.what();
            }
        }
        try {
            m_totals.pending = m_uploader->outbox().status(nowMicros(), 0).pending;
        } catch (const std::exception& e) {
            m_totals.lastError = e.what();
        }
    }
    return m_totals;
}

} // namespace optiqual::db::central
