#pragma once
#include "station/Engine.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace optiqual::station {

/// @brief Units scanned at the station, one queue per socket, handed to the engine as they come: the awaitable
/// unit source of a run that keeps accepting units (RunOptions::unitSource). The panel's serial entry push()es a
/// unit from the UI thread; the socket's run co_awaits next() on the engine's executor, parked on its own timer
/// until a unit arrives or the queue is closed — no thread ever blocks on it.
class UnitQueue {
public:
    UnitQueue(boost::asio::any_io_executor executor, int sockets);

    /// @brief Queues @p unit for @p socket (1-based; others are ignored). Thread-safe: posted to the executor.
    void push(int socket, UnitUnderTest unit);
    /// @brief No more units: once a socket's queued units are handed out, its waits end with std::nullopt (the
    /// station is shutting down; the engine takes no new unit once it aborts). Thread-safe.
    void close();

    /// @brief The next unit for @p socket, waiting for it; std::nullopt once closed and empty. On the executor.
    boost::asio::awaitable<std::optional<UnitUnderTest>> next(int socket);

private:
    struct Slot {
        std::deque<UnitUnderTest> units;
        std::unique_ptr<boost::asio::steady_timer> wake;
    };
    boost::asio::any_io_executor m_executor;
    std::vector<Slot> m_slots; ///< by socket - 1; touched on the executor only
    bool m_closed = false;     ///< on the executor only
};

} // namespace optiqual::station
