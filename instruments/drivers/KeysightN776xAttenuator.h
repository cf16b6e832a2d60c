#pragma once
#include "instruments/VariableOpticalAttenuator.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief One Keysight N776xA attenuator model as data.
struct KeysightAttenuatorModel {
    std::string model; ///< model key; `*IDN?` must name it
    int channels = 4;
    double minWavelength = 1260e-9; ///< metres
    double maxWavelength = 1640e-9;
};

/// @brief Driver for Keysight N7761A/N7762A/N7764A (single-mode) and N7766A/N7768A (multimode) attenuators,
/// reference §3f and the N77xx programming guide.
///
/// Each attenuator occupies two slots (guide, "Slot and Channel Numbers"), so channel k is addressed as slot
/// 2k−1: `:INP<s>:ATT 10`, `:INP<s>:ATT?`, `:INP<s>:WAV 1550 NM`, `:INP<s>:WAV?` (metres),
/// `:OUTP<s>:STAT 1|0`, `:OUTP<s>:STAT?`, `:READ<s>:POW?` (built-in monitor). connect() selects watts for the
/// monitor on every channel (`:OUTP<s>:POW:UNIT 1`). The attenuation range depends on the offset set on the
/// instrument, so it is left to the instrument: an illegal attenuation comes back as -224 in checked mode.
class KeysightN776xAttenuator : public VariableOpticalAttenuator {
public:
    KeysightN776xAttenuator(std::unique_ptr<ScpiSession> session, KeysightAttenuatorModel model);

    /// @brief The built-in models "N7761A" (1), "N7762A" (2), "N7764A" (4), "N7766A" (2), "N7768A" (4).
    static const KeysightAttenuatorModel* findModel(std::string_view model);
    static std::vector<std::string> models();
    /// @brief The slot number commands use for @p channel.
    static int slotOf(int channel) { return 2 * channel - 1; }

    const KeysightAttenuatorModel& modelData() const { return m_model; }

    int channelCount() const override { return m_model.channels; }
    boost::asio::awaitable<void> setAttenuation(int channel, double dB) override;
    boost::asio::awaitable<double> attenuation(int channel) override;
    boost::asio::awaitable<void> setWavelength(int channel, double metres) override;
    boost::asio::awaitable<double> wavelength(int channel) override;
    boost::asio::awaitable<void> setOutputEnabled(int channel, bool enabled) override;
    boost::asio::awaitable<bool> outputEnabled(int channel) override;
    boost::asio::awaitable<double> outputPower(int channel) override;

protected:
    boost::asio::awaitable<void> afterConnect() override;

private:
    KeysightAttenuatorModel m_model;
};

/// @brief Factory for the driver registry: "N7761A", "N7762A", "N7764A", "N7766A", "N7768A". Throws
/// InstrumentError(Configuration) for another model.
std::unique_ptr<Instrument> makeKeysightAttenuator(std::string_view model, std::unique_ptr<ScpiSession> session);
/// @brief The model keys makeKeysightAttenuator() accepts.
std::vector<std::string> keysightAttenuatorModels();

} // namespace optiqual::instruments
