#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::testing {

/// @brief One exchange a fake instrument expects: the exact message (without terminator) and what it answers.
struct Exchange {
    std::string expect;
    std::optional<std::string> reply; ///< nullopt: no reply (a setting command)
};

/// @brief A fake instrument on 127.0.0.1 that asserts the exact bytes a driver sends, in order, and plays back
/// scripted replies (EPICS StreamDevice style byte-exact wire tests). Runs on the test's io_context.
///
/// After the driver code ran, check `EXPECT_TRUE(script.complete()) << script.report();`.
class WireScript {
public:
    WireScript(boost::asio::io_context& io, std::vector<Exchange> script, std::string inTerminator = "\n",
               std::string outTerminator = "\n");
    ~WireScript();

    /// @brief `TCPIP0::127.0.0.1::<port>::SOCKET` with the script's terminators as options when not LF.
    std::string resource() const;
    /// @brief Every exchange arrived as expected and nothing else arrived.
    bool complete() const;
    /// @brief complete(), after letting the fake instrument read what the driver already sent: a command without
    /// a reply returns to the test before the other end has read it. Runs the io_context on I/O events until the
    /// script is complete or stays idle (bounded: 200 idle turns of 10 ms), never on a fixed delay.
    bool awaitComplete();
    /// @brief What arrived vs what was expected, for the failure message.
    std::string report() const;
    const std::vector<std::string>& received() const;

    struct State; ///< shared with the serving coroutines (defined in the .cpp)

private:
    boost::asio::io_context& m_io;
    std::shared_ptr<State> m_state;
};

/// @brief The exchanges Instrument::connect() makes on a SCPI instrument: `*IDN?` then `SYST:ERR?` → 0.
std::vector<Exchange> connectExchanges(const std::string& idn, const std::string& noError = "+0,\"No error\"");

/// @brief Runs @p work on @p io until it completes; returns its value or rethrows its exception.
template <typename T> T runAwaitable(boost::asio::io_context& io, boost::asio::awaitable<T> work);
void runAwaitable(boost::asio::io_context& io, boost::asio::awaitable<void> work);

} // namespace optiqual::testing

#include "tests/support/RunAwaitable.inl"
