#include "instruments/sim/world/DcDcConverter.h"

#include <algorithm>
#include <cmath>

namespace optiqual::instruments::sim {

double DcDcConverter::inputWatts(double outputWatts, double inputVolts) const {
    if (!(outputWatts > 0.0) || !(inputVolts > 0.0))
        return 0.0;
    const double passThrough = 1.0 - m_params.switchingLossFraction;
    const double demand = outputWatts + m_params.fixedLossWatts;
    if (!(m_params.conductionOhms > 0.0))
        return demand / passThrough;
    const double quadratic = m_params.conductionOhms / (inputVolts * inputVolts);
    const double discriminant = passThrough * passThrough - 4.0 * quadratic * demand;
    if (discriminant <= 0.0)
        return passThrough / (2.0 * quadratic);
    // The smaller root is the operating point; written as 2c / (b + √D) it stays exact when the quadratic term
    // is tiny (a fraction of a percent of the load at 48 V), where (b − √D) / 2a would cancel.
    return 2.0 * demand / (passThrough + std::sqrt(discriminant));
}

double DcDcConverter::efficiency(double outputWatts, double inputVolts) const {
    const double input = inputWatts(outputWatts, inputVolts);
    return input > 0.0 ? std::min(1.0, outputWatts / input) : 0.0;
}

double DcDcConverter::capacitiveInrushAmps(double inputVolts, double rampSpeedup) const {
    if (!(inputVolts > 0.0) || !(m_params.softStartSeconds > 0.0))
        return 0.0;
    return m_params.inputCapacitanceFarads * inputVolts * std::max(1.0, rampSpeedup) / m_params.softStartSeconds;
}

} // namespace optiqual::instruments::sim
