#include "db/central/PgCursor.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace optiqual::db::central {

void streamCursor(PgConnection& c, std::string_view query, const std::vector<std::optional<std::string>>& params,
                  const std::function<void(const PgResult&)>& onBatch) {
    // FETCH takes no parameters: the batch size is part of the fixed statement (20,000 rows: a few hundred kB).
    constexpr const char* fetch = "FETCH 20000 FROM optiqual_stream";
    c.exec("BEGIN READ ONLY");
    try {
        c.exec("DECLARE optiqual_stream NO SCROLL CURSOR FOR " + std::string(query), params);
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<PgResult> ready;
        bool done = false;
        bool abandoned = false; // the consuming side stopped (an exception): the fetcher stops too
        std::exception_ptr failure;
        std::thread fetcher([&] {
            try {
                // Two FETCHes in flight: the server fills the next batch while this side receives the last.
                c.execRepeated(fetch, 2, [&](PgResult&& batch) { // numbers without text parsing
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return ready.size() < 2 || abandoned; });
                    if (abandoned)
                        return false;
                    ready.push_back(std::move(batch));
                    changed.notify_all();
                    return true;
                });
                std::lock_guard lock(mutex);
                done = true;
                changed.notify_all();
            } catch (...) {
                std::lock_guard lock(mutex);
                failure = std::current_exception();
                done = true;
                changed.notify_all();
            }
        });
        // Whatever happens below, the fetcher is told and joined before the variables it uses go.
        struct Join {
            std::thread& thread;
            std::mutex& mutex;
            bool& abandoned;
            std::condition_variable& changed;
            ~Join() {
                {
                    std::lock_guard lock(mutex);
                    abandoned = true;
                }
                changed.notify_all();
                if (thread.joinable())
                    thread.join();
            }
        } join{fetcher, mutex, abandoned, changed};
        for (;;) {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return !ready.empty() || done; });
            if (ready.empty())
                break;
            PgResult batch = std::move(ready.front());
            ready.pop_front();
            changed.notify_all();
            lock.unlock();
            onBatch(batch);
        }
        if (failure)
            std::rethrow_exception(failure);
        c.exec("COMMIT");
    } catch (...) {
        c.rollbackQuietly();
        throw;
    }
}

} // namespace optiqual::db::central
