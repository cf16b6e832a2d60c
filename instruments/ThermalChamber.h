#pragma once
#include "instruments/Instrument.h"

namespace optiqual::instruments {

/// @brief A thermal chamber (or thermal stream / plate) with one temperature loop, in °C.
/// safeState(): set point back to the ambient set point (25 °C unless configured) with the loop running,
/// so the unit inside returns to room temperature.
class ThermalChamber : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::ThermalChamber; }

    virtual boost::asio::awaitable<void> setSetpoint(double degC) = 0;
    virtual boost::asio::awaitable<double> setpoint() = 0;
    /// @brief The process value: chamber air temperature.
    virtual boost::asio::awaitable<double> temperature() = 0;
    /// @brief Ramp rate in °C per minute; 0 means as fast as the chamber can.
    virtual boost::asio::awaitable<void> setRampRate(double degCPerMinute) = 0;
    /// @brief Runs (true) or stops (false) temperature control.
    virtual boost::asio::awaitable<void> setRunning(bool running) = 0;
    virtual boost::asio::awaitable<bool> running() = 0;

    void setAmbientSetpoint(double degC) { m_ambient = degC; }
    double ambientSetpoint() const { return m_ambient; }
    boost::asio::awaitable<void> safeState() override;

private:
    double m_ambient = 25.0;
};

} // namespace optiqual::instruments
