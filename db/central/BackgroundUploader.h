#pragma once
#include "db/central/Uploader.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace optiqual::db {
class ResultStore;
}

namespace optiqual::db::central {

/// @brief What a station's background uploader did in its life.
struct UploadTotals {
    int sent = 0, alreadyThere = 0, quarantined = 0;
    std::int64_t pending = 0; ///< left in the outbox at the end
    std::string lastError;    ///< of the last pass that failed, "" when the last pass reached the server
};

/// @brief The uploader beside a running station (`optiqual run|lot --sync-to URL`): its own thread and its own
/// connection to the station's file, a pass every @p interval (and when a backoff ends), never in the station's
/// way — the engine and the result writer do not know it exists, so a server that is down or slow changes nothing
/// for the units under test. Failures are logged (at most one line a minute, the URL without its password).
class BackgroundUploader {
public:
    BackgroundUploader(const std::filesystem::path& stationFile, UploadOptions options,
                       std::chrono::milliseconds interval = std::chrono::seconds(1));
    ~BackgroundUploader();
    BackgroundUploader(const BackgroundUploader&) = delete;
    BackgroundUploader& operator=(const BackgroundUploader&) = delete;

    /// @brief Stops the thread; then, if the server answered the last pass, one more pass for the runs that
    /// finished since (bounded by the connection timeout). Returns the totals. Idempotent.
    UploadTotals finish();

private:
    void loop(const std::stop_token& stop);
    void add(const UploadProgress& p);

    std::unique_ptr<ResultStore> m_store;
    std::unique_ptr<Uploader> m_uploader;
    std::chrono::milliseconds m_interval;
    std::string m_shownUrl;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    UploadTotals m_totals;
    std::chrono::steady_clock::time_point m_lastWarning{};
    bool m_finished = false;
    std::jthread m_thread; ///< last: started once everything above exists, joined first
};

} // namespace optiqual::db::central
