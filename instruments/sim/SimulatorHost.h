#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/SimulatorRegistry.h"
#include "instruments/sim/scpi/FaultInjection.h"
#include "instruments/sim/scpi/SimServer.h"

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief Runs a set of simulated instruments on their own io_context and thread (DESIGN: simulators never
/// share the engine's I/O thread), each served over real loopback TCP or a pseudo-terminal.
///
/// Add every instrument before start(); run() serves on the calling thread instead (for `optiqual sim`).
class SimulatorHost {
public:
    /// @brief Simulation clock and seed shared by all instruments (each gets its own seed derived from it).
    SimulatorHost(std::shared_ptr<const core::Clock> clock, std::uint64_t seed,
                  const SimulatorRegistry& registry = builtinSimulators());
    /// @brief The same, with every instrument bound to @p world (built from the station's wiring), so that they
    /// share one physical station.
    SimulatorHost(std::shared_ptr<const core::Clock> clock, std::uint64_t seed, std::shared_ptr<World> world,
                  const SimulatorRegistry& registry = builtinSimulators());
    ~SimulatorHost();
    SimulatorHost(const SimulatorHost&) = delete;
    SimulatorHost& operator=(const SimulatorHost&) = delete;

    /// @brief What add() made.
    struct Served {
        std::string name;
        std::string model;
        std::string resource; ///< ready to paste into `optiqual scpi`, options included
        std::shared_ptr<LineDevice> device;
    };

    /// @brief Makes the simulator of @p model and serves it: on a pseudo-terminal when @p serial (or when the
    /// model is a serial instrument and no port is given), else on TCP @p port (0 or none: any free port).
    /// Throws std::invalid_argument for an unknown model, boost::system::system_error if the port is taken.
    const Served& add(const std::string& name, std::string_view model, std::optional<std::uint16_t> port,
                      std::optional<bool> serial, std::vector<FaultRule> faults = {},
                      const std::string& extraOptions = {});

    void start();
    void run();
    void stop();
    const std::vector<Served>& served() const { return m_served; }
    const Served* find(std::string_view name) const;
    boost::asio::io_context& ioContext() { return m_io; }
    /// @brief The world behind the instruments (null without one). Use it on the host's thread only (post to
    /// ioContext()), as the simulators do.
    const std::shared_ptr<World>& world() const { return m_world; }
    const std::shared_ptr<const core::Clock>& clock() const { return m_clock; }

private:
    std::shared_ptr<const core::Clock> m_clock;
    std::uint64_t m_seed;
    const SimulatorRegistry& m_registry;
    std::shared_ptr<World> m_world; // declared before the servers: the simulators it calls back die first
    boost::asio::io_context m_io;
    std::vector<std::unique_ptr<SimServer>> m_servers;
    std::vector<Served> m_served;
    std::thread m_thread;
};

} // namespace optiqual::instruments::sim
