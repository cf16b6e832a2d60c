#include "instruments/drivers/KeysightN776xAttenuator.h"

#include "instruments/drivers/OpticalFormat.h"

#include <array>
#include <cmath>
#include <limits>

namespace optiqual::instruments {

using namespace optical;

namespace {

// Channel counts from the N77xx guide's slot table; wavelength ranges are assumed typical datasheet values
// (single-mode 1260–1640 nm, multimode 800–1370 nm).
const std::array<KeysightAttenuatorModel, 5> kModels{{
    {"N7761A", 1, 1260e-9, 1640e-9},
    {"N7762A", 2, 1260e-9, 1640e-9},
    {"N7764A", 4, 1260e-9, 1640e-9},
    {"N7766A", 2, 800e-9, 1370e-9},
    {"N7768A", 4, 800e-9, 1370e-9},
}};

/// Above this a Keysight monitor reading means under range or invalid [LX].
constexpr double kInvalidAbove = 1e20;

std::string slot(int channel) {
    return std::to_string(KeysightN776xAttenuator::slotOf(channel));
}

} // namespace

const KeysightAttenuatorModel* KeysightN776xAttenuator::findModel(std::string_view model) {
    for (const auto& m : kModels) {
        if (equalsNoCase(m.model, model)) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<std::string> KeysightN776xAttenuator::models() {
    std::vector<std::string> keys;
    for (const auto& m : kModels) {
        keys.push_back(m.model);
    }
    return keys;
}

KeysightN776xAttenuator::KeysightN776xAttenuator(std::unique_ptr<ScpiSession> session, KeysightAttenuatorModel model)
    : VariableOpticalAttenuator(model.model, std::move(session)), m_model(std::move(model)) {}

boost::asio::awaitable<void> KeysightN776xAttenuator::afterConnect() {
    for (int channel = 1; channel <= m_model.channels; ++channel) {
        co_await session().write(":OUTP" + slot(channel) + ":POW:UNIT 1");
    }
}

boost::asio::awaitable<void> KeysightN776xAttenuator::setAttenuation(int channel, double dB) {
    checkChannel("setAttenuation", channel, m_model.channels);
    if (!std::isfinite(dB)) {
        reject("setAttenuation", "attenuation must be a finite number of dB");
    }
    co_await session().write(":INP" + slot(channel) + ":ATT " + formatDecimal(dB, 3));
}

boost::asio::awaitable<double> KeysightN776xAttenuator::attenuation(int channel) {
    checkChannel("attenuation", channel, m_model.channels);
    co_return co_await session().queryDouble(":INP" + slot(channel) + ":ATT?");
}

boost::asio::awaitable<void> KeysightN776xAttenuator::setWavelength(int channel, double metres) {
    checkChannel("setWavelength", channel, m_model.channels);
    if (!(metres >= m_model.minWavelength && metres <= m_model.maxWavelength)) {
        reject("setWavelength", "wavelength " + formatNanometres(metres) + " nm is outside the " + m_model.model +
                                    "'s " + formatNanometres(m_model.minWavelength) + "–" +
                                    formatNanometres(m_model.maxWavelength) + " nm");
    }
    co_await session().write(":INP" + slot(channel) + ":WAV " + formatNanometres(metres) + " NM");
}

boost::asio::awaitable<double> KeysightN776xAttenuator::wavelength(int channel) {
    checkChannel("wavelength", channel, m_model.channels);
    co_return co_await session().queryDouble(":INP" + slot(channel) + ":WAV?");
}

boost::asio::awaitable<void> KeysightN776xAttenuator::setOutputEnabled(int channel, bool enabled) {
    checkChannel("setOutputEnabled", channel, m_model.channels);
    co_await session().write(":OUTP" + slot(channel) + ":STAT " + (enabled ? "1" : "0"));
}

boost::asio::awaitable<bool> KeysightN776xAttenuator::outputEnabled(int channel) {
    checkChannel("outputEnabled", channel, m_model.channels);
    co_return co_await session().queryBool(":OUTP" + slot(channel) + ":STAT?");
}

boost::asio::awaitable<double> KeysightN776xAttenuator::outputPower(int channel) {
    checkChannel("outputPower", channel, m_model.channels);
    const double watts = co_await session().queryDouble(":READ" + slot(channel) + ":POW?");
    co_return watts > kInvalidAbove ? std::numeric_limits<double>::quiet_NaN() : watts;
}

std::unique_ptr<Instrument> makeKeysightAttenuator(std::string_view model, std::unique_ptr<ScpiSession> session) {
    const auto* data = KeysightN776xAttenuator::findModel(model);
    if (data == nullptr) {
        throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                              "the Keysight attenuator driver does not know model '" + std::string(model) + "'");
    }
    return std::make_unique<KeysightN776xAttenuator>(std::move(session), *data);
}

std::vector<std::string> keysightAttenuatorModels() {
    return KeysightN776xAttenuator::models();
}

} // namespace optiqual::instruments
