#include "instruments/drivers/EspecP300ThermalChamber.h"

#include "instruments/ScpiNumber.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <utility>

namespace optiqual::instruments {

namespace asio = boost::asio;

namespace {

// Range assumption: a −70…+180 °C Platinous-class chamber; P-300 serial default 9600 8N1 ([EN] EspecSerial).
constexpr std::array kModels{
    EspecP300Model{"P300", -70.0, 180.0, "baud=9600&data=8&parity=none&stop=1"},
};

/// Meaning of the P-300's `NA:` reasons (after [EN] especinteract.py's table, in our words).
std::string_view explain(std::string_view reason) {
    static constexpr std::pair<std::string_view, std::string_view> kReasons[] = {
        {"CMD ERR", "command not recognised"},
        {"PARA ERR", "parameter missing or not understood"},
        {"DATA OUT OF RANGE", "value outside the allowed range"},
        {"ADDR ERR", "bad RS-485 address"},
        {"CONT NOT READY-1", "the chamber has no humidity or product temperature control"},
        {"CONT NOT READY-2", "no program is running"},
        {"DATA NOT READY", "the program does not exist"},
        {"PROTECT ON", "settings are protected at the controller"},
        {"CHB NOT READY", "the chamber cannot act on the command now"},
    };
    for (const auto& [code, text] : kReasons)
        if (reason == code)
            return text;
    return "";
}

std::string keyword(std::string_view command) {
    auto end = command.find_first_of(",?");
    return std::string(trimBlanks(command.substr(0, end)));
}

std::vector<std::string_view> fields(std::string_view reply) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (true) {
        const auto comma = reply.find(',', pos);
        out.push_back(trimBlanks(reply.substr(pos, comma == std::string_view::npos ? comma : comma - pos)));
        if (comma == std::string_view::npos)
            return out;
        pos = comma + 1;
    }
}

} // namespace

EspecP300ThermalChamber::EspecP300ThermalChamber(std::unique_ptr<ScpiSession> session, const EspecP300Model& model)
    : ThermalChamber(std::string(model.key), std::move(session)), m_model(model) {
    ScpiSession& s = this->session();
    s.setHasErrorQueue(false);
    if (!s.terminatorsExplicit())
        s.setTerminators("\r\n", "\r\n");
}

void EspecP300ThermalChamber::fail(InstrumentErrorKind kind, std::string_view command, std::string detail) {
    throw InstrumentError(kind, name() + " (" + session().resource() + ")", std::string(command), std::move(detail));
}

asio::awaitable<std::string> EspecP300ThermalChamber::exchange(std::string command) {
    std::string reply = co_await session().query(command);
    const std::string_view trimmed = trimBlanks(reply);
    if (trimmed.starts_with("NA:")) {
        const std::string_view reason = trimBlanks(trimmed.substr(3));
        const std::string_view meaning = explain(reason);
        fail(InstrumentErrorKind::InstrumentReported, command,
             "instrument reported NA:" + std::string(reason) +
                 (meaning.empty() ? std::string() : " (" + std::string(meaning) + ")"));
    }
    co_return std::string(trimmed);
}

asio::awaitable<void> EspecP300ThermalChamber::command(std::string text) {
    const std::string reply = co_await exchange(text);
    if (!reply.starts_with("OK:") || keyword(std::string_view(reply).substr(3)) != keyword(text))
        fail(InstrumentErrorKind::Protocol, text,
             "expected the acknowledgement 'OK:" + text + "', got '" + reply + "'");
}

asio::awaitable<Identity> EspecP300ThermalChamber::readIdentity() {
    Identity id;
    id.firmware = co_await exchange("ROM?");
    const std::string type = co_await exchange("TYPE?");
    const auto parts = fields(type);
    // TYPE? is "drybulb[,wetbulb],controller,maxtemp": the controller is the second to last field.
    if (parts.size() < 3)
        fail(InstrumentErrorKind::Protocol, "TYPE?", "reply '" + type + "' is not sensor,controller,max temperature");
    id.manufacturer = "ESPEC";
    id.model = std::string(parts[parts.size() - 2]);
    id.raw = "ROM? " + id.firmware + "; TYPE? " + type;
    co_return id;
}

void EspecP300ThermalChamber::checkIdentity(const Identity& id) const {
    std::string model;
    for (char c : id.model)
        if (c != '-' && c != ' ')
            model += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (model.find(m_model.key) == std::string::npos)
        throw InstrumentError(InstrumentErrorKind::Configuration, name(), "TYPE?",
                              "the controller identifies as '" + id.raw + "', not a " + std::string(m_model.key));
}

asio::awaitable<EspecTemperatureStatus> EspecP300ThermalChamber::temperatureStatus() {
    const std::string reply = co_await exchange("TEMP?");
    const auto parts = fields(reply);
    std::array<double, 4> values{};
    bool ok = parts.size() == 4;
    for (std::size_t i = 0; ok && i < 4; ++i) {
        const auto v = parseScpiDouble(parts[i]);
        ok = v.has_value();
        values[i] = v.value_or(0.0);
    }
    if (!ok)
        fail(InstrumentErrorKind::Protocol, "TEMP?", "reply '" + reply + "' is not PV,SP,high,low");
    co_return EspecTemperatureStatus{values[0], values[1], values[2], values[3]};
}

asio::awaitable<void> EspecP300ThermalChamber::setSetpoint(double degC) {
    const std::string text = fmt::format("TEMP, S{:.1f}", degC + 0.0);
    if (!(degC >= m_model.minSetpoint && degC <= m_model.maxSetpoint))
        reject(text, fmt::format("set point {} °C is outside the chamber's {}…{} °C", degC, m_model.minSetpoint,
                                 m_model.maxSetpoint));
    co_await command(text);
}

asio::awaitable<double> EspecP300ThermalChamber::setpoint() {
    co_return (co_await temperatureStatus()).setpoint;
}

asio::awaitable<double> EspecP300ThermalChamber::temperature() {
    co_return (co_await temperatureStatus()).processValue;
}

asio::awaitable<void> EspecP300ThermalChamber::setRampRate(double degCPerMinute) {
    if (degCPerMinute != 0.0)
        reject("(ramp rate)", fmt::format("the P-300's constant mode has no ramp rate ({} °C/min asked); only 0 "
                                          "(as fast as the chamber can) is possible, ramps need a program",
                                          degCPerMinute));
    co_return; // constant mode already runs at the chamber's full rate: nothing to send
}

asio::awaitable<void> EspecP300ThermalChamber::setRunning(bool on) {
    co_await command(on ? "MODE,CONSTANT" : "MODE,STANDBY");
}

asio::awaitable<std::string> EspecP300ThermalChamber::mode() {
    co_return co_await exchange("MODE?");
}

asio::awaitable<bool> EspecP300ThermalChamber::running() {
    const std::string current = co_await mode();
    if (current == "CONSTANT" || current == "RUN")
        co_return true;
    if (current == "STANDBY" || current == "OFF")
        co_return false;
    fail(InstrumentErrorKind::Protocol, "MODE?", "reply '" + current + "' is not OFF, STANDBY, CONSTANT or RUN");
}

std::vector<std::string_view> especP300Models() {
    std::vector<std::string_view> keys;
    for (const auto& m : kModels)
        keys.push_back(m.key);
    return keys;
}

std::string_view especP300SerialOptions(std::string_view model) {
    for (const auto& m : kModels)
        if (m.key == model)
            return m.serialOptions;
    return {};
}

std::unique_ptr<Instrument> makeEspecP300(std::string_view model, std::unique_ptr<ScpiSession> session) {
    for (const auto& m : kModels)
        if (m.key == model)
            return std::make_unique<EspecP300ThermalChamber>(std::move(session), m);
    throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                          "unknown Espec P-300 model '" + std::string(model) + "'");
}

} // namespace optiqual::instruments
