#pragma once
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>

namespace optiqual::core {

/// @brief Runs one coroutine on @p io from a plain (command-line) thread until it completes, returning its
/// value or rethrowing its exception. The io_context must not be running elsewhere.
template <typename T> T runSync(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
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

inline void runSync(boost::asio::io_context& io, boost::asio::awaitable<void> work) {
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

} // namespace optiqual::core
