#include "instruments/sim/devices/ThermalSimulators.h"

#include "instruments/sim/devices/EspecP300Simulator.h"
#include "instruments/sim/devices/JulaboSimulator.h"
#include "instruments/sim/devices/KeysightDaqSimulator.h"
#include "instruments/sim/devices/WatlowF4tSimulator.h"

#include <stdexcept>
#include <string>

namespace optiqual::instruments::sim {

std::vector<std::string_view> thermalSimulatorModels() {
    return {"F4T", "P300", "JULABO", "FP51-SL", "FL1201", "DAQ970A", "34970A", "34972A"};
}

std::shared_ptr<LineDevice> makeThermalSimulator(std::string_view model, const SimContext& context) {
    if (model == "F4T")
        return std::make_shared<WatlowF4tSimulator>(context);
    if (model == "P300")
        return std::make_shared<EspecP300Simulator>(context);
    if (model == "FP51-SL" || model == "JULABO")
        return std::make_shared<JulaboSimulator>(context);
    if (model == "FL1201") {
        JulaboSimulatorConfig config;
        // The version text of an FL-series cooler is our assumption, in the FP51-SL's form.
        config.version = "JULABO FL1201 VERSION 1.0";
        config.minSetpoint = -20.0;
        config.maxSetpoint = 40.0;
        config.externalSensor = false;
        return std::make_shared<JulaboSimulator>(context, config);
    }
    if (model == "DAQ970A" || model == "34970A" || model == "34972A") {
        KeysightDaqSimulatorConfig config;
        config.model = std::string(model);
        return std::make_shared<KeysightDaqSimulator>(context, config);
    }
    throw std::invalid_argument("no thermal-family simulator for model '" + std::string(model) + "'");
}

} // namespace optiqual::instruments::sim
