#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/LineDevice.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

using SimulatorFactory = std::function<std::shared_ptr<LineDevice>(std::string_view model, const SimContext&)>;

/// @brief A model that can be simulated, and how its line is served.
struct SimulatorEntry {
    std::string model;
    SimulatorFactory factory;
    bool serial = false;         ///< a serial instrument: served on a pseudo-terminal by default
    std::string resourceOptions; ///< options a client needs, appended to the resource string ("term=CR&baud=4800")
};

/// @brief Model key → simulator, filled explicitly by registerBuiltinSimulators().
class SimulatorRegistry {
public:
    void add(SimulatorEntry entry);
    const SimulatorEntry* find(std::string_view model) const;
    std::string modelList() const;

private:
    std::map<std::string, SimulatorEntry> m_entries;
};

void registerBuiltinSimulators(SimulatorRegistry& registry);
const SimulatorRegistry& builtinSimulators();

} // namespace optiqual::instruments::sim
