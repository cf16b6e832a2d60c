#include "instruments/sim/world/ConstantOpticalSource.h"

#include "core/Units.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace optiqual::instruments::sim {

ConstantOpticalSource::ConstantOpticalSource(double defaultDbm, double relativeNoise, std::uint64_t seed)
    : m_defaultDbm(defaultDbm), m_relativeNoise(relativeNoise), m_state(seed) {}

double ConstantOpticalSource::powerDbm(int port) const {
    const auto it = m_portDbm.find(port);
    return it == m_portDbm.end() ? m_defaultDbm : it->second;
}

double ConstantOpticalSource::power(int port, double /*wavelengthMetres*/, double /*seconds*/) {
    const double watts = core::dbmToWatts(powerDbm(port));
    if (!(watts > 0.0)) {
        return 0.0;
    }
    // Noise never turns light into negative power.
    return std::max(0.0, watts * (1.0 + m_relativeNoise * gaussian()));
}

double ConstantOpticalSource::gaussian() {
    // splitmix64 + Box-Muller: the same sequence on every standard library, unlike std::normal_distribution.
    auto next = [this] {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        return (static_cast<double>(z >> 11) + 0.5) * 0x1.0p-53; // (0, 1)
    };
    const double u1 = next();
    const double u2 = next();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace optiqual::instruments::sim
