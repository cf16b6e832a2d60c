#include "instruments/sim/world/CmisModuleParams.h"

#include "core/EnumNames.h"

#include <algorithm>

namespace optiqual::instruments::sim {

namespace {

// In DefectMode's order (its values run 0 … kDefectModeCount − 1).
constexpr core::EnumNames<DefectMode, kDefectModeCount> kDefectNames({
    "none",
    "weak-lane",
    "high-ber-lane",
    "high-power-draw",
    "firmware-mismatch",
    "stuck-in-low-power",
    "fault-on-power-up",
    "bad-eeprom-checksum",
    "high-temperature",
    "slow-power-up",
    "ddm-tx-miscalibrated",
    "high-inrush",
});

// CMIS duration codes name brackets ("1 ms < t ≤ 5 ms"); index = code, value = the bracket's upper bound [S]
// (sonic-platform-common DP_PATH_TIMINGS, in ms there). Codes 14–15 are reserved.
constexpr std::array<double, 14> kDurationUpperSeconds{0.001, 0.005, 0.01, 0.05,  0.1,   0.5,    1.0,
                                                       5.0,   10.0,  60.0, 300.0, 600.0, 3000.0, 6000.0};

} // namespace

const char* toString(DefectMode mode) {
    return kDefectNames.name(mode);
}

std::optional<DefectMode> defectModeFromString(std::string_view name) {
    return kDefectNames.find(name);
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
