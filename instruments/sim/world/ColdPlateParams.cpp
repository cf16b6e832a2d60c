#include "instruments/sim/world/ColdPlateParams.h"

namespace optiqual::instruments::sim {

namespace {

constexpr std::array<const char*, kColdPlateDefectCount> kNames{"none",       "small-leak",      "large-leak",
                                                                "gross-leak", "blocked-channel", "poor-tim"};

} // namespace

const char* toString(ColdPlateDefect defect) {
    const auto index = static_cast<std::size_t>(defect);
    return index < kNames.size() ? kNames[index] : "unknown";
}

std::optional<ColdPlateDefect> coldPlateDefectFromString(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (name == kNames[i])
            return static_cast<ColdPlateDefect>(i);
    return std::nullopt;
}

ColdPlateParams::ColdPlateParams() {
    // A 1 kW accelerator plate (skived copper fins) and the plate of a 1U XPO cage row (wider channels: lower ΔP,
    // higher R). Both take the station's 1 kW TTV.
    ColdPlateDesign accelerator;
    accelerator.partNumber = "CP-ACC-1K";
    designs.push_back(accelerator);
    ColdPlateDesign xpo;
    xpo.partNumber = "CP-XPO-1U";
    xpo.baseKelvinPerWatt = 0.015;
    xpo.convectionKelvinPerWatt = 0.020;
    xpo.pressureDropKpa = 12.0;
    xpo.internalVolumeLitres = 0.05;
    designs.push_back(xpo);
}

const ColdPlateDesign& ColdPlateParams::design(std::string_view partNumber) const {
    for (const auto& d : designs)
        if (d.partNumber == partNumber)
            return d;
    return designs.front();
}

} // namespace optiqual::instruments::sim
