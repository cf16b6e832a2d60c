#include "instruments/sim/world/CmisModule.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace optiqual::instruments::sim {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
// Each evaluation step makes progress (a state change or a cleared request), and one advance() meets at most a few
// timer expiries per lane; both limits only guard against a model bug turning into a hang.
constexpr int kMaxEvaluationSteps = 1000;
constexpr int kMaxTimerExpiries = 100000;

std::size_t stateIndex(CmisModuleState state) {
    return static_cast<std::size_t>(state);
}

bool isSteady(DataPathState state) {
    return state == DataPathState::Deactivated || state == DataPathState::Activated ||
           state == DataPathState::Initialized;
}

} // namespace

const char* toString(CmisModuleState state) {
    switch (state) {
    case CmisModuleState::Absent:
        return "Absent";
    case CmisModuleState::Unpowered:
        return "Unpowered";
    case CmisModuleState::Resetting:
        return "Resetting";
    case CmisModuleState::ManagementInit:
        return "MgmtInit";
    case CmisModuleState::LowPower:
        return "ModuleLowPwr";
    case CmisModuleState::PowerUp:
        return "ModulePwrUp";
    case CmisModuleState::Ready:
        return "ModuleReady";
    case CmisModuleState::PowerDown:
        return "ModulePwrDn";
    case CmisModuleState::Fault:
        return "ModuleFault";
    }
    return "unknown";
}

std::uint8_t cmisStateCode(CmisModuleState state) {
    switch (state) {
    case CmisModuleState::LowPower:
        return 1;
    case CmisModuleState::PowerUp:
        return 2;
    case CmisModuleState::Ready:
        return 3;
    case CmisModuleState::PowerDown:
        return 4;
    case CmisModuleState::Fault:
        return 5;
    default:
        return 0;
    }
}

const char* toString(DataPathState state) {
    switch (state) {
    case DataPathState::Deactivated:
        return "DPDeactivated";
    case DataPathState::Init:
        return "DPInit";
    case DataPathState::Deinit:
        return "DPDeinit";
    case DataPathState::Activated:
        return "DPActivated";
    case DataPathState::TxTurnOn:
        return "DPTxTurnOn";
    case DataPathState::TxTurnOff:
        return "DPTxTurnOff";
    case DataPathState::Initialized:
        return "DPInitialized";
    }
    return "unknown";
}

const char* toString(CmisStatus status) {
    switch (status) {
    case CmisStatus::Ok:
        return "ok";
    case CmisStatus::ReadOnlyIgnored:
        return "read-only bytes ignored";
    case CmisStatus::NotPresent:
        return "module not present";
    case CmisStatus::NotPowered:
        return "module not powered";
    case CmisStatus::Busy:
        return "module busy (NACK)";
    case CmisStatus::InvalidAddress:
        return "invalid address";
    }
    return "unknown";
}

CmisModule::CmisModule(std::string serialNumber, CmisModuleParams params, std::optional<std::vector<Defect>> defects)
    : m_serialNumber(std::move(serialNumber)), m_params(std::move(params)), m_converter(m_params.power.converter),
      m_unit(drawUnitVariation(m_serialNumber, m_params)),
      m_defects(defects ? resolveDefects(m_serialNumber, m_params, std::move(*defects))
                        : drawDefects(m_serialNumber, m_params)),
      m_caseTemperatureC(m_params.thermal.initialCaseTemperatureC), m_supplyVolts(m_params.power.supplyNominalVolts) {
    for (const int page : cmis::kImplementedPages)
        m_map.addPage(page);
    for (const auto& range : cmis::kRegisterAccess)
        m_map.setAccess(range.page, range.first, range.last, range.access);
    for (auto& input : m_rxInputs)
        input.averageDbm = -kNever;
    m_lastEntry.fill(-kNever);
    // The map is filled even before the first power-on so that const queries never see an empty module.
    initialiseMemoryMap();
}

bool CmisModule::hasDefect(DefectMode mode) const {
    return std::any_of(m_defects.begin(), m_defects.end(), [mode](const Defect& d) { return d.mode == mode; });
}

int CmisModule::defectLane(DefectMode mode) const {
    for (const auto& defect : m_defects)
        if (defect.mode == mode)
            return defect.lane;
    return -1;
}

void CmisModule::checkLane(int lane) {
    if (lane < 0 || lane >= kLanes)
        throw std::out_of_range("CMIS lane out of range (0-63): " + std::to_string(lane));
}

// --- Host signals and environment ---------------------------------------------------------------------------------

void CmisModule::setPresent(bool present, double nowSeconds) {
    advance(nowSeconds);
    if (m_present && !present)
        m_lastEntry[stateIndex(CmisModuleState::Absent)] = m_time;
    m_present = present;
    settle();
}

void CmisModule::setPowerEnabled(bool enabled, double nowSeconds) {
    advance(nowSeconds);
    // The board's peak-hold starts again each time its switch closes; the inrush that follows is the first peak.
    if (enabled && !m_powerEnabled)
        m_inputPeakAmps = 0.0;
    m_powerEnabled = enabled;
    settle();
}

void CmisModule::setResetAsserted(bool asserted, double nowSeconds) {
    advance(nowSeconds);
    m_resetAsserted = asserted;
    settle();
}

void CmisModule::setLowPowerPin(bool asserted, double nowSeconds) {
    advance(nowSeconds);
    m_lowPowerPin = asserted;
    settle();
}

void CmisModule::setCaseTemperature(double degreesC, double nowSeconds) {
    advance(nowSeconds);
    m_caseTemperatureC = degreesC;
    settle();
}

void CmisModule::setSupplyVoltage(double volts, double nowSeconds) {
    advance(nowSeconds);
    m_supplyVolts = volts;
    settle();
}

void CmisModule::setRxInputPowerDbm(int lane, double dBm, double nowSeconds) {
    checkLane(lane);
    advance(nowSeconds);
    auto& input = m_rxInputs[static_cast<std::size_t>(lane)];
    input.averageDbm = dBm;
    // Hysteresis: between the two thresholds LOS keeps its previous value. NaN counts as no light.
    if (!(dBm >= m_params.receiver.losAssertDbm))
        input.lossOfSignal = true;
    else if (dBm > m_params.receiver.losDeassertDbm)
        input.lossOfSignal = false;
    settle();
}

void CmisModule::setRxInputPattern(int lane, std::optional<std::uint8_t> patternId, double nowSeconds) {
    checkLane(lane);
    advance(nowSeconds);
    m_rxInputs[static_cast<std::size_t>(lane)].pattern = patternId;
    settle();
}

bool CmisModule::interruptAsserted(double nowSeconds) {
    advance(nowSeconds);
    return interfaceResponding() && anyFlagLatched();
}

// --- Time ----------------------------------------------------------------------------------------------------------

void CmisModule::advance(double nowSeconds) {
    // Timers fire in order, each at its own deadline, so that chained transitions (MgmtInit → LowPwr → PwrUp →
    // Ready → DPInit …) start from the moment the previous one ended, not from nowSeconds.
    for (int expiry = 0; expiry < kMaxTimerExpiries; ++expiry) {
        const double next = nextDeadline();
        if (!(next <= nowSeconds))
            break;
        m_time = std::max(m_time, next);
        // The draw just before and just after each transition: between transitions it is constant or a linear
        // ramp, so the peak input current over time is always met at one of these points.
        trackInput();
        evaluate();
        trackInput();
    }
    if (nowSeconds > m_time)
        m_time = nowSeconds;
    settle();
}

double CmisModule::stateEnteredAt(CmisModuleState state) const {
    return m_lastEntry[stateIndex(state)];
}

CmisModuleState CmisModule::state(double nowSeconds) {
    advance(nowSeconds);
    return m_present ? m_state : CmisModuleState::Absent;
}

DataPathState CmisModule::dataPathState(int lane, double nowSeconds) {
    checkLane(lane);
    advance(nowSeconds);
    return m_lanes[static_cast<std::size_t>(lane)].state;
}

double CmisModule::nextDeadline() const {
    double next = m_stateTimerRunning ? m_stateDeadline : kNever;
    for (const auto& lane : m_lanes)
        if (lane.timerRunning)
            next = std::min(next, lane.deadline);
    return next;
}

double CmisModule::duration(std::uint8_t code) const {
    const double lower = cmisDurationLowerSeconds(code);
    return lower + m_unit.durationFraction * (cmisDurationUpperSeconds(code) - lower);
}

double CmisModule::powerUpSeconds() const {
    const std::uint8_t code = m_params.timing.modulePowerUpCode;
    if (hasDefect(DefectMode::SlowPowerUp))
        return cmisDurationUpperSeconds(code) * m_params.defects.slowPowerUpFactor;
    return duration(code);
}

void CmisModule::settle() {
    evaluate();
    trackInput();
    latchFlags();
}

void CmisModule::trackInput() {
    const bool connected = m_present && m_powerEnabled && m_supplyVolts > 0.0;
    if (connected && !m_inputConnected)
        m_inputPeakAmps = std::max(m_inputPeakAmps, inrushPeakAmps());
    m_inputConnected = connected;
    if (connected)
        m_inputPeakAmps = std::max(m_inputPeakAmps, powerDrawWatts(m_supplyVolts) / m_supplyVolts);
}

void CmisModule::evaluate() {
    for (int step = 0; step < kMaxEvaluationSteps; ++step) {
        bool changed = evaluateModule();
        for (int lane = 0; lane < kLanes; ++lane)
            changed = evaluateLane(lane) || changed;
        if (!changed)
            return;
    }
}

// --- Module state machine -----------------------------------------------------------------------------------------

CmisStatus CmisModule::accessStatus() const {
    if (!m_present)
        return CmisStatus::NotPresent;
    switch (m_state) {
    case CmisModuleState::Absent:
    case CmisModuleState::Unpowered:
        return CmisStatus::NotPowered;
    case CmisModuleState::Resetting:
    case CmisModuleState::ManagementInit:
        return CmisStatus::Busy;
    default:
        return CmisStatus::Ok;
    }
}

bool CmisModule::interfaceResponding() const {
    return accessStatus() == CmisStatus::Ok;
}

bool CmisModule::lowPowerRequested() const {
    const std::uint8_t control = m_map.lower(cmis::kModuleControl);
    return (control & cmis::kControlLowPowerRequestSw) != 0 ||
           ((control & cmis::kControlLowPowerAllowHw) != 0 && m_lowPowerPin);
}

void CmisModule::enterState(CmisModuleState state, double seconds, std::uint8_t faultCause) {
    m_state = state;
    m_stateEntered = m_time;
    m_lastEntry[stateIndex(state)] = m_time;
    m_stateTimerRunning = seconds < kNever;
    m_stateDeadline = m_time + seconds;
    if (cmisStateCode(state) != 0)
        m_map.setLower(cmis::kModuleFlags, m_map.lower(cmis::kModuleFlags) | cmis::kStateChangedFlag);
    if (state == CmisModuleState::Fault)
        m_map.setLower(cmis::kFaultCause, faultCause);
}

bool CmisModule::supplyGood() const {
    // Undervoltage lockout with hysteresis: a module that is off needs the turn-on voltage, a running one keeps
    // going down to the lockout, so a supply sitting between the two never makes it cycle.
    const auto& power = m_params.power;
    const double threshold = m_state == CmisModuleState::Unpowered
                                 ? power.undervoltageLockoutVolts * (1.0 + power.undervoltageHysteresisFraction)
                                 : power.undervoltageLockoutVolts;
    return m_supplyVolts >= threshold;
}

bool CmisModule::overTemperature() const {
    return internalTemperatureC() > m_params.thermal.shutdownTemperatureC;
}

bool CmisModule::evaluateModule() {
    const bool powerGood = m_present && m_powerEnabled && supplyGood();
    if (!powerGood) {
        if (m_state == CmisModuleState::Unpowered)
            return false;
        enterState(CmisModuleState::Unpowered, kNever);
        return true;
    }
    const auto enterManagementInit = [this] {
        initialiseMemoryMap();
        enterState(CmisModuleState::ManagementInit, m_params.timing.managementInitSeconds);
    };
    if (m_resetAsserted) {
        if (m_state == CmisModuleState::Resetting)
            return false;
        enterState(CmisModuleState::Resetting, kNever);
        return true;
    }
    const auto& timing = m_params.timing;
    // Firmware protects the module in every state it runs in (the CMIS states); a fault is already safe.
    if (cmisStateCode(m_state) != 0 && m_state != CmisModuleState::Fault && overTemperature()) {
        enterState(CmisModuleState::Fault, kNever, timing.overTemperatureFaultCause);
        return true;
    }
    const bool expired = m_stateTimerRunning && m_stateDeadline <= m_time;
    switch (m_state) {
    case CmisModuleState::Absent:
    case CmisModuleState::Unpowered:
    case CmisModuleState::Resetting:
        enterManagementInit();
        return true;
    case CmisModuleState::ManagementInit:
        if (!expired)
            return false;
        enterState(CmisModuleState::LowPower, kNever);
        return true;
    case CmisModuleState::LowPower:
        if (lowPowerRequested() || hasDefect(DefectMode::StuckInLowPower))
            return false;
        enterState(CmisModuleState::PowerUp, hasDefect(DefectMode::FaultOnPowerUp)
                                                 ? powerUpSeconds() * timing.faultAfterPowerUpFraction
                                                 : powerUpSeconds());
        return true;
    case CmisModuleState::PowerUp:
        if (lowPowerRequested()) {
            enterState(CmisModuleState::PowerDown, duration(timing.modulePowerDownCode));
            return true;
        }
        if (!expired)
            return false;
        if (hasDefect(DefectMode::FaultOnPowerUp))
            enterState(CmisModuleState::Fault, kNever, timing.powerUpFaultCause);
        else
            enterState(CmisModuleState::Ready, kNever);
        return true;
    case CmisModuleState::Ready: {
        // LowPwrExS: leave ModuleReady only once every data path has reached DPDeactivated.
        const bool allDeactivated = std::all_of(m_lanes.begin(), m_lanes.end(), [](const LaneRuntime& lane) {
            return lane.state == DataPathState::Deactivated;
        });
        if (!lowPowerRequested() || !allDeactivated)
            return false;
        enterState(CmisModuleState::PowerDown, duration(timing.modulePowerDownCode));
        return true;
    }
    case CmisModuleState::PowerDown:
        if (!expired)
            return false;
        enterState(CmisModuleState::LowPower, kNever);
        return true;
    case CmisModuleState::Fault:
        return false;
    }
    return false;
}

// --- Data path state machines -------------------------------------------------------------------------------------

bool CmisModule::laneShouldDeactivate(int lane) const {
    const int bank = lane / kLanesPerBank;
    const int laneInBank = lane % kLanesPerBank;
    const int activeAppSel = m_map.get(bank, cmis::kPageLaneStatus, cmis::kActiveConfig + laneInBank) >> 4U;
    return lowPowerRequested() || laneBit(bank, cmis::kPageLaneControl, cmis::kDataPathDeinit, laneInBank) ||
           activeAppSel == 0 || m_lanes[static_cast<std::size_t>(lane)].reinitPending;
}

void CmisModule::enterLaneState(int lane, DataPathState state, double seconds) {
    auto& runtime = m_lanes[static_cast<std::size_t>(lane)];
    runtime.state = state;
    runtime.timerRunning = seconds < kNever;
    runtime.deadline = m_time + seconds;
    if (isSteady(state)) {
        const int bank = lane / kLanesPerBank;
        const auto bit = static_cast<std::uint8_t>(1U << static_cast<unsigned>(lane % kLanesPerBank));
        const std::uint8_t flags = m_map.get(bank, cmis::kPageLaneStatus, cmis::kDataPathStateChanged);
        m_map.set(bank, cmis::kPageLaneStatus, cmis::kDataPathStateChanged, flags | bit);
    }
}

bool CmisModule::evaluateLane(int lane) {
    auto& runtime = m_lanes[static_cast<std::size_t>(lane)];
    if (m_state != CmisModuleState::Ready) {
        // Outside ModuleReady there are no data paths; the normal route (LowPwrS) has deactivated them already,
        // a reset, power loss or fault drops them at once.
        if (runtime.state == DataPathState::Deactivated && !runtime.timerRunning && !runtime.reinitPending)
            return false;
        runtime = LaneRuntime{};
        return true;
    }
    const auto& timing = m_params.timing;
    const bool expired = runtime.timerRunning && runtime.deadline <= m_time;
    const bool deactivate = laneShouldDeactivate(lane);
    const bool txDisabled =
        laneBit(lane / kLanesPerBank, cmis::kPageLaneControl, cmis::kOutputDisableTx, lane % kLanesPerBank);
    switch (runtime.state) {
    case DataPathState::Deactivated:
        if (runtime.reinitPending) {
            runtime.reinitPending = false;
            return true;
        }
        if (deactivate)
            return false;
        enterLaneState(lane, DataPathState::Init, duration(timing.dataPathInitCode));
        return true;
    case DataPathState::Init:
        if (deactivate) {
            enterLaneState(lane, DataPathState::Deinit, duration(timing.dataPathDeinitCode));
            return true;
        }
        if (!expired)
            return false;
        enterLaneState(lane, DataPathState::Initialized, kNever);
        return true;
    case DataPathState::Initialized:
        if (deactivate) {
            enterLaneState(lane, DataPathState::Deinit, duration(timing.dataPathDeinitCode));
            return true;
        }
        if (txDisabled)
            return false;
        enterLaneState(lane, DataPathState::TxTurnOn, duration(timing.txTurnOnCode));
        return true;
    case DataPathState::TxTurnOn:
        if (deactivate || txDisabled) {
            enterLaneState(lane, DataPathState::TxTurnOff, duration(timing.txTurnOffCode));
            return true;
        }
        if (!expired)
            return false;
        enterLaneState(lane, DataPathState::Activated, kNever);
        return true;
    case DataPathState::Activated:
        if (!deactivate && !txDisabled)
            return false;
        enterLaneState(lane, DataPathState::TxTurnOff, duration(timing.txTurnOffCode));
        return true;
    case DataPathState::TxTurnOff:
        if (!expired)
            return false;
        if (deactivate)
            enterLaneState(lane, DataPathState::Deinit, duration(timing.dataPathDeinitCode));
        else
            enterLaneState(lane, DataPathState::Initialized, kNever);
        return true;
    case DataPathState::Deinit:
        if (!expired)
            return false;
        enterLaneState(lane, DataPathState::Deactivated, kNever);
        return true;
    }
    return false;
}

// --- Management interface -----------------------------------------------------------------------------------------

CmisStatus CmisModule::select(int bank, int page, int offset, int length) {
    if (const auto status = accessStatus(); status != CmisStatus::Ok)
        return status;
    if (!m_map.validRange(bank, page, offset, length))
        return CmisStatus::InvalidAddress;
    // A host driver writes the page select before an upper-page access; a lower-page-only one leaves it alone.
    if (offset + length > CmisMemoryMap::kUpperBase) {
        m_map.setLower(cmis::kBankSelect, static_cast<std::uint8_t>(bank));
        m_map.setLower(cmis::kPageSelect, static_cast<std::uint8_t>(page));
    }
    return CmisStatus::Ok;
}

CmisReadResult CmisModule::read(int bank, int page, int offset, int length, double nowSeconds) {
    advance(nowSeconds);
    if (const auto status = select(bank, page, offset, length); status != CmisStatus::Ok)
        return {status, {}};
    return readAt(m_map.selectedBank(), m_map.selectedPage(), offset, length);
}

CmisStatus CmisModule::write(int bank, int page, int offset, std::span<const std::uint8_t> bytes, double nowSeconds) {
    advance(nowSeconds);
    if (const auto status = select(bank, page, offset, static_cast<int>(bytes.size())); status != CmisStatus::Ok)
        return status;
    return writeAt(m_map.selectedBank(), m_map.selectedPage(), offset, bytes);
}

CmisReadResult CmisModule::readSelected(int offset, int length, double nowSeconds) {
    advance(nowSeconds);
    if (const auto status = accessStatus(); status != CmisStatus::Ok)
        return {status, {}};
    return readAt(m_map.selectedBank(), m_map.selectedPage(), offset, length);
}

CmisStatus CmisModule::writeSelected(int offset, std::span<const std::uint8_t> bytes, double nowSeconds) {
    advance(nowSeconds);
    if (const auto status = accessStatus(); status != CmisStatus::Ok)
        return status;
    return writeAt(m_map.selectedBank(), m_map.selectedPage(), offset, bytes);
}

CmisReadResult CmisModule::readAt(int bank, int page, int offset, int length) {
    if (!m_map.validRange(bank, page, offset, length))
        return {CmisStatus::InvalidAddress, {}};
    const bool upper = offset + length > CmisMemoryMap::kUpperBase;
    if (offset < CmisMemoryMap::kUpperBase)
        refreshLowerPage();
    if (upper && page == cmis::kPageLaneStatus)
        refreshLaneStatus(bank);
    if (upper && page == cmis::kPageDiagnosticsResults)
        refreshDiagnostics(bank);
    CmisReadResult result;
    result.bytes.reserve(static_cast<std::size_t>(length));
    for (int address = offset; address < offset + length; ++address) {
        result.bytes.push_back(m_map.get(bank, page, address));
        if (m_map.access(bank, page, address) == cmis::Access::ClearOnRead)
            m_map.set(bank, page, address, 0);
    }
    return result;
}

CmisStatus CmisModule::writeAt(int bank, int page, int offset, std::span<const std::uint8_t> bytes) {
    const auto length = static_cast<int>(bytes.size());
    if (!m_map.validRange(bank, page, offset, length))
        return CmisStatus::InvalidAddress;
    bool ignored = false;
    // A new bank/page selection takes effect when the transaction ends: later bytes of this write still go to the
    // page selected when it started.
    std::optional<std::uint8_t> newBank;
    std::optional<std::uint8_t> newPage;
    for (int i = 0; i < length; ++i) {
        const int address = offset + i;
        const std::uint8_t value = bytes[static_cast<std::size_t>(i)];
        const auto access = m_map.access(bank, page, address);
        if (access != cmis::Access::ReadWrite && access != cmis::Access::SelfClearing)
            ignored = true;
        else if (address == cmis::kBankSelect)
            newBank = value;
        else if (address == cmis::kPageSelect)
            newPage = value;
        else
            m_map.set(bank, page, address, value);
    }
    if (newBank)
        m_map.setLower(cmis::kBankSelect, *newBank);
    if (newPage)
        m_map.setLower(cmis::kPageSelect, *newPage);
    handleWrites(bank, page, offset, bytes.size());
    settle();
    return ignored ? CmisStatus::ReadOnlyIgnored : CmisStatus::Ok;
}

void CmisModule::handleWrites(int bank, int page, int offset, std::size_t length) {
    const auto covers = [&](int address) { return address >= offset && address < offset + static_cast<int>(length); };
    if (covers(cmis::kModuleControl)) {
        const std::uint8_t control = m_map.lower(cmis::kModuleControl);
        if ((control & cmis::kControlSoftwareReset) != 0) {
            // A software reset behaves like a ResetL pulse: the interface restarts from MgmtInit with defaults.
            initialiseMemoryMap();
            enterState(CmisModuleState::ManagementInit, m_params.timing.managementInitSeconds);
            return;
        }
    }
    if (page != cmis::kPageLaneControl)
        return;
    if (covers(cmis::kApplyDataPathInit)) {
        applyStagedConfig(bank, m_map.get(bank, page, cmis::kApplyDataPathInit), true);
        m_map.set(bank, page, cmis::kApplyDataPathInit, 0);
    }
    if (covers(cmis::kApplyImmediate)) {
        applyStagedConfig(bank, m_map.get(bank, page, cmis::kApplyImmediate), false);
        m_map.set(bank, page, cmis::kApplyImmediate, 0);
    }
}

void CmisModule::applyStagedConfig(int bank, std::uint8_t lanes, bool reinitialise) {
    const int validAppSel = 1; // the module advertises one application
    for (int laneInBank = 0; laneInBank < kLanesPerBank; ++laneInBank) {
        if ((lanes & (1U << static_cast<unsigned>(laneInBank))) == 0)
            continue;
        const std::uint8_t staged = m_map.get(bank, cmis::kPageLaneControl, cmis::kStagedConfig + laneInBank);
        const int appSel = staged >> 4U;
        const bool valid = appSel == 0 || appSel == validAppSel;
        if (valid)
            m_map.set(bank, cmis::kPageLaneStatus, cmis::kActiveConfig + laneInBank, staged);
        const int statusOffset = cmis::kConfigStatus + laneInBank / 2;
        const unsigned shift = (laneInBank % 2) * 4U;
        const auto code = valid ? cmis::kConfigSuccess : cmis::kConfigRejectedInvalidAppSel;
        const auto old = m_map.get(bank, cmis::kPageLaneStatus, statusOffset);
        m_map.set(bank, cmis::kPageLaneStatus, statusOffset,
                  static_cast<std::uint8_t>((old & ~(0x0FU << shift)) | (static_cast<unsigned>(code) << shift)));
        const int lane = bank * kLanesPerBank + laneInBank;
        if (valid && reinitialise && m_lanes[static_cast<std::size_t>(lane)].state != DataPathState::Deactivated)
            m_lanes[static_cast<std::size_t>(lane)].reinitPending = true;
    }
}

bool CmisModule::laneBit(int bank, int page, int offset, int laneInBank) const {
    return (m_map.get(bank, page, offset) & (1U << static_cast<unsigned>(laneInBank))) != 0;
}

std::uint8_t CmisModule::laneNibble(int bank, int page, int offset, int laneInBank) const {
    const std::uint8_t byte = m_map.get(bank, page, offset + laneInBank / 2);
    return static_cast<std::uint8_t>((laneInBank % 2 == 0 ? byte : byte >> 4U) & 0x0FU);
}

} // namespace optiqual::instruments::sim
