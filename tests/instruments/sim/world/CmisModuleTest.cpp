#include "instruments/sim/world/CmisModule.h"

#include "core/Units.h"
#include "instruments/sim/world/CmisF16.h"
#include "instruments/sim/world/CmisOptics.h"
#include "instruments/sim/world/CmisRegisters.h"

#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <numeric>
#include <string>
#include <vector>

using namespace optiqual::instruments::sim;
namespace core = optiqual::core;

namespace {

constexpr int kLower = 0;
constexpr int kPage00 = 0x00;
constexpr int kPage01 = 0x01;
constexpr int kPage02 = 0x02;
constexpr int kPage10 = 0x10;
constexpr int kPage11 = 0x11;
constexpr int kPage13 = 0x13;
constexpr int kPage14 = 0x14;
// Power-on (t = 0) to every lane activated takes at most 1 s MgmtInit + 5 s PwrUp + 1 s DPInit + 0.1 s TxTurnOn.
constexpr double kAllUpSeconds = 10.0;

CmisModuleParams quietParams() {
    CmisModuleParams params;
    params.disableDefects();
    return params;
}

CmisModule goodModule(const std::string& serial = "XPO26A0001") {
    return CmisModule(serial, quietParams(), std::vector<Defect>{});
}

CmisModule moduleWith(DefectMode mode, int lane = -1, const std::string& serial = "XPO26A0002") {
    return CmisModule(serial, quietParams(), std::vector<Defect>{{mode, lane}});
}

/// Powers the module with LPMode released at @p t, so it runs straight to ModuleReady with all lanes active.
void bringUp(CmisModule& module, double t = 0.0) {
    module.setLowPowerPin(false, t);
    module.setPowerEnabled(true, t);
    module.advance(t + kAllUpSeconds);
}

std::uint8_t readByte(CmisModule& module, int bank, int page, int offset, double t) {
    const auto result = module.read(bank, page, offset, 1, t);
    EXPECT_TRUE(result.ok()) << toString(result.status);
    return result.ok() ? result.bytes[0] : 0;
}

std::uint16_t readU16(CmisModule& module, int bank, int page, int offset, double t) {
    const auto result = module.read(bank, page, offset, 2, t);
    EXPECT_TRUE(result.ok()) << toString(result.status);
    return result.ok() ? static_cast<std::uint16_t>((result.bytes[0] << 8U) | result.bytes[1]) : 0;
}

CmisStatus writeByte(CmisModule& module, int bank, int page, int offset, std::uint8_t value, double t) {
    const std::vector<std::uint8_t> bytes{value};
    return module.write(bank, page, offset, bytes, t);
}

std::string readText(CmisModule& module, int offset, int length, double t) {
    const auto result = module.read(0, kPage00, offset, length, t);
    return std::string(result.bytes.begin(), result.bytes.end());
}

int stateCode(CmisModule& module, double t) {
    return (readByte(module, 0, 0, 3, t) >> 1U) & 0x07;
}

double milliWattToDbm(double milliWatt) {
    return core::wattsToDbm(milliWatt * 1e-3);
}

/// Enables the media-side generator and checker with @p generator / @p checker on all lanes of @p bank and selects
/// BER results on page 14h.
void startMediaPrbs(CmisModule& module, int bank, std::uint8_t generator, std::uint8_t checker, double t) {
    const auto nibbles = [](std::uint8_t p) { return static_cast<std::uint8_t>(p | (p << 4U)); };
    const std::vector<std::uint8_t> gen{nibbles(generator), nibbles(generator), nibbles(generator), nibbles(generator)};
    const std::vector<std::uint8_t> chk{nibbles(checker), nibbles(checker), nibbles(checker), nibbles(checker)};
    ASSERT_EQ(module.write(bank, kPage13, cmis::kMediaGeneratorPattern, gen, t), CmisStatus::Ok);
    ASSERT_EQ(module.write(bank, kPage13, cmis::kMediaCheckerPattern, chk, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, bank, kPage13, cmis::kMediaGeneratorEnable, 0xFF, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, bank, kPage13, cmis::kMediaCheckerEnable, 0xFF, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, bank, kPage14, cmis::kDiagnosticsSelector, cmis::kSelectorBer, t), CmisStatus::Ok);
}

double readMediaBer(CmisModule& module, int lane, double t) {
    return decodeCmisF16(readU16(module, lane / 8, kPage14, cmis::kMediaBer + 2 * (lane % 8), t));
}

double readHostBer(CmisModule& module, int lane, double t) {
    return decodeCmisF16(readU16(module, lane / 8, kPage14, cmis::kHostBer + 2 * (lane % 8), t));
}

} // namespace

// --- Module state machine --------------------------------------------------------------------------------------------

TEST(CmisModuleState, UnpoweredAndAbsentModulesDoNotAnswer) {
    auto module = goodModule();
    EXPECT_EQ(module.state(0.0), CmisModuleState::Unpowered);
    EXPECT_EQ(module.read(0, 0, 0, 1, 0.0).status, CmisStatus::NotPowered);
    module.setPresent(false, 0.1);
    EXPECT_EQ(module.state(0.1), CmisModuleState::Absent);
    EXPECT_EQ(module.read(0, 0, 0, 1, 0.1).status, CmisStatus::NotPresent);
    EXPECT_EQ(writeByte(module, 0, 0, 26, 0, 0.1), CmisStatus::NotPresent);
    module.setPowerEnabled(true, 0.2);
    EXPECT_EQ(module.state(0.2), CmisModuleState::Absent);
}

TEST(CmisModuleState, PowerOnGoesThroughMgmtInitToLowPower) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    EXPECT_EQ(module.state(0.0), CmisModuleState::ManagementInit);
    EXPECT_EQ(module.read(0, 0, 0, 1, 0.5).status, CmisStatus::Busy);
    const double init = module.params().timing.managementInitSeconds;
    EXPECT_EQ(module.state(init - 1e-6), CmisModuleState::ManagementInit);
    // LPMode is asserted by default and LowPwrAllowRequestHW resets to 1: the module waits in LowPwr.
    EXPECT_EQ(module.state(init + 1e-6), CmisModuleState::LowPower);
    EXPECT_EQ(module.state(100.0), CmisModuleState::LowPower);
    EXPECT_EQ(stateCode(module, 100.0), 1);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleControl, 100.0), cmis::kControlLowPowerAllowHw);
}

TEST(CmisModuleState, PowerUpTakesTheAdvertisedDuration) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    module.advance(2.0);
    const std::uint8_t codes = readByte(module, 0, kPage01, cmis::kModuleDurations, 2.0);
    const std::uint8_t powerUpCode = codes & 0x0FU;
    EXPECT_EQ(powerUpCode, 7);
    module.setLowPowerPin(false, 2.0);
    EXPECT_EQ(module.state(2.0), CmisModuleState::PowerUp);
    double readyAt = -1.0;
    for (double t = 2.0; t < 20.0; t += 0.01) {
        if (module.state(t) == CmisModuleState::Ready) {
            readyAt = t;
            break;
        }
        EXPECT_EQ(module.state(t), CmisModuleState::PowerUp);
    }
    const double took = readyAt - 2.0;
    EXPECT_GE(took, cmisDurationLowerSeconds(powerUpCode));
    EXPECT_LE(took, cmisDurationUpperSeconds(powerUpCode) + 0.01);
    const auto& timing = module.params().timing;
    const double bracket = cmisDurationUpperSeconds(7) - cmisDurationLowerSeconds(7);
    EXPECT_GE(took, cmisDurationLowerSeconds(7) + timing.durationFractionMin * bracket - 0.01);
    EXPECT_LE(took, cmisDurationLowerSeconds(7) + timing.durationFractionMax * bracket + 0.01);
}

TEST(CmisModuleState, OneBigStepEqualsManySmallSteps) {
    auto stepped = goodModule();
    auto jumped = goodModule();
    stepped.setLowPowerPin(false, 0.0);
    stepped.setPowerEnabled(true, 0.0);
    jumped.setLowPowerPin(false, 0.0);
    jumped.setPowerEnabled(true, 0.0);
    for (double t = 0.0; t <= 3.0; t += 0.001)
        stepped.advance(t);
    jumped.advance(3.0);
    EXPECT_EQ(stepped.state(3.0), jumped.state(3.0));
    // Timers chain from the instant the previous one expired, so the sampled module sees the same transitions.
    double steppedReady = -1.0;
    double jumpedReady = -1.0;
    for (double t = 3.0; t < 12.0; t += 0.001) {
        if (steppedReady < 0 && stepped.state(t) == CmisModuleState::Ready)
            steppedReady = t;
        if (jumpedReady < 0 && jumped.state(t) == CmisModuleState::Ready)
            jumpedReady = t;
    }
    EXPECT_NEAR(steppedReady, jumpedReady, 1e-9);
    for (int lane = 0; lane < CmisModule::kLanes; ++lane)
        EXPECT_EQ(stepped.dataPathState(lane, 12.0), jumped.dataPathState(lane, 12.0));
}

TEST(CmisModuleState, LowPwrRequestSwTakesTheModuleDownAfterItsDataPaths) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    ASSERT_EQ(module.state(t), CmisModuleState::Ready);
    ASSERT_EQ(module.dataPathState(0, t), DataPathState::Activated);
    ASSERT_EQ(writeByte(module, 0, 0, cmis::kModuleControl, cmis::kControlLowPowerRequestSw, t), CmisStatus::Ok);
    // The data paths deinitialise first (TxTurnOff, DPDeinit) while the module stays Ready.
    EXPECT_EQ(module.state(t), CmisModuleState::Ready);
    EXPECT_EQ(module.dataPathState(0, t), DataPathState::TxTurnOff);
    const auto& timing = module.params().timing;
    t += cmisDurationUpperSeconds(timing.txTurnOffCode) + cmisDurationUpperSeconds(timing.dataPathDeinitCode);
    EXPECT_EQ(module.dataPathState(0, t), DataPathState::Deactivated);
    EXPECT_EQ(module.state(t), CmisModuleState::PowerDown);
    t += cmisDurationUpperSeconds(timing.modulePowerDownCode);
    EXPECT_EQ(module.state(t), CmisModuleState::LowPower);
    // Clearing the request (LPMode pin released by bringUp) brings it back up.
    ASSERT_EQ(writeByte(module, 0, 0, cmis::kModuleControl, cmis::kControlLowPowerAllowHw, t), CmisStatus::Ok);
    EXPECT_EQ(module.state(t), CmisModuleState::PowerUp);
    EXPECT_EQ(module.state(t + kAllUpSeconds), CmisModuleState::Ready);
}

TEST(CmisModuleState, LpModePinIsIgnoredWithoutLowPwrAllowRequestHw) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    module.advance(2.0);
    ASSERT_EQ(module.state(2.0), CmisModuleState::LowPower);
    ASSERT_EQ(writeByte(module, 0, 0, cmis::kModuleControl, 0x00, 2.0), CmisStatus::Ok);
    EXPECT_EQ(module.state(2.0), CmisModuleState::PowerUp);
    EXPECT_TRUE(module.lowPowerPin());
    EXPECT_EQ(module.state(2.0 + kAllUpSeconds), CmisModuleState::Ready);
}

TEST(CmisModuleState, HardwareResetRestartsWithDefaults) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    ASSERT_EQ(writeByte(module, 0, kPage10, cmis::kOutputDisableTx, 0x0F, t), CmisStatus::Ok);
    module.setResetAsserted(true, t);
    EXPECT_EQ(module.state(t), CmisModuleState::Resetting);
    EXPECT_EQ(module.read(0, 0, 0, 1, t + 5.0).status, CmisStatus::Busy);
    EXPECT_EQ(module.state(t + 5.0), CmisModuleState::Resetting);
    t += 5.0;
    module.setResetAsserted(false, t);
    EXPECT_EQ(module.state(t), CmisModuleState::ManagementInit);
    t += module.params().timing.managementInitSeconds + 1e-6;
    // LPMode is released (bringUp), so the module powers up again; the Tx disable write is gone.
    EXPECT_EQ(module.state(t), CmisModuleState::PowerUp);
    EXPECT_EQ(readByte(module, 0, kPage10, cmis::kOutputDisableTx, t), 0x00);
}

TEST(CmisModuleState, SoftwareResetRestartsMgmtInit) {
    auto module = goodModule();
    bringUp(module);
    const double t = kAllUpSeconds;
    ASSERT_EQ(writeByte(module, 0, 0, cmis::kModuleControl, cmis::kControlSoftwareReset, t), CmisStatus::Ok);
    EXPECT_EQ(module.state(t), CmisModuleState::ManagementInit);
    EXPECT_EQ(module.read(0, 0, 0, 1, t).status, CmisStatus::Busy);
    EXPECT_EQ(module.state(t + kAllUpSeconds), CmisModuleState::Ready);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleControl, t + kAllUpSeconds), cmis::kControlLowPowerAllowHw);
}

TEST(CmisModuleState, SupplyBelowLockoutUnpowersTheModule) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    EXPECT_GT(module.powerDrawWatts(48.0), 100.0);
    module.setSupplyVoltage(30.0, t);
    EXPECT_EQ(module.state(t), CmisModuleState::Unpowered);
    EXPECT_DOUBLE_EQ(module.powerDrawWatts(30.0), 0.0);
    EXPECT_EQ(module.read(0, 0, 0, 1, t).status, CmisStatus::NotPowered);
    t += 1.0;
    module.setSupplyVoltage(48.0, t);
    EXPECT_EQ(module.state(t), CmisModuleState::ManagementInit);
    EXPECT_EQ(module.state(t + kAllUpSeconds), CmisModuleState::Ready);
}

TEST(CmisModuleState, StateChangeFlagLatchesClearsOnReadAndDrivesIntL) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    EXPECT_TRUE(module.interruptAsserted(t));
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleState, t) & 0x01, 0) << "InterruptDeasserted must be 0";
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleFlags, t) & cmis::kStateChangedFlag, cmis::kStateChangedFlag);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleFlags, t), 0) << "clear on read";
    // Temperature and Vcc are inside their thresholds at 25 °C, so nothing else is latched.
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleMonitorFlags, t), 0);
    EXPECT_FALSE(module.interruptAsserted(t));
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleState, t), 0x03);
}

// --- Data paths ------------------------------------------------------------------------------------------------------

TEST(CmisDataPath, DefaultConfigurationActivatesEveryLane) {
    auto module = goodModule();
    bringUp(module);
    const double t = kAllUpSeconds;
    for (int bank = 0; bank < CmisModule::kBanks; ++bank) {
        const auto states = module.read(bank, kPage11, cmis::kDataPathState, 4, t);
        ASSERT_TRUE(states.ok());
        for (const auto byte : states.bytes)
            EXPECT_EQ(byte, 0x44) << "bank " << bank;
        EXPECT_EQ(readByte(module, bank, kPage11, cmis::kOutputStatusTx, t), 0xFF);
        EXPECT_EQ(readByte(module, bank, kPage11, cmis::kActiveConfig, t), 0x10);
    }
}

TEST(CmisDataPath, TxDisableAndDeinitControlLanes) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    // Lane 3 of bank 1 (global lane 10) disabled: back to DPInitialized, laser off, power monitor 0.
    ASSERT_EQ(writeByte(module, 1, kPage10, cmis::kOutputDisableTx, 0x04, t), CmisStatus::Ok);
    t += 1.0;
    EXPECT_EQ(module.dataPathState(10, t), DataPathState::Initialized);
    EXPECT_EQ(readByte(module, 1, kPage11, cmis::kDataPathState + 1, t), 0x47); // lanes 3 (7) and 4 (4)
    EXPECT_EQ(readU16(module, 1, kPage11, cmis::kTxPowerMonitors + 4, t), 0);
    EXPECT_DOUBLE_EQ(module.txOutputPowerDbm(10), module.params().laser.disabledOutputDbm);
    EXPECT_EQ(module.dataPathState(11, t), DataPathState::Activated);
    // Bank 2 deinitialised: all its lanes deactivate, the rest stay active.
    ASSERT_EQ(writeByte(module, 2, kPage10, cmis::kDataPathDeinit, 0xFF, t), CmisStatus::Ok);
    t += 1.0;
    for (int lane = 16; lane < 24; ++lane)
        EXPECT_EQ(module.dataPathState(lane, t), DataPathState::Deactivated);
    EXPECT_EQ(readByte(module, 2, kPage11, cmis::kDataPathState, t), 0x11);
    EXPECT_EQ(module.dataPathState(24, t), DataPathState::Activated);
    // Re-enabled, they come back.
    ASSERT_EQ(writeByte(module, 2, kPage10, cmis::kDataPathDeinit, 0x00, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, 1, kPage10, cmis::kOutputDisableTx, 0x00, t), CmisStatus::Ok);
    t += 2.0;
    EXPECT_EQ(module.dataPathState(16, t), DataPathState::Activated);
    EXPECT_EQ(module.dataPathState(10, t), DataPathState::Activated);
}

TEST(CmisDataPath, ApplyDpInitCopiesValidConfigurationsAndSelfClears) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    // Lane 1: AppSel 5 (not advertised) → rejected; lane 2: AppSel 0 (unused) → accepted, lane deactivates.
    const std::vector<std::uint8_t> staged{0x50, 0x00};
    ASSERT_EQ(module.write(0, kPage10, cmis::kStagedConfig, staged, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, 0, kPage10, cmis::kApplyDataPathInit, 0x03, t), CmisStatus::Ok);
    EXPECT_EQ(readByte(module, 0, kPage10, cmis::kApplyDataPathInit, t), 0x00);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kConfigStatus, t), 0x13); // lane 2: success, lane 1: rejected
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kActiveConfig, t), 0x10);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kActiveConfig + 1, t), 0x00);
    t += 2.0;
    EXPECT_EQ(module.dataPathState(0, t), DataPathState::Activated);
    EXPECT_EQ(module.dataPathState(1, t), DataPathState::Deactivated);
    // A valid re-apply re-initialises an active lane: it leaves DPActivated and comes back.
    ASSERT_EQ(writeByte(module, 0, kPage10, cmis::kStagedConfig, 0x10, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, 0, kPage10, cmis::kApplyDataPathInit, 0x01, t), CmisStatus::Ok);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kConfigStatus, t), 0x11);
    EXPECT_NE(module.dataPathState(0, t), DataPathState::Activated);
    EXPECT_EQ(module.dataPathState(0, t + 3.0), DataPathState::Activated);
}

// --- Memory map ------------------------------------------------------------------------------------------------------

TEST(CmisMemoryMapSemantics, IdentityFieldsArePopulated) {
    auto module = goodModule("XPO26A0042");
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    const auto& id = module.params().identity;
    EXPECT_EQ(readByte(module, 0, kLower, cmis::kIdentifier, t), id.identifier);
    EXPECT_EQ(readByte(module, 0, kPage00, cmis::kIdentifierCopy, t), id.identifier);
    EXPECT_EQ(readText(module, cmis::kVendorName, 16, t), "OPTIQUAL SIM    ");
    EXPECT_EQ(readText(module, cmis::kPartNumber, 16, t), "XPO-DR64-12T8   ");
    EXPECT_EQ(readText(module, cmis::kSerialNumber, 16, t), "XPO26A0042      ");
    const auto date = readText(module, cmis::kDateCode, 8, t);
    EXPECT_EQ(date.substr(0, 2), "26");
    EXPECT_EQ(readByte(module, 0, kLower, cmis::kActiveFirmware, t), 2);
    EXPECT_EQ(readByte(module, 0, kLower, cmis::kActiveFirmware + 1, t), 4);
    EXPECT_EQ(readByte(module, 0, kPage00, cmis::kPowerClass, t) >> 5U, 7);
    EXPECT_EQ(readByte(module, 0, kPage00, cmis::kMaxPower, t), 255);
    EXPECT_EQ(readU16(module, 0, kPage00, cmis::kExtendedMaxPower, t), 1600);
    const auto page = module.read(0, kPage00, 128, 94, t);
    ASSERT_TRUE(page.ok());
    const unsigned sum = std::accumulate(page.bytes.begin(), page.bytes.end(), 0U);
    EXPECT_EQ(readByte(module, 0, kPage00, cmis::kPage00Checksum, t), sum & 0xFFU);
    const auto application = module.read(0, kLower, cmis::kApplication1, 5, t);
    EXPECT_EQ(application.bytes, (std::vector<std::uint8_t>{0x83, 0x7F, 0x88, 0x01, 0xFF}));
}

TEST(CmisMemoryMapSemantics, UpperReadsSelectTheirPageAndLowerReadsIgnoreIt) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    ASSERT_TRUE(module.read(3, kPage11, 128, 4, t).ok());
    EXPECT_EQ(readByte(module, 7, 0x42, cmis::kBankSelect, t), 3) << "lower-only reads ignore bank/page";
    EXPECT_EQ(readByte(module, 0, 0, cmis::kPageSelect, t), kPage11);
    // A read spanning 126–129 returns the selection bytes and then the selected page.
    const auto spanning = module.read(0, kPage00, 126, 4, t);
    ASSERT_TRUE(spanning.ok());
    EXPECT_EQ(spanning.bytes[0], 0);
    EXPECT_EQ(spanning.bytes[1], kPage00);
    EXPECT_EQ(spanning.bytes[2], module.params().identity.identifier);
    EXPECT_EQ(spanning.bytes[3], 'O');
}

TEST(CmisMemoryMapSemantics, RejectsBadAddresses) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    EXPECT_EQ(module.read(0, 0x20, 128, 1, t).status, CmisStatus::InvalidAddress) << "page 20h not implemented";
    EXPECT_EQ(module.read(8, kPage11, 128, 1, t).status, CmisStatus::InvalidAddress) << "bank 8 of a banked page";
    EXPECT_TRUE(module.read(9, kPage00, 128, 1, t).ok()) << "unbanked pages ignore the bank";
    EXPECT_EQ(module.read(0, 0, 250, 7, t).status, CmisStatus::InvalidAddress);
    EXPECT_EQ(module.read(0, 0, 0, 0, t).status, CmisStatus::InvalidAddress);
    EXPECT_EQ(module.read(0, 0, -1, 1, t).status, CmisStatus::InvalidAddress);
    EXPECT_EQ(module.write(0, 0, 0, std::span<const std::uint8_t>{}, t), CmisStatus::InvalidAddress);
    EXPECT_TRUE(module.read(0, 0, 0, 256, t).ok());
}

TEST(CmisMemoryMapSemantics, ReadOnlyBytesIgnoreWrites) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    const std::uint8_t before = readByte(module, 0, kPage00, cmis::kVendorName, t);
    EXPECT_EQ(writeByte(module, 0, kPage00, cmis::kVendorName, 'X', t), CmisStatus::ReadOnlyIgnored);
    EXPECT_EQ(readByte(module, 0, kPage00, cmis::kVendorName, t), before);
    EXPECT_EQ(writeByte(module, 0, kLower, cmis::kTemperature, 0x7F, t), CmisStatus::ReadOnlyIgnored);
    // A mixed write stores the writable bytes and reports the rest.
    const std::vector<std::uint8_t> mixed{0xAA, 0x55, 0x01};
    EXPECT_EQ(module.write(0, kPage13, 143, mixed, t), CmisStatus::ReadOnlyIgnored);
    EXPECT_EQ(readByte(module, 0, kPage13, 143, t), 0);
    EXPECT_EQ(readByte(module, 0, kPage13, 144, t), 0x55);
    EXPECT_EQ(readByte(module, 0, kPage13, 145, t), 0x01);
    // Banked pages are per bank.
    EXPECT_EQ(readByte(module, 1, kPage13, 144, t), 0);
    EXPECT_EQ(writeByte(module, 0, 0, cmis::kModuleControl, 0x50, t), CmisStatus::Ok);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kModuleControl, t), 0x50);
}

TEST(CmisMemoryMapSemantics, BankAndPageSelectWorkThroughTheLowerPage) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    const std::vector<std::uint8_t> select{5, kPage13};
    ASSERT_EQ(module.writeSelected(cmis::kBankSelect, select, t), CmisStatus::Ok);
    const std::vector<std::uint8_t> enable{0xA5};
    ASSERT_EQ(module.writeSelected(cmis::kMediaCheckerEnable, enable, t), CmisStatus::Ok);
    EXPECT_EQ(readByte(module, 5, kPage13, cmis::kMediaCheckerEnable, t), 0xA5);
    EXPECT_EQ(readByte(module, 4, kPage13, cmis::kMediaCheckerEnable, t), 0x00);
    // A write that changes the selection takes effect when it ends: its own upper bytes still go to the old page.
    const std::vector<std::uint8_t> spanning{2, kPage13, 0x11};
    ASSERT_EQ(module.write(6, kPage10, 126, spanning, t), CmisStatus::Ok);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kBankSelect, t), 2);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kPageSelect, t), kPage13);
    // The raw view writes through the current selection (2, 13h), where 128–129 are read-only.
    const std::vector<std::uint8_t> spanningRaw{3, kPage10, 0x22, 0x33};
    ASSERT_EQ(module.writeSelected(126, spanningRaw, t), CmisStatus::ReadOnlyIgnored);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kBankSelect, t), 3);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kPageSelect, t), kPage10);
    const auto raw = module.readSelected(cmis::kDataPathDeinit, 1, t);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.bytes[0], 0) << "bank 3 page 10h untouched";
    EXPECT_EQ(readByte(module, 6, kPage10, cmis::kDataPathDeinit, t), 0x11) << "the first write's byte 128";
}

TEST(CmisMemoryMapSemantics, ThresholdsAreEncodedInCmisUnits) {
    auto module = goodModule();
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    EXPECT_EQ(readU16(module, 0, kPage02, cmis::kTemperatureThresholds, t), 80 * 256);
    EXPECT_EQ(static_cast<std::int16_t>(readU16(module, 0, kPage02, cmis::kTemperatureThresholds + 2, t)), -5 * 256);
    EXPECT_EQ(readU16(module, 0, kPage02, cmis::kVccThresholds, t), 36300);
    EXPECT_EQ(readU16(module, 0, kPage02, cmis::kVccThresholds + 6, t), 31350);
    EXPECT_EQ(readU16(module, 0, kPage02, cmis::kTxPowerThresholds + 6, t), 5129); // −2.9 dBm = 0.5129 mW
    EXPECT_EQ(readU16(module, 0, kPage02, cmis::kBiasThresholds, t), 47500);       // 95 mA / 2 µA
    EXPECT_EQ(readU16(module, 0, kPage02, cmis::kRxPowerThresholds + 2, t), 1023); // −9.9 dBm
    const auto page = module.read(0, kPage02, 128, 127, t);
    const unsigned sum = std::accumulate(page.bytes.begin(), page.bytes.end(), 0U);
    EXPECT_EQ(readByte(module, 0, kPage02, cmis::kPage02Checksum, t), sum & 0xFFU);
}

// --- DDM -------------------------------------------------------------------------------------------------------------

TEST(CmisDdm, TemperatureAndVccFollowTheModel) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    module.setCaseTemperature(40.0, t);
    const double reported = static_cast<std::int16_t>(readU16(module, 0, 0, cmis::kTemperature, t)) / 256.0;
    EXPECT_NEAR(reported, module.internalTemperatureC(), module.params().thermal.monitorOffsetSpreadC + 0.01);
    EXPECT_NEAR(module.internalTemperatureC(),
                40.0 + module.params().thermal.internalRiseKelvinPerWatt * module.powerDrawWatts(48.0), 1e-9);
    EXPECT_GT(module.internalTemperatureC(), 42.0);
    const double vcc = readU16(module, 0, 0, cmis::kVcc, t) * 1e-4;
    EXPECT_NEAR(vcc, 3.3, 3.3 * 0.011 + 0.02);
}

TEST(CmisDdm, VccCanReportTheSupplyOfALowVoltageModule) {
    auto params = quietParams();
    params.power.vccMonitorReportsSupply = true;
    params.power.supplyNominalVolts = 3.3;
    params.power.undervoltageLockoutVolts = 2.8;
    CmisModule module("PLUG0001", params, std::vector<Defect>{});
    module.setPowerEnabled(true, 0.0);
    module.setSupplyVoltage(3.2, 1.0);
    EXPECT_NEAR(readU16(module, 0, 0, cmis::kVcc, 2.0) * 1e-4, 3.2, 3.2 * 0.0101);
    module.setSupplyVoltage(2.5, 3.0);
    EXPECT_EQ(module.state(3.0), CmisModuleState::Unpowered);
}

TEST(CmisDdm, LaneMonitorsMatchTheTruthWithinTheirAccuracy) {
    auto module = goodModule();
    bringUp(module);
    const double t = kAllUpSeconds;
    const auto& monitors = module.params().monitors;
    for (int lane = 0; lane < CmisModule::kLanes; ++lane) {
        module.setRxInputPowerDbm(lane, -3.0, t);
        const int bank = lane / 8;
        const int i = lane % 8;
        const double txDbm = milliWattToDbm(readU16(module, bank, kPage11, cmis::kTxPowerMonitors + 2 * i, t) * 1e-4);
        EXPECT_NEAR(txDbm, module.txOutputPowerDbm(lane), monitors.txPowerErrorDb + 0.01) << "lane " << lane;
        const double biasMa = readU16(module, bank, kPage11, cmis::kBiasMonitors + 2 * i, t) * 2e-3;
        EXPECT_NEAR(biasMa / module.txBiasMilliAmp(lane), 1.0, monitors.biasErrorFraction + 0.001);
        const double rxDbm = milliWattToDbm(readU16(module, bank, kPage11, cmis::kRxPowerMonitors + 2 * i, t) * 1e-4);
        EXPECT_NEAR(rxDbm, -3.0, monitors.rxPowerErrorDb + 0.01);
        // Launch power within the DR limits, bias in the tens of mA.
        EXPECT_GT(module.txOutputPowerDbm(lane), -1.0);
        EXPECT_LT(module.txOutputPowerDbm(lane), 3.5);
        EXPECT_GT(module.txBiasMilliAmp(lane), 20.0);
        EXPECT_LT(module.txBiasMilliAmp(lane), 60.0);
    }
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kOutputStatusRx, t), 0xFF);
}

TEST(CmisDdm, ApcHoldsTxPowerOverTemperatureWhileBiasRises) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    std::vector<double> power25(CmisModule::kLanes);
    std::vector<double> bias25(CmisModule::kLanes);
    for (int lane = 0; lane < CmisModule::kLanes; ++lane) {
        power25[static_cast<std::size_t>(lane)] = module.txOutputPowerDbm(lane);
        bias25[static_cast<std::size_t>(lane)] = module.txBiasMilliAmp(lane);
    }
    for (const double caseC : {0.0, 70.0}) {
        t += 1.0;
        module.setCaseTemperature(caseC, t);
        for (int lane = 0; lane < CmisModule::kLanes; ++lane) {
            const auto index = static_cast<std::size_t>(lane);
            EXPECT_NEAR(module.txOutputPowerDbm(lane), power25[index], 0.5) << caseC << " °C lane " << lane;
            if (caseC > 25.0)
                EXPECT_GT(module.txBiasMilliAmp(lane), bias25[index] * 1.2);
            else
                EXPECT_LT(module.txBiasMilliAmp(lane), bias25[index]);
        }
    }
    // Without warnings at the corners.
    module.advance(t + 1.0);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kTxPowerFlags + 3, t + 1.0), 0);
}

TEST(CmisDdm, NoLightLatchesLosAndRxLowAlarm) {
    auto module = goodModule();
    bringUp(module);
    const double t = kAllUpSeconds;
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kRxLosFlags, t), 0xFF);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kRxPowerFlags + 1, t), 0xFF);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kOutputStatusRx, t), 0x00);
    for (int lane = 0; lane < 8; ++lane)
        module.setRxInputPowerDbm(lane, 0.0, t);
    // Latched: the first read still shows LOS from before the light came; the next one is clean.
    EXPECT_NE(readByte(module, 0, kPage11, cmis::kRxLosFlags, t + 0.1), 0x00);
    ASSERT_EQ(readByte(module, 0, kPage11, cmis::kRxLosFlags, t + 0.1), 0x00);
    // LOS hysteresis: −12 dBm is between deassert (−11) and assert (−13): no change either way.
    module.setRxInputPowerDbm(0, -12.0, t + 0.2);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kRxLosFlags, t + 0.3), 0x00);
    module.setRxInputPowerDbm(0, -14.0, t + 0.4);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kRxLosFlags, t + 0.5), 0x01);
    module.setRxInputPowerDbm(0, -12.0, t + 0.6);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kRxLosFlags, t + 0.7), 0x01);
}

// --- Power -----------------------------------------------------------------------------------------------------------

TEST(CmisPower, DrawFollowsTheStateAndStaysInsideTheEnvelope) {
    auto module = goodModule();
    EXPECT_DOUBLE_EQ(module.powerDrawWatts(48.0), 0.0);
    module.setPowerEnabled(true, 0.0);
    module.advance(2.0);
    EXPECT_GT(module.powerDrawWatts(48.0), 2.0);
    EXPECT_LT(module.powerDrawWatts(48.0), 6.0);
    EXPECT_DOUBLE_EQ(module.powerDrawWatts(20.0), 0.0) << "below lockout";
    module.setLowPowerPin(false, 2.0);
    module.advance(2.0 + kAllUpSeconds);
    const double full = module.powerDrawWatts(48.0);
    EXPECT_GT(full, 200.0) << "a full-retimed DR8 XPO draws ≈ 8 × 25 W";
    EXPECT_LT(full, 400.0);
    EXPECT_LT(module.heatWatts(), full);
    EXPECT_GT(module.heatWatts(), full - 1.0);
    // Deactivating four banks saves their lanes' share.
    double t = 2.0 + kAllUpSeconds;
    for (int bank = 0; bank < 4; ++bank)
        ASSERT_EQ(writeByte(module, bank, kPage10, cmis::kDataPathDeinit, 0xFF, t), CmisStatus::Ok);
    module.advance(t + 1.0);
    EXPECT_NEAR(full - module.powerDrawWatts(48.0), 32 * module.params().power.perActiveLaneWatts, 20.0);
}

// --- PRBS and BER ----------------------------------------------------------------------------------------------------

TEST(CmisBer, BerFallsMonotonicallyWithRxPower) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    startMediaPrbs(module, 0, cmis::kPatternPrbs31Q, cmis::kPatternPrbs31Q, t);
    double previous = 1.0;
    double worst = 0.0;
    double best = 1.0;
    for (double dbm = -10.0; dbm <= 2.0; dbm += 0.25) {
        t += 0.01;
        module.setRxInputPowerDbm(0, dbm, t);
        const double ber = readMediaBer(module, 0, t);
        EXPECT_LE(ber, previous) << dbm << " dBm";
        EXPECT_NEAR(ber, *module.checkerBer(CmisSide::Media, 0), ber * 0.003);
        previous = ber;
        worst = std::max(worst, ber);
        best = std::min(best, ber);
    }
    EXPECT_GT(worst, 1e-2);
    EXPECT_LT(best, 1e-8);
}

TEST(CmisBer, SensitivityIsNearTheParameter) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    startMediaPrbs(module, 0, cmis::kPatternPrbs31Q, cmis::kPatternPrbs31Q, t);
    // The average power where BER crosses 2.4e-4, turned into OMA with the lane's own (looped-back) ER.
    double crossing = -20.0;
    for (double dbm = -12.0; dbm <= 0.0; dbm += 0.01) {
        module.setRxInputPowerDbm(3, dbm, t);
        if (*module.checkerBer(CmisSide::Media, 3) <= 2.4e-4) {
            crossing = dbm;
            break;
        }
    }
    const auto& laser = module.params().laser;
    const double omaAtCrossing = crossing + 10.0 * std::log10(omaMilliWatt(1.0, laser.extinctionRatioDb));
    const auto& receiver = module.params().receiver;
    EXPECT_NEAR(omaAtCrossing, receiver.sensitivityOmaDbm, 3 * receiver.sensitivitySpreadDb + 3 * 0.3 + 0.05);
}

TEST(CmisBer, AHotReceiverNeedsMoreLight) {
    // The average power where lane 3's BER crosses 2.4e-4, at a case temperature.
    auto crossingAt = [](double caseC) {
        auto module = goodModule();
        bringUp(module);
        double t = kAllUpSeconds;
        module.setCaseTemperature(caseC, t);
        startMediaPrbs(module, 0, cmis::kPatternPrbs31Q, cmis::kPatternPrbs31Q, t);
        for (double dbm = -12.0; dbm <= 0.0; dbm += 0.005) {
            module.setRxInputPowerDbm(3, dbm, t);
            if (*module.checkerBer(CmisSide::Media, 3) <= 2.4e-4)
                return std::pair{dbm, module.internalTemperatureC()};
        }
        return std::pair{0.0, 0.0};
    };
    const auto [cold, coldInternal] = crossingAt(0.0);
    const auto [room, roomInternal] = crossingAt(25.0);
    const auto [hot, hotInternal] = crossingAt(70.0);
    const double perK = goodModule().params().receiver.sensitivityDegradationDbPerK;
    EXPECT_NEAR(hot - room, perK * (hotInternal - roomInternal), 0.01);
    EXPECT_GT(hot - room, 0.15) << "≈ 0.25 dB at a 70 °C case";
    EXPECT_NEAR(cold, room - perK * std::max(0.0, roomInternal - 25.0), 0.01) << "no gain below 25 °C internal";
    EXPECT_LT(coldInternal, 25.0);
}

TEST(CmisBer, MismatchedOrMissingPatternsReadHalf) {
    auto module = goodModule();
    bringUp(module);
    double t = kAllUpSeconds;
    for (int lane = 0; lane < 8; ++lane)
        module.setRxInputPowerDbm(lane, 0.0, t);
    startMediaPrbs(module, 0, cmis::kPatternPrbs31Q, cmis::kPatternPrbs13Q, t);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 0, t), 0.5);
    // Matching patterns: low BER.
    startMediaPrbs(module, 0, cmis::kPatternPrbs13Q, cmis::kPatternPrbs13Q, t);
    EXPECT_LT(readMediaBer(module, 0, t), 1e-6);
    // Generator off on lane 1: no pattern in the loopback.
    ASSERT_EQ(writeByte(module, 0, kPage13, cmis::kMediaGeneratorEnable, 0xFD, t), CmisStatus::Ok);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 1, t), 0.5);
    EXPECT_LT(readMediaBer(module, 2, t), 1e-6);
    // Unsupported pattern (13, reserved) on both sides still reads 0.5.
    startMediaPrbs(module, 0, 13, 13, t);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 0, t), 0.5);
    // Checker disabled: the result register reads 0; selector not BER: everything reads 0.
    startMediaPrbs(module, 0, cmis::kPatternPrbs31Q, cmis::kPatternPrbs31Q, t);
    ASSERT_EQ(writeByte(module, 0, kPage13, cmis::kMediaCheckerEnable, 0xFE, t), CmisStatus::Ok);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 0, t), 0.0);
    EXPECT_FALSE(module.checkerBer(CmisSide::Media, 0).has_value());
    EXPECT_GT(readMediaBer(module, 1, t), 0.0);
    ASSERT_EQ(writeByte(module, 0, kPage14, cmis::kDiagnosticsSelector, 0, t), CmisStatus::Ok);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 1, t), 0.0);
    // Light lost: 0.5.
    ASSERT_EQ(writeByte(module, 0, kPage14, cmis::kDiagnosticsSelector, 1, t), CmisStatus::Ok);
    module.setRxInputPowerDbm(1, -30.0, t);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 1, t), 0.5);
}

TEST(CmisBer, ExternalSourcePatternMustMatchTheChecker) {
    auto module = goodModule();
    bringUp(module);
    const double t = kAllUpSeconds;
    startMediaPrbs(module, 1, cmis::kPatternPrbs31Q, cmis::kPatternPrbs31Q, t);
    ASSERT_EQ(writeByte(module, 1, kPage13, cmis::kMediaGeneratorEnable, 0x00, t), CmisStatus::Ok);
    module.setRxInputPowerDbm(8, 0.0, t);
    module.setRxInputPattern(8, cmis::kPatternPrbs31Q, t);
    EXPECT_LT(readMediaBer(module, 8, t), 1e-6);
    module.setRxInputPattern(8, cmis::kPatternSsprq, t);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 8, t), 0.5);
}

TEST(CmisBer, HostSideLoopbackNeedsMatchingGeneratorAndChecker) {
    auto module = goodModule();
    bringUp(module);
    const double t = kAllUpSeconds;
    const std::vector<std::uint8_t> prbs31q(4, 0x00);
    const std::vector<std::uint8_t> mixed{0x60, 0x00, 0x00, 0x00}; // lane 2 of the checker on PRBS13Q
    ASSERT_EQ(module.write(2, kPage13, cmis::kHostGeneratorPattern, prbs31q, t), CmisStatus::Ok);
    ASSERT_EQ(module.write(2, kPage13, cmis::kHostCheckerPattern, mixed, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, 2, kPage13, cmis::kHostGeneratorEnable, 0xFF, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, 2, kPage13, cmis::kHostCheckerEnable, 0xFF, t), CmisStatus::Ok);
    ASSERT_EQ(writeByte(module, 2, kPage14, cmis::kDiagnosticsSelector, 1, t), CmisStatus::Ok);
    EXPECT_LT(readHostBer(module, 16, t), 1e-12);
    EXPECT_GT(readHostBer(module, 16, t), 0.0);
    EXPECT_DOUBLE_EQ(readHostBer(module, 17, t), 0.5);
    EXPECT_DOUBLE_EQ(readMediaBer(module, 16, t), 0.0) << "media checker not enabled";
}

// --- Determinism -----------------------------------------------------------------------------------------------------

TEST(CmisDeterminism, SameSerialGivesTheSameUnit) {
    CmisModuleParams params; // default defect probabilities
    CmisModule a("XPO26B0107", params);
    CmisModule b("XPO26B0107", params);
    EXPECT_EQ(a.defects(), b.defects());
    bringUp(a);
    bringUp(b);
    for (int bank = 0; bank < CmisModule::kBanks; ++bank)
        EXPECT_EQ(a.read(bank, kPage11, 128, 128, kAllUpSeconds).bytes,
                  b.read(bank, kPage11, 128, 128, kAllUpSeconds).bytes);
    EXPECT_EQ(a.read(0, kPage00, 0, 256, kAllUpSeconds).bytes, b.read(0, kPage00, 0, 256, kAllUpSeconds).bytes);
    EXPECT_DOUBLE_EQ(a.powerDrawWatts(48.0), b.powerDrawWatts(48.0));
}

TEST(CmisDeterminism, ExplicitLaneDefectsWithoutALaneGetADeterministicOne) {
    const auto params = quietParams();
    CmisModule a("XPO26D0001", params, std::vector<Defect>{{DefectMode::WeakLane, -1}, {DefectMode::None, 3}});
    CmisModule b("XPO26D0001", params, std::vector<Defect>{{DefectMode::WeakLane, -1}});
    ASSERT_EQ(a.defects().size(), 1U);
    EXPECT_EQ(a.defectLane(DefectMode::WeakLane), b.defectLane(DefectMode::WeakLane));
    EXPECT_GE(a.defectLane(DefectMode::WeakLane), 0);
    EXPECT_EQ(a.defectLane(DefectMode::HighBerLane), -1);
}

// --- Defect modes ----------------------------------------------------------------------------------------------------

TEST(CmisDefects, WeakLaneHasLowTxPowerAndHighBias) {
    auto module = moduleWith(DefectMode::WeakLane, 13);
    bringUp(module);
    const double t = kAllUpSeconds;
    const auto& limits = module.params().thresholds;
    EXPECT_LT(module.txOutputPowerDbm(13), limits.txPowerDbm.lowWarning);
    EXPECT_DOUBLE_EQ(module.txBiasMilliAmp(13), module.params().laser.maxBiasMilliAmp);
    EXPECT_GT(module.txOutputPowerDbm(12), 0.0);
    // Lane 13 = bank 1, lane 6 (bit 5): Tx power low warning and bias high warning latched.
    EXPECT_EQ(readByte(module, 1, kPage11, cmis::kTxPowerFlags + 3, t), 0x20);
    EXPECT_EQ(readByte(module, 1, kPage11, cmis::kBiasFlags + 2, t), 0x20);
    const double reported = milliWattToDbm(readU16(module, 1, kPage11, cmis::kTxPowerMonitors + 10, t) * 1e-4);
    EXPECT_LT(reported, limits.txPowerDbm.lowWarning + module.params().monitors.txPowerErrorDb);
    EXPECT_EQ(readByte(module, 0, kPage11, cmis::kTxPowerFlags + 3, t), 0x00) << "bank 0 is clean";
}

TEST(CmisDefects, HighBerLaneHasAnErrorFloor) {
    auto module = moduleWith(DefectMode::HighBerLane, 5);
    bringUp(module);
    const double t = kAllUpSeconds;
    startMediaPrbs(module, 0, cmis::kPatternPrbs31Q, cmis::kPatternPrbs31Q, t);
    for (int lane = 0; lane < 8; ++lane)
        module.setRxInputPowerDbm(lane, 2.0, t);
    EXPECT_GT(readMediaBer(module, 5, t), 2.4e-4);
    EXPECT_LT(readMediaBer(module, 4, t), 1e-6);
}

TEST(CmisDefects, HighPowerDrawBreaksTheEnvelope) {
    auto bad = moduleWith(DefectMode::HighPowerDraw);
    auto good = goodModule("XPO26A0002");
    bringUp(bad);
    bringUp(good);
    EXPECT_GT(bad.powerDrawWatts(48.0), 400.0);
    EXPECT_LT(good.powerDrawWatts(48.0), 400.0);
    EXPECT_NEAR(bad.powerDrawWatts(48.0) / good.powerDrawWatts(48.0), bad.params().defects.highPowerDrawFactor, 1e-9);
}

TEST(CmisDefects, FirmwareMismatchRunsTheStaleImage) {
    auto module = moduleWith(DefectMode::FirmwareMismatch);
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    const auto& id = module.params().identity;
    EXPECT_EQ(readByte(module, 0, 0, cmis::kActiveFirmware, t), id.staleFirmwareMajor);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kActiveFirmware + 1, t), id.staleFirmwareMinor);
    EXPECT_EQ(readByte(module, 0, kPage01, cmis::kInactiveFirmware, t), id.firmwareMajor);
    EXPECT_EQ(readByte(module, 0, kPage01, cmis::kInactiveFirmware + 1, t), id.firmwareMinor);
}

TEST(CmisDefects, StuckInLowPowerNeverComesUp) {
    auto module = moduleWith(DefectMode::StuckInLowPower);
    bringUp(module);
    EXPECT_EQ(module.state(100.0), CmisModuleState::LowPower);
    EXPECT_EQ(stateCode(module, 100.0), 1);
}

TEST(CmisDefects, FaultOnPowerUpEndsInModuleFault) {
    auto module = moduleWith(DefectMode::FaultOnPowerUp);
    bringUp(module);
    double t = kAllUpSeconds;
    EXPECT_EQ(module.state(t), CmisModuleState::Fault);
    EXPECT_EQ(stateCode(module, t), 5);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kFaultCause, t), module.params().timing.powerUpFaultCause);
    EXPECT_LT(module.powerDrawWatts(48.0), 10.0);
    // Reset starts over (and the unit faults again).
    module.setResetAsserted(true, t);
    module.setResetAsserted(false, t + 0.1);
    t += 0.1 + module.params().timing.managementInitSeconds + 1e-6;
    EXPECT_EQ(module.state(t), CmisModuleState::PowerUp);
    EXPECT_EQ(readByte(module, 0, 0, cmis::kFaultCause, t), 0);
    EXPECT_EQ(module.state(t + kAllUpSeconds), CmisModuleState::Fault);
}

TEST(CmisDefects, BadEepromChecksumIsDetectable) {
    auto module = moduleWith(DefectMode::BadEepromChecksum);
    module.setPowerEnabled(true, 0.0);
    const double t = 2.0;
    const auto page = module.read(0, kPage00, 128, 94, t);
    const unsigned sum = std::accumulate(page.bytes.begin(), page.bytes.end(), 0U);
    EXPECT_NE(readByte(module, 0, kPage00, cmis::kPage00Checksum, t), sum & 0xFFU);
}

TEST(CmisDefects, HighTemperatureTripsTheTemperatureAlarmWhenHot) {
    auto bad = moduleWith(DefectMode::HighTemperature);
    auto good = goodModule("XPO26A0002");
    bringUp(bad);
    bringUp(good);
    const double t = kAllUpSeconds + 1.0;
    bad.setCaseTemperature(70.0, t);
    good.setCaseTemperature(70.0, t);
    EXPECT_EQ(readByte(bad, 0, 0, cmis::kModuleMonitorFlags, t) & 0x01, 0x01) << "temperature high alarm";
    EXPECT_EQ(readByte(good, 0, 0, cmis::kModuleMonitorFlags, t), 0x00);
    const double factor = bad.params().defects.highTemperatureRiseFactor;
    EXPECT_NEAR(bad.internalTemperatureC() - 70.0, factor * (good.internalTemperatureC() - 70.0), 1.0)
        << "the defect multiplies the module's own rise over its case";
}
