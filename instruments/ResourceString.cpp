#include "instruments/ResourceString.h"

#include "instruments/InstrumentError.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace optiqual::instruments {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}

std::vector<std::string_view> split(std::string_view s, std::string_view sep) {
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (true) {
        auto next = s.find(sep, pos);
        parts.push_back(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
        if (next == std::string_view::npos)
            return parts;
        pos = next + sep.size();
    }
}

[[noreturn]] void fail(std::string_view text, const std::string& why) {
    throw InstrumentError(InstrumentErrorKind::Configuration, std::string(text), "", "bad resource string: " + why);
}

unsigned parseUnsigned(std::string_view text, std::string_view value, std::string_view what) {
    unsigned out = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (ec == std::errc::result_out_of_range)
        fail(text, std::string(what) + " '" + std::string(value) + "' is too large");
    if (ec != std::errc() || ptr != value.data() + value.size() || value.empty())
        fail(text, std::string(what) + " '" + std::string(value) + "' is not a whole number");
    return out;
}

void applyOption(ResourceString& r, std::string_view text, std::string_view key, std::string_view value) {
    const std::string k = upper(key);
    const std::string v = upper(value);
    const bool serial = r.kind == ResourceString::Kind::Serial;
    auto needSerial = [&] {
        if (!serial)
            fail(text, "option '" + std::string(key) + "' applies to ASRL (serial) resources only");
    };
    try {
        if (k == "BAUD") {
            needSerial();
            r.serial.baud = parseUnsigned(text, value, "baud");
            if (r.serial.baud < 50 || r.serial.baud > 4000000)
                fail(text, "baud " + std::string(value) + " out of range 50..4000000");
        } else if (k == "DATA") {
            needSerial();
            r.serial.dataBits = parseUnsigned(text, value, "data bits");
            if (r.serial.dataBits < 5 || r.serial.dataBits > 8)
                fail(text, "data bits must be 5..8, got " + std::string(value));
        } else if (k == "PARITY") {
            needSerial();
            if (v == "NONE" || v == "N")
                r.serial.parity = Parity::None;
            else if (v == "ODD" || v == "O")
                r.serial.parity = Parity::Odd;
            else if (v == "EVEN" || v == "E")
                r.serial.parity = Parity::Even;
            else
                fail(text, "parity must be none, odd or even, got '" + std::string(value) + "'");
        } else if (k == "STOP") {
            needSerial();
            r.serial.stopBits = parseUnsigned(text, value, "stop bits");
            if (r.serial.stopBits != 1 && r.serial.stopBits != 2)
                fail(text, "stop bits must be 1 or 2, got " + std::string(value));
        } else if (k == "FLOW") {
            needSerial();
            if (v == "NONE")
                r.serial.flow = FlowControl::None;
            else if (v == "XONXOFF")
                r.serial.flow = FlowControl::Software;
            else if (v == "RTSCTS")
                r.serial.flow = FlowControl::Hardware;
            else
                fail(text, "flow must be none, xonxoff or rtscts, got '" + std::string(value) + "'");
        } else if (k == "TERM") {
            r.readTerminator = r.writeTerminator = parseTerminatorName(value);
            r.terminatorsGiven = true;
        } else if (k == "RTERM") {
            r.readTerminator = parseTerminatorName(value);
            r.terminatorsGiven = true;
        } else if (k == "WTERM") {
            r.writeTerminator = parseTerminatorName(value);
            r.terminatorsGiven = true;
        } else {
            fail(text, "unknown option '" + std::string(key) +
                           "' (expected baud, data, parity, stop, flow, term, rterm or wterm)");
        }
    } catch (const std::invalid_argument& e) {
        fail(text, e.what());
    }
    if (r.readTerminator.empty())
        fail(text, "the read terminator cannot be NONE");
}

} // namespace

std::string parseTerminatorName(std::string_view name) {
    const std::string n = upper(name);
    if (n == "LF" || n == "\\N")
        return "\n";
    if (n == "CR" || n == "\\R")
        return "\r";
    if (n == "CRLF" || n == "\\R\\N")
        return "\r\n";
    if (n == "NONE")
        return "";
    throw std::invalid_argument("terminator must be LF, CR, CRLF or NONE, got '" + std::string(name) + "'");
}

ResourceString ResourceString::parse(std::string_view text) {
    ResourceString r;
    r.text = std::string(text);
    if (text.empty())
        fail(text, "empty");
    std::string_view body = text;
    std::string_view options;
    if (auto q = text.find('?'); q != std::string_view::npos) {
        body = text.substr(0, q);
        options = text.substr(q + 1);
    }
    const auto parts = split(body, "::");
    const std::string head = upper(parts[0]);
    if (head.rfind("TCPIP", 0) == 0) {
        const std::string_view board = std::string_view(head).substr(5);
        if (!board.empty() && !std::all_of(board.begin(), board.end(), [](char c) { return std::isdigit(c); }))
            fail(text, "board number after TCPIP must be digits, got '" + std::string(board) + "'");
        if (parts.size() != 4)
            fail(text, "expected TCPIP[board]::host::port::SOCKET (VXI-11 ::INSTR and HiSLIP are not supported)");
        if (upper(parts[3]) == "INSTR")
            fail(text, "VXI-11 (::INSTR) is not supported; use the raw socket form TCPIP0::host::port::SOCKET");
        if (upper(parts[3]) != "SOCKET")
            fail(text, "the last field must be SOCKET, got '" + std::string(parts[3]) + "'");
        if (parts[1].empty())
            fail(text, "the host is empty");
        r.kind = Kind::TcpSocket;
        r.host = std::string(parts[1]);
        const unsigned port = parseUnsigned(text, parts[2], "port");
        if (port == 0 || port > 65535)
            fail(text, "port " + std::string(parts[2]) + " out of range 1..65535");
        r.port = static_cast<std::uint16_t>(port);
    } else if (head.rfind("ASRL", 0) == 0) {
        if (parts.size() != 2 || upper(parts[1]) != "INSTR")
            fail(text, "expected ASRL<device>::INSTR, e.g. ASRL/dev/ttyUSB0::INSTR");
        r.kind = Kind::Serial;
        r.device = std::string(parts[0].substr(4));
        if (r.device.empty())
            fail(text, "the serial device is empty");
        if (std::all_of(r.device.begin(), r.device.end(), [](char c) { return std::isdigit(c); })) {
            // VISA numbers serial ports from 1: ASRL1 is the first port, /dev/ttyS0.
            const unsigned number = parseUnsigned(text, r.device, "serial port number");
            if (number < 1 || number > 256)
                fail(text, "serial port number " + r.device + " out of range 1..256");
            r.device = "/dev/ttyS" + std::to_string(number - 1);
        }
    } else {
        fail(text, "unsupported interface '" + std::string(parts[0]) + "' (expected TCPIP…::SOCKET or ASRL…::INSTR)");
    }
    if (!options.empty()) {
        for (auto option : split(options, "&")) {
            auto eq = option.find('=');
            if (eq == std::string_view::npos || eq == 0)
                fail(text, "option '" + std::string(option) + "' must be key=value");
            applyOption(r, text, option.substr(0, eq), option.substr(eq + 1));
        }
    }
    return r;
}

} // namespace optiqual::instruments
