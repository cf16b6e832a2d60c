#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <list>

namespace optiqual::core {

/// @brief A fair (FIFO) mutex for coroutines on one executor: lock() suspends the awaiting coroutine, never
/// the thread. Cancellable: a waiter whose coroutine is cancelled leaves the queue and gets
/// boost::asio::error::operation_aborted thrown. Use from a single thread (or a strand).
class AsyncMutex {
public:
    explicit AsyncMutex(boost::asio::any_io_executor executor) : m_executor(std::move(executor)) {}
    AsyncMutex(const AsyncMutex&) = delete;
    AsyncMutex& operator=(const AsyncMutex&) = delete;

    /// @brief Takes the mutex without waiting; false when it is held.
    bool tryLock();
    /// @brief Takes the mutex, waiting behind earlier waiters.
    boost::asio::awaitable<void> lock();
    /// @brief Releases the mutex, handing it to the first waiter if there is one.
    void unlock();
    bool isLocked() const { return m_locked; }
    std::size_t waiterCount() const { return m_waiters.size(); }

    /// @brief Releases the mutex on destruction.
    class Guard {
    public:
        explicit Guard(AsyncMutex& m) : m_mutex(&m) {}
        Guard(Guard&& o) noexcept : m_mutex(o.m_mutex) { o.m_mutex = nullptr; }
        Guard& operator=(Guard&&) = delete;
        ~Guard() {
            if (m_mutex)
                m_mutex->unlock();
        }

    private:
        AsyncMutex* m_mutex;
    };
    boost::asio::awaitable<Guard> scopedLock();

private:
    struct Waiter;
    boost::asio::any_io_executor m_executor;
    bool m_locked = false;
    std::list<Waiter*> m_waiters;
};

} // namespace optiqual::core
