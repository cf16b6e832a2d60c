#pragma once
#include <stdexcept>
#include <string>

namespace optiqual::instruments {

/// @brief What went wrong talking to an instrument.
enum class InstrumentErrorKind {
    Timeout,            ///< no (complete) reply within the deadline
    Disconnected,       ///< the connection closed or could not be opened
    Protocol,           ///< a reply that does not parse as the command promised
    InstrumentReported, ///< the instrument's error queue (or its protocol's error reply) named an error
    Cancelled,          ///< the operation was cancelled (abort)
    Configuration,      ///< bad resource string, unsupported option, unknown model
};

const char* toString(InstrumentErrorKind kind);

/// @brief The one exception type drivers and sessions throw. It names the instrument and the command, so
/// a step's Error verdict reads e.g. `psu (TCPIP0::127.0.0.1::5025::SOCKET): VOLT 40,(@1): instrument
/// reported -222,"Data out of range"`.
class InstrumentError : public std::runtime_error {
public:
    InstrumentError(InstrumentErrorKind kind, std::string instrument, std::string command, std::string detail,
                    int code = 0);

    InstrumentErrorKind kind() const { return m_kind; }
    const std::string& instrument() const { return m_instrument; }
    const std::string& command() const { return m_command; }
    const std::string& detail() const { return m_detail; }
    /// @brief The instrument's error code for InstrumentReported (e.g. -222), else 0.
    int code() const { return m_code; }

private:
    InstrumentErrorKind m_kind;
    std::string m_instrument;
    std::string m_command;
    std::string m_detail;
    int m_code;
};

} // namespace optiqual::instruments
