#pragma once
#include "instruments/sim/world/ColdPlateParams.h"

#include <optional>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief One cold-plate assembly as the world sees it: its thermal resistance, its pressure drop and its leak,
/// drawn from its serial number (the same serial is always the same plate), with its defects applied.
///
/// - Thermal: R_plate(Q, T) = R_base + R_conv·(Q/Q_ref)^−0.8·(μ(T)/μ(25 °C))^0.4 — Dittus–Boelter, Nu ∝ Re^0.8·Pr^0.4,
///   with PG25's viscosity falling with temperature (domain §4). TTV to mean coolant temperature.
/// - Hydraulic: ΔP = k·Q^n·(μ(T)/μ(25 °C))^0.25, the Blasius friction factor's viscosity dependence.
/// - Leak: a conductance G (L/s): air escapes at G·(P − P_atm) mbar·L/s.
class ColdPlatePart {
public:
    /// @param defects given defects (a planted unit); std::nullopt draws them from the serial
    ColdPlatePart(std::string serial, std::string partNumber, const ColdPlateParams& params,
                  std::optional<std::vector<ColdPlateDefect>> defects = std::nullopt);

    const std::string& serial() const { return m_serial; }
    const std::string& partNumber() const { return m_partNumber; }
    const std::vector<ColdPlateDefect>& defects() const { return m_defects; }

    /// @brief TTV to mean coolant, K/W, at flow @p litresPerMinute (> 0) of coolant at @p coolantC.
    double thermalResistance(double litresPerMinute, double coolantC) const;
    /// @brief Inlet to outlet, kPa.
    double pressureDropKpa(double litresPerMinute, double coolantC) const;
    double leakLitresPerSecond() const { return m_leak; }
    double volumeLitres() const { return m_volume; }
    /// @brief How far from room temperature the plate arrives (from stores, a washer, a dryer), K.
    double arrivalOffsetC() const { return m_arrivalOffset; }

    /// @brief PG25 dynamic viscosity relative to 25 °C [A: ~−2.6 %/K, 2.2 → 1.5 mPa·s from 25 to 40 °C].
    static double relativeViscosity(double coolantC);
    /// @brief The defects a unit with @p serial draws (each mode independently, in enum order).
    static std::vector<ColdPlateDefect> drawDefects(const std::string& serial, const ColdPlateParams& params);

private:
    std::string m_serial;
    std::string m_partNumber;
    std::vector<ColdPlateDefect> m_defects;
    double m_base = 0.0;
    double m_convection = 0.0;
    double m_referenceFlow = 1.0;
    double m_flowExponent = 0.8;
    double m_dpAtReference = 0.0;
    double m_dpExponent = 1.75;
    double m_leak = 0.0;
    double m_volume = 0.0;
    double m_arrivalOffset = 0.0;
};

} // namespace optiqual::instruments::sim
