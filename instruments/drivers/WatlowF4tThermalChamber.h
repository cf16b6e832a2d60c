#pragma once
#include "instruments/ThermalChamber.h"

#include <memory>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief A model of chamber the F4T controls, as data: set-point range and the run (conditioning) output.
struct WatlowF4tModel {
    std::string_view key;
    double minSetpoint; ///< °C
    double maxSetpoint; ///< °C
    int runOutput;      ///< event output that enables conditioning (`:OUTPut<n>:STATe`)
};

/// @brief Watlow F4T chamber controller over SCPI on TCP port 5025 (firmware 04.07 or later).
///
/// Commands (reference §3d, TestEquity "F4T SCPI" list): `:SOURCE:CLOOP1:SPOINT <v>` / `SPOINT?` / `PVALUE?`;
/// ramp with `:SOURCE:CLOOP1:RSCALE MINUTES`, `RRATE <v>` and `RACTION SETPOINT` (rate 0: `RACTION OFF`).
/// Temperatures on the wire are in the unit `:UNIT:TEMPERATURE?` reports, read once at connect: the driver
/// converts °F to °C (and rates by 1.8) rather than changing a unit other software on the chamber relies on.
/// Run/stop: the F4T has no SCPI run/stop for its constant set point; chambers built on it (TestEquity, Espec)
/// switch conditioning with an event output, so running means "that output is ON" (`:OUTPUT1:STATE ON|OFF`,
/// output number from the model, changeable with setRunOutput()). The set-point range is checked host-side.
class WatlowF4tThermalChamber : public ThermalChamber {
public:
    WatlowF4tThermalChamber(std::unique_ptr<ScpiSession> session, const WatlowF4tModel& model);

    boost::asio::awaitable<void> setSetpoint(double degC) override;
    boost::asio::awaitable<double> setpoint() override;
    boost::asio::awaitable<double> temperature() override;
    boost::asio::awaitable<void> setRampRate(double degCPerMinute) override;
    boost::asio::awaitable<void> setRunning(bool running) override;
    boost::asio::awaitable<bool> running() override;

    /// @brief The event output wired to the chamber's conditioning enable (1 unless the chamber says otherwise).
    void setRunOutput(int output) { m_runOutput = output; }
    int runOutput() const { return m_runOutput; }
    /// @brief True when the controller's communication unit is °F (read at connect).
    bool fahrenheit() const { return m_fahrenheit; }
    const WatlowF4tModel& modelData() const { return m_model; }

protected:
    boost::asio::awaitable<void> afterConnect() override;

private:
    double toWire(double degC) const { return m_fahrenheit ? degC * 1.8 + 32.0 : degC; }
    double fromWire(double value) const { return m_fahrenheit ? (value - 32.0) / 1.8 : value; }
    std::string outputHeader() const;

    WatlowF4tModel m_model;
    int m_runOutput;
    bool m_fahrenheit = false;
};

/// @brief The model keys makeWatlowF4t() accepts ("F4T").
std::vector<std::string_view> watlowF4tModels();
/// @brief Makes the F4T driver for @p model; throws InstrumentError(Configuration) for an unknown key.
std::unique_ptr<Instrument> makeWatlowF4t(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
