#include "instruments/sim/world/ConstantDaqSignals.h"

namespace optiqual::instruments::sim {

ConstantDaqSignals::ConstantDaqSignals(std::uint64_t seed, DaqNoise noise) : m_noise(noise), m_random(seed) {}

void ConstantDaqSignals::setDefaults(double degC, double volts, double amps) {
    m_defaultTemperature = degC;
    m_defaultVoltage = volts;
    m_defaultCurrent = amps;
}

double ConstantDaqSignals::value(const std::map<int, double>& values, int channel, double fallback, double sigma) {
    auto it = values.find(channel);
    const double base = it == values.end() ? fallback : it->second;
    return sigma > 0.0 ? base + sigma * m_gauss(m_random) : base;
}

double ConstantDaqSignals::temperature(int channel, double /*t*/) {
    return value(m_temperatures, channel, m_defaultTemperature, m_noise.temperature);
}

double ConstantDaqSignals::dcVoltage(int channel, double /*t*/) {
    return value(m_voltages, channel, m_defaultVoltage, m_noise.voltage);
}

double ConstantDaqSignals::dcCurrent(int channel, double /*t*/) {
    return value(m_currents, channel, m_defaultCurrent, m_noise.current);
}

} // namespace optiqual::instruments::sim
