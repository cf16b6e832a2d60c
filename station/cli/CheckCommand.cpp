#include "instruments/DriverRegistry.h"
#include "instruments/sim/SimulatorRegistry.h"
#include "sequences/SequenceFile.h"
#include "sequences/SequenceLoader.h"
#include "station/InstrumentMethods.h"
#include "station/StationConfig.h"
#include "station/cli/Commands.h"

#include <cstdio>
#include <fstream>
#include <sstream>

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

/// What a file is, from its top-level keys: a station has `station:`, a separate limits file only `limits:`;
/// anything else is checked as a sequence.
enum class FileKind { Station, Limits, Sequence };
FileKind kindOf(const std::string& file) {
    std::ifstream in(file);
    std::string line;
    bool limits = false;
    bool other = false;
    while (std::getline(in, line)) {
        if (line.rfind("station:", 0) == 0)
            return FileKind::Station;
        if (line.rfind("limits:", 0) == 0)
            limits = true;
        else if (!line.empty() && std::isalpha(static_cast<unsigned char>(line[0])))
            other = true;
    }
    return limits && !other ? FileKind::Limits : FileKind::Sequence;
}

} // namespace

int runCheck(const std::vector<std::string>& files) {
    int problems = 0;
    for (const auto& file : files) {
        const FileKind kind = kindOf(file);
        if (kind != FileKind::Station) {
            std::vector<core::Diagnostic> found;
            if (kind == FileKind::Limits)
                sequences::SequenceLoader().loadLimitsFile(file, found);
            else
                found = sequences::checkSequenceFile(file, InstrumentMethods::builtin());
            for (const auto& d : found) {
                std::printf("%s\n", d.format().c_str());
                ++problems;
            }
            continue;
        }
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
