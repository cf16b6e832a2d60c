#include "instruments/DriverRegistry.h"
#include "instruments/drivers/KeysightE36300PowerSupply.h"
#include "instruments/drivers/KeysightN5700PowerSupply.h"
#include "instruments/drivers/EspecP300ThermalChamber.h"
#include "instruments/drivers/JulaboChiller.h"
#include "instruments/drivers/KeysightDaq970DataAcquisition.h"
#include "instruments/drivers/RigolDp800PowerSupply.h"
#include "instruments/drivers/WatlowF4tThermalChamber.h"

namespace optiqual::instruments {

namespace {

template <typename Models>
void addModels(DriverRegistry& registry, const Models& models, InstrumentClass cls, const std::string& description,
               DriverFactory factory) {
    for (const auto& model : models)
        registry.add({std::string(model), cls, description, factory});
}

} // namespace

void registerBuiltinDrivers(DriverRegistry& r) {
    addModels(r, keysightE36300PsuModels(), InstrumentClass::PowerSupply, "Keysight E36300 triple-output supply",
              makeKeysightE36300Psu);
    addModels(r, rigolDp800PsuModels(), InstrumentClass::PowerSupply, "Rigol DP800 triple-output supply",
              makeRigolDp800Psu);
    addModels(r, keysightN5700PsuModels(), InstrumentClass::PowerSupply, "Keysight N5700 single-output system supply",
              makeKeysightN5700Psu);
    addModels(r, watlowF4tModels(), InstrumentClass::ThermalChamber, "Watlow F4T chamber controller (SCPI over TCP)",
              makeWatlowF4t);
    addModels(r, especP300Models(), InstrumentClass::ThermalChamber, "Espec P-300 chamber controller (text protocol)",
              makeEspecP300);
    addModels(r, julaboModels(), InstrumentClass::Chiller, "Julabo circulator (serial text protocol)", makeJulabo);
    addModels(r, keysightDaq970Models(), InstrumentClass::DataAcquisition, "Keysight DAQ970A / 3497xA data acquisition",
              makeKeysightDaq970);
}

} // namespace optiqual::instruments
