#pragma once
#include "core/RunSync.h"

namespace optiqual::testing {

template <typename T>
T runAwaitable(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    return core::runSync(io, std::move(work));
}

inline void runAwaitable(boost::asio::io_context& io, boost::asio::awaitable<void> work) {
    core::runSync(io, std::move(work));
}

} // namespace optiqual::testing
