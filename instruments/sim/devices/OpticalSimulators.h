#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/LineDevice.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

/// @file Factory of the optical instrument simulators (power meters, attenuators, switches). All of them are
/// SCPI over TCP (LF terminated, like port 5025 of the real LAN instruments).

namespace optiqual::instruments::sim {

/// @brief Makes the simulator of @p model (case-insensitive): "N7744A", "N7745A", "8163B" (Keysight power
/// meters), "PM100D" (Thorlabs), "N7761A", "N7762A", "N7764A", "N7766A", "N7768A" (Keysight attenuators),
/// "N7731A", "N7734A" (Keysight switches). Throws std::invalid_argument for any other model.
std::shared_ptr<LineDevice> makeOpticalSimulator(std::string_view model, const SimContext& context);

/// @brief Every model key makeOpticalSimulator() accepts.
std::vector<std::string> opticalSimulatorModels();

} // namespace optiqual::instruments::sim
