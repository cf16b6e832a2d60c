#pragma once
#include "core/Diagnostic.h"
#include "instruments/ScpiSession.h"
#include "instruments/sim/scpi/FaultInjection.h"
#include "instruments/sim/world/WorldConfig.h"
#include "station/StationData.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief One instrument of a station (see docs/station-config.md).
struct InstrumentConfig {
    std::string name;                     ///< unique on the station, e.g. "psu48"
    std::string model;                    ///< driver model key, e.g. "N5767A"
    std::vector<std::string> roles;       ///< sequence roles it can fill ("psu", "chamber"…)
    std::string resource;                 ///< VISA resource string (real instruments)
    bool simulate = false;                ///< serve a simulator in-process and talk to it over loopback
    std::optional<std::uint16_t> simPort; ///< TCP port `optiqual sim` serves it on
    bool simSerial = false;               ///< serve the simulator on a pseudo-terminal instead of TCP
    std::string serialOptions;            ///< resource options for a simulated serial line ("baud=4800&data=7…")
    instruments::SessionTimeouts timeouts;
    bool checked = true;                             ///< drain the error queue after every setting command
    std::optional<std::string> calibrationDue;       ///< YYYY-MM-DD
    std::map<std::string, std::string> settings;     ///< driver settings (e.g. ambient_setpoint: 25)
    std::vector<instruments::sim::FaultRule> faults; ///< simulator fault injection
    core::SourceLocation location;
    /// @brief Where each field's value was written: "model", "serial", "roles.0", "settings.ambient_setpoint"…,
    /// so problems found after reading (StationConfigValidator) still name file:line:column.
    std::map<std::string, core::SourceLocation> fieldWhere = {};
};

/// @brief `fleet:`: the central store the station's finished runs go to in the background (docs/central-store.md).
/// `run`, `lot` and `panel` use it unless `--sync-to` names another store (the command line wins).
struct FleetConfig {
    std::string syncTo; ///< postgresql:// URL; a password in it is never printed (prefer ~/.pgpass)
    int batch = 50;     ///< runs per PostgreSQL transaction
    std::chrono::milliseconds interval{1000}; ///< a pass over the outbox this often (and when a backoff ends)
    core::SourceLocation location;            ///< of the section
};

/// @brief A station: its identity and its instruments.
struct StationConfig {
    std::string name;
    std::string productLine; ///< xpo | cpo | coldplate
    std::string location;
    double timeScale = 1.0; ///< simulation time per real second for simulated instruments
    /// `station.process_model`: sequential | parallel | batch, the model runs take when the command line names none
    /// ("" when the file names none either: parallel).
    std::string processModel;
    std::uint64_t seed = 1;
    std::filesystem::path file;
    std::vector<InstrumentConfig> instruments;
    /// @brief The simulated station's physics: `wiring:` and `simulation:` (docs/station-config.md). Without a
    /// `wiring:` section the simulators stand alone, each with its own stand-in physics.
    std::optional<instruments::sim::WorldConfig> world;
    /// @brief `station_data:`: calibration and per-socket values sequences read by name.
    StationData data;
    /// @brief `fleet:`: where finished runs are uploaded; none without the section.
    std::optional<FleetConfig> fleet;

    const InstrumentConfig* find(std::string_view name) const;
    /// @brief How many sockets the station has: the highest socket a role names (`fixture@2`), at least 1.
    int sockets() const;
};

/// @brief Reads and validates a station file. Every problem is reported (not just the first) as an
/// InputError whose diagnostics are `file:line:column: message`.
StationConfig loadStationConfig(const std::filesystem::path& file);
/// @brief Same, from text (tests); @p fileName is used in diagnostics.
StationConfig parseStationConfig(const std::string& text, const std::string& fileName);
/// @brief Read what can be read, appending each problem to @p problems instead of throwing (so a validator can
/// add its own); only a file that cannot be read at all (missing, not YAML, not a mapping) throws InputError.
StationConfig loadStationConfig(const std::filesystem::path& file, std::vector<core::Diagnostic>& problems);
StationConfig parseStationConfig(const std::string& text, const std::string& fileName,
                                 std::vector<core::Diagnostic>& problems);

} // namespace optiqual::station
