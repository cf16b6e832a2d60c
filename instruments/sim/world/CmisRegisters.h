#pragma once
#include <array>
#include <cstdint>

/// @file
/// @brief The CMIS registers the simulated XPO module (CmisModule) implements.
///
/// Addresses are byte offsets 0–255 as the host sees them: 0–127 the lower page, 128–255 the upper page selected by
/// BankSelect (126) and PageSelect (127). Pages 00h–0Fh are not banked (the bank is ignored); pages 10h and above
/// exist once per bank 0–7 (XPO = 64 lanes = 8 banks × 8 lanes; CMIS lane n of bank b is global lane b·8 + n − 1).
/// Multi-byte numbers are big-endian. Access: RO read-only (host writes are ignored), RW read-write, COR latched
/// flag cleared when read, SC written by the host and cleared by the module once acted on.
/// Sources: [S] sonic-platform-common mem_maps/public/cmis.py and domain.md §3; [A] this model's assumption.
///
/// The full register table, with the model behind each register, is in docs/fixture.md, appendix A.
///
/// Every other byte of the implemented pages reads 0 and is read-only. Pages not listed are not implemented:
/// accesses to them fail with CmisStatus::InvalidAddress.

namespace optiqual::instruments::sim::cmis {

/// @brief Register access, per byte.
enum class Access : std::uint8_t {
    ReadOnly,
    ReadWrite,
    ClearOnRead,
    SelfClearing, ///< host-writable; the module clears it after acting on it
};

inline constexpr int kLowerPage = -1; ///< page value that names the lower page in RegisterRange

/// @brief A range of bytes with one access kind (bytes not covered by any range are read-only).
struct RegisterRange {
    int page; ///< kLowerPage or the page number
    int first;
    int last;
    Access access;
};

// Pages.
inline constexpr int kPageAdvertising = 0x00;
inline constexpr int kPageAdvertising2 = 0x01;
inline constexpr int kPageThresholds = 0x02;
inline constexpr int kPageLaneControl = 0x10;
inline constexpr int kPageLaneStatus = 0x11;
inline constexpr int kPageDiagnosticsControl = 0x13;
inline constexpr int kPageDiagnosticsResults = 0x14;
inline constexpr std::array<int, 7> kImplementedPages{0x00, 0x01, 0x02, 0x10, 0x11, 0x13, 0x14};

// Lower page.
inline constexpr int kIdentifier = 0;
inline constexpr int kRevision = 1;
inline constexpr int kMemoryModel = 2;
inline constexpr int kModuleState = 3;
inline constexpr int kModuleFlags = 8;
inline constexpr int kModuleMonitorFlags = 9;
inline constexpr int kTemperature = 14;
inline constexpr int kVcc = 16;
inline constexpr int kModuleControl = 26;
inline constexpr int kActiveFirmware = 39;
inline constexpr int kFaultCause = 41;
inline constexpr int kMediaType = 85;
inline constexpr int kApplication1 = 86;
inline constexpr int kApplication2 = 90;
inline constexpr int kBankSelect = 126;
inline constexpr int kPageSelect = 127;

inline constexpr std::uint8_t kStateChangedFlag = 0x01;
inline constexpr std::uint8_t kControlLowPowerAllowHw = 0x40;
inline constexpr std::uint8_t kControlLowPowerRequestSw = 0x10;
inline constexpr std::uint8_t kControlSoftwareReset = 0x08;

// Page 00h.
inline constexpr int kIdentifierCopy = 128;
inline constexpr int kVendorName = 129;
inline constexpr int kVendorOui = 145;
inline constexpr int kPartNumber = 148;
inline constexpr int kVendorRevision = 164;
inline constexpr int kSerialNumber = 166;
inline constexpr int kDateCode = 182;
inline constexpr int kClei = 190;
inline constexpr int kPowerClass = 200;
inline constexpr int kMaxPower = 201;
inline constexpr int kConnector = 203;
inline constexpr int kPage00Checksum = 222;
inline constexpr int kExtendedMaxPower = 224;
inline constexpr int kTextFieldLength = 16;
inline constexpr int kVendorRevisionLength = 2;
inline constexpr int kDateCodeLength = 8;
inline constexpr int kCleiLength = 10;
inline constexpr double kMaxPowerUnitWatts = 0.25;

// Page 01h.
inline constexpr int kInactiveFirmware = 128;
inline constexpr int kHardwareRevision = 130;
inline constexpr int kNominalWavelength = 138;
inline constexpr int kWavelengthTolerance = 140;
inline constexpr int kPageSupport = 142;
inline constexpr int kDataPathDurations = 144;
inline constexpr int kControlsSupported = 155;
inline constexpr int kTxFlagsSupported = 157;
inline constexpr int kRxFlagsSupported = 158;
inline constexpr int kLaneMonitorsSupported = 160;
inline constexpr int kModuleDurations = 167;
inline constexpr int kTxDurations = 168;
inline constexpr int kMediaLaneAssignment = 176;
inline constexpr int kPage01Checksum = 255;
inline constexpr double kWavelengthUnitNm = 0.05;
inline constexpr double kWavelengthToleranceUnitNm = 0.005;

// Page 02h: each block is high alarm, low alarm, high warning, low warning (2 bytes each).
inline constexpr int kTemperatureThresholds = 128;
inline constexpr int kVccThresholds = 136;
inline constexpr int kTxPowerThresholds = 176;
inline constexpr int kBiasThresholds = 184;
inline constexpr int kRxPowerThresholds = 192;
inline constexpr int kPage02Checksum = 255;

// Page 10h.
inline constexpr int kDataPathDeinit = 128;
inline constexpr int kOutputDisableTx = 130;
inline constexpr int kApplyDataPathInit = 143;
inline constexpr int kApplyImmediate = 144;
inline constexpr int kStagedConfig = 145;

// Page 11h.
inline constexpr int kDataPathState = 128;
inline constexpr int kOutputStatusRx = 132;
inline constexpr int kOutputStatusTx = 133;
inline constexpr int kDataPathStateChanged = 134;
inline constexpr int kTxFaultFlags = 135;
inline constexpr int kTxPowerFlags = 139; ///< 139 high alarm, 140 low alarm, 141 high warning, 142 low warning
inline constexpr int kBiasFlags = 143;    ///< 143–146, same order
inline constexpr int kRxLosFlags = 147;
inline constexpr int kRxPowerFlags = 149; ///< 149–152, same order
inline constexpr int kTxPowerMonitors = 154;
inline constexpr int kBiasMonitors = 170;
inline constexpr int kRxPowerMonitors = 186;
inline constexpr int kConfigStatus = 202;
inline constexpr int kActiveConfig = 206;

inline constexpr std::uint8_t kConfigSuccess = 1;
inline constexpr std::uint8_t kConfigRejectedInvalidAppSel = 3;
inline constexpr double kPowerUnitMilliWatt = 1e-4; ///< 0.1 µW
inline constexpr double kBiasUnitMilliAmp = 2e-3;   ///< 2 µA (× multiplier, which is 1 here)
inline constexpr double kVccUnitVolts = 1e-4;       ///< 100 µV
inline constexpr double kTemperatureScale = 256.0;  ///< s16 / 256 °C

// Page 13h.
inline constexpr int kSupportedPatterns = 132; ///< 132 host gen, 134 media gen, 136 host checker, 138 media checker
inline constexpr int kHostGeneratorEnable = 144;
inline constexpr int kHostGeneratorPattern = 148;
inline constexpr int kMediaGeneratorEnable = 152;
inline constexpr int kMediaGeneratorPattern = 156;
inline constexpr int kHostCheckerEnable = 160;
inline constexpr int kHostCheckerPattern = 164;
inline constexpr int kMediaCheckerEnable = 168;
inline constexpr int kMediaCheckerPattern = 172;

/// @brief PRBS pattern IDs [S].
inline constexpr std::uint8_t kPatternPrbs31Q = 0;
inline constexpr std::uint8_t kPatternPrbs31 = 1;
inline constexpr std::uint8_t kPatternPrbs13Q = 6;
inline constexpr std::uint8_t kPatternPrbs7 = 11;
inline constexpr std::uint8_t kPatternSsprq = 12;
inline constexpr std::uint16_t kSupportedPatternMask = (1U << kPatternPrbs31Q) | (1U << kPatternPrbs31) |
                                                       (1U << kPatternPrbs13Q) | (1U << kPatternPrbs7) |
                                                       (1U << kPatternSsprq);

// Page 14h.
inline constexpr int kDiagnosticsSelector = 128;
inline constexpr std::uint8_t kSelectorBer = 1;
inline constexpr int kDiagnosticsResults = 192; ///< first byte the selector governs (192–255)
inline constexpr int kHostBer = 192;
inline constexpr int kMediaBer = 208;

/// @brief The bytes hosts may write, and the latched flags; everything else is read-only.
inline constexpr std::array<RegisterRange, 18> kRegisterAccess{{
    {kLowerPage, 8, 11, Access::ClearOnRead},
    {kLowerPage, 26, 26, Access::ReadWrite},
    {kLowerPage, 31, 36, Access::ReadWrite},
    {kLowerPage, 126, 127, Access::ReadWrite},
    {kPageLaneControl, 128, 142, Access::ReadWrite},
    {kPageLaneControl, 143, 144, Access::SelfClearing},
    {kPageLaneControl, 145, 173, Access::ReadWrite},
    {kPageLaneStatus, 134, 135, Access::ClearOnRead},
    {kPageLaneStatus, 136, 138, Access::ClearOnRead},
    {kPageLaneStatus, 139, 146, Access::ClearOnRead},
    {kPageLaneStatus, 147, 148, Access::ClearOnRead},
    {kPageLaneStatus, 149, 152, Access::ClearOnRead},
    {kPageDiagnosticsControl, 144, 151, Access::ReadWrite},
    {kPageDiagnosticsControl, 152, 159, Access::ReadWrite},
    {kPageDiagnosticsControl, 160, 167, Access::ReadWrite},
    {kPageDiagnosticsControl, 168, 175, Access::ReadWrite},
    {kPageDiagnosticsControl, 176, 183, Access::ReadWrite},
    {kPageDiagnosticsResults, 128, 128, Access::ReadWrite},
}};

} // namespace optiqual::instruments::sim::cmis
