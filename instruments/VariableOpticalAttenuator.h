#pragma once
#include "instruments/Instrument.h"

namespace optiqual::instruments {

/// @brief A variable optical attenuator with one or more channels, attenuation in dB, wavelength in metres.
/// safeState(): every shutter closed.
class VariableOpticalAttenuator : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::VariableOpticalAttenuator; }

    virtual int channelCount() const = 0;
    virtual boost::asio::awaitable<void> setAttenuation(int channel, double dB) = 0;
    virtual boost::asio::awaitable<double> attenuation(int channel) = 0;
    virtual boost::asio::awaitable<void> setWavelength(int channel, double metres) = 0;
    virtual boost::asio::awaitable<double> wavelength(int channel) = 0;
    /// @brief Opens (true) or closes (false) the output shutter.
    virtual boost::asio::awaitable<void> setOutputEnabled(int channel, bool enabled) = 0;
    virtual boost::asio::awaitable<bool> outputEnabled(int channel) = 0;
    /// @brief Output power from the built-in monitor, in watts (NaN if the model has none).
    virtual boost::asio::awaitable<double> outputPower(int channel) = 0;

    boost::asio::awaitable<void> safeState() override;
};

} // namespace optiqual::instruments
