#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace optiqual::instruments {

enum class Parity { None, Odd, Even };
enum class FlowControl { None, Software, Hardware };

/// @brief Serial line settings, from the options of an `ASRL...::INSTR` resource.
struct SerialSettings {
    unsigned baud = 9600;
    unsigned dataBits = 8;
    Parity parity = Parity::None;
    unsigned stopBits = 1;
    FlowControl flow = FlowControl::None;
};

/// @brief A parsed VISA-style resource string.
///
/// Accepted forms:
/// - `TCPIP[board]::host::port::SOCKET` — raw socket (LF-terminated SCPI, e.g. port 5025);
/// - `ASRL<device path>::INSTR` — serial port, e.g. `ASRL/dev/ttyUSB0::INSTR`;
/// each optionally followed by `?key=value&key=value` options:
/// `baud`, `data` (5–8), `parity` (none|odd|even), `stop` (1|2), `flow` (none|xonxoff|rtscts),
/// `term` (write and read terminator), `rterm`, `wterm` (each `LF`, `CR`, `CRLF` or `NONE`).
struct ResourceString {
    enum class Kind { TcpSocket, Serial };

    Kind kind = Kind::TcpSocket;
    std::string text;       ///< the string as given
    std::string host;       ///< TcpSocket
    std::uint16_t port = 0; ///< TcpSocket
    std::string device;     ///< Serial: device path
    SerialSettings serial;  ///< Serial
    std::string readTerminator = "\n";
    std::string writeTerminator = "\n";
    bool terminatorsGiven = false; ///< `term`/`rterm`/`wterm` was present (else a driver's default applies)

    /// @brief Parses @p text; throws InstrumentError(Configuration) naming what is wrong and where.
    static ResourceString parse(std::string_view text);
};

/// @brief "LF" → "\n", "CR" → "\r", "CRLF" → "\r\n", "NONE" → ""; throws std::invalid_argument otherwise.
std::string parseTerminatorName(std::string_view name);

} // namespace optiqual::instruments
