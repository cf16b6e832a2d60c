#pragma once
#include "instruments/Transport.h"

#include <boost/asio/ip/tcp.hpp>
#include <cstdint>

namespace optiqual::instruments {

/// @brief Raw TCP socket transport (`TCPIP::host::port::SOCKET`), TCP_NODELAY set for low query latency.
class TcpTransport final : public Transport {
public:
    TcpTransport(const boost::asio::any_io_executor& executor, std::string resource, std::string host,
                 std::uint16_t port);

    const std::string& resource() const override { return m_resource; }
    boost::asio::awaitable<boost::system::error_code> open(std::chrono::milliseconds timeout) override;
    void close() noexcept override;
    bool isOpen() const override { return m_socket.is_open(); }
    boost::asio::awaitable<IoResult> readSome(boost::asio::mutable_buffer buffer) override;
    boost::asio::awaitable<IoResult> write(boost::asio::const_buffer buffer) override;
    void cancel() noexcept override;
    std::size_t discardInput() noexcept override;
    bool reconnectsToResync() const override { return true; }

private:
    std::string m_resource;
    std::string m_host;
    std::uint16_t m_port;
    boost::asio::ip::tcp::socket m_socket;
};

} // namespace optiqual::instruments
