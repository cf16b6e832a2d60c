#pragma once
#include "sequences/Verdict.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace optiqual::station {

/// @brief Batch process model: sockets in one chamber meet at batch-synchronised steps (`batch: true`), the
/// step runs once for the batch, and every socket takes its verdict. A socket that stops early leaves the batch,
/// so one failing unit never holds the others. Single-threaded (the engine's executor).
class BatchCoordinator {
public:
    BatchCoordinator(boost::asio::any_io_executor executor, int sockets);

    /// @brief Arrives at the step identified by @p key; the last socket to arrive runs @p once, the others wait
    /// for its verdict.
    boost::asio::awaitable<sequences::Verdict> run(const std::string& key,
                                                   std::function<boost::asio::awaitable<sequences::Verdict>()> once);
    /// @brief A socket stopped (finished, failed or aborted): it no longer counts toward any barrier.
    void leave();
    int active() const { return m_active; }

private:
    struct Barrier;
    void wakeAll();

    boost::asio::any_io_executor m_executor;
    int m_active;
    std::map<std::string, std::shared_ptr<Barrier>> m_barriers;
};

} // namespace optiqual::station
