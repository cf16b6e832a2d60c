#pragma once

namespace optiqual::instruments::sim {

/// @brief What hangs on a simulated power-supply output: the current it draws at a given terminal voltage.
///
/// The simulators ask it for the current at the present simulation time, so a world model can plug in a load
/// that changes with time or state (an XPO module drawing constant power from the 48 V rail, a cold-plate
/// heater warming up). A simulator calls it only on its own thread.
///
/// For the constant-current operating point the simulator looks for the highest voltage at or below the
/// setpoint where the load draws no more than the current limit, so a load need not be monotonic (a
/// constant-power load draws more as the voltage sags, and the output collapses as a real one does).
class PsuLoad {
public:
    virtual ~PsuLoad() = default;

    /// @brief Amps drawn from output @p channel at @p volts at simulation time @p seconds. Negative values are
    /// taken as 0: the simulated supplies do not sink current.
    virtual double current(int channel, double volts, double seconds) = 0;
};

} // namespace optiqual::instruments::sim
