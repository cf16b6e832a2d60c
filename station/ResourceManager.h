#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace optiqual::station {

class ResourceManager;

/// @brief Holds a set of resources until destroyed (or release()d). Movable, not copyable.
class Lease {
public:
    Lease() = default;
    Lease(ResourceManager* manager, std::vector<std::string> resources, std::uint64_t id)
        : m_manager(manager), m_resources(std::move(resources)), m_id(id) {}
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }

    void release();
    bool held() const { return m_manager != nullptr; }
    const std::vector<std::string>& resources() const { return m_resources; }

private:
    ResourceManager* m_manager = nullptr;
    std::vector<std::string> m_resources;
    std::uint64_t m_id = 0;
};

/// @brief Fair (FIFO) leases of named station resources — instruments, channels, switch routes ("switch",
/// "opm:1") — shared by the sockets of a parallel or batch run.
///
/// A lease takes all its resources at once or none (so two sockets each holding half of what the other wants
/// cannot happen: no deadlock). Requests are served in arrival order: a request waits while any earlier,
/// still-waiting request wants one of the same resources, so a stream of small leases cannot starve a large
/// one. A request that waits longer than its timeout throws LeaseTimeout naming what it was waiting for and who
/// held it. Cancelling the awaiting coroutine (abort) withdraws the request. Single-threaded: use from the
/// engine's executor only.
class ResourceManager {
public:
    explicit ResourceManager(boost::asio::any_io_executor executor) : m_executor(std::move(executor)) {}
    ResourceManager(const ResourceManager&) = delete;
    ResourceManager& operator=(const ResourceManager&) = delete;

    /// @brief Leases every resource of @p resources (duplicates ignored) for @p owner (e.g. "socket 3").
    boost::asio::awaitable<Lease> acquire(std::vector<std::string> resources, std::string owner,
                                          std::chrono::steady_clock::duration timeout);
    /// @brief Who holds @p resource now, empty if free.
    std::string holder(const std::string& resource) const;
    std::size_t waiting() const { return m_waiters.size(); }

private:
    friend class Lease;
    struct Waiter;
    void release(std::uint64_t id, const std::vector<std::string>& resources);
    bool available(const std::vector<std::string>& resources) const;
    void take(const std::vector<std::string>& resources, const std::string& owner);
    void grantWaiters();

    boost::asio::any_io_executor m_executor;
    std::map<std::string, std::string> m_held; ///< resource → owner
    std::list<Waiter*> m_waiters;
    std::uint64_t m_nextId = 1;
};

/// @brief Thrown when a lease is not granted in time; what() names the resources, the owner and the holders.
class LeaseTimeout : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace optiqual::station
