#include "station/StationConfigValidator.h"

#include "instruments/InstrumentError.h"
#include "instruments/ResourceString.h"
#include "station/InstrumentSettings.h"
#include "station/RoleName.h"

#include <algorithm>

namespace optiqual::station {

namespace {

core::SourceLocation where(const InstrumentConfig& ic, const std::string& field) {
    auto it = ic.fieldWhere.find(field);
    return it == ic.fieldWhere.end() ? ic.location : it->second;
}

} // namespace

StationConfigValidator::StationConfigValidator(const instruments::DriverRegistry& drivers,
                                               const instruments::sim::SimulatorRegistry& simulators)
    : m_drivers(drivers), m_simulators(simulators) {}

std::vector<core::Diagnostic> StationConfigValidator::check(const StationConfig& config) const {
    std::vector<core::Diagnostic> out;
    for (const auto& ic : config.instruments)
        checkInstrument(ic, out);
    return out;
}

void StationConfigValidator::checkInstrument(const InstrumentConfig& ic, std::vector<core::Diagnostic>& out) const {
    const std::string label = "instrument '" + ic.name + "': ";
    for (std::size_t i = 0; i < ic.roles.size(); ++i) {
        std::string why;
        if (!RoleName::parse(ic.roles[i], &why))
            out.push_back({where(ic, "roles." + std::to_string(i)), why});
    }
    const instruments::DriverEntry* driver = m_drivers.find(ic.model);
    if (!driver && ic.model.empty()) {
        // the reader reported the missing model
    } else if (!driver) {
        out.push_back({where(ic, "model"),
                       label + "no driver for model '" + ic.model + "' (known: " + m_drivers.modelList() + ")"});
    } else {
        for (const auto& [key, value] : ic.settings)
            if (auto why = InstrumentSettings::check(key, value, driver->instrumentClass); !why.empty())
                out.push_back({where(ic, "settings." + key), label + why});
    }
    const instruments::sim::SimulatorEntry* simulator = ic.simulate ? m_simulators.find(ic.model) : nullptr;
    if (ic.simulate && !simulator && driver)
        out.push_back({where(ic, "model"), label + "model '" + ic.model +
                                               "' cannot be simulated (simulated: " + m_simulators.modelList() + ")"});
    if (ic.serialOptions.empty())
        return;
    // Line settings go on the resource of a simulator served on a pseudo-terminal; a real serial instrument
    // takes them in its own resource string.
    if (!ic.simulate) {
        out.push_back({where(ic, "serial"), label + "'serial' applies to simulated instruments; give a real serial "
                                                    "line's settings in its resource (ASRL…::INSTR?baud=…)"});
        return;
    }
    if (!simulator)
        return;
    if (!(ic.simSerial || (simulator->serial && !ic.simPort))) {
        out.push_back({where(ic, "serial"),
                       label + "'serial' applies to a simulator served on a serial line (add 'sim_serial: true')"});
        return;
    }
    std::string options = simulator->resourceOptions;
    options += (options.empty() ? "" : "&") + ic.serialOptions;
    try {
        instruments::ResourceString::parse("ASRL/dev/null::INSTR?" + options);
    } catch (const instruments::InstrumentError& e) {
        out.push_back({where(ic, "serial"), label + e.detail()});
    }
}

StationConfig loadValidatedStationConfig(const std::filesystem::path& file) {
    std::vector<core::Diagnostic> problems;
    StationConfig config = loadStationConfig(file, problems);
    for (auto& d : StationConfigValidator().check(config))
        problems.push_back(std::move(d));
    if (problems.empty())
        return config;
    // In file order, as an editor walks them.
    std::stable_sort(problems.begin(), problems.end(), [](const core::Diagnostic& a, const core::Diagnostic& b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    throw core::InputError(std::move(problems));
}

} // namespace optiqual::station
