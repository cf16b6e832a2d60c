#include "instruments/TcpTransport.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace optiqual::instruments {

namespace asio = boost::asio;
using asio::ip::tcp;

TcpTransport::TcpTransport(const asio::any_io_executor& executor, std::string resource, std::string host,
                           std::uint16_t port)
    : m_resource(std::move(resource)), m_host(std::move(host)), m_port(port), m_socket(executor) {}

asio::awaitable<boost::system::error_code> TcpTransport::open(std::chrono::milliseconds timeout) {
    using namespace asio::experimental::awaitable_operators;
    close();
    tcp::resolver resolver(m_socket.get_executor());
    auto [rec, endpoints] =
        co_await resolver.async_resolve(m_host, std::to_string(m_port), asio::as_tuple(asio::use_awaitable));
    if (rec)
        co_return rec;
    asio::steady_timer timer(m_socket.get_executor(), timeout);
    auto result = co_await (asio::async_connect(m_socket, endpoints, asio::as_tuple(asio::use_awaitable)) ||
                            timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (result.index() == 1) {
        close();
        co_return make_error_code(asio::error::timed_out);
    }
    auto [cec, endpoint] = std::get<0>(result);
    if (cec) {
        close();
        co_return cec;
    }
    boost::system::error_code ignored;
    m_socket.set_option(tcp::no_delay(true), ignored);
    co_return boost::system::error_code{};
}

void TcpTransport::close() noexcept {
    boost::system::error_code ignored;
    if (m_socket.is_open()) {
        m_socket.shutdown(tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
    }
}

asio::awaitable<Transport::IoResult> TcpTransport::readSome(asio::mutable_buffer buffer) {
    auto [ec, n] = co_await m_socket.async_read_some(buffer, asio::as_tuple(asio::use_awaitable));
    co_return IoResult{ec, n};
}

asio::awaitable<Transport::IoResult> TcpTransport::write(asio::const_buffer buffer) {
    auto [ec, n] = co_await asio::async_write(m_socket, buffer, asio::as_tuple(asio::use_awaitable));
    co_return IoResult{ec, n};
}

void TcpTransport::cancel() noexcept {
    boost::system::error_code ignored;
    m_socket.cancel(ignored);
}

std::size_t TcpTransport::discardInput() noexcept {
    std::size_t total = 0;
    if (!m_socket.is_open())
        return 0;
    boost::system::error_code ec;
    char scratch[4096];
    while (m_socket.available(ec) > 0 && !ec) {
        m_socket.non_blocking(true, ec);
        auto n = m_socket.read_some(asio::buffer(scratch), ec);
        if (ec)
            break;
        total += n;
    }
    m_socket.non_blocking(false, ec);
    return total;
}

} // namespace optiqual::instruments
