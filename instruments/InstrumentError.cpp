#include "instruments/InstrumentError.h"

namespace optiqual::instruments {

const char* toString(InstrumentErrorKind kind) {
    switch (kind) {
    case InstrumentErrorKind::Timeout:
        return "timeout";
    case InstrumentErrorKind::Disconnected:
        return "disconnected";
    case InstrumentErrorKind::Protocol:
        return "protocol error";
    case InstrumentErrorKind::InstrumentReported:
        return "instrument reported";
    case InstrumentErrorKind::Cancelled:
        return "cancelled";
    case InstrumentErrorKind::Configuration:
        return "configuration error";
    }
    return "error";
}

namespace {
std::string compose(InstrumentErrorKind kind, const std::string& instrument, const std::string& command,
                    const std::string& detail) {
    std::string text = instrument.empty() ? std::string("instrument") : instrument;
    if (!command.empty())
        text += ": " + command;
    text += ": ";
    text += toString(kind);
    if (!detail.empty())
        text += " " + detail;
    return text;
}
} // namespace

InstrumentError::InstrumentError(InstrumentErrorKind kind, std::string instrument, std::string command,
                                 std::string detail, int code)
    : std::runtime_error(compose(kind, instrument, command, detail)), m_kind(kind), m_instrument(std::move(instrument)),
      m_command(std::move(command)), m_detail(std::move(detail)), m_code(code) {}

} // namespace optiqual::instruments
