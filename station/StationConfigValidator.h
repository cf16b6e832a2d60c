#pragma once
#include "core/Diagnostic.h"
#include "instruments/DriverRegistry.h"
#include "instruments/sim/SimulatorRegistry.h"
#include "station/StationConfig.h"

#include <filesystem>
#include <vector>

namespace optiqual::station {

/// @brief Checks a station file for everything reading it cannot know and opening its instruments would refuse:
/// models without a driver (or without a simulator where simulated), settings unknown to or unfit for the model,
/// malformed roles (`fixture@abc`), serial line settings that do not parse. Each problem as
/// `file:line:column: message`.
///
/// The reader (loadStationConfig) already checks the file's shape and value types; together the two are what
/// `optiqual check` reports and what every other command opens a station file with.
class StationConfigValidator {
public:
    explicit StationConfigValidator(
        const instruments::DriverRegistry& drivers = instruments::builtinDrivers(),
        const instruments::sim::SimulatorRegistry& simulators = instruments::sim::builtinSimulators());

    std::vector<core::Diagnostic> check(const StationConfig& config) const;

private:
    void checkInstrument(const InstrumentConfig& ic, std::vector<core::Diagnostic>& out) const;

    const instruments::DriverRegistry& m_drivers;
    const instruments::sim::SimulatorRegistry& m_simulators;
};

/// @brief loadStationConfig() and then StationConfigValidator with the built-in drivers and simulators: how every
/// command opens a station file, so `check` refuses exactly what `probe`, `sim`, `run` and `lot` refuse. Throws
/// core::InputError with every problem found.
StationConfig loadValidatedStationConfig(const std::filesystem::path& file);

} // namespace optiqual::station
