// CmisModule, part 3: the physics behind the registers — electrical power (rails, input converter, inrush), heat
// and temperature, the lasers under automatic power control, the receivers and the PRBS checkers.
#include "core/Units.h"
#include "instruments/sim/world/CmisModule.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiqual::instruments::sim {

namespace {

constexpr double kReferenceTemperatureC = 25.0;
constexpr double kNoSignalBer = 0.5;

bool patternSupported(std::uint8_t pattern) {
    return ((cmis::kSupportedPatternMask >> pattern) & 1U) != 0;
}

} // namespace

double CmisModule::railWatts() const {
    const auto& power = m_params.power;
    const double low = power.lowPowerWatts;
    const double idle = power.readyIdleWatts;
    // Power ramps linearly through the timed transitions between low power and ModuleReady.
    double progress = 1.0;
    if (m_stateTimerRunning && m_stateDeadline > m_stateEntered)
        progress = std::clamp((m_time - m_stateEntered) / (m_stateDeadline - m_stateEntered), 0.0, 1.0);
    double watts = 0.0;
    switch (m_state) {
    case CmisModuleState::Absent:
    case CmisModuleState::Unpowered:
        return 0.0;
    case CmisModuleState::Resetting:
    case CmisModuleState::ManagementInit:
    case CmisModuleState::LowPower:
    case CmisModuleState::Fault:
        watts = low;
        break;
    case CmisModuleState::PowerUp:
        watts = low + (idle - low) * progress;
        break;
    case CmisModuleState::PowerDown:
        watts = idle - (idle - low) * progress;
        break;
    case CmisModuleState::Ready: {
        const auto powered = std::count_if(m_lanes.begin(), m_lanes.end(), [](const LaneRuntime& lane) {
            return lane.state != DataPathState::Deactivated;
        });
        watts = idle + power.perActiveLaneWatts * static_cast<double>(powered);
        break;
    }
    }
    // Leakage grows with temperature; the case temperature is used (not the internal one) so that power and
    // temperature need no iteration — the difference is a few kelvin at 0.3 %/K.
    const double leakage =
        std::max(0.0, 1.0 + power.temperatureCoefficientPerK * (m_caseTemperatureC - kReferenceTemperatureC));
    return watts * m_unit.powerFactor * leakage;
}

double CmisModule::opticalOutputWatts() const {
    double watts = 0.0;
    for (int lane = 0; lane < kLanes; ++lane)
        if (laserOn(lane))
            watts += laserPoint(lane).outputMilliWatt * 1e-3;
    return watts;
}

double CmisModule::powerDrawWatts(double supplyVolts) const {
    if (!(supplyVolts >= m_params.power.undervoltageLockoutVolts))
        return 0.0;
    // The HighPowerDraw factor applies at the input, where a test measures it, so it is the same at every voltage.
    const double defect = hasDefect(DefectMode::HighPowerDraw) ? m_params.defects.highPowerDrawFactor : 1.0;
    return m_converter.inputWatts(railWatts(), supplyVolts) * defect;
}

double CmisModule::inrushPeakAmps() const {
    // The hot-swap ramps the input over the soft-start time: the capacitance's charging current plus whatever the
    // module draws once its converter has started (low power: it has just begun MgmtInit).
    const double speedup = hasDefect(DefectMode::HighInrush) ? m_params.defects.highInrushFactor : 1.0;
    return m_converter.capacitiveInrushAmps(m_supplyVolts, speedup) + powerDrawWatts(m_supplyVolts) / m_supplyVolts;
}

double CmisModule::heatWatts() const {
    // Conversion losses heat the module as much as the rails' draw does.
    return std::max(0.0, powerDrawWatts(m_supplyVolts) - opticalOutputWatts());
}

double CmisModule::internalTemperatureC() const {
    // The rise follows the electrical input: the ~0.1 W leaving as light is negligible, and using it would make
    // temperature depend on the lasers, whose operating point depends on temperature.
    const double rise = m_params.thermal.internalRiseKelvinPerWatt *
                        (hasDefect(DefectMode::HighTemperature) ? m_params.defects.highTemperatureRiseFactor : 1.0);
    return m_caseTemperatureC + rise * powerDrawWatts(m_supplyVolts);
}

double CmisModule::monitoredTemperatureC() const {
    return internalTemperatureC() + m_unit.temperatureMonitorOffsetC;
}

double CmisModule::monitoredVccVolts() const {
    const auto& power = m_params.power;
    if (power.vccMonitorReportsSupply)
        return m_supplyVolts * m_unit.vccMonitorFactor;
    const double load = m_params.identity.maxPowerWatts > 0.0 ? railWatts() / m_params.identity.maxPowerWatts : 0;
    return (power.railVolts - power.railLoadDroopVolts * load) * m_unit.vccMonitorFactor;
}

double CmisModule::txMonitorErrorDb(int lane) const {
    const double error = m_unit.lanes[static_cast<std::size_t>(lane)].txMonitorErrorDb;
    return defectLane(DefectMode::DdmTxMiscalibrated) == lane ? error + m_params.defects.ddmTxMiscalibrationDb : error;
}

bool CmisModule::laserOn(int lane) const {
    return m_state == CmisModuleState::Ready &&
           m_lanes[static_cast<std::size_t>(lane)].state == DataPathState::Activated;
}

bool CmisModule::receiverOn(int lane) const {
    if (m_state != CmisModuleState::Ready)
        return false;
    switch (m_lanes[static_cast<std::size_t>(lane)].state) {
    case DataPathState::Initialized:
    case DataPathState::TxTurnOn:
    case DataPathState::Activated:
    case DataPathState::TxTurnOff:
        return true;
    default:
        return false;
    }
}

LaserOperatingPoint CmisModule::laserPoint(int lane) const {
    const auto& laser = m_params.laser;
    const auto& variation = m_unit.lanes[static_cast<std::size_t>(lane)];
    const double temperatureC = internalTemperatureC();
    const double slopeAt25 = variation.slopeWattsPerAmpAt25 *
                             (defectLane(DefectMode::WeakLane) == lane ? m_params.defects.weakLaneSlopeFactor : 1.0);
    const double threshold =
        laserThresholdMilliAmp(variation.thresholdMilliAmpAt25, temperatureC, laser.characteristicTemperatureK);
    const double slope = laserSlopeWattsPerAmp(slopeAt25, temperatureC, laser.slopeTemperatureCoefficientPerK);
    const double targetDbm = variation.apcTargetDbm + laser.apcResidualDbPerK * (temperatureC - kReferenceTemperatureC);
    return apcOperatingPoint(threshold, slope, core::dbmToWatts(targetDbm) * 1e3, laser.maxBiasMilliAmp);
}

double CmisModule::txOutputPowerDbm(int lane) const {
    checkLane(lane);
    if (!laserOn(lane))
        return m_params.laser.disabledOutputDbm;
    return core::wattsToDbm(laserPoint(lane).outputMilliWatt * 1e-3);
}

double CmisModule::txOmaDbm(int lane) const {
    checkLane(lane);
    if (!laserOn(lane))
        return -std::numeric_limits<double>::infinity();
    const double oma =
        omaMilliWatt(laserPoint(lane).outputMilliWatt, m_unit.lanes[static_cast<std::size_t>(lane)].extinctionRatioDb);
    return core::wattsToDbm(oma * 1e-3);
}

double CmisModule::txWavelengthNm(int lane) const {
    checkLane(lane);
    return m_unit.lanes[static_cast<std::size_t>(lane)].wavelengthNmAt25 +
           m_params.laser.wavelengthDriftNmPerK * (internalTemperatureC() - kReferenceTemperatureC);
}

double CmisModule::txBiasMilliAmp(int lane) const {
    checkLane(lane);
    return laserOn(lane) ? laserPoint(lane).biasMilliAmp : 0.0;
}

std::optional<std::uint8_t> CmisModule::incomingPattern(int lane) const {
    const auto& input = m_rxInputs[static_cast<std::size_t>(lane)];
    if (input.pattern)
        return input.pattern;
    // Fibre loopback: the light is this lane's own transmitter, carrying its media-side generator's pattern.
    const int bank = lane / kLanesPerBank;
    const int laneInBank = lane % kLanesPerBank;
    if (!laserOn(lane) || !laneBit(bank, cmis::kPageDiagnosticsControl, cmis::kMediaGeneratorEnable, laneInBank))
        return std::nullopt;
    const auto pattern = laneNibble(bank, cmis::kPageDiagnosticsControl, cmis::kMediaGeneratorPattern, laneInBank);
    if (!patternSupported(pattern))
        return std::nullopt;
    return pattern;
}

std::optional<double> CmisModule::checkerBer(CmisSide side, int lane) const {
    checkLane(lane);
    if (!interfaceResponding())
        return std::nullopt;
    const int bank = lane / kLanesPerBank;
    const int laneInBank = lane % kLanesPerBank;
    const int page = cmis::kPageDiagnosticsControl;
    if (side == CmisSide::Host) {
        if (!laneBit(bank, page, cmis::kHostCheckerEnable, laneInBank))
            return std::nullopt;
        // The fixture loops each lane's host output back to its host input.
        const auto checker = laneNibble(bank, page, cmis::kHostCheckerPattern, laneInBank);
        const auto generator = laneNibble(bank, page, cmis::kHostGeneratorPattern, laneInBank);
        if (!receiverOn(lane) || !laneBit(bank, page, cmis::kHostGeneratorEnable, laneInBank) ||
            !patternSupported(generator) || generator != checker)
            return kNoSignalBer;
        return electricalBer(m_params.receiver.hostChannelQ);
    }
    if (!laneBit(bank, page, cmis::kMediaCheckerEnable, laneInBank))
        return std::nullopt;
    const auto& input = m_rxInputs[static_cast<std::size_t>(lane)];
    const auto checker = laneNibble(bank, page, cmis::kMediaCheckerPattern, laneInBank);
    const auto incoming = incomingPattern(lane);
    if (!receiverOn(lane) || input.lossOfSignal || !incoming || *incoming != checker)
        return kNoSignalBer;
    const auto& receiver = m_params.receiver;
    const auto& variation = m_unit.lanes[static_cast<std::size_t>(lane)];
    const double floorQ =
        defectLane(DefectMode::HighBerLane) == lane ? m_params.defects.highBerLaneErrorFloorQ : receiver.errorFloorQ;
    // Looped-back light has this lane's own extinction ratio; an external source the assumed one.
    const double extinctionDb = input.pattern ? receiver.inputExtinctionRatioDb : variation.extinctionRatioDb;
    // A hotter receiver (TIA noise, photodiode dark current) needs more light: the sensitivity degrades above 25 °C.
    const double heating = std::max(0.0, internalTemperatureC() - 25.0) * receiver.sensitivityDegradationDbPerK;
    const ReceiverWaterfall waterfall{variation.rxSensitivityOmaDbm + heating, receiver.sensitivityBer,
                                      receiver.errorFloorQ, floorQ};
    return receiverBer(waterfall, input.averageDbm, extinctionDb);
}

} // namespace optiqual::instruments::sim
