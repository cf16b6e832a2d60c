#include "core/Clock.h"

#include <stdexcept>

namespace optiqual::core {

Clock::Clock(double scale) : m_scale(scale), m_origin(std::chrono::steady_clock::now()) {
    if (!(scale > 0.0))
        throw std::invalid_argument("clock time scale must be positive");
}

Clock::duration Clock::now() const {
    return toSimulated(std::chrono::steady_clock::now() - m_origin);
}

double Clock::seconds() const {
    return std::chrono::duration<double>(now()).count();
}

Clock::RealDuration Clock::toReal(duration simulated) const {
    if (m_scale == 1.0)
        return std::chrono::duration_cast<RealDuration>(simulated);
    return std::chrono::duration_cast<RealDuration>(std::chrono::duration<double, std::nano>(simulated) / m_scale);
}

Clock::duration Clock::toSimulated(RealDuration real) const {
    if (m_scale == 1.0)
        return std::chrono::duration_cast<duration>(real);
    return std::chrono::duration_cast<duration>(std::chrono::duration<double, std::nano>(real) * m_scale);
}

} // namespace optiqual::core
