#include "instruments/sim/world/CpoEngineParams.h"

namespace optiqual::instruments::sim {

namespace {

constexpr std::array<const char*, kCpoDefectCount> kNames{"none",       "high-coupling-loss", "ring-out-of-range",
                                                          "weak-laser", "dead-photodiode",    "laser-end-of-life"};

} // namespace

const char* toString(CpoDefect defect) {
    const auto index = static_cast<std::size_t>(defect);
    return index < kNames.size() ? kNames[index] : "unknown";
}

std::optional<CpoDefect> cpoDefectFromString(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (name == kNames[i])
            return static_cast<CpoDefect>(i);
    return std::nullopt;
}

} // namespace optiqual::instruments::sim
