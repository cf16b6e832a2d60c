#pragma once
#include "instruments/sim/world/ColdPlatePart.h"
#include "instruments/sim/world/WorldConfig.h"

#include <memory>
#include <string>
#include <string_view>

namespace optiqual::instruments::sim {

/// @brief What a cold-plate stand sees around it during one integration step.
struct ColdPlateSurroundings {
    double coolantSupplyC = 25.0;                 ///< the chiller's supply at the stand's inlet
    bool pumpRunning = false;                     ///< the chiller circulates
    double airC = 25.0;                           ///< room (or chamber) air around the TTV
    double heaterVolts = 0.0;                     ///< at the heater supply's terminals
    double coolantHeatCapacity = 1021.5 * 3920.0; ///< ρ·c_p of the coolant, J/(m³·K)
};

/// @brief One socket of a cold-plate test stand and the plate seated in it (DESIGN.md, "Simulation is a first-class
/// station"): the TTV heater on its supply, the valve block (fill, equalise to the reference volume, vent, coolant),
/// the flow controller, and the state the world integrates — the TTV/plate temperature, the trapped test air's
/// pressure and temperature, the reference volume's pressure and the TTV's over-temperature cut-out.
///
/// Thermal: one node (TTV block + plate base, heat capacity C) heated by the heater, cooled through the plate to the
/// coolant — conductance 1/(R_plate + 1/(2·ṁ·c_p)), the plate seeing the coolant's mean temperature — and weakly to
/// the air. Air: ideal gas in the plate + manifold volume, filled through the fill line from the regulator, leaking
/// through the plate's leak and the vent; the gas is heated by the fill and relaxes to the wall temperature, and its
/// pressure follows its temperature. Not thread-safe: the simulators' thread only.
class ColdPlateStand {
public:
    ColdPlateStand(ColdPlateStandWiring wiring, const ColdPlateRigWiring& rig, double ambientC);

    const ColdPlateStandWiring& wiring() const { return m_wiring; }
    const ColdPlatePart* part() const { return m_part.get(); }
    /// @brief Seats @p part (nullptr empties the stand): it arrives at room temperature plus its own offset, dry and
    /// at atmospheric pressure.
    void seat(std::unique_ptr<ColdPlatePart> part, double ambientC);

    void setValves(unsigned bits) { m_valves = bits; }
    unsigned valves() const { return m_valves; }
    void setFlowCommand(double volts) { m_flowCommandVolts = volts; }

    /// @brief Integrates @p dt seconds with @p around held over the step.
    void step(double dt, const ColdPlateSurroundings& around);

    /// @brief Coolant flow through the plate now, L/min.
    double flowLitresPerMinute(bool pumpRunning) const;
    /// @brief Heater current at terminal voltage @p volts (0 with the cut-out open).
    double heaterCurrent(double volts) const;
    /// @brief Heat the coolant picks up now, W.
    double coolantHeatWatts(const ColdPlateSurroundings& around) const;
    bool tripped() const { return m_tripped; }
    double ttvC() const { return m_ttvC; }

    /// @brief A stand signal by its suffix (`inlet`, `outlet`, `ttv`, `flow`, `pressure_drop` kPa,
    /// `test_pressure` kPa gauge, `leak_dp` kPa); NaN for an unknown one.
    double quantity(std::string_view signal, const ColdPlateSurroundings& around) const;
    static bool knownSignal(std::string_view signal);

private:
    bool valve(int bit) const { return (m_valves >> bit) & 1U; }
    double heaterOhms() const;
    /// W/K from the TTV to the coolant's inlet temperature at @p flow (0 without flow or plate).
    double coolantConductance(double flow, const ColdPlateSurroundings& around) const;
    double volumeLitres() const;

    ColdPlateStandWiring m_wiring;
    ColdPlateRigWiring m_rig;
    std::unique_ptr<ColdPlatePart> m_part;
    unsigned m_valves = 0;
    double m_flowCommandVolts = 0.0;
    double m_ttvC;
    double m_gasExcessC = 0.0; ///< trapped air above the wall temperature
    double m_pressureKpa;      ///< trapped air, absolute
    double m_referenceKpa;     ///< reference volume, absolute
    bool m_tripped = false;
};

} // namespace optiqual::instruments::sim
