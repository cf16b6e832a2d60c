#pragma once
#include "core/Clock.h"
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/LineDevice.h"
#include "instruments/sim/world/FirstOrderThermalPlant.h"

#include <memory>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief What a simulated Espec chamber with a P-300 controller is.
struct EspecP300SimulatorConfig {
    /// Set-point range in °C (assumption: a −70…+180 °C Platinous-class chamber).
    double minSetpoint = -70.0;
    double maxSetpoint = 180.0;
    double highLimit = 190.0;           ///< default `H` (upper alarm limit); limits may be set 20 °C beyond the range
    double lowLimit = -80.0;            ///< default `L`
    std::string rom = "P-300 VER 1.07"; ///< `ROM?` reply (example value)
    std::string type = "PT100,P300,180.0"; ///< `TYPE?`: sensor, controller, maximum temperature
    FirstOrderThermalPlantParams plant;
};

/// @brief An Espec chamber with a P-300 controller, in its own ASCII protocol (not SCPI; [EN] p300.py and
/// especinteract.py): lines end CR LF, an optional `<address>,` prefix (RS-485) is accepted and ignored.
///
/// Every message is answered: queries with their data, setting commands with `OK:` and the command echoed
/// (`TEMP, S25.0` → `OK:TEMP, S25.0`, as Espec drivers match it), errors with `NA:<reason>`
/// (`NA:CMD ERR`, `NA:PARA ERR`, `NA:DATA OUT OF RANGE`, `NA:CONT NOT READY-1` for humidity on this
/// temperature-only chamber, `NA:DATA NOT READY` for a program that does not exist). Commands: `TEMP?`
/// (`PV,SP,H,L`), `TEMP, S<sp> H<hi> L<lo>` (any of them; all checked before any is applied), `HUMI?`/`HUMI`,
/// `MON?` (`temp,,mode,alarms`), `MODE?[,DETAIL]`, `MODE,OFF|STANDBY|CONSTANT|RUN<n>`, `ALARM?`, `ROM?`,
/// `TYPE?`, one remote ramp step `RUN PRGM, TEMP<t> TIME<h>:<mm> [GOTEMP<t>]` and `PRGM,END[,STANDBY|OFF|CONST|HOLD]`.
/// Simulator assumptions: the ramp step ramps from the present air temperature to GOTEMP over TIME, then the
/// chamber holds GOTEMP in CONSTANT mode; no stored programs exist.
/// Temperature control runs in CONSTANT and RUN mode; in STANDBY and OFF the air drifts to ambient.
class EspecP300Simulator : public LineDevice {
public:
    explicit EspecP300Simulator(const SimContext& context, EspecP300SimulatorConfig config = {},
                                std::shared_ptr<ThermalPlant> plant = nullptr);

    std::optional<std::string> handleMessage(std::string_view message) override;
    std::string inputTerminator() const override { return "\r\n"; }
    std::string outputTerminator() const override { return "\r\n"; }
    /// @brief After a mains glitch the chamber comes back in STANDBY with no remote program running (its set point
    /// and limits are kept): the air drifts to ambient until it is told to run again.
    void powerOnReset() override;

    /// @brief `OFF`, `STANDBY`, `CONSTANT` or `RUN`.
    const std::string& mode() const { return m_mode; }
    double setpoint() const { return m_setpoint; }
    double highLimit() const { return m_high; }
    double lowLimit() const { return m_low; }
    bool running() const { return m_mode == "CONSTANT" || m_mode == "RUN"; }
    double airTemperature() { return m_plant->temperature(now()); }
    ThermalPlant& plant() { return *m_plant; }

private:
    std::string dispatch(const std::string& head, const std::string& args, const std::string& echo);
    std::string setTemperature(const std::string& args, const std::string& echo);
    std::string setMode(const std::string& args, const std::string& echo);
    std::string runProgram(const std::string& args, const std::string& echo);
    std::string endProgram(const std::string& args, const std::string& echo);
    void updateProgram();
    void updateDemand(double rate = 0.0);
    double now() const { return m_clock->seconds(); }

    EspecP300SimulatorConfig m_config;
    std::shared_ptr<const core::Clock> m_clock;
    std::shared_ptr<ThermalPlant> m_plant;
    std::string m_mode = "STANDBY";
    double m_setpoint = 25.0;
    double m_high;
    double m_low;
    double m_programEnd = 0.0;    ///< simulation time the remote ramp step ends
    double m_programTarget = 0.0; ///< its end temperature
};

} // namespace optiqual::instruments::sim
