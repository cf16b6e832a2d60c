#pragma once
#include "instruments/sim/world/PsuLoad.h"

namespace optiqual::instruments::sim {

/// @brief The default load of a simulated supply output: a plain resistor (infinity for an open circuit).
class ResistivePsuLoad : public PsuLoad {
public:
    /// @brief The resistance every simulated output starts with.
    static constexpr double kDefaultOhms = 10.0;

    /// @brief Throws std::invalid_argument unless @p ohms is positive (infinity allowed).
    explicit ResistivePsuLoad(double ohms = kDefaultOhms);

    /// @brief Throws std::invalid_argument unless @p ohms is positive (infinity allowed).
    void setResistance(double ohms);
    double resistance() const { return m_ohms; }

    double current(int channel, double volts, double seconds) override;

private:
    double m_ohms;
};

} // namespace optiqual::instruments::sim
