#pragma once
#include "core/Clock.h"

#include <cstdint>
#include <memory>
#include <string>

namespace optiqual::instruments::sim {

class World;

/// @brief What every simulated instrument is made with: the simulation clock its physics runs on (scaled
/// time in a fast simulation), a seed for anything random (so a simulated station is reproducible) and, on a
/// simulated station, the world behind it and the instrument's name there.
///
/// Without a world a simulator stands alone (unit tests of one instrument): it then makes its own stand-in
/// physics, which its tests set directly.
struct SimContext {
    std::shared_ptr<const core::Clock> clock = std::make_shared<core::Clock>();
    std::uint64_t seed = 1;
    std::string serialNumber = "SIM0001"; ///< instrument serial reported by `*IDN?`
    std::shared_ptr<World> world{};       ///< the station's physics; null for a stand-alone simulator
    std::string name{};                   ///< the instrument's name on the station (the world's key for it)
};

} // namespace optiqual::instruments::sim
