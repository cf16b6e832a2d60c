#include "ui/DatabaseWorker.h"

#include "db/DbError.h"
#include "db/ResultStore.h"

#include <sqlite3.h>

namespace optiqual::ui {

namespace {

/// SQLite calls the progress handler every this many virtual-machine instructions: a few microseconds apart.
constexpr int kProgressInstructions = 1000;
/// How long one busy wait lasts before the lock is tried again (a newer request or the destructor ends it sooner).
constexpr std::chrono::milliseconds kBusyRetry{10};

} // namespace

DatabaseWorker::DatabaseWorker(Options options) : m_options(std::move(options)), m_thread([this] { loop(); }) {}

DatabaseWorker::~DatabaseWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

template <typename Request, typename T> void DatabaseWorker::post(QueryChannel<Request, T>& channel, Request request) {
    {
        std::lock_guard lock(m_mutex);
        channel.m_pending = std::move(request);
        channel.m_requested.fetch_add(1, std::memory_order_acq_rel);
    }
    m_wake.notify_all(); // also ends a busy wait of the query this one supersedes
}

void DatabaseWorker::requestHistory(db::HistoryFilter filter) {
    post(m_history, std::move(filter));
}

void DatabaseWorker::requestRun(std::int64_t runId) {
    post(m_run, runId);
}

void DatabaseWorker::requestYield(YieldFilter filter) {
    post(m_yield, std::move(filter));
}

void DatabaseWorker::requestSignIn(SignInRequest request) {
    post(m_signIn, std::move(request));
}

void DatabaseWorker::loop() {
    while (true) {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] {
            return m_stop || m_signIn.m_pending || m_run.m_pending || m_history.m_pending || m_yield.m_pending;
        });
        if (m_stop)
            return;
        // A sign-in first (someone waits at the panel), a run's detail (one click, small), then the list, then the
        // dashboard's reports.
        if (m_signIn.m_pending) {
            auto request = std::move(*std::exchange(m_signIn.m_pending, std::nullopt));
            const auto generation = m_signIn.requested();
            lock.unlock();
            serve(m_signIn, generation, [&] {
                return SignInAnswer{request.name,
                                    db::StationUsers::verify(m_connection, request.name, request.password)};
            });
        } else if (m_run.m_pending) {
            const std::int64_t id = *std::exchange(m_run.m_pending, std::nullopt);
            const auto generation = m_run.requested();
            lock.unlock();
            serve(m_run, generation, [&] {
                auto detail = db::queryRunDetail(m_connection, std::to_string(id));
                if (!detail)
                    throw std::runtime_error("run " + std::to_string(id) + " is not in the database");
                return std::move(*detail);
            });
        } else if (m_history.m_pending) {
            auto filter = std::move(*std::exchange(m_history.m_pending, std::nullopt));
            const auto generation = m_history.requested();
            lock.unlock();
            serve(m_history, generation,
                  [&] { return db::queryHistory(m_connection, filter, m_options.maxHistoryRows); });
        } else {
            auto filter = std::move(*std::exchange(m_yield.m_pending, std::nullopt));
            const auto generation = m_yield.requested();
            lock.unlock();
            serve(m_yield, generation, [&] { return queryYieldDashboard(m_connection, filter); });
        }
    }
}

template <typename Request, typename T, typename Query>
void DatabaseWorker::serve(QueryChannel<Request, T>& channel, std::uint64_t generation, Query&& query) {
    m_runningRequested = &channel.m_requested;
    m_runningGeneration = generation;
    m_busySince = {};
    const auto start = std::chrono::steady_clock::now();
    auto result = std::make_shared<QueryResult<T>>();
    result->generation = generation;
    try {
        std::string error;
        if (!m_connection.handle() && !open(error))
            result->error = error;
        else
            result->value = std::make_shared<const T>(query());
    } catch (const db::DbError& e) {
        if (e.sqliteCode() == SQLITE_INTERRUPT) {
            result.reset(); // superseded (or stopping): a newer request answers instead
        } else {
            result->error = e.what();
            m_connection = db::Connection(); // locked, damaged or gone: the next request opens the file afresh
        }
    } catch (const std::exception& e) {
        result->error = e.what();
    }
    const bool superseded = abandoned();
    m_runningRequested = nullptr;
    if (!result || superseded)
        return;
    result->took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    channel.m_latest.store(std::move(result), std::memory_order_release);
    channel.m_answers.fetch_add(1, std::memory_order_acq_rel);
}

bool DatabaseWorker::open(std::string& error) {
    // Opening reads the schema, which a lock can hold up too: tried without SQLite's own busy timeout (a wait nothing
    // could cut short) and retried here as onBusy() retries a query.
    db::StoreOptions o;
    o.access = db::OpenAccess::ReadOnly;
    o.busyTimeout = std::chrono::milliseconds(0);
    const auto start = std::chrono::steady_clock::now();
    while (true) {
        try {
            m_connection = db::ResultStore::open(m_options.database, o).releaseConnection();
            break;
        } catch (const db::DbError& e) {
            if (e.kind() != db::DbErrorKind::Busy || abandoned() ||
                std::chrono::steady_clock::now() - start >= m_options.busyTimeout) {
                error = e.what();
                return false;
            }
        } catch (const std::exception& e) {
            error = e.what();
            return false;
        }
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, kBusyRetry, [&] { return m_stop || abandoned(); });
    }
    sqlite3_progress_handler(m_connection.handle(), kProgressInstructions, &DatabaseWorker::onProgress, this);
    sqlite3_busy_handler(m_connection.handle(), &DatabaseWorker::onBusy, this);
    return true;
}

bool DatabaseWorker::abandoned() const {
    return m_stopping.load(std::memory_order_acquire) ||
           (m_runningRequested && m_runningRequested->load(std::memory_order_acquire) != m_runningGeneration);
}

int DatabaseWorker::onProgress(void* self) {
    return static_cast<DatabaseWorker*>(self)->abandoned() ? 1 : 0;
}

int DatabaseWorker::onBusy(void* self, int attempts) {
    auto& w = *static_cast<DatabaseWorker*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (attempts == 0)
        w.m_busySince = now;
    if (w.abandoned() || now - w.m_busySince >= w.m_options.busyTimeout)
        return 0; // SQLITE_BUSY: answered as "locked", or dropped when superseded
    // Waits for the retry interval, or less when a newer request or the destructor wakes the worker.
    std::unique_lock lock(w.m_mutex);
    w.m_wake.wait_for(lock, kBusyRetry, [&] { return w.m_stop || w.abandoned(); });
    return 1;
}

} // namespace optiqual::ui
