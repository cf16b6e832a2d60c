#include "instruments/SerialTransport.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <termios.h>

namespace optiqual::instruments {

namespace asio = boost::asio;

SerialTransport::SerialTransport(const asio::any_io_executor& executor, std::string resource, std::string device,
                                 SerialSettings settings)
    : m_resource(std::move(resource)), m_device(std::move(device)), m_settings(settings), m_port(executor) {}

asio::awaitable<boost::system::error_code> SerialTransport::open(std::chrono::milliseconds /*timeout*/) {
    close();
    boost::system::error_code ec;
    m_port.open(m_device, ec); // opening a tty does not block: the timeout has nothing to bound
    if (ec)
        co_return ec;
    using SP = asio::serial_port;
    const auto parity = m_settings.parity == Parity::None  ? SP::parity::none
                        : m_settings.parity == Parity::Odd ? SP::parity::odd
                                                           : SP::parity::even;
    const auto flow = m_settings.flow == FlowControl::None       ? SP::flow_control::none
                      : m_settings.flow == FlowControl::Software ? SP::flow_control::software
                                                                 : SP::flow_control::hardware;
    const auto stop = m_settings.stopBits == 2 ? SP::stop_bits::two : SP::stop_bits::one;
    m_port.set_option(SP::baud_rate(m_settings.baud), ec);
    if (!ec)
        m_port.set_option(SP::character_size(m_settings.dataBits), ec);
    if (!ec)
        m_port.set_option(SP::parity(parity), ec);
    if (!ec)
        m_port.set_option(SP::stop_bits(stop), ec);
    if (!ec)
        m_port.set_option(SP::flow_control(flow), ec);
    if (ec)
        close();
    co_return ec;
}

void SerialTransport::close() noexcept {
    boost::system::error_code ignored;
    if (m_port.is_open())
        m_port.close(ignored);
}

asio::awaitable<Transport::IoResult> SerialTransport::readSome(asio::mutable_buffer buffer) {
    auto [ec, n] = co_await m_port.async_read_some(buffer, asio::as_tuple(asio::use_awaitable));
    co_return IoResult{ec, n};
}

asio::awaitable<Transport::IoResult> SerialTransport::write(asio::const_buffer buffer) {
    auto [ec, n] = co_await asio::async_write(m_port, buffer, asio::as_tuple(asio::use_awaitable));
    co_return IoResult{ec, n};
}

void SerialTransport::cancel() noexcept {
    boost::system::error_code ignored;
    m_port.cancel(ignored);
}

std::size_t SerialTransport::discardInput() noexcept {
    if (!m_port.is_open())
        return 0;
    // tcflush drops bytes received but not read; it cannot say how many.
    ::tcflush(m_port.native_handle(), TCIFLUSH);
    return 0;
}

} // namespace optiqual::instruments
