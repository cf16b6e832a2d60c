#pragma once

namespace optiqual::instruments::sim {

/// @brief What a temperature controller asks of the thermal mass it drives.
struct ThermalDemand {
    double setpoint = 25.0; ///< target temperature, °C
    double rampRate = 0.0;  ///< °C per minute; 0 means as fast as the plant can
    bool running = false;   ///< control loop active; when false the plant drifts to ambient
};

/// @brief The physical side of a simulated chamber or bath: the air (or bath) temperature a controller steers.
///
/// Simulators talk to it in simulation seconds (SimContext::clock); calls come with non-decreasing times (an
/// earlier time is treated as the latest one seen). The world model replaces the default first-order plant
/// with one that knows about the units under test.
class ThermalPlant {
public:
    virtual ~ThermalPlant() = default;

    /// @brief The controller's demand from simulation time @p t (seconds) on.
    virtual void setDemand(const ThermalDemand& demand, double t) = 0;
    /// @brief Air (bath) temperature at simulation time @p t, °C.
    virtual double temperature(double t) = 0;
    /// @brief The ramped set point the plant is steered to at @p t, °C; equals the set point once a ramp is
    /// done, and the ambient temperature while the loop is not running.
    virtual double reference(double t) = 0;
};

} // namespace optiqual::instruments::sim
