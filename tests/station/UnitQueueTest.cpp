#include "station/UnitQueue.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <thread>

using namespace optiqual::station;
namespace asio = boost::asio;

TEST(UnitQueue, AWaitingSocketGetsWhatAnotherThreadPushesAndNothingOnceClosed) {
    asio::io_context io;
    UnitQueue queue(io.get_executor(), 2);
    std::vector<std::string> got;
    bool socket2Ended = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            while (auto unit = co_await queue.next(1))
                got.push_back(unit->serial);
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto unit = co_await queue.next(2);
            socket2Ended = !unit.has_value();
        },
        asio::detached);
    // The scans come from another thread while both sockets wait; io.run() returns only once every wait ended.
    std::thread scanner([&] {
        queue.push(1, {"SN-A", "PN", "", ""});
        queue.push(1, {"SN-B", "PN", "", ""});
        queue.push(3, {"SN-NOWHERE", "PN", "", ""}); // no socket 3: ignored
        queue.close();
        queue.push(1, {"SN-LATE", "PN", "", ""}); // after close: ignored
    });
    io.run();
    scanner.join();
    EXPECT_EQ(got, (std::vector<std::string>{"SN-A", "SN-B"}));
    EXPECT_TRUE(socket2Ended);
}
