#pragma once
#include "core/Clock.h"
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/LineDevice.h"
#include "instruments/sim/world/ChillerLoad.h"
#include "instruments/sim/world/FirstOrderThermalPlant.h"

#include <memory>
#include <string>

namespace optiqual::instruments::sim {

/// @brief What a simulated Julabo circulator / chiller is.
struct JulaboSimulatorConfig {
    std::string version = "JULABO HIGHTECH FL HL/SL VERSION 4.0"; ///< `version` reply (an FP51-SL's, [DG])
    double minSetpoint = -51.0;                                   ///< °C
    double maxSetpoint = 200.0;                                   ///< °C
    bool externalSensor = true;                                   ///< external Pt100 input (`in_pv_02`)
    /// Bath: first order to the set point (120 s) while running, to ambient (1800 s) while stopped; no rate limit.
    FirstOrderThermalPlantParams plant = FirstOrderThermalPlantParams::unlimitedRate(120.0, 1800.0);
};

/// @brief A Julabo circulator in its RS-232 text protocol (reference §3j; [DG] Julabo_circulator_protocol_RS232.py):
/// commands end CR, replies end CR LF; commands are matched without regard to case.
///
/// `version`, `status` (`00 MANUAL STOP`, `01 MANUAL START`, `02 REMOTE STOP`, `03 REMOTE START`, or a pending
/// command error such as `-08 INVALID COMMAND`, `-10 VALUE TOO SMALL`, `-11 VALUE TOO LARGE`, which reading the
/// status clears), `in_pv_00` (bath), `in_pv_02` (external sensor = bath + ChillerLoad rise), `in_sp_00`,
/// `in_mode_05`; `out_sp_00 <v>` and `out_mode_05 0|1` answer nothing (as on the real unit): an invalid or
/// out-of-range value leaves the state unchanged and shows in the next `status`. An unknown query answers
/// `-08 INVALID COMMAND` at once. The first `out_` command puts the unit in remote control.
class JulaboSimulator : public LineDevice {
public:
    explicit JulaboSimulator(const SimContext& context, JulaboSimulatorConfig config = {},
                             std::shared_ptr<ThermalPlant> plant = nullptr,
                             std::shared_ptr<ChillerLoad> load = nullptr);

    std::optional<std::string> handleMessage(std::string_view message) override;
    std::string inputTerminator() const override { return "\r"; }
    std::string outputTerminator() const override { return "\r\n"; }
    /// @brief After a mains glitch the circulator comes back stopped and in local control; its set point is
    /// kept (stored in non-volatile memory), as without AUTOSTART.
    void powerOnReset() override;

    double setpoint() const { return m_setpoint; }
    bool running() const { return m_running; }
    bool remote() const { return m_remote; }
    double bathTemperature() { return m_plant->temperature(now()); }
    double externalTemperature();
    ThermalPlant& plant() { return *m_plant; }
    ChillerLoad& load() { return *m_load; }
    const JulaboSimulatorConfig& config() const { return m_config; }

private:
    void outCommand(std::string_view name, std::string_view value);
    void updateDemand();
    double now() const { return m_clock->seconds(); }

    JulaboSimulatorConfig m_config;
    std::shared_ptr<const core::Clock> m_clock;
    std::shared_ptr<ThermalPlant> m_plant;
    std::shared_ptr<ChillerLoad> m_load;
    double m_setpoint = 25.0;
    bool m_running = false;
    bool m_remote = false;
    std::string m_pendingError;
};

} // namespace optiqual::instruments::sim
