#include "instruments/DriverRegistry.h"
#include "instruments/drivers/EspecP300ThermalChamber.h"
#include "instruments/drivers/JulaboChiller.h"
#include "instruments/drivers/KeysightDaq970DataAcquisition.h"
#include "instruments/drivers/KeysightE36300PowerSupply.h"
#include "instruments/drivers/KeysightN5700PowerSupply.h"
#include "instruments/drivers/KeysightN773xSwitch.h"
#include "instruments/drivers/KeysightN776xAttenuator.h"
#include "instruments/drivers/KeysightN77xxPowerMeter.h"
#include "instruments/drivers/OptiQualCpoBoard.h"
#include "instruments/drivers/OptiQualXpoFixture.h"
#include "instruments/drivers/RigolDp800PowerSupply.h"
#include "instruments/drivers/ThorlabsPm100dPowerMeter.h"
#include "instruments/drivers/WatlowF4tThermalChamber.h"

namespace optiqual::instruments {

namespace {

template <typename Models>
void addModels(DriverRegistry& registry, const Models& models, InstrumentClass cls, const std::string& description,
               const DriverFactory& factory) {
    for (const auto& model : models)
        registry.add({std::string(model), cls, description, factory});
}

} // namespace

void registerBuiltinDrivers(DriverRegistry& r) {
    using C = InstrumentClass;
    addModels(r, keysightE36300PsuModels(), C::PowerSupply, "Keysight E36300 triple-output supply",
              makeKeysightE36300Psu);
    addModels(r, rigolDp800PsuModels(), C::PowerSupply, "Rigol DP800 triple-output supply", makeRigolDp800Psu);
    addModels(r, keysightN5700PsuModels(), C::PowerSupply, "Keysight N5700 single-output system supply",
              makeKeysightN5700Psu);
    addModels(r, watlowF4tModels(), C::ThermalChamber, "Watlow F4T chamber controller (SCPI over TCP)", makeWatlowF4t);
    addModels(r, especP300Models(), C::ThermalChamber, "Espec P-300 chamber controller (text protocol)", makeEspecP300);
    addModels(r, julaboModels(), C::Chiller, "Julabo circulator (serial text protocol)", makeJulabo);
    addModels(r, keysightDaq970Models(), C::DataAcquisition, "Keysight DAQ970A / 3497xA data acquisition",
              makeKeysightDaq970);
    addModels(r, keysightPowerMeterModels(), C::OpticalPowerMeter, "Keysight N774xA / 8163B optical power meter",
              makeKeysightPowerMeter);
    addModels(r, thorlabsPm100dModels(), C::OpticalPowerMeter, "Thorlabs PM100D optical power meter",
              makeThorlabsPm100d);
    addModels(r, keysightAttenuatorModels(), C::VariableOpticalAttenuator, "Keysight N776xA optical attenuator",
              makeKeysightAttenuator);
    addModels(r, keysightSwitchModels(), C::OpticalSwitch, "Keysight N773xA optical switch", makeKeysightSwitch);
    addModels(r, optiQualFixtureModels(), C::ModuleFixture, "OptiQual XPO module host board (docs/fixture.md)",
              makeOptiQualFixture);
    addModels(r, optiQualCpoBoardModels(), C::EngineBoard, "OptiQual CPO engine + ELSFP host board (docs/cpo-board.md)",
              makeOptiQualCpoBoard);
}

} // namespace optiqual::instruments
