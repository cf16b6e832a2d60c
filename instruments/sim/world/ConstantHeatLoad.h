#pragma once
#include "instruments/sim/world/ChillerLoad.h"

namespace optiqual::instruments::sim {

/// @brief A steady heat load on a water loop: the coolant warms by P / (ṁ·c_p) between supply and return while
/// it circulates (water: 1 kg/L, c_p 4186 J/(kg·K)); with the pump stopped no heat is carried to the sensor and
/// it reads the bath.
class ConstantHeatLoad : public ChillerLoad {
public:
    explicit ConstantHeatLoad(double watts = 0.0, double litresPerMinute = 2.0)
        : m_watts(watts), m_litresPerMinute(litresPerMinute) {}

    double temperatureRise(double bathDegC, bool circulating, double t) override;

    void setWatts(double watts) { m_watts = watts; }
    void setFlow(double litresPerMinute) { m_litresPerMinute = litresPerMinute; }
    double watts() const { return m_watts; }

private:
    double m_watts;
    double m_litresPerMinute;
};

} // namespace optiqual::instruments::sim
