#pragma once

namespace optiqual::instruments::sim {

/// @brief What sits on a simulated chiller's loop (a cold plate with a powered unit on it): how much warmer the
/// coolant is at the chiller's external sensor than in the bath. The world model plugs its cold-plate model in
/// here; ConstantHeatLoad is the default.
class ChillerLoad {
public:
    virtual ~ChillerLoad() = default;

    /// @brief Temperature rise in kelvin from the bath to the external sensor at simulation time @p t (seconds),
    /// with the bath at @p bathDegC and the pump running (@p circulating) or not.
    virtual double temperatureRise(double bathDegC, bool circulating, double t) = 0;
};

} // namespace optiqual::instruments::sim
