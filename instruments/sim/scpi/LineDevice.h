#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::instruments::sim {

/// @brief A simulated instrument seen from its wire: one input message in, at most one reply out.
///
/// SCPI simulators derive from ScpiDevice; text-protocol simulators (Espec, Julabo) implement this directly.
/// A SimServer owns the connections and calls handleMessage() for each complete message, on the
/// simulator's io_context thread only, so implementations need no locking.
class LineDevice {
public:
    virtual ~LineDevice() = default;

    /// @brief Handles one message (terminator stripped). Returns the reply without its terminator, or
    /// std::nullopt when the message produces no reply.
    virtual std::optional<std::string> handleMessage(std::string_view message) = 0;

    /// @brief The terminator that ends an incoming message ("\n" for SCPI over sockets).
    virtual std::string inputTerminator() const { return "\n"; }
    /// @brief The terminator appended to each reply.
    virtual std::string outputTerminator() const { return "\n"; }

    /// @brief Pushes a device-dependent error into the device's error reporting (used by fault injection
    /// for "spurious error-queue entry"). Devices without an error queue ignore it.
    virtual void injectError(int /*code*/, std::string_view /*text*/) {}
    /// @brief Returns to the power-on defaults, as after a power glitch (fault injection `reset`): outputs off,
    /// set points and settings at their defaults. SCPI devices do what `*RST` does.
    virtual void powerOnReset() {}
};

} // namespace optiqual::instruments::sim
