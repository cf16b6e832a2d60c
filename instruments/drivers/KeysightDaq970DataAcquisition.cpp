#include "instruments/drivers/KeysightDaq970DataAcquisition.h"

#include "instruments/ScpiChannelList.h"
#include "instruments/ScpiNumber.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace optiqual::instruments {

namespace asio = boost::asio;

namespace {

constexpr std::array kModels{
    KeysightDaqModel{"DAQ970A", 3},
    KeysightDaqModel{"34970A", 3},
    KeysightDaqModel{"34972A", 3},
};

/// Plug-in modules by the number in their name (34901A and DAQM901A alike): analog channels, current, digital.
struct ModuleKind {
    std::string_view number;
    int analog;
    bool current;
    bool digital;
};
constexpr ModuleKind kModuleKinds[] = {
    {"901", 20, true, false},  // 20-channel armature multiplexer with 2 current channels
    {"902", 16, false, false}, // 16-channel reed multiplexer
    {"908", 40, false, false}, // 40-channel single-ended multiplexer
    {"907", 0, false, true},   // multifunction: digital ports 01 and 02, totalizer, DACs
};

constexpr std::string_view kThermocoupleTypes = "BEJKNRST";

} // namespace

KeysightDaq970DataAcquisition::KeysightDaq970DataAcquisition(std::unique_ptr<ScpiSession> session,
                                                             const KeysightDaqModel& model)
    : DataAcquisition(std::string(model.key), std::move(session)), m_model(model) {}

KeysightDaqModule KeysightDaq970DataAcquisition::parseModule(std::string_view reply) {
    KeysightDaqModule module;
    const auto identity = ScpiSession::parseIdentity(reply);
    module.name = identity.model.empty() ? "0" : identity.model;
    for (const auto& kind : kModuleKinds) {
        if (module.name.find(kind.number) != std::string::npos && module.name != "0") {
            module.analogChannels = kind.analog;
            module.currentChannels = kind.current;
            module.digitalPorts = kind.digital;
        }
    }
    return module;
}

asio::awaitable<void> KeysightDaq970DataAcquisition::afterConnect() {
    m_modules.clear();
    for (int slot = 1; slot <= m_model.slots; ++slot)
        m_modules.push_back(parseModule(co_await session().query(fmt::format("SYST:CTYP? {}", slot * 100))));
}

std::string KeysightDaq970DataAcquisition::channelList(std::vector<int> channels) {
    std::sort(channels.begin(), channels.end());
    channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
    return formatScpiChannelList(channels);
}

std::vector<int> KeysightDaq970DataAcquisition::checked(std::string_view command, const std::vector<int>& channels,
                                                        Use use) const {
    if (channels.empty())
        reject(command, "no channels given");
    for (int channel : channels) {
        const int slot = channel / 100;
        const int index = channel % 100;
        const KeysightDaqModule* module = slot >= 1 && slot <= static_cast<int>(m_modules.size())
                                              ? &m_modules[static_cast<std::size_t>(slot - 1)]
                                              : nullptr;
        bool ok = false;
        if (module != nullptr) {
            switch (use) {
            case Use::Analog:
                ok = index >= 1 && index <= module->analogChannels;
                break;
            case Use::Current:
                ok = module->currentChannels && (index == 21 || index == 22);
                break;
            case Use::Digital:
                ok = module->digitalPorts && (index == 1 || index == 2);
                break;
            case Use::Dac:
                ok = module->digitalPorts && (index == 4 || index == 5); // the multifunction module's DACs
                break;
            }
        }
        if (!ok)
            reject(command, fmt::format("channel {} cannot be used for this (slot {} holds {})", channel, slot,
                                        module != nullptr ? module->name : std::string("nothing")));
    }
    std::vector<int> sorted = channels;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    return sorted;
}

asio::awaitable<std::vector<double>>
KeysightDaq970DataAcquisition::measure(std::string command, std::vector<int> requested, std::vector<int> sorted) {
    const std::vector<double> readings = co_await session().queryDoubleList(command);
    if (readings.size() != sorted.size())
        throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")", command,
                              fmt::format("{} readings for {} channels", readings.size(), sorted.size()));
    std::vector<double> out;
    out.reserve(requested.size());
    for (int channel : requested) {
        const auto at = std::lower_bound(sorted.begin(), sorted.end(), channel) - sorted.begin();
        out.push_back(readings[static_cast<std::size_t>(at)]);
    }
    co_return out;
}

asio::awaitable<std::vector<double>> KeysightDaq970DataAcquisition::measureTemperature(const std::vector<int>& channels,
                                                                                       const std::string& type) {
    std::vector<int> requested = channels; // the caller's vector may not outlive the first suspension
    std::string tc = type;
    std::transform(tc.begin(), tc.end(), tc.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    std::string command = fmt::format("MEAS:TEMP? TC,{},{}", tc, channelList(requested));
    if (tc.size() != 1 || kThermocoupleTypes.find(tc) == std::string_view::npos)
        reject(command, "thermocouple type '" + type + "' is not one of B, E, J, K, N, R, S, T");
    auto sorted = checked(command, requested, Use::Analog);
    co_return co_await measure(std::move(command), std::move(requested), std::move(sorted));
}

asio::awaitable<std::vector<double>> KeysightDaq970DataAcquisition::measureDcVoltage(const std::vector<int>& channels) {
    std::vector<int> requested = channels;
    std::string command = fmt::format("MEAS:VOLT:DC? {}", channelList(requested));
    auto sorted = checked(command, requested, Use::Analog);
    co_return co_await measure(std::move(command), std::move(requested), std::move(sorted));
}

asio::awaitable<std::vector<double>> KeysightDaq970DataAcquisition::measureDcCurrent(const std::vector<int>& channels) {
    std::vector<int> requested = channels;
    std::string command = fmt::format("MEAS:CURR:DC? {}", channelList(requested));
    auto sorted = checked(command, requested, Use::Current);
    co_return co_await measure(std::move(command), std::move(requested), std::move(sorted));
}

asio::awaitable<void> KeysightDaq970DataAcquisition::setDigitalOutput(int port, unsigned value) {
    const std::string command = fmt::format("SOUR:DIG:DATA:BYTE {},(@{})", value, port);
    if (value > 255)
        reject(command, fmt::format("{} does not fit an 8-bit port", value));
    checked(command, {port}, Use::Digital);
    co_await session().write(command);
}

asio::awaitable<unsigned> KeysightDaq970DataAcquisition::digitalOutput(int port) {
    const std::string command = fmt::format("SOUR:DIG:DATA:BYTE? (@{})", port);
    checked(command, {port}, Use::Digital);
    const long long value = co_await session().queryInteger(command);
    if (value < 0 || value > 255)
        throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")", command,
                              fmt::format("port value {} is not a byte", value));
    co_return static_cast<unsigned>(value);
}

asio::awaitable<void> KeysightDaq970DataAcquisition::setAnalogOutput(int channel, double volts) {
    const std::string command = fmt::format("SOUR:VOLT {},(@{})", volts, channel);
    if (!(volts >= -12.0 && volts <= 12.0))
        reject(command, fmt::format("{} V is outside the DAC's ±12 V", volts));
    checked(command, {channel}, Use::Dac);
    co_await session().write(command);
}

asio::awaitable<double> KeysightDaq970DataAcquisition::analogOutput(int channel) {
    const std::string command = fmt::format("SOUR:VOLT? (@{})", channel);
    checked(command, {channel}, Use::Dac);
    co_return co_await session().queryDouble(command);
}

std::vector<std::string_view> keysightDaq970Models() {
    std::vector<std::string_view> keys;
    for (const auto& m : kModels)
        keys.push_back(m.key);
    return keys;
}

std::unique_ptr<Instrument> makeKeysightDaq970(std::string_view model, std::unique_ptr<ScpiSession> session) {
    for (const auto& m : kModels)
        if (m.key == model)
            return std::make_unique<KeysightDaq970DataAcquisition>(std::move(session), m);
    throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                          "unknown Keysight DAQ model '" + std::string(model) + "'");
}

} // namespace optiqual::instruments
