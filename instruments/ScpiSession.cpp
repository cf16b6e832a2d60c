#include "instruments/ScpiSession.h"

#include "instruments/Framing.h"
#include "instruments/ScpiNumber.h"
#include "instruments/Transport.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace optiqual::instruments {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// One long-lived timer per session enforces deadlines: arming is a store, not a timer operation, so the
// per-query cost stays near zero. When the timer fires before the deadline it re-arms for the remainder;
// when the deadline has passed it cancels the transport's pending I/O, which then completes with
// operation_aborted and `fired` tells a timeout from an outside cancellation.
struct ScpiSession::Watchdog : std::enable_shared_from_this<Watchdog> {
    explicit Watchdog(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    Clock::time_point deadline = Clock::time_point::max();
    Transport* transport = nullptr;
    bool waiting = false;
    bool fired = false;

    void arm(Clock::time_point when) {
        deadline = when;
        fired = false;
        if (!waiting)
            start();
        else if (when < timer.expiry())
            timer.cancel(); // the handler re-arms at the new, earlier deadline
    }

    void start() {
        waiting = true;
        timer.expires_at(deadline);
        timer.async_wait([self = shared_from_this()](const boost::system::error_code&) { self->onTimer(); });
    }

    void onTimer() {
        waiting = false;
        if (deadline == Clock::time_point::max() || transport == nullptr)
            return;
        if (Clock::now() >= deadline) {
            fired = true;
            deadline = Clock::time_point::max();
            transport->cancel();
            return;
        }
        start();
    }
};

ScpiSession::ScpiSession(const asio::any_io_executor& executor, const ResourceString& resource, SessionOptions options)
    : ScpiSession(executor, makeTransport(executor, resource), std::move(options)) {
    m_readTerminator = resource.readTerminator;
    m_writeTerminator = resource.writeTerminator;
    m_terminatorsExplicit = resource.terminatorsGiven;
}

ScpiSession::ScpiSession(asio::any_io_executor executor, std::unique_ptr<Transport> transport, SessionOptions options)
    : m_executor(std::move(executor)), m_transport(std::move(transport)), m_options(std::move(options)),
      m_lock(m_executor), m_watchdog(std::make_shared<Watchdog>(m_executor)) {
    m_watchdog->transport = m_transport.get();
    if (m_options.name.empty())
        m_options.name = m_transport->resource();
}

ScpiSession::~ScpiSession() {
    m_watchdog->transport = nullptr;
    m_watchdog->deadline = Clock::time_point::max();
    try {
        m_watchdog->timer.cancel();
    } catch (...) {
        // Only an OS refusal throws here, and a destructor must not: the watchdog is disarmed above either way.
    }
    close();
}

const std::string& ScpiSession::resource() const {
    return m_transport->resource();
}

void ScpiSession::setTerminators(std::string read, std::string write) {
    m_readTerminator = std::move(read);
    m_writeTerminator = std::move(write);
}

bool ScpiSession::isOpen() const {
    return m_transport->isOpen();
}

void ScpiSession::close() noexcept {
    m_transport->close();
    m_rx.clear();
}

void ScpiSession::fail(InstrumentErrorKind kind, std::string_view command, std::string detail, int code) {
    throw InstrumentError(kind, m_options.name + " (" + m_transport->resource() + ")", std::string(command),
                          std::move(detail), code);
}

void ScpiSession::failIo(const boost::system::error_code& ec, std::string_view command, const char* during) {
    if (ec == asio::error::operation_aborted) {
        m_needsResync = true;
        if (m_watchdog->fired) {
            ++m_stats.timeouts;
            spdlog::warn("{}: timeout {} for '{}'; the session will resynchronise before the next command",
                         m_options.name, during, command);
            fail(InstrumentErrorKind::Timeout, command, std::string(during));
        }
        fail(InstrumentErrorKind::Cancelled, command, std::string(during));
    }
    // Any other failure means the connection is gone: close it so the next command reconnects.
    spdlog::warn("{}: connection lost {} for '{}': {}", m_options.name, during, command, ec.message());
    close();
    m_needsResync = false;
    fail(InstrumentErrorKind::Disconnected, command, std::string(during) + ": " + ec.message());
}

void ScpiSession::arm(std::chrono::milliseconds timeout) {
    m_watchdog->arm(Clock::now() + timeout);
}

void ScpiSession::disarm() {
    m_watchdog->deadline = Clock::time_point::max();
}

asio::awaitable<void> ScpiSession::connect() {
    auto guard = co_await m_lock.scopedLock();
    co_await openTransport("(connect)");
}

asio::awaitable<void> ScpiSession::openTransport(std::string_view command) {
    auto ec = co_await m_transport->open(m_options.timeouts.connect);
    if (ec) {
        if (ec == asio::error::timed_out)
            fail(InstrumentErrorKind::Timeout, command,
                 "connecting (no answer within " + std::to_string(m_options.timeouts.connect.count()) + " ms)");
        fail(InstrumentErrorKind::Disconnected, command, "cannot connect: " + ec.message());
    }
    if (m_everOpened) {
        ++m_stats.reconnects;
        spdlog::info("{}: reconnected to {}", m_options.name, m_transport->resource());
    }
    m_everOpened = true;
    m_rx.clear();
    m_needsResync = false;
}

asio::awaitable<void> ScpiSession::resync(std::string_view command) {
    ++m_stats.resyncs;
    if (m_transport->reconnectsToResync()) {
        spdlog::info("{}: resynchronising by reconnecting (a reply may still be in flight)", m_options.name);
        close();
        co_await openTransport(command);
        co_return;
    }
    // Serial: drop what the OS holds, then read until the line stays quiet for resyncQuiet.
    std::size_t dropped = m_rx.size() + m_transport->discardInput();
    m_rx.clear();
    char scratch[512];
    while (true) {
        arm(m_options.resyncQuiet);
        auto [ec, n] = co_await m_transport->readSome(asio::buffer(scratch));
        disarm();
        if (ec == asio::error::operation_aborted && m_watchdog->fired)
            break;
        if (ec)
            failIo(ec, command, "resynchronising");
        dropped += n;
    }
    spdlog::info("{}: resynchronised the serial line, dropped {} stale bytes", m_options.name, dropped);
    m_needsResync = false;
}

asio::awaitable<void> ScpiSession::ensureReady(std::string_view command) {
    if (!m_transport->isOpen()) {
        if (m_everOpened)
            spdlog::info("{}: reconnecting before '{}'", m_options.name, command);
        co_await openTransport(command);
    } else if (m_needsResync) {
        co_await resync(command);
    }
    if (m_options.commandSpacing.count() > 0) {
        const auto earliest = m_lastMessage + m_options.commandSpacing;
        if (Clock::now() < earliest) {
            asio::steady_timer spacing(m_executor, earliest);
            co_await spacing.async_wait(asio::use_awaitable);
        }
    }
}

asio::awaitable<void> ScpiSession::rawWrite(std::string_view command) {
    co_await ensureReady(command);
    m_tx.assign(command);
    m_tx += m_writeTerminator;
    arm(m_options.timeouts.write);
    auto [ec, n] = co_await m_transport->write(asio::buffer(m_tx));
    disarm();
    m_lastMessage = Clock::now();
    if (ec)
        failIo(ec, command, "writing");
}

asio::awaitable<std::string> ScpiSession::rawRead(std::string_view command, std::chrono::milliseconds replyTimeout) {
    std::size_t scanned = 0;
    bool firstByte = !m_rx.empty();
    bool rescan = true;
    arm(firstByte ? m_options.timeouts.read : replyTimeout);
    while (true) {
        // Scan from the start (a block may straddle chunks), but only when the bytes just read hold the
        // terminator's first byte (only there can a message end) or the limit is crossed: most chunks of a long
        // reply are not rescanned.
        std::optional<std::size_t> end;
        try {
            if (rescan || m_rx.size() > kMaxMessageBytes)
                end = findMessageEnd(m_rx, m_readTerminator);
        } catch (const MessageTooLong& e) {
            // The rest of that reply is still coming: resynchronise (reconnect, or drain a serial line) first.
            disarm();
            m_rx.clear();
            m_needsResync = true;
            fail(InstrumentErrorKind::Protocol, command, std::string("reply: ") + e.what());
        }
        if (end) {
            disarm();
            ++m_stats.queries;
            std::string reply = m_rx.substr(0, *end);
            m_rx.erase(0, *end + m_readTerminator.size());
            co_return reply;
        }
        scanned = m_rx.size();
        m_rx.resize(scanned + 4096);
        auto [ec, n] = co_await m_transport->readSome(asio::buffer(m_rx.data() + scanned, 4096));
        m_rx.resize(scanned + n);
        rescan = m_readTerminator.empty() ||
                 std::string_view(m_rx).substr(scanned).find(m_readTerminator.front()) != std::string_view::npos;
        if (ec) {
            disarm();
            failIo(ec, command, firstByte || n ? "reading the reply" : "waiting for the reply");
        }
        if (!firstByte) {
            firstByte = true;
        }
        arm(m_options.timeouts.read);
    }
}

asio::awaitable<void> ScpiSession::write(std::string command) {
    auto guard = co_await m_lock.scopedLock();
    co_await rawWrite(command);
    ++m_stats.writes;
    if (m_options.checked && m_options.hasErrorQueue)
        co_await rawCheckErrors(command);
}

asio::awaitable<std::string> ScpiSession::query(std::string command) {
    co_return co_await query(std::move(command), m_options.timeouts.reply);
}

asio::awaitable<std::string> ScpiSession::query(std::string command, std::chrono::milliseconds replyTimeout) {
    auto guard = co_await m_lock.scopedLock();
    co_await rawWrite(command);
    co_return co_await rawRead(command, replyTimeout);
}

asio::awaitable<double> ScpiSession::queryDouble(std::string command) {
    auto reply = co_await query(command);
    auto value = parseScpiDouble(reply);
    if (!value)
        fail(InstrumentErrorKind::Protocol, command, "reply '" + reply + "' is not a number");
    co_return *value;
}

asio::awaitable<long long> ScpiSession::queryInteger(std::string command) {
    auto reply = co_await query(command);
    auto value = parseScpiInteger(reply);
    if (!value)
        fail(InstrumentErrorKind::Protocol, command, "reply '" + reply + "' is not an integer");
    co_return *value;
}

asio::awaitable<bool> ScpiSession::queryBool(std::string command) {
    auto reply = co_await query(command);
    auto value = parseScpiBool(reply);
    if (!value)
        fail(InstrumentErrorKind::Protocol, command, "reply '" + reply + "' is not a boolean (1/0/ON/OFF)");
    co_return *value;
}

asio::awaitable<std::vector<double>> ScpiSession::queryDoubleList(std::string command) {
    auto reply = co_await query(command);
    auto values = parseScpiDoubleList(reply);
    if (!values)
        fail(InstrumentErrorKind::Protocol, command, "reply '" + reply + "' is not a list of numbers");
    co_return std::move(*values);
}

asio::awaitable<std::string> ScpiSession::queryBlock(std::string command) {
    auto reply = co_await query(command);
    std::string why;
    auto block = parseBlock(reply, &why);
    if (!block)
        fail(InstrumentErrorKind::Protocol, command, why);
    if (block->consumed != reply.size())
        fail(InstrumentErrorKind::Protocol, command,
             std::to_string(reply.size() - block->consumed) + " unexpected bytes after the block");
    co_return std::string(block->payload);
}

Identity ScpiSession::parseIdentity(std::string_view reply) {
    Identity id;
    id.raw = std::string(trimBlanks(reply));
    std::string* fields[] = {&id.manufacturer, &id.model, &id.serial, &id.firmware};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < 4 && pos <= id.raw.size(); ++i) {
        auto comma = i == 3 ? std::string::npos : id.raw.find(',', pos);
        *fields[i] = std::string(trimBlanks(
            std::string_view(id.raw).substr(pos, comma == std::string::npos ? std::string::npos : comma - pos)));
        if (comma == std::string::npos)
            break;
        pos = comma + 1;
    }
    return id;
}

asio::awaitable<Identity> ScpiSession::identify() {
    auto reply = co_await query("*IDN?");
    auto id = parseIdentity(reply);
    if (id.manufacturer.empty() || id.model.empty())
        fail(InstrumentErrorKind::Protocol, "*IDN?", "reply '" + reply + "' is not maker,model,serial,firmware");
    co_return id;
}

asio::awaitable<void> ScpiSession::waitComplete(std::chrono::milliseconds timeout) {
    auto reply = co_await query("*OPC?", timeout);
    if (trimBlanks(reply) != "1" && trimBlanks(reply) != "+1")
        fail(InstrumentErrorKind::Protocol, "*OPC?", "reply '" + reply + "' is not 1");
}

std::optional<ReportedError> ScpiSession::parseErrorReply(std::string_view reply) {
    reply = trimBlanks(reply);
    auto comma = reply.find(',');
    auto code = parseScpiInteger(reply.substr(0, comma));
    if (!code)
        return std::nullopt;
    ReportedError error{static_cast<int>(*code), {}};
    if (comma != std::string_view::npos) {
        auto text = trimBlanks(reply.substr(comma + 1));
        if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
            text = text.substr(1, text.size() - 2);
        error.text = std::string(text);
    }
    return error;
}

asio::awaitable<std::vector<ReportedError>> ScpiSession::rawDrainErrors(std::string_view command) {
    std::vector<ReportedError> errors;
    for (int i = 0; i < 100; ++i) {
        std::string reply;
        try {
            co_await rawWrite(m_options.errorQuery);
            reply = co_await rawRead(m_options.errorQuery, m_options.timeouts.reply);
        } catch (const InstrumentError& e) {
            // The check is part of the command it follows: a timeout or a dropped line here is that command's
            // failure, and the operator needs its name (`VOLT 5,(@1)`), not only the error query's.
            if (command == m_options.errorQuery)
                throw;
            throw InstrumentError(e.kind(), e.instrument(), std::string(command),
                                  e.detail() + " (in the " + m_options.errorQuery + " check after it)", e.code());
        }
        auto error = parseErrorReply(reply);
        if (!error)
            fail(InstrumentErrorKind::Protocol, command,
                 "error-queue reply '" + reply + "' to " + m_options.errorQuery + " is not <code>,\"<text>\"");
        if (error->code == 0)
            co_return errors;
        errors.push_back(std::move(*error));
    }
    fail(InstrumentErrorKind::Protocol, command, "error queue did not empty after 100 reads");
}

asio::awaitable<void> ScpiSession::rawCheckErrors(std::string_view command) {
    auto errors = co_await rawDrainErrors(command);
    if (errors.empty())
        co_return;
    std::string detail = std::to_string(errors.front().code) + ",\"" + errors.front().text + "\"";
    if (errors.size() > 1)
        detail += " (and " + std::to_string(errors.size() - 1) + " more)";
    for (const auto& e : errors)
        spdlog::warn("{}: '{}' -> {},\"{}\"", m_options.name, command, e.code, e.text);
    fail(InstrumentErrorKind::InstrumentReported, command, detail, errors.front().code);
}

asio::awaitable<std::vector<ReportedError>> ScpiSession::drainErrors() {
    auto guard = co_await m_lock.scopedLock();
    co_return co_await rawDrainErrors(m_options.errorQuery);
}

asio::awaitable<void> ScpiSession::checkErrors(std::string command) {
    auto guard = co_await m_lock.scopedLock();
    co_await rawCheckErrors(command);
}

} // namespace optiqual::instruments
