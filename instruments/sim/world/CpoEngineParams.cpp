#include "instruments/sim/world/CpoEngineParams.h"

#include "core/EnumNames.h"

namespace optiqual::instruments::sim {

namespace {

constexpr core::EnumNames<CpoDefect, kCpoDefectCount> kNames({"none", "high-coupling-loss", "ring-out-of-range",
                                                              "weak-laser", "dead-photodiode", "laser-end-of-life"});

} // namespace

const char* toString(CpoDefect defect) {
    return kNames.name(defect);
}

std::optional<CpoDefect> cpoDefectFromString(std::string_view name) {
    return kNames.find(name);
}

} // namespace optiqual::instruments::sim
