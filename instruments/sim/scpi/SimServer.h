#pragma once
#include "instruments/sim/scpi/FaultInjection.h"
#include "instruments/sim/scpi/LineDevice.h"

#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>

namespace optiqual::instruments::sim {

/// @brief Serves one simulated instrument to real clients: on a TCP port of 127.0.0.1 (many connections at
/// once, like a LAN instrument's port 5025) and/or on a pseudo-terminal (serial instruments).
///
/// All connections share the device; everything runs on the server's executor, which must be single-threaded
/// (the device is not locked). Fault rules apply to the stream of messages from all connections.
class SimServer {
public:
    /// @brief The longest message a simulated instrument buffers (terminator excluded). Commands to our models
    /// are short (the longest, a DAQ scan list or a fixture block write, is a few kB); 1 MiB bounds what a client
    /// that never sends a terminator can make it allocate. Longer: error -363 "Input buffer overrun", the
    /// message is dropped up to its terminator and what follows is parsed as usual.
    static constexpr std::size_t kMaxMessageBytes = std::size_t(1) << 20;

    SimServer(boost::asio::any_io_executor executor, std::shared_ptr<LineDevice> device, std::string name);
    ~SimServer();
    SimServer(const SimServer&) = delete;
    SimServer& operator=(const SimServer&) = delete;

    /// @brief Starts listening on @p address:@p port (0: any free port); returns the bound port.
    /// Throws boost::system::system_error when the port cannot be bound.
    std::uint16_t listenTcp(std::uint16_t port, const std::string& address = "127.0.0.1");
    /// @brief Opens a pseudo-terminal and serves its master side; returns the slave's path (/dev/pts/N).
    std::string openPty();
    void setFaults(std::vector<FaultRule> rules, std::uint64_t seed = 1);
    /// @brief Closes the listener, the pseudo-terminal and every connection.
    void stop();

    const std::string& name() const { return m_name; }
    LineDevice& device() { return *m_device; }
    /// @brief `TCPIP0::127.0.0.1::<port>::SOCKET` or `ASRL/dev/pts/N::INSTR`, for whichever is open (TCP first).
    std::string resourceString() const;
    std::uint16_t tcpPort() const { return m_port; }
    const std::string& ptyPath() const { return m_ptyPath; }
    std::uint64_t messagesHandled() const { return m_messages; }

    struct State; ///< connection state shared with the serving coroutines (defined in the .cpp)

private:
    boost::asio::any_io_executor m_executor;
    std::shared_ptr<LineDevice> m_device;
    std::string m_name;
    std::shared_ptr<State> m_state;
    std::uint16_t m_port = 0;
    std::string m_address;
    std::string m_ptyPath;
    std::uint64_t m_messages = 0;
};

} // namespace optiqual::instruments::sim
