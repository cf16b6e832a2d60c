#pragma once
#include "core/Clock.h"
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/FirstOrderThermalPlant.h"

#include <memory>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief What a simulated Watlow F4T chamber is: its set-point range and wiring.
struct WatlowF4tSimulatorConfig {
    /// Set-point limits in °C. The F4T's own limits come from its configuration; −70…+180 °C is the range of a
    /// typical two-stage chamber it controls (Espec and TestEquity chambers span about −73…+180 °C).
    double minSetpoint = -70.0;
    double maxSetpoint = 180.0;
    int loops = 1;   ///< CLOOP1 temperature; 2 would be humidity (not simulated)
    int outputs = 6; ///< digital (event) outputs, `:OUTPut<n>:STATe`
    /// The event output wired to the chamber's conditioning enable: the F4T has no SCPI run/stop for its
    /// constant set point, so chambers switch conditioning with an event output (as ChamberConnectLibrary's
    /// watlowf4t.py const_start/stop does with its `cond_event`).
    int runOutput = 1;
    std::string firmware = "04.07.0012";
    FirstOrderThermalPlantParams plant;
};

/// @brief A Watlow F4T chamber controller as its SCPI port 5025 shows it (TestEquity "F4T SCPI" command list):
/// `:SOURce:CLOop<n>:SPOint`, `SPOint?` (the active, possibly ramping, closed-loop set point), `PVALue?`,
/// `RACTion OFF|STARtup|SETPoint|BOTH`, `RRATe`, `RTIMe`, `RSCAle MINutes|HOURs`, `ERRor?`, `IDLE`,
/// `:UNIT:TEMPerature C|F` (all temperatures and rates on the wire in that unit), `:UNIT:TEMPerature:DISPlay`,
/// `:OUTPut<n>:STATe ON|OFF` (answers `ON`/`OFF`), `:PROGram:NUMBer`, `:PROGram:NAME?` and
/// `:PROGram:SELected:STATe` (no profiles are stored: START/RESUME give -221). `*IDN?` answers
/// `Watlow,F4T,<serial>,<firmware>` (our assumption: the command list does not show the reply).
/// Out-of-range values give -222 and leave the state unchanged; a loop or output suffix that does not exist
/// gives -114. The air temperature comes from a ThermalPlant: conditioning runs while the run output is on.
class WatlowF4tSimulator : public ScpiDevice {
public:
    explicit WatlowF4tSimulator(const SimContext& context, WatlowF4tSimulatorConfig config = {},
                                std::shared_ptr<ThermalPlant> plant = nullptr);

    /// @brief The user set point in °C.
    double setpoint() const { return m_setpoint; }
    bool running() const { return outputOn(m_config.runOutput); }
    bool outputOn(int output) const;
    bool fahrenheit() const { return m_fahrenheit; }
    /// @brief `OFF`, `STARTUP`, `SETPOINT` or `BOTH`.
    const std::string& rampAction() const { return m_rampAction; }
    /// @brief Programmed ramp rate in °C per minute.
    double rampRate() const { return m_rampRate; }
    /// @brief Air temperature now (simulation clock).
    double airTemperature() { return m_plant->temperature(now()); }
    ThermalPlant& plant() { return *m_plant; }
    const WatlowF4tSimulatorConfig& config() const { return m_config; }

protected:
    void reset() override;

private:
    void registerLoopCommands();
    void registerOtherCommands();
    void updateDemand();
    bool ramping() const { return m_rampAction == "SETPOINT" || m_rampAction == "BOTH"; }
    double now() const { return m_clock->seconds(); }
    double toWire(double degC) const;
    double fromWire(double value) const;
    /// Wire units per °C of a difference (rates): 1.8 in °F.
    double unitScale() const { return m_fahrenheit ? 1.8 : 1.0; }
    double minutesPerScale() const { return m_rampHours ? 60.0 : 1.0; }

    WatlowF4tSimulatorConfig m_config;
    std::shared_ptr<const core::Clock> m_clock;
    std::shared_ptr<ThermalPlant> m_plant;
    double m_setpoint = 25.0;
    double m_idleSetpoint = 25.0;
    std::string m_rampAction = "OFF";
    double m_rampRate = 1.0;     ///< °C per minute
    double m_rampMinutes = 10.0; ///< ramp time
    bool m_rampByTime = false;   ///< RTIMe was written after RRATe
    bool m_rampHours = false;
    bool m_fahrenheit = false;
    bool m_displayFahrenheit = false;
    int m_profile = 1;
    std::vector<bool> m_outputs;
};

} // namespace optiqual::instruments::sim
