#include "instruments/drivers/KeysightN773xSwitch.h"

#include "instruments/ScpiNumber.h"
#include "instruments/drivers/OpticalFormat.h"

#include <array>
#include <cctype>

namespace optiqual::instruments {

using namespace optical;

namespace {

const std::array<KeysightSwitchModel, 4> kModels{{
    {"N7731A", 2, 1, 4},
    {"N7734A", 1, 1, 4},
    {"N7736A", 8, 1, 8},
    {"N7738A", 8, 1, 32},
}};

/// Splits @p text at every @p separator.
std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const std::size_t at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) {
            return parts;
        }
        text.remove_prefix(at + 1);
    }
}

} // namespace

const KeysightSwitchModel* KeysightN773xSwitch::findModel(std::string_view model) {
    for (const auto& m : kModels) {
        if (equalsNoCase(m.model, model)) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<std::string> KeysightN773xSwitch::models() {
    std::vector<std::string> keys;
    for (const auto& m : kModels) {
        keys.push_back(m.model);
    }
    return keys;
}

std::optional<SwitchRoute> KeysightN773xSwitch::parseConnection(std::string_view text) {
    const auto parts = split(trimBlanks(text), ',');
    if (parts.size() != 2) {
        return std::nullopt;
    }
    const std::string_view letter = trimBlanks(parts[0]);
    const auto output = parseScpiInteger(parts[1]);
    if (letter.size() != 1 || !std::isalpha(static_cast<unsigned char>(letter.front())) || !output) {
        return std::nullopt;
    }
    return SwitchRoute{static_cast<char>(std::toupper(static_cast<unsigned char>(letter.front()))),
                       static_cast<int>(*output)};
}

KeysightN773xSwitch::KeysightN773xSwitch(std::unique_ptr<ScpiSession> session, KeysightSwitchModel model)
    : OpticalSwitch(model.model, std::move(session)), m_model(std::move(model)) {}

boost::asio::awaitable<void> KeysightN773xSwitch::afterConnect() {
    const std::string expected =
        std::string("A,") + static_cast<char>('A' + m_model.inputs - 1) + ";1," + std::to_string(m_model.outputs);
    for (int n = 1; n <= m_model.switches; ++n) {
        const std::string command = rout(n) + ":CONF?";
        const std::string reply = co_await session().query(command);
        if (trimBlanks(reply) != expected) {
            fail(InstrumentErrorKind::Configuration, command,
                 "switch " + std::to_string(n) + " reports ports '" + reply + "', the " + m_model.model +
                     " model data says '" + expected + "'");
        }
    }
}

boost::asio::awaitable<void> KeysightN773xSwitch::setRoute(int switchChannel, SwitchRoute route) {
    checkChannel("setRoute", switchChannel, m_model.switches);
    const char lastInput = static_cast<char>('A' + m_model.inputs - 1);
    if (route.input < 'A' || route.input > lastInput) {
        reject("setRoute", std::string("input ") + route.input + " does not exist (the " + m_model.model + " has A–" +
                               lastInput + ")");
    }
    if (route.output < 1 || route.output > m_model.outputs) {
        reject("setRoute", "output " + std::to_string(route.output) + " does not exist (the " + m_model.model +
                               " has 1–" + std::to_string(m_model.outputs) + ")");
    }
    co_await session().write(rout(switchChannel) + ":CHAN1 " + route.input + "," + std::to_string(route.output));
}

boost::asio::awaitable<SwitchRoute> KeysightN773xSwitch::route(int switchChannel) {
    checkChannel("route", switchChannel, m_model.switches);
    const std::string command = rout(switchChannel) + ":CHAN1?";
    const std::string reply = co_await session().query(command);
    // A 1×N switch answers one connection; a switch with parallel connections lists them after ';'.
    const auto connection = parseConnection(split(reply, ';').front());
    if (!connection) {
        fail(InstrumentErrorKind::Protocol, command, "'" + reply + "' is not a route like A,1");
    }
    co_return *connection;
}

boost::asio::awaitable<std::vector<std::vector<SwitchRoute>>> KeysightN773xSwitch::allowedRoutes(int switchChannel) {
    checkChannel("allowedRoutes", switchChannel, m_model.switches);
    const std::string command = rout(switchChannel) + ":CONF:ROUT?";
    const std::string reply = co_await session().query(command);
    std::vector<std::vector<SwitchRoute>> states;
    for (std::string_view state : split(trimBlanks(reply), '.')) {
        std::vector<SwitchRoute> connections;
        for (std::string_view text : split(state, ';')) {
            const auto connection = parseConnection(text);
            if (!connection) {
                fail(InstrumentErrorKind::Protocol, command, "'" + reply + "' is not a list of switch states");
            }
            connections.push_back(*connection);
        }
        states.push_back(std::move(connections));
    }
    co_return states;
}

void KeysightN773xSwitch::fail(InstrumentErrorKind kind, const std::string& command, const std::string& detail) {
    throw InstrumentError(kind, name() + " (" + session().resource() + ")", command, detail);
}

std::unique_ptr<Instrument> makeKeysightSwitch(std::string_view model, std::unique_ptr<ScpiSession> session) {
    const auto* data = KeysightN773xSwitch::findModel(model);
    if (data == nullptr) {
        throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                              "the Keysight switch driver does not know model '" + std::string(model) + "'");
    }
    return std::make_unique<KeysightN773xSwitch>(std::move(session), *data);
}

std::vector<std::string> keysightSwitchModels() {
    return KeysightN773xSwitch::models();
}

} // namespace optiqual::instruments
