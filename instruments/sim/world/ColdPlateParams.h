#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief A manufacturing defect a simulated cold-plate assembly can carry. New modes are appended: the defect draw
/// walks the modes in enum order, so appending keeps every earlier draw.
enum class ColdPlateDefect : std::uint8_t {
    None,           ///< no defect (ignored)
    SmallLeak,      ///< a pin-hole or porous braze: holds test pressure, decays a few kPa per minute
    LargeLeak,      ///< a cracked fitting: holds test pressure through stabilisation, decays tens of kPa a minute
    GrossLeak,      ///< a missing O-ring or an open port: cannot reach test pressure
    BlockedChannel, ///< braze flux or debris in the fin pack: pressure drop × ColdPlateParams::blockedDpFactor
    PoorTim,        ///< voids in the thermal interface: TIM + base resistance × ColdPlateParams::poorTimFactor
};

inline constexpr std::size_t kColdPlateDefectCount = 6;

const char* toString(ColdPlateDefect defect);
/// @brief The inverse of toString(ColdPlateDefect); std::nullopt for an unknown name.
std::optional<ColdPlateDefect> coldPlateDefectFromString(std::string_view name);

/// @brief The nominal design of one cold-plate part number and how units vary around it. Numbers are [A] unless
/// marked; docs/coldplate-test-flow.md gives each one's source.
struct ColdPlateDesign {
    std::string partNumber;
    double baseKelvinPerWatt = 0.012;          ///< TIM + base plate, TTV to fin root
    double convectionKelvinPerWatt = 0.016;    ///< 1/(hA) at referenceFlow and 25 °C PG25
    double pressureDropKpa = 18.0;             ///< ΔP at referenceFlow and 25 °C PG25
    double referenceFlowLitresPerMinute = 1.5; ///< OCP: 1.5 L/min per kW [S]
    double flowExponent = 0.8;                 ///< R_conv ∝ Q^−0.8, Dittus–Boelter [D]
    double pressureDropExponent = 1.75;        ///< ΔP = k·Q^n, turbulent fin pack [D/A]
    double internalVolumeLitres = 0.05;        ///< coolant volume of the plate
};

/// @brief The cold-plate model: designs per part number, unit-to-unit spreads, defect probabilities and magnitudes.
struct ColdPlateParams {
    ColdPlateParams();

    std::vector<ColdPlateDesign> designs; ///< the first one is the default for an unknown part number
    std::uint64_t seed = 1;               ///< the lot seed: with the serial it decides a unit

    double resistanceSpread = 0.04;   ///< σ of R_base and R_conv (relative, each drawn separately)
    double pressureDropSpread = 0.05; ///< σ of k (relative): fin-pack tolerances
    double volumeSpread = 0.03;       ///< σ of the internal volume (relative)
    /// σ of how far from room temperature a plate arrives at the stand, K: its body drifts back during the leak
    /// test and moves the trapped air's pressure (~2 kPa/K at 6 bar absolute), which temperature compensation removes.
    double arrivalSpreadC = 3.0;
    /// Leak conductance of a good unit, log-uniform between these (L/s: leak rate in mbar·L/s per mbar of
    /// overpressure). 2e-10…2e-9 L/s is 1e-6…1e-5 mbar·L/s at 5 bar: helium-tight braze, invisible to pressure decay.
    double goodLeakLitresPerSecondMin = 2e-10;
    double goodLeakLitresPerSecondMax = 2e-9;
    double smallLeakLitresPerSecond = 4e-6; ///< 2e-2 mbar·L/s at 5 bar: 4× the decay limit
    double largeLeakLitresPerSecond = 1e-4; ///< 0.5 mbar·L/s: 3 % of test pressure lost in 30 s
    double grossLeakLitresPerSecond = 2e-2; ///< as open as the fill line: the fill stalls near 3.6 bar
    double blockedDpFactor = 2.2;           ///< ΔP of a half-blocked fin pack
    double blockedConvectionFactor = 1.1;   ///< the remaining channels run faster: R_conv rises little
    double poorTimFactor = 2.5;             ///< R_base with voided TIM

    /// @brief Probability of each defect (indexed by the enum; None unused), drawn independently per unit:
    /// Π(1 − p) ≈ 0.90 first-pass yield.
    std::array<double, kColdPlateDefectCount> probability{0.0, 0.03, 0.015, 0.01, 0.02, 0.03};

    const ColdPlateDesign& design(std::string_view partNumber) const;
    double defectProbability(ColdPlateDefect d) const { return probability[static_cast<std::size_t>(d)]; }
    void setDefectProbability(ColdPlateDefect d, double p) { probability[static_cast<std::size_t>(d)] = p; }
};

} // namespace optiqual::instruments::sim
