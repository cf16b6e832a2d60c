// Query round trip through ScpiSession to a simulated instrument over loopback, against the physical limit:
// a raw blocking-socket ping-pong of the same bytes, measured in the same run (the machine is shared and
// noisy, so only same-run ratios mean much). Also the simulator's own throughput on one connection and with
// 32 concurrent connections. Prints a table; figures go to BENCHMARKS.md.
//
//   build/optiqual_bench_scpi [--queries N] [--repeats R]
#include "core/Clock.h"
#include "core/RunSync.h"
#include "instruments/ResourceString.h"
#include "instruments/ScpiSession.h"
#include "instruments/sim/SimulatorHost.h"
#include "tests/bench/BenchOutput.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

using namespace optiqual;
using Clock = std::chrono::steady_clock;

namespace {

const char* kModel = "E36312A";
const std::string kQuery = "MEAS:VOLT? (@1)";

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// CPU time of the calling thread, µs: what a round trip costs the client beyond waiting for the wire.
double threadCpuMicros() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

/// One measured loop: wall and client-thread CPU time per query.
struct PerQuery {
    double wallUs = 0;
    double cpuUs = 0;
};

/// A blocking echo server on its own thread answering every line with a fixed reply: the raw physical limit.
class RawServer {
public:
    explicit RawServer(std::string reply) : m_reply(std::move(reply) + "\n") {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_listen, 4);
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~RawServer() {
        ::shutdown(m_listen, SHUT_RDWR);
        ::close(m_listen);
        m_thread.join();
    }
    int port() const { return m_port; }

private:
    void serve() {
        int fd = ::accept(m_listen, nullptr, nullptr);
        if (fd < 0)
            return;
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char buf[4096];
        while (true) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n <= 0)
                break;
            for (ssize_t i = 0; i < n; ++i)
                if (buf[i] == '\n' && ::write(fd, m_reply.data(), m_reply.size()) < 0)
                    break;
        }
        ::close(fd);
    }
    std::string m_reply;
    int m_listen = -1;
    int m_port = 0;
    std::thread m_thread;
};

int connectBlocking(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::perror("connect");
        std::exit(2);
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/// Per query of a raw blocking ping-pong.
PerQuery rawRoundTrip(int port, int queries) {
    int fd = connectBlocking(port);
    const std::string message = kQuery + "\n";
    char buf[256];
    const double cpu0 = threadCpuMicros();
    auto start = Clock::now();
    for (int i = 0; i < queries; ++i) {
        if (::write(fd, message.data(), message.size()) < 0)
            std::exit(2);
        std::size_t got = 0;
        while (got == 0 || buf[got - 1] != '\n') {
            ssize_t n = ::read(fd, buf + got, sizeof buf - got);
            if (n <= 0)
                std::exit(2);
            got += std::size_t(n);
        }
    }
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / queries;
    const double cpu = (threadCpuMicros() - cpu0) / queries;
    ::close(fd);
    return {us, cpu};
}

/// Per query through ScpiSession (coroutines, deadlines, framing) to @p resource; the session runs on this thread.
PerQuery sessionRoundTrip(const std::string& resource, int queries, std::string* lastReply = nullptr) {
    boost::asio::io_context io(1);
    instruments::SessionOptions options;
    options.name = "bench";
    instruments::ScpiSession session(io.get_executor(), instruments::ResourceString::parse(resource), options);
    core::runSync(io, session.connect());
    std::string reply;
    const double cpu0 = threadCpuMicros();
    auto start = Clock::now();
    core::runSync(io, [&]() -> boost::asio::awaitable<void> {
        for (int i = 0; i < queries; ++i)
            reply = co_await session.query(kQuery);
    }());
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / queries;
    const double cpu = (threadCpuMicros() - cpu0) / queries;
    if (lastReply)
        *lastReply = reply;
    return {us, cpu};
}

/// Queries per second the simulator serves to @p clients concurrent connections (each a ScpiSession).
double concurrentThroughput(const std::string& resource, int clients, int queriesEach, int* failures) {
    boost::asio::io_context io(1);
    std::vector<std::unique_ptr<instruments::ScpiSession>> sessions;
    for (int c = 0; c < clients; ++c) {
        instruments::SessionOptions options;
        options.name = "client" + std::to_string(c);
        sessions.push_back(std::make_unique<instruments::ScpiSession>(
            io.get_executor(), instruments::ResourceString::parse(resource), options));
    }
    std::atomic<int> done{0};
    int failed = 0;
    auto start = Clock::now();
    for (auto& s : sessions)
        boost::asio::co_spawn(
            io,
            [&, session = s.get()]() -> boost::asio::awaitable<void> {
                try {
                    co_await session->connect();
                    for (int i = 0; i < queriesEach; ++i)
                        co_await session->query(kQuery);
                } catch (const std::exception& e) {
                    ++failed;
                    std::fprintf(stderr, "%s\n", e.what());
                }
                ++done;
            },
            boost::asio::detached);
    io.run();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    *failures = failed;
    return clients * double(queriesEach) / seconds;
}

} // namespace

int main(int argc, char** argv) {
    int queries = 20000;
    int repeats = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--queries") == 0)
            queries = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--repeats") == 0)
            repeats = std::atoi(argv[i + 1]);
    }
    spdlog::set_level(spdlog::level::warn);

    instruments::sim::SimulatorHost host(std::make_shared<core::Clock>(), 1);
    const auto& served = host.add("psu", kModel, std::nullopt, false);
    host.start();

    std::string simReply;
    sessionRoundTrip(served.resource, 2000, &simReply); // warm up, and learn the simulator's exact reply
    RawServer raw(simReply);

    std::vector<double> rawUs, sessionRawUs, sessionSimUs, rawCpu, sessionRawCpu, sessionSimCpu;
    for (int r = 0; r < repeats; ++r) {
        RawServer rawServer(simReply);
        const auto rawQ = rawRoundTrip(rawServer.port(), queries);
        RawServer rawServer2(simReply);
        const auto sessionRawQ =
            sessionRoundTrip("TCPIP0::127.0.0.1::" + std::to_string(rawServer2.port()) + "::SOCKET", queries);
        const auto sessionSimQ = sessionRoundTrip(served.resource, queries);
        rawUs.push_back(rawQ.wallUs);
        rawCpu.push_back(rawQ.cpuUs);
        sessionRawUs.push_back(sessionRawQ.wallUs);
        sessionRawCpu.push_back(sessionRawQ.cpuUs);
        sessionSimUs.push_back(sessionSimQ.wallUs);
        sessionSimCpu.push_back(sessionSimQ.cpuUs);
    }
    const double rawMedian = median(rawUs);
    const double sessionRawMedian = median(sessionRawUs);
    const double sessionSimMedian = median(sessionSimUs);

    int failures = 0;
    const double oneConnection = concurrentThroughput(served.resource, 1, queries, &failures);
    int failures32 = 0;
    const double thirtyTwo = concurrentThroughput(served.resource, 32, queries / 8, &failures32);

    std::printf("SCPI round trip, %d queries x %d repeats (median), query '%s' -> '%s'\n", queries, repeats,
                kQuery.c_str(), simReply.c_str());
    std::printf("  raw blocking socket ping-pong (baseline)     %8.2f us/query   1.00x   client CPU %.2f us/query\n",
                rawMedian, median(rawCpu));
    std::printf("  ScpiSession -> raw blocking server           %8.2f us/query   %.2fx   client CPU %.2f us/query\n",
                sessionRawMedian, sessionRawMedian / rawMedian, median(sessionRawCpu));
    std::printf("  ScpiSession -> %s simulator (SimServer)  %8.2f us/query   %.2fx   client CPU %.2f us/query\n",
                kModel, sessionSimMedian, sessionSimMedian / rawMedian, median(sessionSimCpu));
    std::printf("Simulator throughput\n");
    std::printf("  1 connection                                 %8.0f queries/s (%d failed)\n", oneConnection,
                failures);
    std::printf("  32 concurrent connections                    %8.0f queries/s (%d failed)\n", thirtyTwo, failures32);

    using bench::BenchOutput;
    const auto rawText = BenchOutput::format("%.2f µs/query raw blocking socket", rawMedian);
    BenchOutput::row("raw blocking-socket ping-pong, two threads (the loopback round trip)",
                     BenchOutput::format("%.2f µs/query", rawMedian) +
                         BenchOutput::format(", client CPU %.2f µs/query", median(rawCpu)));
    BenchOutput::row("`ScpiSession` (coroutines, deadline watchdog, framing) → raw blocking server",
                     BenchOutput::format("%.2f µs/query", sessionRawMedian), rawText, sessionRawMedian / rawMedian);
    BenchOutput::row("`ScpiSession` client CPU per query, → raw blocking server",
                     BenchOutput::format("%.2f µs/query", median(sessionRawCpu)),
                     BenchOutput::format("%.2f µs/query raw client CPU", median(rawCpu)),
                     median(sessionRawCpu) / median(rawCpu));
    BenchOutput::row(std::string("`ScpiSession` → ") + kModel + " simulator (`SimServer` + SCPI parser + PSU model)",
                     BenchOutput::format("%.2f µs/query", sessionSimMedian), rawText, sessionSimMedian / rawMedian);
    BenchOutput::row("simulator, one connection, one query in flight",
                     BenchOutput::format("%.0f queries/s", oneConnection) +
                         (failures ? ", " + std::to_string(failures) + " failed" : std::string()));
    BenchOutput::row("simulator, 32 concurrent `ScpiSession`s on one client thread",
                     BenchOutput::format("%.0f queries/s", thirtyTwo) + ", " + std::to_string(failures32) + " failed");
    host.stop();
    return failures + failures32 == 0 ? 0 : 1;
}
