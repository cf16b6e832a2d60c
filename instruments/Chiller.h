#pragma once
#include "instruments/Instrument.h"

namespace optiqual::instruments {

/// @brief A recirculating chiller feeding a cold plate, in °C. safeState(): set point back to the ambient
/// set point with circulation left running (stopping the pump under a powered cold plate would overheat it).
class Chiller : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::Chiller; }

    virtual boost::asio::awaitable<void> setSetpoint(double degC) = 0;
    virtual boost::asio::awaitable<double> setpoint() = 0;
    /// @brief Bath (supply) temperature.
    virtual boost::asio::awaitable<double> bathTemperature() = 0;
    /// @brief External sensor temperature (e.g. cold-plate return), NaN when the chiller has none.
    virtual boost::asio::awaitable<double> externalTemperature() = 0;
    virtual boost::asio::awaitable<void> setRunning(bool running) = 0;
    virtual boost::asio::awaitable<bool> running() = 0;

    void setAmbientSetpoint(double degC) { m_ambient = degC; }
    double ambientSetpoint() const { return m_ambient; }
    boost::asio::awaitable<void> safeState() override;

private:
    double m_ambient = 25.0;
};

} // namespace optiqual::instruments
