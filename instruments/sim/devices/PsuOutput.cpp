#include "instruments/sim/devices/PsuOutput.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace optiqual::instruments::sim {
namespace {

// The constant-current search: a coarse scan down from the setpoint finds the highest voltage the load accepts
// within the limit (robust for loads that are not monotonic), then bisection refines it.
constexpr int kScanSteps = 64;
constexpr int kBisections = 50;

} // namespace

PsuOutput::PsuOutput(int channel, PsuOutputSpec spec, std::shared_ptr<PsuLoad> load)
    : m_channel(channel), m_spec(spec) {
    setLoad(std::move(load));
    reset();
}

void PsuOutput::setLoad(std::shared_ptr<PsuLoad> load) {
    if (!load)
        throw std::invalid_argument("a simulated supply output needs a load");
    m_load = std::move(load);
}

void PsuOutput::reset() {
    m_volts = m_spec.resetVolts;
    m_amps = m_spec.resetAmps;
    m_on = false;
    m_ovpLevel = m_spec.resetOvp;
    m_ovpEnabled = false;
    m_ocpEnabled = false;
    m_ocpLevel = m_spec.resetOcp;
    m_ovTripped = false;
    m_ocTripped = false;
    m_outputAmps = 0;
    m_constantCurrent = false;
    // The terminal voltage is physics, not a setting: it decays from where it is at the next advance().
}

double PsuOutput::demand(double volts) const {
    // std::max(0.0, NaN) is 0: a load model that misbehaves draws nothing rather than poisoning the state.
    return std::max(0.0, m_load->current(m_channel, volts, m_now));
}

double PsuOutput::constantCurrentVolts() const {
    double over = m_volts; // the caller found demand(setpoint) > limit
    double within = 0;
    bool found = false;
    for (int i = 1; i <= kScanSteps; ++i) {
        const double v = m_volts * static_cast<double>(kScanSteps - i) / kScanSteps;
        if (demand(v) <= m_amps) {
            within = v;
            found = true;
            break;
        }
        over = v;
    }
    if (!found)
        return 0; // draws more than the limit even at 0 V: the output collapses
    for (int i = 0; i < kBisections; ++i) {
        const double mid = 0.5 * (within + over);
        (demand(mid) <= m_amps ? within : over) = mid;
    }
    return within;
}

void PsuOutput::advance(double seconds) {
    const double dt = std::max(0.0, seconds - m_now);
    m_now = seconds;
    double target = 0;
    m_constantCurrent = false;
    if (isOn()) {
        m_constantCurrent = demand(m_volts) > m_amps;
        target = m_constantCurrent ? constantCurrentVolts() : m_volts;
    }
    const double keep = m_spec.timeConstant > 0 ? std::exp(-dt / m_spec.timeConstant) : 0.0;
    m_terminalVolts = target + (m_terminalVolts - target) * keep;
    m_outputAmps = isOn() ? std::min(demand(m_terminalVolts), m_amps) : 0.0;
    checkProtection();
}

void PsuOutput::checkProtection() {
    if (!isOn())
        return;
    // OVP watches the programmed voltage as well as the terminals: the output would reach a setpoint above the
    // level within a time constant, and real supplies trip within that time too.
    if (ovpEnabled() && (m_volts > m_ovpLevel || m_terminalVolts > m_ovpLevel)) {
        trip(PsuProtection::OverVoltage);
        return;
    }
    if (!m_ocpEnabled)
        return;
    const bool over = m_spec.ocpRule == PsuOcpRule::ConstantCurrent
                          ? m_constantCurrent
                          : (m_constantCurrent ? m_amps : demand(m_volts)) >= m_ocpLevel;
    if (over)
        trip(PsuProtection::OverCurrent);
}

void PsuOutput::trip(PsuProtection which) {
    (which == PsuProtection::OverVoltage ? m_ovTripped : m_ocTripped) = true;
    if (m_spec.tripSwitchesOff)
        m_on = false;
    m_outputAmps = 0;
    m_constantCurrent = false;
}

void PsuOutput::clear(PsuProtection which) {
    (which == PsuProtection::OverVoltage ? m_ovTripped : m_ocTripped) = false;
}

PsuRegulation PsuOutput::regulation() const {
    if (!isOn())
        return PsuRegulation::Off;
    return m_constantCurrent ? PsuRegulation::ConstantCurrent : PsuRegulation::ConstantVoltage;
}

} // namespace optiqual::instruments::sim
