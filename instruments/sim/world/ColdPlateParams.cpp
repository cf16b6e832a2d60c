#include "instruments/sim/world/ColdPlateParams.h"

#include "core/EnumNames.h"

namespace optiqual::instruments::sim {

namespace {

constexpr core::EnumNames<ColdPlateDefect, kColdPlateDefectCount> kNames({"none", "small-leak", "large-leak",
                                                                          "gross-leak", "blocked-channel", "poor-tim"});

} // namespace

const char* toString(ColdPlateDefect defect) {
    return kNames.name(defect);
}

std::optional<ColdPlateDefect> coldPlateDefectFromString(std::string_view name) {
    return kNames.find(name);
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
