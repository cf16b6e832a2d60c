#pragma once
#include "station/Engine.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <optional>
#include <vector>

namespace optiqual::station {

/// @brief Batches started at the station (the panel's Start all), handed to the engine one at a time: a batch
/// starts and ends together, so its units come up front (RunOptions::units, socket i+1 tests units[i]) and the next
/// batch waits for the one before to end. push() comes from the UI thread; next() is co_awaited on the engine's
/// executor, parked on a timer until a batch arrives or the queue is closed — no thread blocks on it.
class BatchQueue {
public:
    explicit BatchQueue(boost::asio::any_io_executor executor);

    /// @brief Queues a batch (an empty one is ignored). Thread-safe: posted to the executor.
    void push(std::vector<UnitUnderTest> units);
    /// @brief No more batches: once the queued ones are handed out, next() answers std::nullopt. Thread-safe.
    void close();
    /// @brief The next batch, waiting for it; std::nullopt once closed and empty. On the executor.
    boost::asio::awaitable<std::optional<std::vector<UnitUnderTest>>> next();

private:
    boost::asio::any_io_executor m_executor;
    std::deque<std::vector<UnitUnderTest>> m_batches; ///< on the executor only
    boost::asio::steady_timer m_wake;
    bool m_closed = false; ///< on the executor only
};

} // namespace optiqual::station
