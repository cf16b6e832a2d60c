#include "instruments/sim/scpi/SimServer.h"

#include "instruments/Framing.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <stdexcept>
#include <termios.h>
#include <unistd.h>

namespace optiqual::instruments::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

// Shared with every connection coroutine, so a server destroyed while connections wind down is never touched.
struct SimServer::State {
    explicit State(const asio::any_io_executor& ex) : acceptor(ex), pty(ex) {}
    tcp::acceptor acceptor;
    asio::posix::stream_descriptor pty;
    int ptySlaveKeepAlive = -1; ///< keeps the master readable while no client has the slave open
    std::list<tcp::socket*> connections;
    std::shared_ptr<LineDevice> device;
    FaultInjector faults;
    std::uint64_t* messages = nullptr;
    std::string name;
    bool stopped = false;
};

namespace {

/// The end of the next message in @p data, as findMessageEnd; a message over SimServer::kMaxMessageBytes is answered as
/// a real instrument does, with -363 "Input buffer overrun" in the error queue, and the caller discards it.
std::optional<std::size_t> nextMessageEnd(SimServer::State& state, std::string_view data, const std::string& inTerm,
                                          bool& overrun) {
    try {
        return findMessageEnd(data, inTerm, SimServer::kMaxMessageBytes);
    } catch (const MessageTooLong& e) {
        spdlog::warn("sim {}: {}; the message is discarded", state.name, e.what());
        state.device->injectError(-363, "Input buffer overrun");
        overrun = true;
        return std::nullopt;
    }
}

/// Drops @p buffer up to and including the first terminator: true when one was found (the rest is kept). Else
/// keeps only the bytes that could begin a terminator split across reads.
bool discardThroughTerminator(std::string& buffer, const std::string& inTerm) {
    const std::size_t at = buffer.find(inTerm);
    if (at != std::string::npos) {
        buffer.erase(0, at + inTerm.size());
        return true;
    }
    const std::size_t keep = inTerm.empty() ? 0 : inTerm.size() - 1;
    buffer.erase(0, buffer.size() - std::min(buffer.size(), keep));
    return false;
}

template <typename Stream>
asio::awaitable<void> serveStream(std::shared_ptr<SimServer::State> state, Stream& stream, std::string peer) {
    const std::string inTerm = state->device->inputTerminator();
    const std::string outTerm = state->device->outputTerminator();
    std::string buffer;
    std::string out;
    bool discarding = false; ///< dropping an over-long message up to its terminator
    char chunk[4096];
    asio::steady_timer delay(stream.get_executor());
    while (!state->stopped) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
        if (ec) {
            if (ec != asio::error::eof && ec != asio::error::operation_aborted)
                spdlog::debug("sim {}: {} read ended: {}", state->name, peer, ec.message());
            co_return;
        }
        buffer.append(chunk, n);
        out.clear();
        // An over-long message is dropped up to its terminator; what follows it is parsed as usual.
        while (!discarding || discardThroughTerminator(buffer, inTerm)) {
            discarding = false;
            std::size_t consumed = 0;
            bool overrun = false;
            while (auto end = nextMessageEnd(*state, std::string_view(buffer).substr(consumed), inTerm, overrun)) {
                std::string_view message = std::string_view(buffer).substr(consumed, *end);
                consumed += *end + inTerm.size();
                if (!message.empty() && message.back() == '\r' && inTerm == "\n")
                    message.remove_suffix(1); // tolerate CR LF from clients such as PyVISA's default
                if (state->messages)
                    ++*state->messages;
                FaultDecision fault;
                if (!state->faults.empty())
                    fault = state->faults.decide(message);
                for (const FaultRule* rule : fault.spuriousErrors)
                    state->device->injectError(rule->errorCode, rule->errorText);
                if (fault.reset) {
                    spdlog::info("sim {}: fault injection resets the instrument before '{}'", state->name, message);
                    state->device->powerOnReset();
                }
                std::optional<std::string> reply = state->device->handleMessage(message);
                if (fault.latency.count() > 0) {
                    if (!out.empty()) {
                        co_await asio::async_write(stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
                        out.clear();
                    }
                    delay.expires_after(fault.latency);
                    co_await delay.async_wait(asio::as_tuple(asio::use_awaitable));
                }
                if (fault.disconnect) {
                    spdlog::info("sim {}: fault injection closes the connection after '{}'", state->name, message);
                    if (!out.empty())
                        co_await asio::async_write(stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
                    co_return;
                }
                if (!reply || fault.noReply)
                    continue;
                if (fault.garbage)
                    *reply = "\x7f\x01?GARBAGE";
                if (fault.partial) {
                    out.append(*reply, 0, reply->size() / 2);
                    continue;
                }
                out += *reply;
                out += outTerm;
            }
            buffer.erase(0, consumed);
            if (!overrun)
                break;
            discarding = true;
        }
        if (!out.empty()) {
            auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
            if (wec)
                co_return;
        }
    }
}

asio::awaitable<void> acceptLoop(std::shared_ptr<SimServer::State> state) {
    while (!state->stopped) {
        auto [ec, socket] = co_await state->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto peer = socket.remote_endpoint(ignored);
        asio::co_spawn(
            state->acceptor.get_executor(),
            [state, s = std::move(socket), peer]() mutable -> asio::awaitable<void> {
                auto it = state->connections.insert(state->connections.end(), &s);
                co_await serveStream(state, s, peer.address().to_string() + ":" + std::to_string(peer.port()));
                state->connections.erase(it);
                boost::system::error_code ignore;
                s.close(ignore);
            },
            asio::detached);
    }
}

asio::awaitable<void> servePty(std::shared_ptr<SimServer::State> state) {
    co_await serveStream(state, state->pty, "pty");
}

} // namespace

SimServer::SimServer(asio::any_io_executor executor, std::shared_ptr<LineDevice> device, std::string name)
    : m_executor(std::move(executor)), m_device(std::move(device)), m_name(std::move(name)),
      m_state(std::make_shared<State>(m_executor)) {
    m_state->device = m_device;
    m_state->messages = &m_messages;
    m_state->name = m_name;
}

SimServer::~SimServer() {
    stop();
    m_state->messages = nullptr;
}

void SimServer::setFaults(std::vector<FaultRule> rules, std::uint64_t seed) {
    m_state->faults = FaultInjector(std::move(rules), seed);
}

std::uint16_t SimServer::listenTcp(std::uint16_t port, const std::string& address) {
    tcp::endpoint endpoint(asio::ip::make_address(address), port);
    auto& acceptor = m_state->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    m_port = acceptor.local_endpoint().port();
    m_address = address;
    asio::co_spawn(m_executor, acceptLoop(m_state), asio::detached);
    return m_port;
}

std::string SimServer::openPty() {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
        throw std::runtime_error("sim " + m_name + ": cannot open a pseudo-terminal");
    char path[128];
    if (::ptsname_r(master, path, sizeof path) != 0) {
        ::close(master);
        throw std::runtime_error("sim " + m_name + ": cannot name the pseudo-terminal");
    }
    // Raw mode on the slave (no echo, no line editing, no CR/LF translation), as a serial instrument's line is.
    int slave = ::open(path, O_RDWR | O_NOCTTY);
    if (slave >= 0) {
        termios tio{};
        if (::tcgetattr(slave, &tio) == 0) {
            ::cfmakeraw(&tio);
            ::tcsetattr(slave, TCSANOW, &tio);
        }
    }
    m_state->ptySlaveKeepAlive = slave;
    m_state->pty.assign(master);
    m_ptyPath = path;
    asio::co_spawn(m_executor, servePty(m_state), asio::detached);
    return m_ptyPath;
}

void SimServer::stop() {
    m_state->stopped = true;
    boost::system::error_code ignored;
    if (m_state->acceptor.is_open())
        m_state->acceptor.close(ignored);
    for (tcp::socket* s : m_state->connections)
        s->close(ignored);
    if (m_state->pty.is_open())
        m_state->pty.close(ignored);
    if (m_state->ptySlaveKeepAlive >= 0) {
        ::close(m_state->ptySlaveKeepAlive);
        m_state->ptySlaveKeepAlive = -1;
    }
}

std::string SimServer::resourceString() const {
    if (m_port != 0)
        return "TCPIP0::" + m_address + "::" + std::to_string(m_port) + "::SOCKET";
    if (!m_ptyPath.empty())
        return "ASRL" + m_ptyPath + "::INSTR";
    return {};
}

} // namespace optiqual::instruments::sim
