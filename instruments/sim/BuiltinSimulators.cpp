#include "instruments/sim/SimulatorRegistry.h"

namespace optiqual::instruments::sim {

void registerBuiltinSimulators(SimulatorRegistry& registry) { (void)registry; }

} // namespace optiqual::instruments::sim
