#include "instruments/DriverRegistry.h"

namespace optiqual::instruments {

void registerBuiltinDrivers(DriverRegistry& registry) { (void)registry; }

} // namespace optiqual::instruments
