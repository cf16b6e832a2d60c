// Fuzz target: every driver reading whatever an instrument sends back — the SCPI models and the text protocols
// (Espec P-300's comma fields, Julabo's "code text" status lines). The first byte picks the model; the rest is the
// byte stream the instrument sends, in order, to a driver that connects (identification) and then calls every
// method of its class with plain arguments. Whatever arrives, each call returns a value or throws an
// InstrumentError naming the instrument and command: any other exception, or a crash, breaks the property.
#include "instruments/DriverRegistry.h"
#include "instruments/InstrumentError.h"
#include "instruments/ScpiSession.h"
#include "instruments/Transport.h"
#include "station/InstrumentMethods.h"
#include "tests/fuzz/FuzzCheck.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

using namespace optiqual;
using namespace optiqual::instruments;
using optiqual::fuzz::require;
namespace asio = boost::asio;

namespace {

/// The instrument's side of the line, in memory: every write is taken, reads get the fuzzer's bytes in chunks of
/// up to 64, and once they run out the line is closed (a fast, clear end instead of a reply timeout).
class ScriptedTransport final : public Transport {
public:
    explicit ScriptedTransport(std::string_view replies) : m_replies(replies) {}
    const std::string& resource() const override { return m_resource; }
    asio::awaitable<boost::system::error_code> open(std::chrono::milliseconds) override {
        m_open = !m_replies.empty();
        co_return m_open ? boost::system::error_code() : asio::error::connection_refused;
    }
    void close() noexcept override { m_open = false; }
    bool isOpen() const override { return m_open; }
    asio::awaitable<IoResult> readSome(asio::mutable_buffer buffer) override {
        if (m_replies.empty())
            co_return IoResult{asio::error::eof, 0};
        const std::size_t n = std::min({buffer.size(), m_replies.size(), std::size_t(64)});
        std::memcpy(buffer.data(), m_replies.data(), n);
        m_replies.remove_prefix(n);
        co_return IoResult{{}, n};
    }
    asio::awaitable<IoResult> write(asio::const_buffer buffer) override {
        if (!m_open)
            co_return IoResult{asio::error::not_connected, 0};
        co_return IoResult{{}, buffer.size()};
    }
    void cancel() noexcept override {}
    std::size_t discardInput() noexcept override { return 0; }
    bool reconnectsToResync() const override { return true; }
    bool exhausted() const { return m_replies.empty(); }

private:
    std::string m_resource = "TCPIP0::fuzz::5025::SOCKET";
    std::string_view m_replies;
    bool m_open = false;
};

station::Value plainArgument(const sequences::MethodParam& p) {
    switch (p.kind) {
    case sequences::ValueKind::Bool:
        return true;
    case sequences::ValueKind::Text:
        return std::string("A");
    case sequences::ValueKind::NumberArray:
        return std::vector<double>{101.0};
    default:
        return p.unit == "s" ? 0.001 : 1.0; // a time is waited for in real time (a meter's averaging time)
    }
}

/// One method call (a coroutine function, not a lambda: its arguments live in its own frame).
asio::awaitable<void> callMethod(const station::InstrumentMethods& methods, Instrument& instrument, std::string name,
                                 std::vector<station::Value> args) {
    co_await methods.call(instrument, name, std::move(args));
}

/// Runs @p work to its end; false when it threw an InstrumentError, aborts on anything else.
bool survives(asio::io_context& io, asio::awaitable<void> work, const std::string& what) {
    std::exception_ptr error;
    bool done = false;
    asio::co_spawn(io, std::move(work), [&](std::exception_ptr e) {
        error = e;
        done = true;
    });
    io.restart();
    while (!done && io.run_one() > 0) {
    }
    require(done, "a call ends without waiting: the line answers at once or is closed");
    if (!error)
        return true;
    try {
        std::rethrow_exception(error);
    } catch (const InstrumentError&) {
        return false;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s threw %s\n", what.c_str(), e.what());
        require(false, "a driver turns every reply into a value or an InstrumentError");
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<const DriverEntry*> kDrivers = builtinDrivers().entries();
    if (size < 2 || kDrivers.empty())
        return 0;
    const DriverEntry& entry = *kDrivers[data[0] % kDrivers.size()];
    asio::io_context io;
    auto owned =
        std::make_unique<ScriptedTransport>(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    const ScriptedTransport& transport = *owned;
    SessionOptions options;
    options.name = "fuzzed";
    options.timeouts = {std::chrono::milliseconds(50), std::chrono::milliseconds(50), std::chrono::milliseconds(50),
                        std::chrono::milliseconds(50)};
    auto instrument =
        entry.factory(entry.model, std::make_unique<ScpiSession>(io.get_executor(), std::move(owned), options));
    instrument->session().setCommandSpacing(std::chrono::milliseconds(0)); // Julabo's 250 ms is real time
    if (!survives(io, instrument->connect(), entry.model + " connect"))
        return 0;
    const auto& methods = station::InstrumentMethods::builtin();
    const char* className = toString(instrument->instrumentClass());
    for (const auto& name : methods.methods(className)) {
        if (transport.exhausted())
            break;
        const auto* method = methods.method(className, name);
        std::vector<station::Value> args;
        for (const auto& p : method->params)
            args.push_back(plainArgument(p));
        survives(io, callMethod(methods, *instrument, name, std::move(args)), entry.model + " " + name);
    }
    return 0;
}
