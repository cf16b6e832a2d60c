#include "instruments/drivers/KeysightE36300PowerSupply.h"

#include "instruments/drivers/PsuCommandText.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace optiqual::instruments {
namespace asio = boost::asio;
namespace {

// Ratings from reference section 3a. A model is data: adding an E363xx variant is one row.
constexpr std::array kModels{
    KeysightE36300Model{"E36312A", {{{6, 5}, {25, 1}, {25, 1}}}},
    KeysightE36300Model{"E36313A", {{{6, 10}, {25, 2}, {25, 2}}}},
};
constexpr std::array<std::string_view, 2> kModelKeys{"E36312A", "E36313A"};

bool sameKey(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
    });
}

std::string onOff(bool on) {
    return on ? "ON" : "OFF";
}

} // namespace

const KeysightE36300Model* KeysightE36300PowerSupply::findModel(std::string_view key) {
    for (const KeysightE36300Model& model : kModels)
        if (sameKey(model.key, key))
            return &model;
    return nullptr;
}

KeysightE36300PowerSupply::KeysightE36300PowerSupply(std::unique_ptr<ScpiSession> session, std::string_view model)
    : PowerSupply(std::string(model), std::move(session)), m_data(findModel(model)) {
    if (m_data == nullptr)
        reject("", "the E36300 driver does not know the model '" + std::string(model) + "' (known: E36312A, E36313A)");
}

PsuChannelRating KeysightE36300PowerSupply::rating(int channel) const {
    checkChannel("rating", channel, channelCount());
    return m_data->outputs[static_cast<std::size_t>(channel - 1)];
}

void KeysightE36300PowerSupply::checkSetting(std::string_view command, int channel, double value,
                                             double PsuChannelRating::*limit, const char* unit) const {
    checkChannel(command, channel, channelCount());
    const double max = m_data->outputs[static_cast<std::size_t>(channel - 1)].*limit;
    if (!(value >= 0 && value <= max)) // also rejects NaN
        reject(command, psu::number(value) + " " + unit + " is outside 0 to " + psu::number(max) + " " + unit +
                            " of output " + std::to_string(channel) + " of the " + model());
}

asio::awaitable<void> KeysightE36300PowerSupply::setVoltage(int channel, double volts) {
    std::string command = "VOLT " + psu::number(volts) + "," + psu::channelList(channel);
    checkSetting(command, channel, volts, &PsuChannelRating::maxVolts, "V");
    co_await session().write(std::move(command));
}

asio::awaitable<double> KeysightE36300PowerSupply::voltageSetpoint(int channel) {
    std::string command = "VOLT? " + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryDouble(std::move(command));
}

asio::awaitable<void> KeysightE36300PowerSupply::setCurrentLimit(int channel, double amps) {
    std::string command = "CURR " + psu::number(amps) + "," + psu::channelList(channel);
    checkSetting(command, channel, amps, &PsuChannelRating::maxAmps, "A");
    co_await session().write(std::move(command));
}

asio::awaitable<double> KeysightE36300PowerSupply::currentLimit(int channel) {
    std::string command = "CURR? " + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryDouble(std::move(command));
}

asio::awaitable<void> KeysightE36300PowerSupply::setOutput(int channel, bool on) {
    std::string command = "OUTP " + onOff(on) + "," + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<bool> KeysightE36300PowerSupply::output(int channel) {
    std::string command = "OUTP? " + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryBool(std::move(command));
}

asio::awaitable<double> KeysightE36300PowerSupply::measureVoltage(int channel) {
    std::string command = "MEAS:VOLT? " + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryDouble(std::move(command));
}

asio::awaitable<double> KeysightE36300PowerSupply::measureCurrent(int channel) {
    std::string command = "MEAS:CURR? " + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryDouble(std::move(command));
}

asio::awaitable<void> KeysightE36300PowerSupply::setOverVoltageProtection(int channel, double volts) {
    // The OVP range is not in the reference: the instrument checks it (-222 in checked mode).
    std::string command = "VOLT:PROT " + psu::number(volts) + "," + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<void> KeysightE36300PowerSupply::setOverCurrentProtection(int channel, bool enabled) {
    std::string command = "CURR:PROT:STAT " + onOff(enabled) + "," + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<bool> KeysightE36300PowerSupply::protectionTripped(int channel) {
    const std::string list = psu::channelList(channel);
    checkChannel("VOLT:PROT:TRIP? " + list, channel, channelCount());
    const bool overVoltage = co_await session().queryBool("VOLT:PROT:TRIP? " + list);
    const bool overCurrent = co_await session().queryBool("CURR:PROT:TRIP? " + list);
    co_return overVoltage || overCurrent;
}

asio::awaitable<void> KeysightE36300PowerSupply::clearProtection(int channel) {
    std::string command = "OUTP:PROT:CLE " + psu::channelList(channel);
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<void> KeysightE36300PowerSupply::safeState() {
    co_await session().write("OUTP OFF,(@1,2,3)");
}

std::span<const std::string_view> keysightE36300PsuModels() {
    return kModelKeys;
}

std::unique_ptr<Instrument> makeKeysightE36300Psu(std::string_view model, std::unique_ptr<ScpiSession> session) {
    return std::make_unique<KeysightE36300PowerSupply>(std::move(session), model);
}

} // namespace optiqual::instruments
