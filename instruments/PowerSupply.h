#pragma once
#include "instruments/Instrument.h"

namespace optiqual::instruments {

/// @brief Ratings of one power-supply output.
struct PsuChannelRating {
    double maxVolts = 0;
    double maxAmps = 0;
};

/// @brief A programmable DC power supply with one or more outputs (channels numbered from 1), in volts and
/// amps. safeState(): every output off.
class PowerSupply : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::PowerSupply; }

    virtual int channelCount() const = 0;
    virtual PsuChannelRating rating(int channel) const = 0;

    virtual boost::asio::awaitable<void> setVoltage(int channel, double volts) = 0;
    virtual boost::asio::awaitable<double> voltageSetpoint(int channel) = 0;
    virtual boost::asio::awaitable<void> setCurrentLimit(int channel, double amps) = 0;
    virtual boost::asio::awaitable<double> currentLimit(int channel) = 0;
    virtual boost::asio::awaitable<void> setOutput(int channel, bool on) = 0;
    virtual boost::asio::awaitable<bool> output(int channel) = 0;
    virtual boost::asio::awaitable<double> measureVoltage(int channel) = 0;
    virtual boost::asio::awaitable<double> measureCurrent(int channel) = 0;
    /// @brief Over-voltage protection level (also enables OVP where the model has a separate switch).
    virtual boost::asio::awaitable<void> setOverVoltageProtection(int channel, double volts) = 0;
    virtual boost::asio::awaitable<void> setOverCurrentProtection(int channel, bool enabled) = 0;
    /// @brief True when OVP or OCP has tripped and the output is latched off.
    virtual boost::asio::awaitable<bool> protectionTripped(int channel) = 0;
    virtual boost::asio::awaitable<void> clearProtection(int channel) = 0;

    /// @brief Turns every output off.
    boost::asio::awaitable<void> safeState() override;
};

} // namespace optiqual::instruments
