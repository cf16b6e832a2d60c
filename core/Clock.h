#pragma once
#include <chrono>

namespace optiqual::core {

/// @brief The time source for every wait, timeout and physics model: real time, or simulation time running
/// @p scale times faster than the wall clock (a 30-minute soak at scale 1000 takes 1.8 s).
///
/// Simulation time starts at the moment the clock is made and is expressed as a duration since then, so
/// two clocks with the same scale never disagree about "how long ago". Thread-safe: it holds no mutable state.
class Clock {
public:
    using duration = std::chrono::nanoseconds;
    using RealDuration = std::chrono::steady_clock::duration;

    explicit Clock(double scale = 1.0);

    /// @brief How many simulated seconds pass per real second (1 for a real station).
    double scale() const { return m_scale; }
    bool isScaled() const { return m_scale != 1.0; }

    /// @brief Simulation time elapsed since the clock was made.
    duration now() const;
    /// @brief Simulation time as seconds since the clock was made (for physics models).
    double seconds() const;

    /// @brief The wall-clock time a simulated duration takes.
    RealDuration toReal(duration simulated) const;
    /// @brief The simulated duration a wall-clock duration stands for.
    duration toSimulated(RealDuration real) const;

private:
    double m_scale;
    std::chrono::steady_clock::time_point m_origin;
};

} // namespace optiqual::core
