// Fuzz target: VISA-style resource strings (`TCPIP0::host::5025::SOCKET`, `ASRL/dev/ttyUSB0::INSTR?baud=9600`)
// as station files and `optiqual scpi` give them. Bad text must be refused with the documented InstrumentError
// (kind Configuration), never any other exception or a crash (issue 7 defect 3: `ASRL99999999999::INSTR`).
#include "instruments/InstrumentError.h"
#include "instruments/ResourceString.h"
#include "tests/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace optiqual::instruments;
using optiqual::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const ResourceString parsed = ResourceString::parse(text);
        require(parsed.text == text, "the resource keeps the text given");
        if (parsed.kind == ResourceString::Kind::TcpSocket)
            require(!parsed.host.empty() && parsed.port != 0, "a socket resource has a host and a port");
        else
            require(!parsed.device.empty() && parsed.serial.baud > 0 && parsed.serial.dataBits >= 5 &&
                        parsed.serial.dataBits <= 8 && (parsed.serial.stopBits == 1 || parsed.serial.stopBits == 2),
                    "a serial resource has a device and sane line settings");
    } catch (const InstrumentError& e) {
        require(e.kind() == InstrumentErrorKind::Configuration, "bad resource text is a Configuration error");
    }
    return 0;
}
