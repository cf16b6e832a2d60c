#include "core/AsyncMutex.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace optiqual::core {

// Each waiter parks on a timer that never expires; unlock() hands over ownership by setting `granted` and
// cancelling that timer. A cancellation from outside also cancels the timer but leaves `granted` false.
struct AsyncMutex::Waiter {
    explicit Waiter(const boost::asio::any_io_executor& ex) : timer(ex, boost::asio::steady_timer::time_point::max()) {}
    boost::asio::steady_timer timer;
    bool granted = false;
};

bool AsyncMutex::tryLock() {
    if (m_locked)
        return false;
    m_locked = true;
    return true;
}

boost::asio::awaitable<void> AsyncMutex::lock() {
    if (tryLock())
        co_return;
    Waiter waiter(m_executor);
    auto it = m_waiters.insert(m_waiters.end(), &waiter);
    auto [ec] = co_await waiter.timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (waiter.granted)
        co_return;
    m_waiters.erase(it);
    throw boost::system::system_error(ec ? ec : make_error_code(boost::asio::error::operation_aborted),
                                      "waiting for a lock");
}

void AsyncMutex::unlock() {
    if (m_waiters.empty()) {
        m_locked = false;
        return;
    }
    Waiter* next = m_waiters.front();
    m_waiters.pop_front();
    next->granted = true; // ownership passes directly; m_locked stays true
    next->timer.cancel();
}

boost::asio::awaitable<AsyncMutex::Guard> AsyncMutex::scopedLock() {
    co_await lock();
    co_return Guard(*this);
}

} // namespace optiqual::core
