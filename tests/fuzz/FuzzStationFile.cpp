// Fuzz target: station files, read and validated with the built-in drivers and simulators as `optiqual check`
// does. Problems are diagnostics with a place in the file, never an exception or a crash (issue 7 defects 3, 4:
// `{name: a, [x]: 1}` aborted `check` with a yaml-cpp exception).
#include "instruments/DriverRegistry.h"
#include "instruments/sim/SimulatorRegistry.h"
#include "station/StationConfig.h"
#include "station/StationConfigValidator.h"
#include "tests/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

using namespace optiqual;
using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        std::vector<core::Diagnostic> problems;
        const station::StationConfig config = station::parseStationConfig(text, "fuzz.yaml", problems);
        if (problems.empty())
            problems =
                station::StationConfigValidator(instruments::builtinDrivers(), instruments::sim::builtinSimulators())
                    .check(config);
        for (const core::Diagnostic& d : problems)
            require(!d.message.empty() && (d.where.file != "fuzz.yaml" || d.where.line >= 1),
                    "a diagnostic says what is wrong and on which line");
    } catch (const core::InputError& e) {
        // A file that cannot be read at all (not YAML, not a mapping): the documented refusal, with its place.
        require(!e.diagnostics().empty(), "an unreadable file says where");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "threw: %s\n", e.what());
        require(false, "a station file's problems are diagnostics, not exceptions");
    }
    return 0;
}
