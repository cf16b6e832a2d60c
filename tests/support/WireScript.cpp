#include "tests/support/WireScript.h"

#include "instruments/Framing.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <sstream>

namespace optiqual::testing {

namespace asio = boost::asio;
using asio::ip::tcp;

struct WireScript::State {
    explicit State(asio::io_context& io) : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
    tcp::acceptor acceptor;
    std::vector<Exchange> script;
    std::string inTerm;
    std::string outTerm;
    std::size_t next = 0;
    std::vector<std::string> received;
    std::vector<std::string> mismatches;
    std::vector<tcp::socket*> sockets;
};

namespace {

std::string visible(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
            out += hex;
        } else
            out += c;
    }
    return out;
}

asio::awaitable<void> serve(std::shared_ptr<WireScript::State> state, tcp::socket socket) {
    state->sockets.push_back(&socket);
    std::string buffer;
    char chunk[4096];
    while (true) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
        if (ec)
            break;
        buffer.append(chunk, n);
        std::string out;
        while (auto end = instruments::findMessageEnd(buffer, state->inTerm)) {
            std::string message = buffer.substr(0, *end);
            buffer.erase(0, *end + state->inTerm.size());
            state->received.push_back(message);
            if (state->next >= state->script.size()) {
                state->mismatches.push_back("unexpected extra message '" + visible(message) + "'");
                continue;
            }
            const Exchange& ex = state->script[state->next++];
            if (message != ex.expect) {
                state->mismatches.push_back("exchange " + std::to_string(state->next) + ": expected '" +
                                            visible(ex.expect) + "', got '" + visible(message) + "'");
                continue;
            }
            if (ex.reply)
                out += *ex.reply + state->outTerm;
        }
        if (!out.empty()) {
            auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
            if (wec)
                break;
        }
    }
    std::erase(state->sockets, &socket);
}

asio::awaitable<void> acceptAll(std::shared_ptr<WireScript::State> state) {
    while (true) {
        auto [ec, socket] = co_await state->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        asio::co_spawn(state->acceptor.get_executor(), serve(state, std::move(socket)), asio::detached);
    }
}

std::string terminatorName(const std::string& t) {
    if (t == "\r")
        return "CR";
    if (t == "\r\n")
        return "CRLF";
    return "LF";
}

} // namespace

WireScript::WireScript(asio::io_context& io, std::vector<Exchange> script, std::string inTerminator,
                       std::string outTerminator)
    : m_io(io), m_state(std::make_shared<State>(io)) {
    m_state->script = std::move(script);
    m_state->inTerm = std::move(inTerminator);
    m_state->outTerm = std::move(outTerminator);
    asio::co_spawn(io, acceptAll(m_state), asio::detached);
}

WireScript::~WireScript() {
    boost::system::error_code ignored;
    m_state->acceptor.close(ignored);
    for (auto* s : m_state->sockets)
        s->close(ignored);
}

std::string WireScript::resource() const {
    std::string r = "TCPIP0::127.0.0.1::" + std::to_string(m_state->acceptor.local_endpoint().port()) + "::SOCKET";
    if (m_state->inTerm != "\n" || m_state->outTerm != "\n")
        r += "?wterm=" + terminatorName(m_state->inTerm) + "&rterm=" + terminatorName(m_state->outTerm);
    return r;
}

bool WireScript::complete() const {
    return m_state->mismatches.empty() && m_state->next == m_state->script.size();
}

bool WireScript::awaitComplete() {
    for (int turn = 0; turn < 200 && !complete(); ++turn) {
        m_io.restart();
        m_io.run_one_for(std::chrono::milliseconds(10));
    }
    return complete();
}

const std::vector<std::string>& WireScript::received() const {
    return m_state->received;
}

std::string WireScript::report() const {
    std::ostringstream out;
    for (const auto& m : m_state->mismatches)
        out << m << "\n";
    if (m_state->next < m_state->script.size())
        out << "missing: expected '" << visible(m_state->script[m_state->next].expect) << "' (exchange "
            << m_state->next + 1 << " of " << m_state->script.size() << ") never arrived\n";
    out << "received:";
    for (const auto& r : m_state->received)
        out << " [" << visible(r) << "]";
    return out.str();
}

std::vector<Exchange> connectExchanges(const std::string& idn, const std::string& noError) {
    return {{"*IDN?", idn}, {"SYST:ERR?", noError}};
}

} // namespace optiqual::testing
