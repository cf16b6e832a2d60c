#pragma once
#include "instruments/sim/world/PsuLoad.h"

#include <memory>

namespace optiqual::instruments::sim {

/// @brief When over-current protection trips.
enum class PsuOcpRule {
    ConstantCurrent, ///< Keysight: as soon as the output regulates in constant current
    Level,           ///< Rigol DP800: when the output current reaches the OCP level
};

/// @brief Which protection latched an output off.
enum class PsuProtection { OverVoltage, OverCurrent };

/// @brief How an output regulates at the moment.
enum class PsuRegulation { Off, ConstantVoltage, ConstantCurrent };

/// @brief Model data of one simulated supply output: programming ranges, `*RST` values and behaviour.
struct PsuOutputSpec {
    double maxVolts = 0; ///< highest programmable voltage
    double maxAmps = 0;  ///< highest programmable current limit
    double ovpMin = 0;   ///< OVP level range
    double ovpMax = 0;
    double ocpMin = 0; ///< OCP level range (PsuOcpRule::Level only)
    double ocpMax = 0;
    double resetVolts = 0; ///< `*RST` values
    double resetAmps = 0;
    double resetOvp = 0;
    double resetOcp = 0;
    bool ovpSwitchable = false;   ///< OVP has its own on/off (Rigol); otherwise it is always armed
    bool tripSwitchesOff = false; ///< a trip turns the programmed output off (Rigol); otherwise it latches the
                                  ///< output off and clearing restores it (Keysight)
    PsuOcpRule ocpRule = PsuOcpRule::ConstantCurrent;
    double timeConstant = 1e-3; ///< seconds; first-order response of the terminal voltage
};

/// @brief One simulated supply output: setpoints, output state, protection latches, and the physics of CV/CC
/// regulation into a PsuLoad with a first-order voltage response.
///
/// Time only moves in advance(): it integrates the terminal voltage towards the operating point, then checks
/// protection. Setters change settings only; the simulator calls advance() after every command (with no time
/// passed) so a trip caused by a setting takes effect at once. No range checks here: the simulators check
/// parameters against the spec before they call a setter.
class PsuOutput {
public:
    PsuOutput(int channel, PsuOutputSpec spec, std::shared_ptr<PsuLoad> load);

    int channel() const { return m_channel; }
    const PsuOutputSpec& spec() const { return m_spec; }

    /// @brief `*RST`: settings to the spec's reset values, output off, latches cleared.
    void reset();
    /// @brief Moves to simulation time @p seconds and re-evaluates regulation and protection.
    void advance(double seconds);

    void setVoltage(double volts) { m_volts = volts; }
    double voltageSetpoint() const { return m_volts; }
    void setCurrentLimit(double amps) { m_amps = amps; }
    double currentLimit() const { return m_amps; }
    /// @brief The programmed output state (what the front panel key says).
    void setOutput(bool on) { m_on = on; }
    bool programmedOn() const { return m_on; }
    /// @brief True when power flows: programmed on and no protection latched.
    bool isOn() const { return m_on && !tripped(); }

    void setOvpLevel(double volts) { m_ovpLevel = volts; }
    double ovpLevel() const { return m_ovpLevel; }
    /// @brief Ignored (always armed) unless the spec says OVP is switchable.
    void setOvpEnabled(bool enabled) { m_ovpEnabled = enabled; }
    bool ovpEnabled() const { return !m_spec.ovpSwitchable || m_ovpEnabled; }
    void setOcpEnabled(bool enabled) { m_ocpEnabled = enabled; }
    bool ocpEnabled() const { return m_ocpEnabled; }
    void setOcpLevel(double amps) { m_ocpLevel = amps; }
    double ocpLevel() const { return m_ocpLevel; }

    bool overVoltageTripped() const { return m_ovTripped; }
    bool overCurrentTripped() const { return m_ocTripped; }
    bool tripped() const { return m_ovTripped || m_ocTripped; }
    /// @brief Latches @p which (protection, or fault injection by a world model).
    void trip(PsuProtection which);
    /// @brief Clears the latch of @p which. If its cause remains, the next advance() trips it again.
    void clear(PsuProtection which);

    /// @brief Voltage at the output terminals.
    double volts() const { return m_terminalVolts; }
    /// @brief Current the output delivers.
    double amps() const { return m_outputAmps; }
    double watts() const { return m_terminalVolts * m_outputAmps; }
    PsuRegulation regulation() const;

    void setLoad(std::shared_ptr<PsuLoad> load);
    PsuLoad& load() const { return *m_load; }

private:
    double demand(double volts) const;
    double constantCurrentVolts() const;
    void checkProtection();

    int m_channel;
    PsuOutputSpec m_spec;
    std::shared_ptr<PsuLoad> m_load;

    double m_volts = 0;
    double m_amps = 0;
    bool m_on = false;
    double m_ovpLevel = 0;
    bool m_ovpEnabled = false;
    bool m_ocpEnabled = false;
    double m_ocpLevel = 0;
    bool m_ovTripped = false;
    bool m_ocTripped = false;

    double m_now = 0;
    double m_terminalVolts = 0;
    double m_outputAmps = 0;
    bool m_constantCurrent = false;
};

} // namespace optiqual::instruments::sim
