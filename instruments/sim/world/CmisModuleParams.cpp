#include "instruments/sim/world/CmisModuleParams.h"

#include <algorithm>

namespace optiqual::instruments::sim {

namespace {

struct DefectName {
    DefectMode mode;
    const char* name;
};

constexpr std::array<DefectName, kDefectModeCount> kDefectNames{{
    {DefectMode::None, "none"},
    {DefectMode::WeakLane, "weak-lane"},
    {DefectMode::HighBerLane, "high-ber-lane"},
    {DefectMode::HighPowerDraw, "high-power-draw"},
    {DefectMode::FirmwareMismatch, "firmware-mismatch"},
    {DefectMode::StuckInLowPower, "stuck-in-low-power"},
    {DefectMode::FaultOnPowerUp, "fault-on-power-up"},
    {DefectMode::BadEepromChecksum, "bad-eeprom-checksum"},
    {DefectMode::HighTemperature, "high-temperature"},
    {DefectMode::SlowPowerUp, "slow-power-up"},
    {DefectMode::DdmTxMiscalibrated, "ddm-tx-miscalibrated"},
    {DefectMode::HighInrush, "high-inrush"},
}};

// CMIS duration codes name brackets ("1 ms < t ≤ 5 ms"); index = code, value = the bracket's upper bound [S]
// (sonic-platform-common DP_PATH_TIMINGS, in ms there). Codes 14–15 are reserved.
constexpr std::array<double, 14> kDurationUpperSeconds{0.001, 0.005, 0.01, 0.05,  0.1,   0.5,    1.0,
                                                       5.0,   10.0,  60.0, 300.0, 600.0, 3000.0, 6000.0};

} // namespace

const char* toString(DefectMode mode) {
    for (const auto& entry : kDefectNames)
        if (entry.mode == mode)
            return entry.name;
    return "unknown";
}

std::optional<DefectMode> defectModeFromString(std::string_view name) {
    for (const auto& entry : kDefectNames)
        if (name == entry.name)
            return entry.mode;
    return std::nullopt;
}

bool isLaneDefect(DefectMode mode) {
    return mode == DefectMode::WeakLane || mode == DefectMode::HighBerLane || mode == DefectMode::DdmTxMiscalibrated;
}

double cmisDurationUpperSeconds(std::uint8_t code) {
    return kDurationUpperSeconds[std::min<std::size_t>(code, kDurationUpperSeconds.size() - 1)];
}

double cmisDurationLowerSeconds(std::uint8_t code) {
    const std::size_t index = std::min<std::size_t>(code, kDurationUpperSeconds.size() - 1);
    return index == 0 ? 0.0 : kDurationUpperSeconds[index - 1];
}

} // namespace optiqual::instruments::sim
