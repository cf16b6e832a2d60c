#pragma once
#include "core/Clock.h"

#include <cstdint>
#include <memory>
#include <string>

namespace optiqual::instruments::sim {

/// @brief What every simulated instrument is made with: the simulation clock its physics runs on (scaled
/// time in a fast simulation) and a seed for anything random, so a simulated station is reproducible.
struct SimContext {
    std::shared_ptr<const core::Clock> clock = std::make_shared<core::Clock>();
    std::uint64_t seed = 1;
    std::string serialNumber = "SIM0001"; ///< instrument serial reported by `*IDN?`
};

} // namespace optiqual::instruments::sim
