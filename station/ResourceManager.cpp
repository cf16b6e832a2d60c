#include "station/ResourceManager.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <set>

namespace optiqual::station {

namespace asio = boost::asio;

// A waiter parks on a timer set to its deadline; a grant sets `granted` and cancels the timer.
struct ResourceManager::Waiter {
    Waiter(const asio::any_io_executor& ex, std::vector<std::string> r, std::string o)
        : timer(ex), resources(std::move(r)), owner(std::move(o)) {}
    asio::steady_timer timer;
    std::vector<std::string> resources;
    std::string owner;
    bool granted = false;
};

Lease::Lease(Lease&& other) noexcept
    : m_manager(other.m_manager), m_resources(std::move(other.m_resources)), m_id(other.m_id) {
    other.m_manager = nullptr;
}

Lease& Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        m_manager = other.m_manager;
        m_resources = std::move(other.m_resources);
        m_id = other.m_id;
        other.m_manager = nullptr;
    }
    return *this;
}

void Lease::release() {
    if (m_manager) {
        m_manager->release(m_id, m_resources);
        m_manager = nullptr;
    }
}

bool ResourceManager::available(const std::vector<std::string>& resources) const {
    return std::none_of(resources.begin(), resources.end(), [this](const auto& r) { return m_held.count(r) > 0; });
}

void ResourceManager::take(const std::vector<std::string>& resources, const std::string& owner) {
    for (const auto& r : resources)
        m_held[r] = owner;
}

std::string ResourceManager::holder(const std::string& resource) const {
    auto it = m_held.find(resource);
    return it == m_held.end() ? std::string() : it->second;
}

void ResourceManager::grantWaiters() {
    // FIFO with blocking: resources wanted by an earlier waiter that cannot be served yet are reserved for it.
    std::set<std::string> reserved;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        Waiter* w = *it;
        const bool blocked =
            std::any_of(w->resources.begin(), w->resources.end(), [&](const auto& r) { return reserved.count(r) > 0; });
        if (!blocked && available(w->resources)) {
            take(w->resources, w->owner);
            w->granted = true;
            w->timer.cancel();
            it = m_waiters.erase(it);
            continue;
        }
        reserved.insert(w->resources.begin(), w->resources.end());
        ++it;
    }
}

void ResourceManager::release(std::uint64_t, const std::vector<std::string>& resources) {
    for (const auto& r : resources)
        m_held.erase(r);
    grantWaiters();
}

asio::awaitable<Lease> ResourceManager::acquire(std::vector<std::string> resources, std::string owner,
                                                std::chrono::steady_clock::duration timeout) {
    std::sort(resources.begin(), resources.end());
    resources.erase(std::unique(resources.begin(), resources.end()), resources.end());
    const bool queueClear = std::none_of(m_waiters.begin(), m_waiters.end(), [&](Waiter* w) {
        return std::any_of(w->resources.begin(), w->resources.end(),
                           [&](const auto& r) { return std::binary_search(resources.begin(), resources.end(), r); });
    });
    if (queueClear && available(resources)) {
        take(resources, owner);
        co_return Lease(this, std::move(resources), m_nextId++);
    }
    Waiter waiter(m_executor, resources, owner);
    waiter.timer.expires_after(timeout);
    auto it = m_waiters.insert(m_waiters.end(), &waiter);
    auto [ec] = co_await waiter.timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (waiter.granted)
        co_return Lease(this, std::move(resources), m_nextId++);
    m_waiters.erase(it);
    grantWaiters(); // our reservation may have held others back
    if (ec == asio::error::operation_aborted)
        throw boost::system::system_error(ec, "waiting for a lease");
    std::string what;
    for (const auto& r : resources) {
        const std::string h = holder(r);
        what += (what.empty() ? "" : ", ") + r +
                (h.empty() ? " (reserved for an earlier request)" : " (held by " + h + ")");
    }
    throw LeaseTimeout(owner + ": lease timed out waiting for " + what);
}

} // namespace optiqual::station
