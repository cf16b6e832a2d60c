#include "instruments/sim/world/CmisModuleParams.h"

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
}};

// CMIS duration codes name brackets ("1 ms < t ≤ 5 ms"); index = code, value = the bracket's upper bound.
constexpr std::array<double, 15> kDurationUpperSeconds{0.001, 0.005, 0.01,  0.05,  0.1,    0.5,    1.0,    5.0,
                                                       10.0,  50.0,  100.0, 500.0, 1000.0, 5000.0, 10000.0};

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
    return mode == DefectMode::WeakLane || mode == DefectMode::HighBerLane;
}

double cmisDurationUpperSeconds(std::uint8_t code) {
    return code < kDurationUpperSeconds.size() ? kDurationUpperSeconds[code] : kDurationUpperSeconds.back();
}

double cmisDurationLowerSeconds(std::uint8_t code) {
    if (code == 0)
        return 0.0;
    return code < kDurationUpperSeconds.size() ? kDurationUpperSeconds[code - 1U] : kDurationUpperSeconds.back();
}

} // namespace optiqual::instruments::sim
