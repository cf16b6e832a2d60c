#include "instruments/sim/world/ConstantHeatLoad.h"

namespace optiqual::instruments::sim {

namespace {
constexpr double kWaterHeatCapacity = 4186.0; // J/(kg·K)
constexpr double kWaterDensity = 1.0;         // kg/L
} // namespace

double ConstantHeatLoad::temperatureRise(double /*bathDegC*/, bool circulating, double /*t*/) {
    if (!circulating || m_litresPerMinute <= 0.0)
        return 0.0;
    const double massFlow = m_litresPerMinute * kWaterDensity / 60.0; // kg/s
    return m_watts / (massFlow * kWaterHeatCapacity);
}

} // namespace optiqual::instruments::sim
