#pragma once
#include <boost/asio/co_spawn.hpp>
#include <exception>
#include <optional>

namespace optiqual::testing {

template <typename T>
T runAwaitable(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    std::optional<T> result;
    std::exception_ptr error;
    bool done = false;
    boost::asio::co_spawn(io, std::move(work), [&](std::exception_ptr e, T value) {
        error = e;
        if (!e)
            result.emplace(std::move(value));
        done = true;
    });
    io.restart();
    while (!done && io.run_one() > 0) {
    }
    if (error)
        std::rethrow_exception(error);
    return std::move(*result);
}

inline void runAwaitable(boost::asio::io_context& io, boost::asio::awaitable<void> work) {
    std::exception_ptr error;
    bool done = false;
    boost::asio::co_spawn(io, std::move(work), [&](std::exception_ptr e) {
        error = e;
        done = true;
    });
    io.restart();
    while (!done && io.run_one() > 0) {
    }
    if (error)
        std::rethrow_exception(error);
}

} // namespace optiqual::testing
