#pragma once
#include "core/Diagnostic.h"
#include "instruments/sim/world/WorldConfig.h"

#include <set>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace optiqual::station {

/// @brief Reads a station file's `wiring:` and `simulation:` sections (docs/station-config.md, "Wiring") into
/// @p world. @p instruments are the station's instrument names: every instrument the wiring names must be one of
/// them, and every optical port must start with an instrument, a source or a declared junction, so a typo is an
/// error instead of a dark fibre. Problems are appended to @p diagnostics as file:line:column messages.
/// Either node may be undefined (the section is absent).
void readWiring(const YAML::Node& wiring, const YAML::Node& simulation, const std::string& file,
                const std::set<std::string>& instruments, instruments::sim::WorldConfig& world,
                std::vector<core::Diagnostic>& diagnostics);

} // namespace optiqual::station
