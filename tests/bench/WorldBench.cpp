// Cost of the simulated world: CPU time to advance a full station's physics by one simulated second, with every
// module powered and lit (the worst case: every step integrates every case and re-evaluates every unit).
//
//   build/optiqual_bench_world [--sockets N] [--hours H] [--repeats R]
//
// Prints the median over the repeats of µs of CPU per simulated second, and the ratio to real time at the
// simulated station's demo time scale.
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

using namespace optiqual::instruments::sim;

namespace {

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

WorldConfig line(int sockets) {
    WorldConfig config;
    config.coolant.chiller = "chiller";
    config.coolant.flowLitresPerMinute = 2.0 * sockets;
    config.chamber = "chamber";
    config.sources.push_back({"refsrc", 14.0, 4.5, 0});
    for (int s = 1; s <= sockets; ++s) {
        const std::string fx = "fixture" + std::to_string(s);
        config.sockets.push_back({fx, "psu" + std::to_string(s), 1, 0.01});
        for (int p = 1; p <= 8; ++p) {
            const int first = 8 * (p - 1) + 1;
            const std::string lanes = "[" + std::to_string(first) + "-" + std::to_string(first + 7) + "]";
            const std::string out = std::to_string(8 * (s - 1) + p);
            config.links.push_back({fx + ".tx" + lanes, "txswitch.[1-8]." + out, 0.5});
            config.links.push_back({"rxswitch.[1-8]." + out, fx + ".rx" + lanes, 0.5});
        }
    }
    config.links.push_back({"txswitch.[1-8].A", "opm.[1-8]", 0.3});
    config.links.push_back({"refsrc", "voa.1.in", 0.3});
    config.links.push_back({"voa.1.out", "rxsplit", 0.3});
    config.links.push_back({"rxsplit", "rxswitch.[1-8].A", 9.5});
    return config;
}

} // namespace

int main(int argc, char** argv) {
    int sockets = 4;
    double hours = 1.0;
    int repeats = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--sockets"))
            sockets = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--hours"))
            hours = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeats"))
            repeats = std::atoi(argv[i + 1]);
    }
    std::vector<double> perSecond;
    for (int r = 0; r < repeats; ++r) {
        World world(line(sockets), 42, 0.0);
        auto chiller = world.chillerBath("chiller", FirstOrderThermalPlantParams::unlimitedRate(120.0, 1800.0));
        chiller->setDemand({20.0, 0.0, true}, 0.0);
        auto chamber = world.chamberPlant("chamber", {});
        chamber->setDemand({70.0, 5.0, true}, 0.0);
        std::vector<int> routes(8, 1);
        world.attachSwitch("txswitch", 8, 1, 32,
                           [&](int n, int, int out) { return routes[std::size_t(n - 1)] == out ? 0.8 : 0.0; });
        world.attachSwitch("rxswitch", 8, 1, 32,
                           [&](int n, int, int out) { return routes[std::size_t(n - 1)] == out ? 0.8 : 0.0; });
        world.attachAttenuator("voa", 4, [](int, double in) { return in * 0.5; });
        for (int s = 1; s <= sockets; ++s) {
            world.attachSupply("psu" + std::to_string(s), 1, [](double) { return 48.0; });
            auto socket = world.moduleSocket("fixture" + std::to_string(s));
            socket->seatUnit("XPO" + std::to_string(1000 + s), 7, 0.0);
            CmisModule* m = socket->module();
            m->setResetAsserted(false, 0.0);
            m->setLowPowerPin(false, 0.0);
            m->setPowerEnabled(true, 0.0);
        }
        world.advanceTo(60.0); // up and running
        const double simulated = hours * 3600.0;
        const double start = cpuSeconds();
        // Queries as a polling sequence makes them: a DAQ read every simulated 5 s, light at one socket's receivers.
        for (double t = 60.0; t < 60.0 + simulated; t += 5.0) {
            world.advanceTo(t);
            world.prepareSocket("fixture1", t);
            routes[0] = 1 + int(t / 5.0) % 32;
        }
        perSecond.push_back((cpuSeconds() - start) / simulated * 1e6);
    }
    std::sort(perSecond.begin(), perSecond.end());
    const double median = perSecond[perSecond.size() / 2];
    std::printf("world: %d sockets, %.1f simulated h per repeat, %d repeats\n", sockets, hours, repeats);
    std::printf("  CPU per simulated second: median %.1f us (min %.1f, max %.1f)\n", median, perSecond.front(),
                perSecond.back());
    std::printf("  at time scale 2000 the world takes %.1f %% of one core\n", median * 2000.0 / 1e6 * 100.0);
    return 0;
}
