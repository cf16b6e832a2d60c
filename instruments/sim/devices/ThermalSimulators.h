#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/LineDevice.h"

#include <memory>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief The model keys makeThermalSimulator() accepts: "F4T" (Watlow, SCPI on TCP), "P300" (Espec, CR LF
/// text on a serial line or a serial-to-TCP bridge), "JULABO" (an FP51-SL), "FP51-SL" and "FL1201" (Julabo,
/// CR / CR LF text on a serial line), "DAQ970A", "34970A", "34972A" (Keysight/Agilent DAQ, SCPI on TCP).
std::vector<std::string_view> thermalSimulatorModels();

/// @brief Makes the simulator for @p model with its default configuration and physics on @p context's clock.
/// Throws std::invalid_argument for an unknown model.
std::shared_ptr<LineDevice> makeThermalSimulator(std::string_view model, const SimContext& context);

} // namespace optiqual::instruments::sim
