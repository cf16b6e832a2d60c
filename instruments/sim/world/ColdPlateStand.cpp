#include "instruments/sim/world/ColdPlateStand.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiqual::instruments::sim {

namespace {

constexpr double kLitresPerMinuteToCubicMetresPerSecond = 1e-3 / 60.0;
constexpr double kKelvin = 273.15;
constexpr double kFullScaleVolts = 10.0;
/// Below this the heater supply counts as off (the cut-out re-arms).
constexpr double kHeaterOffVolts = 0.5;
enum ValveBit { kFill = 0, kEqualise = 1, kVent = 2, kCoolant = 3 };

} // namespace

ColdPlateStand::ColdPlateStand(ColdPlateStandWiring wiring, const ColdPlateRigWiring& rig, double ambientC)
    : m_wiring(std::move(wiring)), m_rig(rig), m_ttvC(ambientC), m_pressureKpa(rig.atmosphereKpa),
      m_referenceKpa(rig.atmosphereKpa) {}

void ColdPlateStand::seat(std::unique_ptr<ColdPlatePart> part, double ambientC) {
    m_part = std::move(part);
    m_ttvC = ambientC + (m_part ? m_part->arrivalOffsetC() : 0.0);
    m_gasExcessC = 0.0;
    m_pressureKpa = m_rig.atmosphereKpa;
    m_referenceKpa = m_rig.atmosphereKpa;
}

double ColdPlateStand::volumeLitres() const {
    return m_rig.manifoldLitres + (m_part ? m_part->volumeLitres() : 0.0);
}

double ColdPlateStand::flowLitresPerMinute(bool pumpRunning) const {
    // A flow controller: it holds the commanded flow while the pump runs and the coolant valves are open.
    if (!pumpRunning || !valve(kCoolant) || !m_part)
        return 0.0;
    return std::clamp(m_flowCommandVolts / kFullScaleVolts, 0.0, 1.0) * m_wiring.flowFullScale;
}

double ColdPlateStand::heaterOhms() const {
    return m_wiring.heaterOhms * (1.0 + m_rig.heaterTempco * (m_ttvC - 25.0));
}

double ColdPlateStand::heaterCurrent(double volts) const {
    return m_tripped || volts <= 0.0 ? 0.0 : volts / heaterOhms();
}

double ColdPlateStand::coolantConductance(double flow, const ColdPlateSurroundings& around) const {
    if (flow <= 0.0 || !m_part)
        return 0.0;
    const double massFlowHeat = around.coolantHeatCapacity * flow * kLitresPerMinuteToCubicMetresPerSecond;
    return 1.0 / (m_part->thermalResistance(flow, around.coolantSupplyC) + 0.5 / massFlowHeat);
}

double ColdPlateStand::coolantHeatWatts(const ColdPlateSurroundings& around) const {
    const double g = coolantConductance(flowLitresPerMinute(around.pumpRunning), around);
    return g * (m_ttvC - around.coolantSupplyC);
}

void ColdPlateStand::step(double dt, const ColdPlateSurroundings& around) {
    // Heat: exact first-order response over the step with the inputs held.
    const double heat = m_tripped ? 0.0 : std::max(0.0, around.heaterVolts) * around.heaterVolts / heaterOhms();
    const double gCoolant = coolantConductance(flowLitresPerMinute(around.pumpRunning), around);
    const double gAir = 1.0 / m_rig.ttvAirKelvinPerWatt;
    const double g = gCoolant + gAir;
    const double steady = (heat + gCoolant * around.coolantSupplyC + gAir * around.airC) / g;
    const double wallBefore = m_ttvC;
    m_ttvC = steady + (m_ttvC - steady) * std::exp(-dt * g / m_rig.ttvHeatCapacity);
    if (m_ttvC > m_rig.tripC)
        m_tripped = true;
    else if (m_tripped && around.heaterVolts < kHeaterOffVolts && m_ttvC < m_rig.tripResetC)
        m_tripped = false;

    // Air. With the coolant valves open the plate is part of the liquid loop: no trapped air to speak of.
    const double atm = m_rig.atmosphereKpa;
    if (!m_part || valve(kCoolant)) {
        m_pressureKpa = atm;
        m_gasExcessC = 0.0;
        if (valve(kEqualise))
            m_referenceKpa = m_pressureKpa;
        return;
    }
    // The trapped air follows its own temperature (wall + what the fill left) at constant amount.
    const double gasBefore = wallBefore + m_gasExcessC + kKelvin;
    m_gasExcessC *= std::exp(-dt / m_rig.gasTimeConstantSeconds);
    const double gasAfter = m_ttvC + m_gasExcessC + kKelvin;
    m_pressureKpa *= gasAfter / gasBefore;
    // Flows in and out, each proportional to its pressure difference: dP/dt = Σ G·(P_i − P)/V, exact over the step.
    const double fill = valve(kFill) ? m_rig.fillLitresPerSecond : 0.0;
    const double out = m_part->leakLitresPerSecond() + (valve(kVent) ? m_rig.ventLitresPerSecond : 0.0);
    const double total = fill + out;
    const double before = m_pressureKpa;
    if (total > 0.0) {
        const double equilibrium = (fill * (atm + m_rig.supplyKpa) + out * atm) / total;
        m_pressureKpa = equilibrium + (m_pressureKpa - equilibrium) * std::exp(-total * dt / volumeLitres());
    }
    // Air pushed in is compressed and warms the trapped air (partly adiabatic; the wall takes the rest).
    if (m_pressureKpa > before && fill > 0.0)
        m_gasExcessC += m_rig.fillHeatingK * std::log(m_pressureKpa / before);
    if (valve(kEqualise))
        m_referenceKpa = m_pressureKpa;
}

double ColdPlateStand::quantity(std::string_view signal, const ColdPlateSurroundings& around) const {
    const double flow = flowLitresPerMinute(around.pumpRunning);
    if (signal == "inlet")
        return around.coolantSupplyC;
    if (signal == "outlet") {
        if (flow <= 0.0)
            return m_ttvC; // stagnant coolant at the plate's temperature
        const double massFlowHeat = around.coolantHeatCapacity * flow * kLitresPerMinuteToCubicMetresPerSecond;
        return around.coolantSupplyC + coolantHeatWatts(around) / massFlowHeat;
    }
    if (signal == "ttv")
        return m_ttvC;
    if (signal == "flow")
        return flow;
    if (signal == "pressure_drop")
        return m_part ? m_part->pressureDropKpa(flow, around.coolantSupplyC) : 0.0;
    if (signal == "test_pressure")
        return m_pressureKpa - m_rig.atmosphereKpa;
    if (signal == "leak_dp")
        return m_pressureKpa - m_referenceKpa;
    return std::numeric_limits<double>::quiet_NaN();
}

bool ColdPlateStand::knownSignal(std::string_view signal) {
    for (const char* s : {"inlet", "outlet", "ttv", "flow", "pressure_drop", "test_pressure", "leak_dp"})
        if (signal == s)
            return true;
    return false;
}

} // namespace optiqual::instruments::sim
