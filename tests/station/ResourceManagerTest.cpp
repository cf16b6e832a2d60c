#include "station/ResourceManager.h"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>
#include <random>

using namespace optiqual::station;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

/// Resource lists built outside the co_await expression: GCC 12 cannot keep an initializer_list's backing
/// array in a coroutine frame ("array used as initializer").
template <typename... Names> std::vector<std::string> want(Names... names) {
    return std::vector<std::string>{std::string(names)...};
}

/// Yields to the io_context once, so other coroutines run (no sleeping).
asio::awaitable<void> yieldOnce() {
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
}

} // namespace

TEST(ResourceManager, GrantsImmediatelyWhenFree) {
    asio::io_context io;
    ResourceManager rm(io.get_executor());
    bool got = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto lease = co_await rm.acquire(want("switch", "opm:1"), "socket 1", 1s);
            got = lease.held();
            EXPECT_EQ(rm.holder("switch"), "socket 1");
        },
        asio::detached);
    io.run();
    EXPECT_TRUE(got);
    EXPECT_EQ(rm.holder("switch"), "") << "released at scope end";
}

TEST(ResourceManager, ServesWaitersInArrivalOrder) {
    asio::io_context io;
    ResourceManager rm(io.get_executor());
    std::vector<int> order;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto lease = co_await rm.acquire(want("opm"), "holder", 1s);
            for (int i = 0; i < 5; ++i)
                co_await yieldOnce(); // let the waiters queue up
            order.push_back(0);
        },
        asio::detached);
    for (int i = 1; i <= 4; ++i)
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                auto lease = co_await rm.acquire(want("opm"), "socket " + std::to_string(i), 1s);
                order.push_back(i);
                co_await yieldOnce();
            },
            asio::detached);
    io.run();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(ResourceManager, LargeRequestIsNotStarvedBySmallOnes) {
    asio::io_context io;
    ResourceManager rm(io.get_executor());
    std::vector<std::string> order;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto a = co_await rm.acquire(want("a"), "first", 1s);
            co_await yieldOnce();
            co_await yieldOnce();
            order.push_back("first");
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            co_await yieldOnce();
            auto ab = co_await rm.acquire(want("a", "b"), "big", 1s);
            order.push_back("big");
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            co_await yieldOnce();
            co_await yieldOnce();
            auto b = co_await rm.acquire(want("b"), "late small", 1s); // b is free, but "big" asked first
            order.push_back("late small");
        },
        asio::detached);
    io.run();
    EXPECT_EQ(order, (std::vector<std::string>{"first", "big", "late small"}));
}

TEST(ResourceManager, NoDeadlockUnderRandomContention) {
    asio::io_context io;
    ResourceManager rm(io.get_executor());
    const std::vector<std::string> pool{"switch", "opm:1", "opm:2", "voa", "psu:1"};
    int completed = 0;
    std::mt19937 rng(7);
    for (int socket = 0; socket < 16; ++socket) {
        std::vector<std::vector<std::string>> plan;
        for (int step = 0; step < 20; ++step) {
            std::vector<std::string> want;
            for (const auto& r : pool)
                if (rng() % 2)
                    want.push_back(r);
            if (want.empty())
                want.push_back(pool[rng() % pool.size()]);
            plan.push_back(want);
        }
        asio::co_spawn(
            io,
            [&, socket, plan]() -> asio::awaitable<void> {
                for (const auto& want : plan) {
                    auto lease = co_await rm.acquire(want, "socket " + std::to_string(socket), 5s);
                    co_await yieldOnce();
                }
                ++completed;
            },
            asio::detached);
    }
    io.run();
    EXPECT_EQ(completed, 16);
    EXPECT_EQ(rm.waiting(), 0u);
}

TEST(ResourceManager, TimeoutNamesResourceAndHolder) {
    asio::io_context io;
    ResourceManager rm(io.get_executor());
    std::string message;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto lease = co_await rm.acquire(want("chamber"), "socket 1", 1s);
            asio::steady_timer t(io, 100ms);
            co_await t.async_wait(asio::use_awaitable);
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            try {
                auto lease = co_await rm.acquire(want("chamber"), "socket 2", 20ms);
            } catch (const LeaseTimeout& e) {
                message = e.what();
            }
        },
        asio::detached);
    io.run();
    EXPECT_EQ(message, "socket 2: lease timed out waiting for chamber (held by socket 1)");
}

TEST(ResourceManager, CancelledWaiterLeavesTheQueue) {
    asio::io_context io;
    ResourceManager rm(io.get_executor());
    asio::cancellation_signal abort;
    bool cancelled = false;
    bool thirdGot = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto lease = co_await rm.acquire(want("x"), "holder", 1s);
            co_await yieldOnce();
            abort.emit(asio::cancellation_type::terminal);
            co_await yieldOnce();
            co_await yieldOnce();
        },
        asio::detached);
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { co_await rm.acquire(want("x"), "aborted", 1s); },
        asio::bind_cancellation_slot(abort.slot(), [&](std::exception_ptr e) { cancelled = e != nullptr; }));
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            co_await yieldOnce();
            auto lease = co_await rm.acquire(want("x"), "third", 1s);
            thirdGot = true;
        },
        asio::detached);
    io.run();
    EXPECT_TRUE(cancelled);
    EXPECT_TRUE(thirdGot);
}
