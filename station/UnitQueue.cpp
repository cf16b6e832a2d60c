#include "station/UnitQueue.h"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace optiqual::station {

namespace asio = boost::asio;

UnitQueue::UnitQueue(asio::any_io_executor executor, int sockets) : m_executor(std::move(executor)) {
    m_slots.resize(std::size_t(std::max(sockets, 0)));
    for (auto& slot : m_slots)
        slot.wake = std::make_unique<asio::steady_timer>(m_executor, asio::steady_timer::time_point::max());
}

void UnitQueue::push(int socket, UnitUnderTest unit) {
    asio::post(m_executor, [this, socket, unit = std::move(unit)]() mutable {
        if (socket < 1 || socket > int(m_slots.size()) || m_closed)
            return;
        Slot& slot = m_slots[std::size_t(socket - 1)];
        slot.units.push_back(std::move(unit));
        slot.wake->cancel();
    });
}

void UnitQueue::close() {
    asio::post(m_executor, [this] {
        m_closed = true;
        for (auto& slot : m_slots)
            slot.wake->cancel();
    });
}

asio::awaitable<std::optional<UnitUnderTest>> UnitQueue::next(int socket) {
    if (socket < 1 || socket > int(m_slots.size()))
        co_return std::nullopt;
    Slot& slot = m_slots[std::size_t(socket - 1)];
    while (true) {
        if (!slot.units.empty()) {
            UnitUnderTest unit = std::move(slot.units.front());
            slot.units.pop_front();
            co_return unit;
        }
        if (m_closed)
            co_return std::nullopt;
        // Parked until push() or close() cancels the timer: the wait is the timer's, never a thread's.
        slot.wake->expires_at(asio::steady_timer::time_point::max());
        boost::system::error_code ec;
        co_await slot.wake->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

} // namespace optiqual::station
