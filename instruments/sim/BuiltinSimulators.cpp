#include "instruments/sim/SimulatorRegistry.h"
#include "instruments/sim/devices/CpoBoardSimulator.h"
#include "instruments/sim/devices/FixtureSimulator.h"
#include "instruments/sim/devices/KeysightE36300Simulator.h"
#include "instruments/sim/devices/KeysightN5700Simulator.h"
#include "instruments/sim/devices/OpticalSimulators.h"
#include "instruments/sim/devices/RigolDp800Simulator.h"
#include "instruments/sim/devices/ThermalSimulators.h"

namespace optiqual::instruments::sim {

namespace {

template <typename Models>
void addModels(SimulatorRegistry& registry, const Models& models, const SimulatorFactory& factory, bool serial = false,
               const std::string& options = {}) {
    for (const auto& model : models)
        registry.add({std::string(model), factory, serial, options});
}

} // namespace

void registerBuiltinSimulators(SimulatorRegistry& r) {
    addModels(r, keysightE36300SimulatorModels(), makeKeysightE36300Simulator);
    addModels(r, rigolDp800SimulatorModels(), makeRigolDp800Simulator);
    addModels(r, keysightN5700SimulatorModels(), makeKeysightN5700Simulator);
    addModels(r, opticalSimulatorModels(), makeOpticalSimulator);
    addModels(r, fixtureSimulatorModels(), makeFixtureSimulator);
    addModels(r, cpoBoardSimulatorModels(), makeCpoBoardSimulator);
    for (auto model : thermalSimulatorModels()) {
        const std::string key(model);
        if (key == "P300")
            r.add({key, makeThermalSimulator, false, "term=CRLF"}); // a serial-to-TCP bridge by default
        else if (key == "F4T" || key.find("970") != std::string::npos)
            r.add({key, makeThermalSimulator, false, {}});
        else // Julabo: a serial line; commands end CR, replies CR LF
            r.add({key, makeThermalSimulator, true, "wterm=CR&rterm=CRLF"});
    }
}

} // namespace optiqual::instruments::sim
