#include "instruments/sim/SimulatorHost.h"

#include "instruments/sim/world/CmisUnitVariation.h" // stableHash
#include "instruments/sim/world/World.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>
#include <stdexcept>

namespace optiqual::instruments::sim {

SimulatorHost::SimulatorHost(std::shared_ptr<const core::Clock> clock, std::uint64_t seed,
                             const SimulatorRegistry& registry)
    : SimulatorHost(std::move(clock), seed, nullptr, registry) {}

SimulatorHost::SimulatorHost(std::shared_ptr<const core::Clock> clock, std::uint64_t seed, std::shared_ptr<World> world,
                             const SimulatorRegistry& registry)
    : m_clock(std::move(clock)), m_seed(seed), m_registry(registry), m_world(std::move(world)), m_io(1) {}

SimulatorHost::~SimulatorHost() {
    try {
        stop();
    } catch (...) {
        // Only the OS refusing the join or an allocation throws here, and a destructor must not: the servers close
        // their sockets in their own destructors either way.
    }
}

const SimulatorHost::Served& SimulatorHost::add(const std::string& name, std::string_view model,
                                                std::optional<std::uint16_t> port, std::optional<bool> serial,
                                                std::vector<FaultRule> faults, const std::string& extraOptions) {
    const SimulatorEntry* entry = m_registry.find(model);
    if (!entry)
        throw std::invalid_argument("no simulator for model '" + std::string(model) +
                                    "' (simulated models: " + m_registry.modelList() + ")");
    SimContext context;
    context.clock = m_clock;
    context.seed = m_seed ^ stableHash(name);
    char serialNumber[16];
    std::snprintf(serialNumber, sizeof serialNumber, "SIM%05u", unsigned(stableHash(name) % 100000));
    context.serialNumber = serialNumber;
    context.world = m_world;
    context.name = name;
    auto device = entry->factory(entry->model, context);
    auto server = std::make_unique<SimServer>(m_io.get_executor(), device, name);
    server->setFaults(std::move(faults), context.seed);
    const bool usePty = serial.value_or(entry->serial && !port);
    std::string resource;
    if (usePty) {
        server->openPty();
        resource = server->resourceString();
    } else {
        server->listenTcp(port.value_or(0));
        resource = server->resourceString();
    }
    std::string options = entry->resourceOptions;
    if (!extraOptions.empty())
        options += (options.empty() ? "" : "&") + extraOptions;
    if (!options.empty())
        resource += "?" + options;
    m_servers.push_back(std::move(server));
    m_served.push_back({name, entry->model, resource, device});
    spdlog::debug("sim: {} ({}) on {}", name, entry->model, resource);
    return m_served.back();
}

const SimulatorHost::Served* SimulatorHost::find(std::string_view name) const {
    for (const auto& s : m_served)
        if (s.name == name)
            return &s;
    return nullptr;
}

void SimulatorHost::start() {
    if (m_thread.joinable())
        return;
    m_thread = std::thread([this] { run(); });
}

void SimulatorHost::run() {
    auto guard = boost::asio::make_work_guard(m_io);
    m_io.run();
}

void SimulatorHost::stop() {
    if (!m_io.stopped()) {
        boost::asio::post(m_io, [this] {
            for (auto& s : m_servers)
                s->stop();
            m_io.stop();
        });
    }
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
        m_thread.join();
}

} // namespace optiqual::instruments::sim
