#include "instruments/drivers/RigolDp800PowerSupply.h"

#include "instruments/ScpiNumber.h"
#include "instruments/drivers/PsuCommandText.h"

#include <algorithm>
#include <cctype>

namespace optiqual::instruments {
namespace asio = boost::asio;
namespace {

// Limits from reference 3b (DP832 and DP832A alike).
constexpr std::array kModels{
    RigolDp800Model{"DP832", {{{32, 3.2}, {32, 3.2}, {5.3, 3.2}}}},
    RigolDp800Model{"DP832A", {{{32, 3.2}, {32, 3.2}, {5.3, 3.2}}}},
};
constexpr std::array<std::string_view, 2> kModelKeys{"DP832", "DP832A"};
// The lowest OCP level the DP800 accepts (programming guide; not in the reference).
constexpr double kOcpMinimum = 0.001;

bool sameText(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
    });
}

std::string channelName(int channel) {
    return "CH" + std::to_string(channel);
}

} // namespace

const RigolDp800Model* RigolDp800PowerSupply::findModel(std::string_view key) {
    for (const RigolDp800Model& model : kModels)
        if (sameText(model.key, key))
            return &model;
    return nullptr;
}

RigolDp800PowerSupply::RigolDp800PowerSupply(std::unique_ptr<ScpiSession> session, std::string_view model)
    : PowerSupply(std::string(model), std::move(session)), m_data(findModel(model)) {
    if (m_data == nullptr)
        reject("", "the DP800 driver does not know the model '" + std::string(model) + "' (known: DP832, DP832A)");
}

PsuChannelRating RigolDp800PowerSupply::rating(int channel) const {
    checkChannel("rating", channel, channelCount());
    return m_data->outputs[static_cast<std::size_t>(channel - 1)];
}

void RigolDp800PowerSupply::checkSetting(std::string_view command, int channel, double value,
                                         double PsuChannelRating::*limit, const char* unit) const {
    checkChannel(command, channel, channelCount());
    const double max = m_data->outputs[static_cast<std::size_t>(channel - 1)].*limit;
    if (!(value >= 0 && value <= max)) // also rejects NaN
        reject(command, psu::number(value) + " " + unit + " is outside 0 to " + psu::number(max) + " " + unit +
                            " of CH" + std::to_string(channel) + " of the " + model());
}

void RigolDp800PowerSupply::badReply(std::string_view command, const std::string& reply, const char* expected) {
    throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")",
                          std::string(command), "reply '" + reply + "' is not " + expected);
}

std::optional<RigolApplied> RigolDp800PowerSupply::parseApplyReply(std::string_view reply, int channel) {
    reply = trimBlanks(reply);
    const std::size_t first = reply.find(',');
    if (first == std::string_view::npos)
        return std::nullopt;
    // "CH1" (guide) or "CH1:30V/3A" (newer firmware): the name up to an optional ':' label.
    const std::string_view head = reply.substr(0, first);
    if (!sameText(head.substr(0, head.find(':')), channelName(channel)))
        return std::nullopt;
    const auto values = parseScpiDoubleList(reply.substr(first + 1));
    if (!values || values->size() != 2)
        return std::nullopt;
    return RigolApplied{(*values)[0], (*values)[1]};
}

std::optional<bool> RigolDp800PowerSupply::parseYesNo(std::string_view reply) {
    reply = trimBlanks(reply);
    if (sameText(reply, "YES") || reply == "1")
        return true;
    if (sameText(reply, "NO") || reply == "0")
        return false;
    return std::nullopt;
}

asio::awaitable<void> RigolDp800PowerSupply::setVoltage(int channel, double volts) {
    std::string command = ":SOUR" + std::to_string(channel) + ":VOLT " + psu::number(volts);
    checkSetting(command, channel, volts, &PsuChannelRating::maxVolts, "V");
    co_await session().write(std::move(command));
}

asio::awaitable<double> RigolDp800PowerSupply::voltageSetpoint(int channel) {
    co_return (co_await applied(channel)).volts;
}

asio::awaitable<void> RigolDp800PowerSupply::setCurrentLimit(int channel, double amps) {
    std::string command = ":SOUR" + std::to_string(channel) + ":CURR " + psu::number(amps);
    checkSetting(command, channel, amps, &PsuChannelRating::maxAmps, "A");
    co_await session().write(std::move(command));
    co_await setOcpLevel(channel, amps);
}

asio::awaitable<double> RigolDp800PowerSupply::currentLimit(int channel) {
    co_return (co_await applied(channel)).amps;
}

asio::awaitable<void> RigolDp800PowerSupply::apply(int channel, double volts, double amps) {
    std::string command = ":APPL " + channelName(channel) + "," + psu::number(volts) + "," + psu::number(amps);
    checkSetting(command, channel, volts, &PsuChannelRating::maxVolts, "V");
    checkSetting(command, channel, amps, &PsuChannelRating::maxAmps, "A");
    co_await session().write(std::move(command));
    co_await setOcpLevel(channel, amps);
}

asio::awaitable<void> RigolDp800PowerSupply::setOcpLevel(int channel, double amps) {
    co_await session().write(":OUTP:OCP:VAL " + channelName(channel) + "," + psu::number(std::max(amps, kOcpMinimum)));
}

asio::awaitable<RigolApplied> RigolDp800PowerSupply::applied(int channel) {
    std::string command = ":APPL? " + channelName(channel);
    checkChannel(command, channel, channelCount());
    const std::string reply = co_await session().query(command);
    const auto values = parseApplyReply(reply, channel);
    if (!values)
        badReply(command, reply, "'CH<n>[:<label>],<volts>,<amps>' for this channel");
    co_return *values;
}

asio::awaitable<void> RigolDp800PowerSupply::setOutput(int channel, bool on) {
    std::string command = ":OUTP " + channelName(channel) + (on ? ",ON" : ",OFF");
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<bool> RigolDp800PowerSupply::output(int channel) {
    std::string command = ":OUTP? " + channelName(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryBool(std::move(command));
}

asio::awaitable<double> RigolDp800PowerSupply::measureVoltage(int channel) {
    std::string command = ":MEAS:VOLT? " + channelName(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryDouble(std::move(command));
}

asio::awaitable<double> RigolDp800PowerSupply::measureCurrent(int channel) {
    std::string command = ":MEAS:CURR? " + channelName(channel);
    checkChannel(command, channel, channelCount());
    co_return co_await session().queryDouble(std::move(command));
}

asio::awaitable<void> RigolDp800PowerSupply::setOverVoltageProtection(int channel, double volts) {
    // The OVP range is not in the reference: the instrument checks it (-222 in checked mode).
    std::string command = ":OUTP:OVP:VAL " + channelName(channel) + "," + psu::number(volts);
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
    co_await session().write(":OUTP:OVP " + channelName(channel) + ",ON");
}

asio::awaitable<void> RigolDp800PowerSupply::setOverCurrentProtection(int channel, bool enabled) {
    std::string command = ":OUTP:OCP " + channelName(channel) + (enabled ? ",ON" : ",OFF");
    checkChannel(command, channel, channelCount());
    co_await session().write(std::move(command));
}

asio::awaitable<bool> RigolDp800PowerSupply::queryTrip(std::string command) {
    const std::string reply = co_await session().query(command);
    const auto tripped = parseYesNo(reply);
    if (!tripped)
        badReply(command, reply, "YES/NO");
    co_return *tripped;
}

asio::awaitable<bool> RigolDp800PowerSupply::protectionTripped(int channel) {
    const std::string name = channelName(channel);
    checkChannel(":OUTP:OVP:QUES? " + name, channel, channelCount());
    const bool overVoltage = co_await queryTrip(":OUTP:OVP:QUES? " + name);
    const bool overCurrent = co_await queryTrip(":OUTP:OCP:QUES? " + name);
    co_return overVoltage || overCurrent;
}

asio::awaitable<void> RigolDp800PowerSupply::clearProtection(int channel) {
    const std::string name = channelName(channel);
    checkChannel(":OUTP:OVP:CLEAR " + name, channel, channelCount());
    co_await session().write(":OUTP:OVP:CLEAR " + name);
    co_await session().write(":OUTP:OCP:CLEAR " + name);
}

asio::awaitable<RigolOutputMode> RigolDp800PowerSupply::mode(int channel) {
    std::string command = ":OUTP:MODE? " + channelName(channel);
    checkChannel(command, channel, channelCount());
    const std::string reply = co_await session().query(command);
    const std::string_view text = trimBlanks(reply);
    if (sameText(text, "CV"))
        co_return RigolOutputMode::ConstantVoltage;
    if (sameText(text, "CC"))
        co_return RigolOutputMode::ConstantCurrent;
    if (!sameText(text, "UR"))
        badReply(command, reply, "CV, CC or UR");
    co_return RigolOutputMode::Unregulated;
}

std::span<const std::string_view> rigolDp800PsuModels() {
    return kModelKeys;
}

std::unique_ptr<Instrument> makeRigolDp800Psu(std::string_view model, std::unique_ptr<ScpiSession> session) {
    return std::make_unique<RigolDp800PowerSupply>(std::move(session), model);
}

} // namespace optiqual::instruments
