// CmisModule, part 2: the content of the memory map — static advertising written at MgmtInit, live registers
// refreshed when read, latched flags. Part 1 (CmisModule.cpp) has the state machines and the interface, part 3
// (CmisModulePhysics.cpp) the physics.
#include "core/Units.h"
#include "instruments/sim/world/CmisF16.h"
#include "instruments/sim/world/CmisModule.h"

#include <algorithm>
#include <cmath>

namespace optiqual::instruments::sim {

namespace {

using cmis::kPageAdvertising;
using cmis::kPageAdvertising2;
using cmis::kPageDiagnosticsControl;
using cmis::kPageDiagnosticsResults;
using cmis::kPageLaneControl;
using cmis::kPageLaneStatus;
using cmis::kPageThresholds;

constexpr int kNoBank = 0;                               // unbanked pages ignore the bank
constexpr std::uint8_t kPowerClass8 = 0xE0;              // bits 7–5 = 7: class 8, power in byte 201
constexpr std::uint8_t kBanksAndDiagnosticsPages = 0x23; // bits 1–0 = 3 (8 banks [A]), bit 5 pages 13h–14h
constexpr std::uint8_t kTxDisableSupported = 0x02;
constexpr std::uint8_t kTxFaultSupported = 0x01;
constexpr std::uint8_t kRxLosSupported = 0x02;
constexpr std::uint8_t kLaneMonitorsSupported = 0x07; // bias, Tx power, Rx power; bias multiplier ×1
constexpr std::uint8_t kEndOfApplications = 0xFF;
constexpr std::uint8_t kDefaultAppSel = 0x10;  // AppSel 1, DataPathID 0 (the bank's 8 lanes form one data path)
constexpr double kWavelengthToleranceNm = 6.5; // DR 1304.5–1317.5 nm around 1311 nm [S]
constexpr int kPage01ChecksumFirst = 130;
constexpr int kDiagnosticsLast = 255;

std::uint16_t clampU16(double value) {
    if (!(value > 0.0))
        return 0;
    return static_cast<std::uint16_t>(std::min(65535.0, std::round(value)));
}

std::uint16_t encodeTemperature(double degreesC) {
    const double raw = std::clamp(std::round(degreesC * cmis::kTemperatureScale), -32768.0, 32767.0);
    return static_cast<std::uint16_t>(static_cast<std::int16_t>(raw));
}

std::uint16_t encodeVcc(double volts) {
    return clampU16(volts / cmis::kVccUnitVolts);
}
std::uint16_t encodeMilliWatt(double milliWatt) {
    return clampU16(milliWatt / cmis::kPowerUnitMilliWatt);
}
std::uint16_t encodeDbm(double dbm) {
    return encodeMilliWatt(core::dbmToWatts(dbm) * 1e3);
}
std::uint16_t encodeBias(double milliAmp) {
    return clampU16(milliAmp / cmis::kBiasUnitMilliAmp);
}

/// Bits 0–3: high alarm, low alarm, high warning, low warning — the order of lower page byte 9 and of the lane
/// flag bytes on page 11h.
unsigned alarmBits(double value, const AlarmThresholds& thresholds) {
    unsigned bits = 0;
    if (value > thresholds.highAlarm)
        bits |= 1U;
    if (value < thresholds.lowAlarm)
        bits |= 2U;
    if (value > thresholds.highWarning)
        bits |= 4U;
    if (value < thresholds.lowWarning)
        bits |= 8U;
    return bits;
}

double milliWattToDbm(double milliWatt) {
    return core::wattsToDbm(milliWatt * 1e-3);
}

} // namespace

void CmisModule::initialiseMemoryMap() {
    m_map.clear();
    const auto& id = m_params.identity;
    const bool staleFirmware = hasDefect(DefectMode::FirmwareMismatch);

    // Lower page. Byte 26 resets to LowPwrAllowRequestHW = 1, so a module with LPMode asserted stays in LowPwr.
    m_map.setLower(cmis::kIdentifier, id.identifier);
    m_map.setLower(cmis::kRevision, id.cmisRevision);
    m_map.setLower(cmis::kModuleControl, cmis::kControlLowPowerAllowHw);
    m_map.setLower(cmis::kActiveFirmware, staleFirmware ? id.staleFirmwareMajor : id.firmwareMajor);
    m_map.setLower(cmis::kActiveFirmware + 1, staleFirmware ? id.staleFirmwareMinor : id.firmwareMinor);
    m_map.setLower(cmis::kMediaType, id.mediaType);
    for (int i = 0; i < static_cast<int>(id.application.size()); ++i)
        m_map.setLower(cmis::kApplication1 + i, id.application[static_cast<std::size_t>(i)]);
    m_map.setLower(cmis::kApplication2, kEndOfApplications);

    // Page 00h: identity.
    std::string dateCode = id.dateCode;
    if (dateCode.empty()) {
        const std::uint64_t hash = stableHash(m_serialNumber);
        const auto month = static_cast<int>(1 + hash % 12);
        const auto day = static_cast<int>(1 + (hash / 12) % 28);
        dateCode = "26";
        dateCode += static_cast<char>('0' + month / 10);
        dateCode += static_cast<char>('0' + month % 10);
        dateCode += static_cast<char>('0' + day / 10);
        dateCode += static_cast<char>('0' + day % 10);
    }
    const int page0 = kPageAdvertising;
    m_map.set(kNoBank, page0, cmis::kIdentifierCopy, id.identifier);
    m_map.setText(kNoBank, page0, cmis::kVendorName, cmis::kTextFieldLength, id.vendorName);
    for (int i = 0; i < static_cast<int>(id.vendorOui.size()); ++i)
        m_map.set(kNoBank, page0, cmis::kVendorOui + i, id.vendorOui[static_cast<std::size_t>(i)]);
    m_map.setText(kNoBank, page0, cmis::kPartNumber, cmis::kTextFieldLength, id.partNumber);
    m_map.setText(kNoBank, page0, cmis::kVendorRevision, cmis::kVendorRevisionLength, id.revision);
    m_map.setText(kNoBank, page0, cmis::kSerialNumber, cmis::kTextFieldLength, m_serialNumber);
    m_map.setText(kNoBank, page0, cmis::kDateCode, cmis::kDateCodeLength, dateCode);
    m_map.setText(kNoBank, page0, cmis::kClei, cmis::kCleiLength, "");
    // MaxPower is one byte of 0.25 W: 63.75 W at most. An XPO's 400 W cannot be encoded, so byte 201 saturates
    // (meaning "at least 63.75 W") and the custom area carries the full figure in 16 bits.
    const double maxPowerUnits = std::round(id.maxPowerWatts / cmis::kMaxPowerUnitWatts);
    m_map.set(kNoBank, page0, cmis::kPowerClass, kPowerClass8);
    m_map.set(kNoBank, page0, cmis::kMaxPower, static_cast<std::uint8_t>(std::clamp(maxPowerUnits, 0.0, 255.0)));
    m_map.set(kNoBank, page0, cmis::kConnector, id.connectorType);
    m_map.setU16(kNoBank, page0, cmis::kExtendedMaxPower, clampU16(maxPowerUnits));
    const auto checksum = m_map.checksum(kNoBank, page0, cmis::kIdentifierCopy, cmis::kPage00Checksum - 1);
    m_map.set(kNoBank, page0, cmis::kPage00Checksum,
              static_cast<std::uint8_t>(checksum + (hasDefect(DefectMode::BadEepromChecksum) ? 1 : 0)));

    // Page 01h: advertising. A FirmwareMismatch unit booted the stale image; the current one sits inactive.
    const int page1 = kPageAdvertising2;
    const auto& timing = m_params.timing;
    m_map.set(kNoBank, page1, cmis::kInactiveFirmware, staleFirmware ? id.firmwareMajor : id.staleFirmwareMajor);
    m_map.set(kNoBank, page1, cmis::kInactiveFirmware + 1, staleFirmware ? id.firmwareMinor : id.staleFirmwareMinor);
    m_map.set(kNoBank, page1, cmis::kHardwareRevision, id.hardwareMajor);
    m_map.set(kNoBank, page1, cmis::kHardwareRevision + 1, id.hardwareMinor);
    m_map.setU16(kNoBank, page1, cmis::kNominalWavelength,
                 clampU16(m_params.laser.wavelengthNm / cmis::kWavelengthUnitNm));
    m_map.setU16(kNoBank, page1, cmis::kWavelengthTolerance,
                 clampU16(kWavelengthToleranceNm / cmis::kWavelengthToleranceUnitNm));
    m_map.set(kNoBank, page1, cmis::kPageSupport, kBanksAndDiagnosticsPages);
    m_map.set(kNoBank, page1, cmis::kDataPathDurations,
              static_cast<std::uint8_t>((timing.dataPathDeinitCode << 4U) | (timing.dataPathInitCode & 0x0FU)));
    m_map.set(kNoBank, page1, cmis::kControlsSupported, kTxDisableSupported);
    m_map.set(kNoBank, page1, cmis::kTxFlagsSupported, kTxFaultSupported);
    m_map.set(kNoBank, page1, cmis::kRxFlagsSupported, kRxLosSupported);
    m_map.set(kNoBank, page1, cmis::kLaneMonitorsSupported, kLaneMonitorsSupported);
    m_map.set(kNoBank, page1, cmis::kModuleDurations,
              static_cast<std::uint8_t>((timing.modulePowerDownCode << 4U) | (timing.modulePowerUpCode & 0x0FU)));
    m_map.set(kNoBank, page1, cmis::kTxDurations,
              static_cast<std::uint8_t>((timing.txTurnOffCode << 4U) | (timing.txTurnOnCode & 0x0FU)));
    m_map.set(kNoBank, page1, cmis::kMediaLaneAssignment, id.mediaLaneAssignment);
    m_map.set(kNoBank, page1, cmis::kPage01Checksum,
              m_map.checksum(kNoBank, page1, kPage01ChecksumFirst, cmis::kPage01Checksum - 1));

    // Page 02h: thresholds, each block high alarm, low alarm, high warning, low warning.
    const int page2 = kPageThresholds;
    const auto& limits = m_params.thresholds;
    const auto writeBlock = [&](int offset, const AlarmThresholds& t, auto encode) {
        m_map.setU16(kNoBank, page2, offset, encode(t.highAlarm));
        m_map.setU16(kNoBank, page2, offset + 2, encode(t.lowAlarm));
        m_map.setU16(kNoBank, page2, offset + 4, encode(t.highWarning));
        m_map.setU16(kNoBank, page2, offset + 6, encode(t.lowWarning));
    };
    writeBlock(cmis::kTemperatureThresholds, limits.temperatureC, encodeTemperature);
    writeBlock(cmis::kVccThresholds, limits.vccVolts, encodeVcc);
    writeBlock(cmis::kTxPowerThresholds, limits.txPowerDbm, encodeDbm);
    writeBlock(cmis::kBiasThresholds, limits.biasMilliAmp, encodeBias);
    writeBlock(cmis::kRxPowerThresholds, limits.rxPowerDbm, encodeDbm);
    m_map.set(kNoBank, page2, cmis::kPage02Checksum,
              m_map.checksum(kNoBank, page2, CmisMemoryMap::kUpperBase, cmis::kPage02Checksum - 1));

    // Banked pages: default configuration active on every lane, pattern capabilities.
    for (int bank = 0; bank < kBanks; ++bank) {
        m_map.fill(bank, kPageLaneControl, cmis::kStagedConfig, cmis::kStagedConfig + kLanesPerBank - 1,
                   kDefaultAppSel);
        m_map.fill(bank, kPageLaneStatus, cmis::kActiveConfig, cmis::kActiveConfig + kLanesPerBank - 1, kDefaultAppSel);
        for (int table = 0; table < 4; ++table) {
            const int offset = cmis::kSupportedPatterns + 2 * table;
            m_map.set(bank, kPageDiagnosticsControl, offset, cmis::kSupportedPatternMask & 0xFFU);
            m_map.set(bank, kPageDiagnosticsControl, offset + 1,
                      static_cast<std::uint8_t>(cmis::kSupportedPatternMask >> 8U));
        }
    }
}

bool CmisModule::anyFlagLatched() const {
    // IntL (masks are not modelled): any clear-on-read byte, in any bank, holding a set bit.
    for (const auto& range : cmis::kRegisterAccess) {
        if (range.access != cmis::Access::ClearOnRead)
            continue;
        const int banks = range.page != cmis::kLowerPage && CmisMemoryMap::isBanked(range.page) ? kBanks : 1;
        const int page = range.page == cmis::kLowerPage ? 0 : range.page;
        for (int bank = 0; bank < banks; ++bank)
            for (int offset = range.first; offset <= range.last; ++offset)
                if (m_map.get(bank, page, offset) != 0)
                    return true;
    }
    return false;
}

void CmisModule::refreshLowerPage() {
    // Byte 3 bit 0 is InterruptDeasserted: 1 while no flag is latched.
    m_map.setLower(cmis::kModuleState,
                   static_cast<std::uint8_t>((cmisStateCode(m_state) << 1U) | (anyFlagLatched() ? 0U : 1U)));
    const double degreesC = monitoredTemperatureC();
    const auto temperature = encodeTemperature(degreesC);
    m_map.setLower(cmis::kTemperature, static_cast<std::uint8_t>(temperature >> 8U));
    m_map.setLower(cmis::kTemperature + 1, static_cast<std::uint8_t>(temperature & 0xFFU));
    const auto vcc = encodeVcc(monitoredVccVolts());
    m_map.setLower(cmis::kVcc, static_cast<std::uint8_t>(vcc >> 8U));
    m_map.setLower(cmis::kVcc + 1, static_cast<std::uint8_t>(vcc & 0xFFU));
}

void CmisModule::refreshLaneStatus(int bank) {
    std::uint8_t rxOutput = 0;
    std::uint8_t txOutput = 0;
    for (int laneInBank = 0; laneInBank < kLanesPerBank; ++laneInBank) {
        const int lane = bank * kLanesPerBank + laneInBank;
        const auto index = static_cast<std::size_t>(lane);
        const auto bit = static_cast<std::uint8_t>(1U << static_cast<unsigned>(laneInBank));
        const auto stateOffset = cmis::kDataPathState + laneInBank / 2;
        const unsigned shift = (laneInBank % 2) * 4U;
        const auto code = static_cast<unsigned>(m_lanes[index].state);
        const auto old = m_map.get(bank, kPageLaneStatus, stateOffset);
        m_map.set(bank, kPageLaneStatus, stateOffset,
                  static_cast<std::uint8_t>((old & ~(0x0FU << shift)) | (code << shift)));

        double txMilliWatt = 0.0;
        double biasMilliAmp = 0.0;
        if (laserOn(lane)) {
            const auto point = laserPoint(lane);
            const auto& variation = m_unit.lanes[index];
            txMilliWatt = point.outputMilliWatt * core::dbToRatio(txMonitorErrorDb(lane));
            biasMilliAmp = point.biasMilliAmp * (1.0 + variation.biasMonitorErrorFraction);
            txOutput |= bit;
        }
        double rxMilliWatt = 0.0;
        if (receiverOn(lane)) {
            rxMilliWatt = core::dbmToWatts(m_rxInputs[index].averageDbm) * 1e3 *
                          core::dbToRatio(m_unit.lanes[index].rxMonitorErrorDb);
            if (!m_rxInputs[index].lossOfSignal)
                rxOutput |= bit;
        }
        m_map.setU16(bank, kPageLaneStatus, cmis::kTxPowerMonitors + 2 * laneInBank, encodeMilliWatt(txMilliWatt));
        m_map.setU16(bank, kPageLaneStatus, cmis::kBiasMonitors + 2 * laneInBank, encodeBias(biasMilliAmp));
        m_map.setU16(bank, kPageLaneStatus, cmis::kRxPowerMonitors + 2 * laneInBank, encodeMilliWatt(rxMilliWatt));
    }
    m_map.set(bank, kPageLaneStatus, cmis::kOutputStatusRx, rxOutput);
    m_map.set(bank, kPageLaneStatus, cmis::kOutputStatusTx, txOutput);
}

void CmisModule::refreshDiagnostics(int bank) {
    const int page = kPageDiagnosticsResults;
    if (m_map.get(bank, page, cmis::kDiagnosticsSelector) != cmis::kSelectorBer) {
        m_map.fill(bank, page, cmis::kDiagnosticsResults, kDiagnosticsLast, 0);
        return;
    }
    for (int laneInBank = 0; laneInBank < kLanesPerBank; ++laneInBank) {
        const int lane = bank * kLanesPerBank + laneInBank;
        const auto host = checkerBer(CmisSide::Host, lane);
        const auto media = checkerBer(CmisSide::Media, lane);
        m_map.setU16(bank, page, cmis::kHostBer + 2 * laneInBank, host ? encodeCmisF16(*host) : 0);
        m_map.setU16(bank, page, cmis::kMediaBer + 2 * laneInBank, media ? encodeCmisF16(*media) : 0);
    }
}

void CmisModule::latchFlags() {
    if (!interfaceResponding())
        return;
    const auto& limits = m_params.thresholds;
    const unsigned moduleBits = alarmBits(monitoredTemperatureC(), limits.temperatureC) |
                                (alarmBits(monitoredVccVolts(), limits.vccVolts) << 4U);
    m_map.setLower(cmis::kModuleMonitorFlags,
                   static_cast<std::uint8_t>(m_map.lower(cmis::kModuleMonitorFlags) | moduleBits));
    if (m_state != CmisModuleState::Ready)
        return;
    for (int bank = 0; bank < kBanks; ++bank)
        latchLaneFlags(bank);
}

void CmisModule::latchLaneFlags(int bank) {
    const auto& limits = m_params.thresholds;
    const auto latch = [&](int firstFlagByte, unsigned bits, std::uint8_t laneBitMask) {
        for (int kind = 0; kind < 4; ++kind) {
            if ((bits & (1U << static_cast<unsigned>(kind))) == 0)
                continue;
            const int offset = firstFlagByte + kind;
            m_map.set(bank, kPageLaneStatus, offset, m_map.get(bank, kPageLaneStatus, offset) | laneBitMask);
        }
    };
    for (int laneInBank = 0; laneInBank < kLanesPerBank; ++laneInBank) {
        const int lane = bank * kLanesPerBank + laneInBank;
        const auto index = static_cast<std::size_t>(lane);
        const auto bit = static_cast<std::uint8_t>(1U << static_cast<unsigned>(laneInBank));
        const auto& variation = m_unit.lanes[index];
        if (laserOn(lane)) {
            const auto point = laserPoint(lane);
            const double txDbm = milliWattToDbm(point.outputMilliWatt) + txMonitorErrorDb(lane);
            latch(cmis::kTxPowerFlags, alarmBits(txDbm, limits.txPowerDbm), bit);
            latch(cmis::kBiasFlags,
                  alarmBits(point.biasMilliAmp * (1.0 + variation.biasMonitorErrorFraction), limits.biasMilliAmp), bit);
        }
        if (receiverOn(lane)) {
            const auto& input = m_rxInputs[index];
            if (input.lossOfSignal)
                latch(cmis::kRxLosFlags, 1U, bit);
            latch(cmis::kRxPowerFlags, alarmBits(input.averageDbm + variation.rxMonitorErrorDb, limits.rxPowerDbm),
                  bit);
        }
    }
}

} // namespace optiqual::instruments::sim
