#include "instruments/sim/world/FirstOrderThermalPlant.h"

#include <algorithm>
#include <cmath>

namespace optiqual::instruments::sim {

namespace {

/// First-order relaxation of @p from towards a constant @p to over @p dt seconds.
double relax(double from, double to, double dt, double tau) {
    if (tau <= 0.0)
        return to;
    return to + (from - to) * std::exp(-dt / tau);
}

} // namespace

FirstOrderThermalPlant::FirstOrderThermalPlant(FirstOrderThermalPlantParams params)
    : m_params(params), m_temperature(params.ambient), m_reference(params.ambient) {
    m_demand.setpoint = params.ambient;
}

double FirstOrderThermalPlant::rampRatePerSecond() const {
    const double perMinute = m_demand.rampRate > 0.0 ? std::min(m_demand.rampRate, m_params.maxRate) : m_params.maxRate;
    return perMinute / 60.0;
}

void FirstOrderThermalPlant::advance(double t) {
    if (!(t > m_time))
        return;
    double remaining = t - m_time;
    m_time = t;
    if (!m_demand.running) {
        m_reference = m_params.ambient;
        m_temperature = relax(m_temperature, m_params.ambient, remaining, m_params.idleTimeConstant);
        return;
    }
    const double tau = m_params.timeConstant;
    const double rate = rampRatePerSecond();
    while (remaining > 0.0) {
        const double gap = m_demand.setpoint - m_reference;
        if (gap == 0.0 || !std::isfinite(rate) || rate <= 0.0) {
            m_reference = m_demand.setpoint;
            m_temperature = relax(m_temperature, m_reference, remaining, tau);
            return;
        }
        // Reference r(u) = r0 + s·u on this segment; the lag's exact solution is
        // T(u) = r0 + s·u − s·τ + (T0 − r0 + s·τ)·e^(−u/τ).
        const double toTarget = std::abs(gap) / rate;
        const bool reaches = toTarget <= remaining;
        const double segment = reaches ? toTarget : remaining;
        const double slope = gap > 0.0 ? rate : -rate;
        if (tau <= 0.0) {
            m_temperature = m_reference + slope * segment;
        } else {
            m_temperature = m_reference + slope * segment - slope * tau +
                            (m_temperature - m_reference + slope * tau) * std::exp(-segment / tau);
        }
        m_reference = reaches ? m_demand.setpoint : m_reference + slope * segment;
        remaining -= segment;
    }
}

void FirstOrderThermalPlant::setDemand(const ThermalDemand& demand, double t) {
    advance(t);
    if (demand.running && !m_demand.running)
        m_reference = m_temperature; // a controller starts its ramp at the process value
    if (!demand.running)
        m_reference = m_params.ambient;
    m_demand = demand;
}

void FirstOrderThermalPlant::setAmbient(double degC, double t) {
    advance(t);
    m_params.ambient = degC;
}

double FirstOrderThermalPlant::temperature(double t) {
    advance(t);
    return m_temperature;
}

double FirstOrderThermalPlant::reference(double t) {
    advance(t);
    return m_reference;
}

} // namespace optiqual::instruments::sim
