#include "core/RunSync.h"
#include "station/InstrumentProbe.h"
#include "station/StationConfigValidator.h"
#include "station/StationInstruments.h"
#include "station/cli/Commands.h"

#include <cstdio>

namespace optiqual::station::cli {

int runProbe(const ProbeOptions& options) {
    StationConfig config;
    try {
        config = loadValidatedStationConfig(options.station);
    } catch (const core::InputError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitBadInput;
    }
    boost::asio::io_context io;
    std::unique_ptr<StationInstruments> station;
    try {
        station = std::make_unique<StationInstruments>(config, io.get_executor());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", options.station.c_str(), e.what());
        return kExitBadInput;
    }
    auto statuses = core::runSync(io, station->connectAll());
    std::printf("Station %s (%s): %zu instruments\n\n", config.name.c_str(), config.productLine.c_str(),
                statuses.size());
    int failures = 0;
    for (auto& entry : station->entries()) {
        const auto& s = entry.status;
        std::printf("%-10s %-9s %s\n", s.name.c_str(), s.model.c_str(), s.resource.c_str());
        if (!s.connected) {
            std::printf("           FAILED   %s\n\n", s.error.c_str());
            ++failures;
            continue;
        }
        std::printf("           IDN      %s\n", s.identity.raw.c_str());
        try {
            auto state = core::runSync(io, describeInstrumentState(*entry.driver));
            std::printf("           state    %s\n", state.c_str());
        } catch (const std::exception& e) {
            std::printf("           FAILED   %s\n", e.what());
            ++failures;
        }
        if (!s.warning.empty())
            std::printf("           warning  %s\n", s.warning.c_str());
        std::printf("\n");
    }
    std::printf("%zu of %zu instruments answered%s\n", statuses.size() - std::size_t(failures), statuses.size(),
                failures ? "" : " — station ready");
    return failures ? kExitError : kExitOk;
}

} // namespace optiqual::station::cli
