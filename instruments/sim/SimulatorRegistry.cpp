#include "instruments/sim/SimulatorRegistry.h"

#include <algorithm>

namespace optiqual::instruments::sim {

namespace {
std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}
} // namespace

void SimulatorRegistry::add(SimulatorEntry entry) {
    m_entries[upper(entry.model)] = std::move(entry);
}

const SimulatorEntry* SimulatorRegistry::find(std::string_view model) const {
    auto it = m_entries.find(upper(model));
    return it == m_entries.end() ? nullptr : &it->second;
}

std::string SimulatorRegistry::modelList() const {
    std::string out;
    for (const auto& [key, entry] : m_entries)
        out += (out.empty() ? "" : ", ") + entry.model;
    return out;
}

const SimulatorRegistry& builtinSimulators() {
    static const SimulatorRegistry registry = [] {
        SimulatorRegistry r;
        registerBuiltinSimulators(r);
        return r;
    }();
    return registry;
}

} // namespace optiqual::instruments::sim
