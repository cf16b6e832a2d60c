#include "station/BatchCoordinator.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <list>

namespace optiqual::station {

namespace asio = boost::asio;

// The first socket to arrive is the barrier's leader: it waits until every active socket has arrived (or left),
// runs the step once and publishes the verdict; followers park on timers until then.
struct BatchCoordinator::Barrier {
    int arrived = 0;
    bool done = false;
    sequences::Verdict verdict = sequences::Verdict::NotRun;
    std::list<asio::steady_timer*> parked;
    void wake() {
        for (auto* t : parked)
            t->cancel();
    }
};

BatchCoordinator::BatchCoordinator(asio::any_io_executor executor, int sockets)
    : m_executor(std::move(executor)), m_active(sockets) {}

void BatchCoordinator::wakeAll() {
    for (auto& [key, barrier] : m_barriers)
        barrier->wake();
}

void BatchCoordinator::leave() {
    --m_active;
    wakeAll();
}

asio::awaitable<sequences::Verdict> BatchCoordinator::run(const std::string& key,
                                                          std::function<asio::awaitable<sequences::Verdict>()> once) {
    auto& slot = m_barriers[key];
    if (!slot)
        slot = std::make_shared<Barrier>();
    std::shared_ptr<Barrier> barrier = slot;
    const bool leader = barrier->arrived == 0;
    ++barrier->arrived;
    barrier->wake();
    asio::steady_timer park(m_executor);
    auto wait = [&]() -> asio::awaitable<void> {
        park.expires_at(asio::steady_timer::time_point::max());
        auto it = barrier->parked.insert(barrier->parked.end(), &park);
        co_await park.async_wait(asio::as_tuple(asio::use_awaitable)); // woken by cancel(): not an error
        barrier->parked.erase(it);
        co_return;
    };
    if (leader) {
        while (barrier->arrived < m_active)
            co_await wait();
        try {
            barrier->verdict = co_await once();
        } catch (...) {
            barrier->done = true;
            barrier->verdict = sequences::Verdict::Error;
            barrier->wake();
            throw;
        }
        barrier->done = true;
        barrier->wake();
        co_return barrier->verdict;
    }
    while (!barrier->done)
        co_await wait();
    co_return barrier->verdict;
}

} // namespace optiqual::station
