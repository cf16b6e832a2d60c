#pragma once
#include "core/AsyncMutex.h"
#include "instruments/InstrumentError.h"
#include "instruments/ResourceString.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

class Transport;

/// @brief The four deadlines of one exchange, after EPICS StreamDevice: @c connect for opening,
/// @c write for sending a message, @c reply for the first byte of a reply, @c read for each further chunk.
struct SessionTimeouts {
    std::chrono::milliseconds connect{3000};
    std::chrono::milliseconds write{2000};
    std::chrono::milliseconds reply{5000};
    std::chrono::milliseconds read{1000};
};

/// @brief How a session talks to its instrument.
struct SessionOptions {
    std::string name; ///< the instrument's name on the station ("psu"), used in every error
    SessionTimeouts timeouts;
    bool checked = false;      ///< drain the error queue after every setting command, throwing on errors
    bool hasErrorQueue = true; ///< false for non-SCPI protocols (Espec, Julabo)
    std::string errorQuery = "SYST:ERR?";
    std::chrono::milliseconds resyncQuiet{100};  ///< serial resync: input must be quiet this long
    std::chrono::milliseconds commandSpacing{0}; ///< minimum time between messages (Julabo wants 250 ms)
};

/// @brief The four fields of an `*IDN?` reply.
struct Identity {
    std::string manufacturer;
    std::string model;
    std::string serial;
    std::string firmware;
    std::string raw;
};

/// @brief One entry of an instrument's error queue.
struct ReportedError {
    int code = 0;
    std::string text;
};

/// @brief Counters a session keeps (for the operator panel and the log).
struct SessionStats {
    std::uint64_t writes = 0;
    std::uint64_t queries = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t resyncs = 0;
    std::uint64_t reconnects = 0;
};

/// @brief An IEEE 488.2 / SCPI conversation with one instrument over one transport.
///
/// One command is in flight at a time (callers queue fairly behind a coroutine mutex). Every failure is an
/// InstrumentError naming the instrument, its resource and the command. A timeout, cancellation or disconnect
/// never leaves half a reply for the next command: the session marks itself out of step and, before the next
/// command, reconnects (sockets) or drains the line until quiet (serial), logging that it did so.
/// Construction does no I/O; connect() opens. When the io_context runs on several threads, give the session a
/// strand as its executor. Commands are taken by value: an awaitable may start after the caller's temporaries
/// are gone (co_spawn), so the coroutine frame owns its command.
class ScpiSession {
public:
    ScpiSession(const boost::asio::any_io_executor& executor, const ResourceString& resource, SessionOptions options);
    ScpiSession(boost::asio::any_io_executor executor, std::unique_ptr<Transport> transport, SessionOptions options);
    ~ScpiSession();
    ScpiSession(const ScpiSession&) = delete;
    ScpiSession& operator=(const ScpiSession&) = delete;

    const std::string& name() const { return m_options.name; }
    const std::string& resource() const;
    const SessionOptions& options() const { return m_options; }
    void setTimeouts(const SessionTimeouts& timeouts) { m_options.timeouts = timeouts; }
    void setChecked(bool checked) { m_options.checked = checked; }
    bool checked() const { return m_options.checked; }
    /// @brief Terminators default to the resource string's (LF unless it says otherwise).
    void setTerminators(std::string read, std::string write);
    /// @brief True when the resource string named the terminators (`term=`, `rterm=`, `wterm=`): a driver
    /// whose protocol uses other terminators (CR, CR LF) sets its own only when this is false.
    bool terminatorsExplicit() const { return m_terminatorsExplicit; }
    /// @brief Non-SCPI protocols (Espec, Julabo) have no `SYST:ERR?`: their drivers turn this off.
    void setHasErrorQueue(bool has) { m_options.hasErrorQueue = has; }
    void setCommandSpacing(std::chrono::milliseconds spacing) { m_options.commandSpacing = spacing; }
    const SessionStats& stats() const { return m_stats; }
    const boost::asio::any_io_executor& executor() const { return m_executor; }
    /// @brief Whether a command is in flight or queued behind one (a caller that must not wait checks this first).
    bool busy() const { return m_lock.isLocked() || m_lock.waiterCount() > 0; }

    boost::asio::awaitable<void> connect();
    void close() noexcept;
    bool isOpen() const;

    /// @brief Sends a command that has no reply. In checked mode, drains the error queue afterwards and throws
    /// InstrumentReported for the first error found.
    boost::asio::awaitable<void> write(std::string command);
    /// @brief Sends a query and returns its reply without the terminator.
    boost::asio::awaitable<std::string> query(std::string command);
    /// @brief Like query(), with its own reply timeout (long measurements, `*OPC?`).
    boost::asio::awaitable<std::string> query(std::string command, std::chrono::milliseconds replyTimeout);

    /// @brief NR1/NR2/NR3; SCPI's 9.91E37 comes back as quiet NaN.
    boost::asio::awaitable<double> queryDouble(std::string command);
    boost::asio::awaitable<long long> queryInteger(std::string command);
    /// @brief `1`/`0`/`ON`/`OFF`.
    boost::asio::awaitable<bool> queryBool(std::string command);
    /// @brief A comma-separated list of numbers.
    boost::asio::awaitable<std::vector<double>> queryDoubleList(std::string command);
    /// @brief An IEEE 488.2 definite or indefinite block; returns its payload bytes.
    boost::asio::awaitable<std::string> queryBlock(std::string command);

    /// @brief `*IDN?` split into maker, model, serial and firmware.
    boost::asio::awaitable<Identity> identify();
    /// @brief `*OPC?`: waits until pending operations finish, up to @p timeout.
    boost::asio::awaitable<void> waitComplete(std::chrono::milliseconds timeout);
    /// @brief Reads the error queue until it reports 0 (at most 100 entries); returns what it held.
    boost::asio::awaitable<std::vector<ReportedError>> drainErrors();
    /// @brief Drains the queue; throws InstrumentReported naming @p command for the first error.
    boost::asio::awaitable<void> checkErrors(std::string command);

    /// @brief Parses `<code>,"<text>"`; std::nullopt if the reply is not in that form.
    static std::optional<ReportedError> parseErrorReply(std::string_view reply);
    /// @brief Splits an `*IDN?` reply.
    static Identity parseIdentity(std::string_view reply);

private:
    struct Watchdog;

    boost::asio::awaitable<void> ensureReady(std::string_view command);
    boost::asio::awaitable<void> openTransport(std::string_view command);
    boost::asio::awaitable<void> resync(std::string_view command);
    boost::asio::awaitable<void> rawWrite(std::string_view command);
    boost::asio::awaitable<std::string> rawRead(std::string_view command, std::chrono::milliseconds replyTimeout);
    boost::asio::awaitable<std::vector<ReportedError>> rawDrainErrors(std::string_view command);
    boost::asio::awaitable<void> rawCheckErrors(std::string_view command);
    [[noreturn]] void fail(InstrumentErrorKind kind, std::string_view command, std::string detail, int code = 0);
    [[noreturn]] void failIo(const boost::system::error_code& ec, std::string_view command, const char* during);
    void arm(std::chrono::milliseconds timeout);
    void disarm();

    boost::asio::any_io_executor m_executor;
    std::unique_ptr<Transport> m_transport;
    SessionOptions m_options;
    std::string m_readTerminator = "\n";
    std::string m_writeTerminator = "\n";
    core::AsyncMutex m_lock;
    std::shared_ptr<Watchdog> m_watchdog;
    std::string m_rx; ///< bytes received and not yet consumed
    std::string m_tx; ///< scratch for command + terminator
    bool m_terminatorsExplicit = false;
    bool m_everOpened = false;
    bool m_needsResync = false;
    std::chrono::steady_clock::time_point m_lastMessage{};
    SessionStats m_stats;
};

} // namespace optiqual::instruments
