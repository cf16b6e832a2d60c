#include "instruments/drivers/JulaboChiller.h"

#include "instruments/ScpiNumber.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace optiqual::instruments {

namespace asio = boost::asio;

namespace {

// FP51-SL: [DG]'s tested unit (4800 7E1). FL1201 recirculating cooler: a newer unit on 9600 8N1 XON/XOFF
// (reference §3j); working ranges from Julabo's data sheets. JULABO: any circulator speaking the protocol,
// with the widest (FP51-SL) range and the newer units' line settings; the unit itself rejects what it cannot do.
constexpr std::array kModels{
    JulaboModel{"JULABO", -51.0, 200.0, true, "baud=9600&data=8&parity=none&stop=1&flow=xonxoff"},
    JulaboModel{"FP51-SL", -51.0, 200.0, true, "baud=4800&data=7&parity=even&stop=1"},
    JulaboModel{"FL1201", -20.0, 40.0, false, "baud=9600&data=8&parity=none&stop=1&flow=xonxoff"},
};

/// Julabo resolves 0.01 °C; fmt is locale-independent; adding 0.0 turns −0.0 into 0.0.
std::string number(double value) {
    return fmt::format("{:.2f}", value + 0.0);
}

} // namespace

JulaboChiller::JulaboChiller(std::unique_ptr<ScpiSession> session, const JulaboModel& model)
    : Chiller(std::string(model.key), std::move(session)), m_model(model) {
    ScpiSession& s = this->session();
    s.setHasErrorQueue(false);
    if (!s.terminatorsExplicit())
        s.setTerminators("\r\n", "\r");
    if (s.options().commandSpacing.count() == 0)
        s.setCommandSpacing(kDefaultCommandSpacing);
}

void JulaboChiller::fail(InstrumentErrorKind kind, std::string_view command, std::string detail, int code) {
    throw InstrumentError(kind, name() + " (" + session().resource() + ")", std::string(command), std::move(detail),
                          code);
}

std::optional<JulaboStatus> JulaboChiller::parseStatus(std::string_view reply) {
    reply = trimBlanks(reply);
    std::size_t end = reply.starts_with('-') ? 1 : 0;
    const std::size_t digitsStart = end;
    while (end < reply.size() && std::isdigit(static_cast<unsigned char>(reply[end])))
        ++end;
    if (end == digitsStart || end >= reply.size() || reply[end] != ' ')
        return std::nullopt;
    JulaboStatus status;
    std::from_chars(reply.data(), reply.data() + end, status.code);
    status.text = std::string(trimBlanks(reply.substr(end)));
    if (status.text.empty() || !std::isalpha(static_cast<unsigned char>(status.text.front())))
        return std::nullopt;
    return status;
}

asio::awaitable<Identity> JulaboChiller::readIdentity() {
    Identity id;
    id.raw = std::string(trimBlanks(co_await session().query("version")));
    // "JULABO HIGHTECH FL HL/SL VERSION 4.0": maker, model words, firmware after VERSION.
    const std::string_view raw = id.raw;
    const auto space = raw.find(' ');
    id.manufacturer = std::string(raw.substr(0, space));
    std::string_view rest = space == std::string_view::npos ? std::string_view() : trimBlanks(raw.substr(space));
    const auto version = rest.rfind("VERSION");
    if (version != std::string_view::npos) {
        id.firmware = std::string(trimBlanks(rest.substr(version + 7)));
        rest = trimBlanks(rest.substr(0, version));
    }
    id.model = std::string(rest);
    co_return id;
}

void JulaboChiller::checkIdentity(const Identity& id) const {
    std::string maker = id.manufacturer;
    for (char& c : maker)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (maker != "JULABO")
        throw InstrumentError(InstrumentErrorKind::Configuration, name(), "version",
                              "the instrument identifies as '" + id.raw + "', not a JULABO");
}

asio::awaitable<JulaboStatus> JulaboChiller::status() {
    const std::string reply = co_await session().query("status");
    auto parsed = parseStatus(reply);
    if (!parsed)
        fail(InstrumentErrorKind::Protocol, "status", "reply '" + reply + "' is not '<code> <text>'");
    co_return std::move(*parsed);
}

asio::awaitable<double> JulaboChiller::queryTemperature(std::string command) {
    const std::string reply = co_await session().query(command);
    if (auto value = parseScpiDouble(reply))
        co_return *value;
    if (auto error = parseStatus(reply); error && error->code < 0)
        fail(InstrumentErrorKind::InstrumentReported, command, "instrument reported " + std::string(trimBlanks(reply)),
             error->code);
    fail(InstrumentErrorKind::Protocol, command, "reply '" + reply + "' is not a temperature");
}

asio::awaitable<void> JulaboChiller::out(std::string command) {
    co_await session().write(command);
    if (!session().checked())
        co_return;
    // No error queue: a rejected OUT command shows as a negative status.
    const JulaboStatus after = co_await status();
    if (after.code < 0)
        fail(InstrumentErrorKind::InstrumentReported, command,
             fmt::format("instrument reported {:03} {}", after.code, after.text), after.code);
}

asio::awaitable<void> JulaboChiller::setSetpoint(double degC) {
    const std::string command = fmt::format("out_sp_00 {}", number(degC));
    if (!(degC >= m_model.minSetpoint && degC <= m_model.maxSetpoint))
        reject(command, fmt::format("set point {} °C is outside the {}'s {}…{} °C", degC, m_model.key,
                                    m_model.minSetpoint, m_model.maxSetpoint));
    co_await out(command);
}

asio::awaitable<double> JulaboChiller::setpoint() {
    co_return co_await queryTemperature("in_sp_00");
}

asio::awaitable<double> JulaboChiller::bathTemperature() {
    co_return co_await queryTemperature("in_pv_00");
}

asio::awaitable<double> JulaboChiller::externalTemperature() {
    if (!m_model.externalSensor)
        co_return std::numeric_limits<double>::quiet_NaN();
    co_return co_await queryTemperature("in_pv_02");
}

asio::awaitable<void> JulaboChiller::setRunning(bool on) {
    co_await out(on ? "out_mode_05 1" : "out_mode_05 0");
}

asio::awaitable<bool> JulaboChiller::running() {
    const std::string reply = co_await session().query("in_mode_05");
    const auto value = trimBlanks(reply);
    if (value == "1")
        co_return true;
    if (value == "0")
        co_return false;
    if (auto error = parseStatus(reply); error && error->code < 0)
        fail(InstrumentErrorKind::InstrumentReported, "in_mode_05", "instrument reported " + std::string(value),
             error->code);
    fail(InstrumentErrorKind::Protocol, "in_mode_05", "reply '" + reply + "' is not 0 or 1");
}

std::vector<std::string_view> julaboModels() {
    std::vector<std::string_view> keys;
    for (const auto& m : kModels)
        keys.push_back(m.key);
    return keys;
}

std::string_view julaboSerialOptions(std::string_view model) {
    for (const auto& m : kModels)
        if (m.key == model)
            return m.serialOptions;
    return {};
}

std::unique_ptr<Instrument> makeJulabo(std::string_view model, std::unique_ptr<ScpiSession> session) {
    for (const auto& m : kModels)
        if (m.key == model)
            return std::make_unique<JulaboChiller>(std::move(session), m);
    throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                          "unknown Julabo model '" + std::string(model) + "'");
}

} // namespace optiqual::instruments
