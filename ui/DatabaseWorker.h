#pragma once
#include "db/Connection.h"
#include "db/RunDetail.h"
#include "db/RunHistory.h"
#include "db/StationUsers.h"
#include "ui/YieldQuery.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace optiqual::ui {

/// @brief The answer to one query, as the frame reads it: immutable once published.
template <typename T> struct QueryResult {
    std::uint64_t generation = 0;   ///< the request it answers (QueryChannel::requested() at the time)
    std::shared_ptr<const T> value; ///< null when the query failed
    std::string error;              ///< why it failed ("…: database is locked", "…: file is not a database…")
    std::chrono::microseconds took{0};
};

/// @brief One kind of query: the frame asks (a newer request supersedes an older one), the worker answers, and
/// the frame reads the latest answer with one atomic load.
template <typename Request, typename T> class QueryChannel {
public:
    /// @brief The generation of the newest request (0: none yet).
    std::uint64_t requested() const { return m_requested.load(std::memory_order_acquire); }
    /// @brief The latest answer (null before the first); it may answer an older request than requested().
    std::shared_ptr<const QueryResult<T>> latest() const { return m_latest.load(std::memory_order_acquire); }
    /// @brief How many answers were published (superseded requests get none).
    std::uint64_t answers() const { return m_answers.load(std::memory_order_acquire); }
    /// @brief A request newer than the latest answer is waiting or running.
    bool inFlight() const {
        const auto l = latest();
        return requested() > (l ? l->generation : 0);
    }

private:
    friend class DatabaseWorker;
    std::optional<Request> m_pending; ///< guarded by DatabaseWorker::m_mutex
    std::atomic<std::uint64_t> m_requested{0};
    std::atomic<std::uint64_t> m_answers{0};
    std::atomic<std::shared_ptr<const QueryResult<T>>> m_latest;
};

/// @brief A sign-in to check: a user's name and the password typed.
struct SignInRequest {
    std::string name;
    std::string password;
};

/// @brief A checked sign-in: the user's role, or none for an unknown name or a wrong password.
struct SignInAnswer {
    std::string name;
    std::optional<db::Role> role;
};

/// @brief The engineer view's queries (run history, a run's detail, the yield dashboard) on a thread of their own
/// with their own read-only SQLite connection: the UI thread only posts a request (a move under a mutex the worker
/// never holds during a query) and reads the latest answer; it never runs SQL or waits for it. Of each kind only
/// the newest request runs: a query superseded while it runs is interrupted (SQLite's progress handler) and its
/// answer dropped. A locked database is retried until the busy timeout — a wait that a newer request, or the
/// destructor, cuts short — and then answers with the error, as does a missing or damaged file: errors are
/// answers, never exceptions on the UI thread. The connection opens at the first request and again after an error.
class DatabaseWorker {
public:
    struct Options {
        std::filesystem::path database;
        std::chrono::milliseconds busyTimeout{2000};
        std::size_t maxHistoryRows = 200000; ///< the history lists at most this many of the filter's runs
    };

    explicit DatabaseWorker(Options options);
    ~DatabaseWorker();
    DatabaseWorker(const DatabaseWorker&) = delete;
    DatabaseWorker& operator=(const DatabaseWorker&) = delete;

    void requestHistory(db::HistoryFilter filter);
    void requestRun(std::int64_t runId);
    void requestYield(YieldFilter filter);
    /// @brief Checks a password (crypto_pwhash: a tenth of a second and 64 MiB, which is why it runs here).
    void requestSignIn(SignInRequest request);

    const QueryChannel<db::HistoryFilter, db::HistoryList>& history() const { return m_history; }
    const QueryChannel<std::int64_t, db::RunDetail>& run() const { return m_run; }
    const QueryChannel<YieldFilter, YieldDashboard>& yield() const { return m_yield; }
    const QueryChannel<SignInRequest, SignInAnswer>& signIn() const { return m_signIn; }
    const std::filesystem::path& database() const { return m_options.database; }

private:
    template <typename Request, typename T> void post(QueryChannel<Request, T>& channel, Request request);
    void loop();
    /// Runs @p channel's pending request (taken under the lock) and publishes its answer unless superseded.
    template <typename Request, typename T, typename Query>
    void serve(QueryChannel<Request, T>& channel, std::uint64_t generation, Query&& query);
    bool open(std::string& error);
    /// The running query should stop: the destructor runs, or a newer request of its kind came.
    bool abandoned() const;
    static int onProgress(void* self);
    static int onBusy(void* self, int attempts);

    Options m_options;
    QueryChannel<db::HistoryFilter, db::HistoryList> m_history;
    QueryChannel<std::int64_t, db::RunDetail> m_run;
    QueryChannel<YieldFilter, YieldDashboard> m_yield;
    QueryChannel<SignInRequest, SignInAnswer> m_signIn;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;                 ///< guarded by m_mutex
    std::atomic<bool> m_stopping{false}; ///< m_stop, read by the SQLite callbacks without the lock
    db::Connection m_connection;         ///< the worker thread's only
    const std::atomic<std::uint64_t>* m_runningRequested = nullptr; ///< the running query's channel (worker only)
    std::uint64_t m_runningGeneration = 0;
    std::chrono::steady_clock::time_point m_busySince;
    std::thread m_thread; // last: starts once everything above exists
};

} // namespace optiqual::ui
