#pragma once
#include "instruments/ResourceString.h"
#include "instruments/Transport.h"

#include <boost/asio/serial_port.hpp>

namespace optiqual::instruments {

/// @brief Serial-port transport (`ASRL/dev/tty…::INSTR`) with the line settings of the resource string.
/// Works with pseudo-terminals, which is how the tests and the simulated station serve serial instruments.
class SerialTransport final : public Transport {
public:
    SerialTransport(const boost::asio::any_io_executor& executor, std::string resource, std::string device,
                    SerialSettings settings);

    const std::string& resource() const override { return m_resource; }
    boost::asio::awaitable<boost::system::error_code> open(std::chrono::milliseconds timeout) override;
    void close() noexcept override;
    bool isOpen() const override { return m_port.is_open(); }
    boost::asio::awaitable<IoResult> readSome(boost::asio::mutable_buffer buffer) override;
    boost::asio::awaitable<IoResult> write(boost::asio::const_buffer buffer) override;
    void cancel() noexcept override;
    std::size_t discardInput() noexcept override;
    bool reconnectsToResync() const override { return false; }

private:
    std::string m_resource;
    std::string m_device;
    SerialSettings m_settings;
    boost::asio::serial_port m_port;
};

} // namespace optiqual::instruments
