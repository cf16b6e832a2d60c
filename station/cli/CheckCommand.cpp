#include "instruments/DriverRegistry.h"
#include "instruments/sim/SimulatorRegistry.h"
#include "station/StationConfig.h"
#include "station/cli/Commands.h"

#include <cstdio>

namespace optiqual::station::cli {

namespace {

/// Checks what the file parser cannot: that models have drivers (and simulators where simulated).
std::vector<core::Diagnostic> checkModels(const StationConfig& config) {
    std::vector<core::Diagnostic> out;
    const auto& drivers = instruments::builtinDrivers();
    const auto& sims = instruments::sim::builtinSimulators();
    for (const auto& ic : config.instruments) {
        if (!drivers.find(ic.model))
            out.push_back({ic.location, "instrument '" + ic.name + "': no driver for model '" + ic.model +
                                            "' (known: " + drivers.modelList() + ")"});
        else if (ic.simulate && !sims.find(ic.model))
            out.push_back({ic.location, "instrument '" + ic.name + "': model '" + ic.model +
                                            "' cannot be simulated (simulated: " + sims.modelList() + ")"});
    }
    return out;
}

} // namespace

int runCheck(const std::vector<std::string>& files) {
    int problems = 0;
    for (const auto& file : files) {
        try {
            auto config = loadStationConfig(file);
            for (const auto& d : checkModels(config)) {
                std::printf("%s\n", d.format().c_str());
                ++problems;
            }
        } catch (const core::InputError& e) {
            for (const auto& d : e.diagnostics())
                std::printf("%s\n", d.format().c_str());
            problems += int(e.diagnostics().size());
        }
    }
    if (problems == 0) {
        std::printf("%zu file%s OK\n", files.size(), files.size() == 1 ? "" : "s");
        return kExitOk;
    }
    std::printf("%d problem%s\n", problems, problems == 1 ? "" : "s");
    return kExitBadInput;
}

} // namespace optiqual::station::cli
