#include "instruments/drivers/KeysightN5700PowerSupply.h"

#include "instruments/drivers/PsuCommandText.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace optiqual::instruments {
namespace asio = boost::asio;
namespace {

// Ratings of the N5700 models the stations use, one row each: the N5767A (60 V / 25 A, 1.5 kW) and the N5741A
// (6 V / 100 A, 600 W: a CPO engine's core rail).
constexpr std::array kModels{KeysightN5700Model{"N5767A", {60, 25}}, KeysightN5700Model{"N5741A", {6, 100}}};
constexpr std::array<std::string_view, 2> kModelKeys{"N5767A", "N5741A"};

bool sameKey(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
    });
}

} // namespace

const KeysightN5700Model* KeysightN5700PowerSupply::findModel(std::string_view key) {
    for (const KeysightN5700Model& model : kModels)
        if (sameKey(model.key, key))
            return &model;
    return nullptr;
}

KeysightN5700PowerSupply::KeysightN5700PowerSupply(std::unique_ptr<ScpiSession> session, std::string_view model)
    : PowerSupply(std::string(model), std::move(session)), m_data(findModel(model)) {
    if (m_data == nullptr)
        reject("", "the N5700 driver does not know the model '" + std::string(model) + "' (known: N5767A, N5741A)");
}

PsuChannelRating KeysightN5700PowerSupply::rating(int channel) const {
    checkChannel("rating", channel, channelCount());
    return m_data->output;
}

void KeysightN5700PowerSupply::checkSetting(std::string_view command, int channel, double value,
                                            double PsuChannelRating::*limit, const char* unit) const {
    checkChannel(command, channel, channelCount());
    const double max = m_data->output.*limit;
    if (!(value >= 0 && value <= max)) // also rejects NaN
        reject(command, psu::number(value) + " " + unit + " is outside 0 to " + psu::number(max) + " " + unit +
                            " of the " + model());
}

asio::awaitable<void> KeysightN5700PowerSupply::setVoltage(int channel, double volts) {
    std::string command = "VOLT " + psu::number(volts);
    checkSetting(command, channel, volts, &PsuChannelRating::maxVolts, "V");
    co_await session().write(std::move(command));
}

asio::awaitable<double> KeysightN5700PowerSupply::voltageSetpoint(int channel) {
    checkChannel("VOLT?", channel, channelCount());
    co_return co_await session().queryDouble("VOLT?");
}

asio::awaitable<void> KeysightN5700PowerSupply::setCurrentLimit(int channel, double amps) {
    std::string command = "CURR " + psu::number(amps);
    checkSetting(command, channel, amps, &PsuChannelRating::maxAmps, "A");
    co_await session().write(std::move(command));
}

asio::awaitable<double> KeysightN5700PowerSupply::currentLimit(int channel) {
    checkChannel("CURR?", channel, channelCount());
    co_return co_await session().queryDouble("CURR?");
}

asio::awaitable<void> KeysightN5700PowerSupply::setOutput(int channel, bool on) {
    std::string command = on ? "OUTP ON" : "OUTP OFF";
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<bool> KeysightN5700PowerSupply::output(int channel) {
    checkChannel("OUTP?", channel, channelCount());
    co_return co_await session().queryBool("OUTP?");
}

asio::awaitable<double> KeysightN5700PowerSupply::measureVoltage(int channel) {
    checkChannel("MEAS:VOLT?", channel, channelCount());
    co_return co_await session().queryDouble("MEAS:VOLT?");
}

asio::awaitable<double> KeysightN5700PowerSupply::measureCurrent(int channel) {
    checkChannel("MEAS:CURR?", channel, channelCount());
    co_return co_await session().queryDouble("MEAS:CURR?");
}

asio::awaitable<void> KeysightN5700PowerSupply::setOverVoltageProtection(int channel, double volts) {
    // The OVP range is coupled to the voltage setting: only the instrument can judge it (-222 in checked mode).
    std::string command = "VOLT:PROT " + psu::number(volts);
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<void> KeysightN5700PowerSupply::setOverCurrentProtection(int channel, bool enabled) {
    std::string command = enabled ? "CURR:PROT:STAT ON" : "CURR:PROT:STAT OFF";
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<int> KeysightN5700PowerSupply::questionableCondition() {
    co_return static_cast<int>(co_await session().queryInteger("STAT:QUES:COND?"));
}

asio::awaitable<bool> KeysightN5700PowerSupply::protectionTripped(int channel) {
    checkChannel("STAT:QUES:COND?", channel, channelCount());
    const int condition = co_await questionableCondition();
    co_return (condition & (kQuesOverVoltage | kQuesOverCurrent)) != 0;
}

asio::awaitable<void> KeysightN5700PowerSupply::clearProtection(int channel) {
    checkChannel("OUTP:PROT:CLE", channel, channelCount());
    co_await session().write("OUTP:PROT:CLE");
}

std::span<const std::string_view> keysightN5700PsuModels() {
    return kModelKeys;
}

std::unique_ptr<Instrument> makeKeysightN5700Psu(std::string_view model, std::unique_ptr<ScpiSession> session) {
    return std::make_unique<KeysightN5700PowerSupply>(std::move(session), model);
}

} // namespace optiqual::instruments
