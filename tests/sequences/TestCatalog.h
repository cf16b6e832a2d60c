#pragma once
#include "sequences/StaticInstrumentCatalog.h"
#include "sequences/StepTypeRegistry.h"

#include <string>

namespace optiqual::sequences::test {

/// @brief The instrument classes and methods of instruments/*.h exactly as station/InstrumentMethods.cpp exposes
/// them (same method and parameter names, kinds and units), without linking the station.
const StaticInstrumentCatalog& stationCatalog();

/// @brief Two custom step types: `tdecq_scan {lane: Integer, averaging: Number s (optional)}` and
/// `eeprom_program {image: Text}`.
const StepTypeRegistry& testStepTypes();

/// @brief Absolute path of a file under the source tree (OPTIQUAL_SOURCE_DIR).
std::string sourcePath(const std::string& relative);

} // namespace optiqual::sequences::test
