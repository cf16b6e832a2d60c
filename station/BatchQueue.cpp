#include "station/BatchQueue.h"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace optiqual::station {

namespace asio = boost::asio;

BatchQueue::BatchQueue(asio::any_io_executor executor)
    : m_executor(std::move(executor)), m_wake(m_executor, asio::steady_timer::time_point::max()) {}

void BatchQueue::push(std::vector<UnitUnderTest> units) {
    asio::post(m_executor, [this, units = std::move(units)]() mutable {
        if (units.empty() || m_closed)
            return;
        m_batches.push_back(std::move(units));
        m_wake.cancel();
    });
}

void BatchQueue::close() {
    asio::post(m_executor, [this] {
        m_closed = true;
        m_wake.cancel();
    });
}

asio::awaitable<std::optional<std::vector<UnitUnderTest>>> BatchQueue::next() {
    while (true) {
        if (!m_batches.empty()) {
            std::vector<UnitUnderTest> batch = std::move(m_batches.front());
            m_batches.pop_front();
            co_return batch;
        }
        if (m_closed)
            co_return std::nullopt;
        // Parked until push() or close() cancels the timer.
        m_wake.expires_at(asio::steady_timer::time_point::max());
        boost::system::error_code ec;
        co_await m_wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

} // namespace optiqual::station
