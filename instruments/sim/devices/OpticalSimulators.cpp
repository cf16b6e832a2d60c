#include "instruments/sim/devices/OpticalSimulators.h"

#include "instruments/sim/devices/KeysightAttenuatorSimulator.h"
#include "instruments/sim/devices/KeysightPowerMeterSimulator.h"
#include "instruments/sim/devices/KeysightSwitchSimulator.h"
#include "instruments/sim/devices/ThorlabsPm100dSimulator.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <stdexcept>

namespace optiqual::instruments::sim {

std::shared_ptr<LineDevice> makeOpticalSimulator(std::string_view model, const SimContext& context) {
    if (const auto* meter = KeysightPowerMeterSimulator::findModel(model)) {
        return std::make_shared<KeysightPowerMeterSimulator>(*meter, context);
    }
    if (const auto* attenuator = KeysightAttenuatorSimulator::findModel(model)) {
        return std::make_shared<KeysightAttenuatorSimulator>(*attenuator, context);
    }
    if (const auto* optical = KeysightSwitchSimulator::findModel(model)) {
        return std::make_shared<KeysightSwitchSimulator>(*optical, context);
    }
    if (equalsIgnoreCase(model, "PM100D")) {
        return std::make_shared<ThorlabsPm100dSimulator>(context);
    }
    throw std::invalid_argument("no optical simulator for model '" + std::string(model) + "'");
}

std::vector<std::string> opticalSimulatorModels() {
    std::vector<std::string> keys = KeysightPowerMeterSimulator::models();
    keys.push_back("PM100D");
    for (auto& key : KeysightAttenuatorSimulator::models()) {
        keys.push_back(std::move(key));
    }
    for (auto& key : KeysightSwitchSimulator::models()) {
        keys.push_back(std::move(key));
    }
    return keys;
}

} // namespace optiqual::instruments::sim
