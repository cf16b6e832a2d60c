#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

namespace optiqual::instruments {

struct ResourceString;

/// @brief A byte pipe to one instrument: raw TCP socket or serial port. Reports failures as error codes;
/// framing, deadlines and error naming live in the layers above.
class Transport {
public:
    using IoResult = std::pair<boost::system::error_code, std::size_t>;

    virtual ~Transport() = default;

    /// @brief The resource string this transport was made from.
    virtual const std::string& resource() const = 0;
    /// @brief Opens the connection, giving up after @p timeout.
    virtual boost::asio::awaitable<boost::system::error_code> open(std::chrono::milliseconds timeout) = 0;
    virtual void close() noexcept = 0;
    virtual bool isOpen() const = 0;
    /// @brief Reads what is available (at least one byte). Cancellable through the awaiting coroutine.
    virtual boost::asio::awaitable<IoResult> readSome(boost::asio::mutable_buffer buffer) = 0;
    /// @brief Writes all of @p buffer.
    virtual boost::asio::awaitable<IoResult> write(boost::asio::const_buffer buffer) = 0;
    /// @brief Cancels pending reads and writes (used when a deadline expires).
    virtual void cancel() noexcept = 0;
    /// @brief Drops input the OS has already received but nobody has read; returns how many bytes.
    virtual std::size_t discardInput() noexcept = 0;
    /// @brief True when reconnecting is the way to resynchronise (sockets); false for serial lines.
    virtual bool reconnectsToResync() const = 0;
};

/// @brief Makes the transport a resource string asks for.
std::unique_ptr<Transport> makeTransport(const boost::asio::any_io_executor& executor, const ResourceString& resource);

} // namespace optiqual::instruments
