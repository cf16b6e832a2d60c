#include "core/Clock.h"
#include "instruments/sim/SimulatorHost.h"
#include "instruments/sim/world/World.h"
#include "station/StationConfig.h"
#include "station/StationConfigValidator.h"
#include "station/cli/Commands.h"

#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <spdlog/spdlog.h>

namespace optiqual::station::cli {

int runSim(const SimOptions& options) {
    StationConfig config;
    try {
        config = loadValidatedStationConfig(options.station);
    } catch (const core::InputError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitBadInput;
    }
    const double scale = options.timeScale > 0 ? options.timeScale : config.timeScale;
    const std::uint64_t seed = options.seed >= 0 ? std::uint64_t(options.seed) : config.seed;
    auto clock = std::make_shared<core::Clock>(scale);
    // One world behind every instrument served, so that outside clients see one coupled station.
    auto world =
        config.world ? std::make_shared<instruments::sim::World>(*config.world, seed, clock->seconds()) : nullptr;
    // Outside clients ask for the clock's present: a catch-up the machine cannot finish would stop the server for
    // good (and keep it from hearing a stop signal), so each is bounded and the world warns that it is behind.
    if (world)
        world->setCatchUpBudget(std::chrono::seconds(2));
    instruments::sim::SimulatorHost host(clock, seed, world);
    std::printf("Simulated station %s (time scale %g, seed %llu)\n", config.name.c_str(), scale,
                static_cast<unsigned long long>(seed));
    int served = 0;
    for (const auto& ic : config.instruments) {
        if (!ic.simulate && !options.all)
            continue;
        try {
            const auto& s =
                host.add(ic.name, ic.model, ic.simPort, ic.simSerial ? std::optional<bool>(true) : std::nullopt,
                         ic.faults, ic.serialOptions);
            std::printf("  %-10s %-10s %s\n", s.name.c_str(), s.model.c_str(), s.resource.c_str());
            ++served;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s:%d:%d: instrument '%s': %s\n", config.file.c_str(), ic.location.line,
                         ic.location.column, ic.name.c_str(), e.what());
            return kExitError;
        }
    }
    if (served == 0) {
        std::fprintf(stderr, "%s: no instrument is marked 'simulate: true' (use --all to serve every one)\n",
                     options.station.c_str());
        return kExitBadInput;
    }
    std::printf("Serving %d instruments on 127.0.0.1; Ctrl-C to stop.\n", served);
    std::fflush(stdout);
    boost::asio::signal_set signals(host.ioContext(), SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (!ec)
            spdlog::info("sim: signal {} received, stopping", signal);
        host.ioContext().stop();
    });
    host.run();
    return kExitOk;
}

} // namespace optiqual::station::cli
