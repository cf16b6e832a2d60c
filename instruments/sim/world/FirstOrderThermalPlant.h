#pragma once
#include "instruments/sim/world/ThermalPlant.h"

#include <limits>

namespace optiqual::instruments::sim {

/// @brief Parameters of FirstOrderThermalPlant.
struct FirstOrderThermalPlantParams {
    double ambient = 25.0;           ///< °C, where the plant starts and drifts to when not running
    double maxRate = 15.0;           ///< °C per minute the reference can move at most; infinity: steps at once
    double timeConstant = 30.0;      ///< s, lag of the air behind the reference while running (0: no lag)
    double idleTimeConstant = 600.0; ///< s, drift towards ambient while the loop is off

    static FirstOrderThermalPlantParams unlimitedRate(double timeConstant, double idleTimeConstant) {
        return {25.0, std::numeric_limits<double>::infinity(), timeConstant, idleTimeConstant};
    }
};

/// @brief The default ThermalPlant: a reference that ramps to the set point at the demanded rate (capped by the
/// plant's maximum rate), and an air temperature that follows the reference with a first-order lag. When the
/// loop stops the reference becomes ambient and the air relaxes to it with the (slower) idle time constant; when
/// it starts again the ramp begins at the present air temperature, as controllers ramp from the process value.
///
/// The solution is exact for the piecewise-linear reference (no integration step), so reading it once after a
/// long simulated soak costs the same as reading it every millisecond.
class FirstOrderThermalPlant : public ThermalPlant {
public:
    explicit FirstOrderThermalPlant(FirstOrderThermalPlantParams params = {});

    void setDemand(const ThermalDemand& demand, double t) override;
    double temperature(double t) override;
    double reference(double t) override;

    const ThermalDemand& demand() const { return m_demand; }
    const FirstOrderThermalPlantParams& params() const { return m_params; }
    /// @brief Moves the ambient temperature (and, while idle, where the air drifts to) from @p t on.
    void setAmbient(double degC, double t);

private:
    void advance(double t);
    double rampRatePerSecond() const;

    FirstOrderThermalPlantParams m_params;
    ThermalDemand m_demand;
    double m_time = 0.0;
    double m_temperature;
    double m_reference;
};

} // namespace optiqual::instruments::sim
