#include "instruments/Instrument.h"

#include <algorithm>

namespace optiqual::instruments {

const char* toString(InstrumentClass c) {
    switch (c) {
    case InstrumentClass::PowerSupply:
        return "PowerSupply";
    case InstrumentClass::ThermalChamber:
        return "ThermalChamber";
    case InstrumentClass::Chiller:
        return "Chiller";
    case InstrumentClass::OpticalPowerMeter:
        return "OpticalPowerMeter";
    case InstrumentClass::VariableOpticalAttenuator:
        return "VariableOpticalAttenuator";
    case InstrumentClass::OpticalSwitch:
        return "OpticalSwitch";
    case InstrumentClass::DataAcquisition:
        return "DataAcquisition";
    case InstrumentClass::ModuleFixture:
        return "ModuleFixture";
    case InstrumentClass::EngineBoard:
        return "EngineBoard";
    }
    return "Instrument";
}

Instrument::Instrument(std::string model, std::unique_ptr<ScpiSession> session)
    : m_model(std::move(model)), m_session(std::move(session)) {}

boost::asio::awaitable<void> Instrument::connect() {
    co_await m_session->connect();
    m_identity = co_await readIdentity();
    checkIdentity(m_identity);
    if (m_session->options().hasErrorQueue) {
        // Errors left from before we connected are not ours; log them and start clean.
        co_await m_session->drainErrors();
    }
    co_await afterConnect();
}

boost::asio::awaitable<Identity> Instrument::readIdentity() {
    co_return co_await m_session->identify();
}

void Instrument::checkIdentity(const Identity& id) const {
    auto upper = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
        return s;
    };
    if (upper(id.model).find(upper(m_model)) == std::string::npos)
        throw InstrumentError(InstrumentErrorKind::Configuration, name() + " (" + m_session->resource() + ")", "*IDN?",
                              "the instrument identifies as '" + id.raw + "', not a " + m_model);
}

boost::asio::awaitable<void> Instrument::afterConnect() {
    co_return;
}

void Instrument::reject(std::string_view command, const std::string& why) const {
    throw InstrumentError(InstrumentErrorKind::Configuration, name() + " (" + m_model + ")", std::string(command), why);
}

void Instrument::checkChannel(std::string_view what, int channel, int count) const {
    if (channel < 1 || channel > count)
        reject(what, "channel " + std::to_string(channel) + " does not exist (the " + m_model + " has " +
                         std::to_string(count) + ")");
}

} // namespace optiqual::instruments
