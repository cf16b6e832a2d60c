#include "station/StationInstruments.h"

#include "instruments/InstrumentError.h"
#include "instruments/sim/devices/FixtureSimulator.h"
#include "instruments/sim/world/World.h"
#include "station/InstrumentSettings.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <ctime>
#include <future>
#include <spdlog/spdlog.h>

namespace optiqual::station {

namespace asio = boost::asio;
using namespace optiqual::instruments;

namespace {

std::string today() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

} // namespace

StationInstruments::StationInstruments(const StationConfig& config, asio::any_io_executor executor,
                                       const DriverRegistry& drivers,
                                       const instruments::sim::SimulatorRegistry& simulators)
    : m_config(config), m_executor(std::move(executor)) {
    for (const auto& ic : config.instruments) {
        Entry entry;
        entry.config = &ic;
        entry.status.name = ic.name;
        entry.status.model = ic.model;
        entry.resource = ic.resource;
        if (ic.simulate) {
            if (!m_simHost) {
                // The simulated instruments share one world built from the station's wiring.
                auto clock = std::make_shared<core::Clock>(config.timeScale);
                m_simHost = std::make_unique<instruments::sim::SimulatorHost>(
                    clock, config.seed,
                    config.world
                        ? std::make_shared<instruments::sim::World>(*config.world, config.seed, clock->seconds())
                        : nullptr,
                    simulators);
            }
            // In-process simulators take any free port, so two stations can run side by side.
            const auto& served =
                m_simHost->add(ic.name, ic.model, std::nullopt, ic.simSerial ? std::optional<bool>(true) : std::nullopt,
                               ic.faults, ic.serialOptions);
            entry.resource = served.resource;
        }
        entry.status.resource = entry.resource;
        SessionOptions options;
        options.name = ic.name;
        options.timeouts = ic.timeouts;
        options.checked = ic.checked;
        entry.driver = drivers.create(ic.model, m_executor, ResourceString::parse(entry.resource), options);
        InstrumentSettings::apply(*entry.driver, ic);
        m_entries.push_back(std::move(entry));
    }
    if (m_simHost)
        m_simHost->start();
}

StationInstruments::~StationInstruments() {
    m_entries.clear(); // close sessions before their simulators go away
    if (m_simHost)
        m_simHost->stop();
}

bool StationInstruments::seatSimulatedUnit(const std::string& fixtureName, const std::string& serial,
                                           const std::string& partNumber) {
    if (!m_simHost)
        return false;
    const auto* served = m_simHost->find(fixtureName);
    if (!served)
        return false;
    auto fixture = std::dynamic_pointer_cast<instruments::sim::FixtureSimulator>(served->device);
    if (!fixture)
        return false;
    // The simulator lives on its own thread: seat the unit there and wait until it is done.
    std::promise<void> done;
    boost::asio::post(m_simHost->ioContext(), [&] {
        fixture->seatUnit(serial, m_config.seed, partNumber);
        done.set_value();
    });
    done.get_future().wait();
    return true;
}

bool StationInstruments::seatSimulatedPlate(int socket, const std::string& serial, const std::string& partNumber) {
    if (!m_simHost || !m_simHost->world())
        return false;
    std::promise<bool> done;
    boost::asio::post(m_simHost->ioContext(), [&] {
        auto& world = *m_simHost->world();
        done.set_value(world.seatColdPlate(socket, serial, m_config.seed, partNumber, m_simHost->clock()->seconds()));
    });
    return done.get_future().get();
}

bool StationInstruments::seatSimulatedEngine(int socket, const std::string& serial, const std::string& partNumber) {
    if (!m_simHost || !m_simHost->world())
        return false;
    std::promise<bool> done;
    boost::asio::post(m_simHost->ioContext(), [&] {
        auto& world = *m_simHost->world();
        done.set_value(world.seatCpoEngine(socket, serial, m_config.seed, partNumber, m_simHost->clock()->seconds()));
    });
    return done.get_future().get();
}

Instrument* StationInstruments::find(std::string_view name) {
    for (auto& e : m_entries)
        if (e.config->name == name)
            return e.driver.get();
    return nullptr;
}

asio::awaitable<void> StationInstruments::connectOne(Entry& entry) {
    auto& status = entry.status;
    try {
        co_await entry.driver->connect();
        status.connected = true;
        status.identity = entry.driver->identity();
        if (entry.config->calibrationDue && *entry.config->calibrationDue < today())
            status.warning = "calibration was due " + *entry.config->calibrationDue;
    } catch (const std::exception& e) {
        status.connected = false;
        status.error = e.what();
        spdlog::error("{}", e.what());
    }
}

asio::awaitable<std::vector<StationInstruments::Status>> StationInstruments::connectAll() {
    using namespace asio::experimental;
    std::vector<decltype(asio::co_spawn(m_executor, connectOne(m_entries.front()), asio::deferred))> ops;
    for (auto& e : m_entries)
        ops.push_back(asio::co_spawn(m_executor, connectOne(e), asio::deferred));
    if (!ops.empty())
        co_await make_parallel_group(std::move(ops)).async_wait(wait_for_all(), asio::use_awaitable);
    std::vector<Status> result;
    for (auto& e : m_entries)
        result.push_back(e.status);
    co_return result;
}

asio::awaitable<std::vector<std::string>> StationInstruments::safeStateAll() {
    std::vector<std::string> errors;
    for (auto& e : m_entries) {
        if (!e.status.connected)
            continue;
        try {
            co_await e.driver->safeState();
        } catch (const std::exception& ex) {
            errors.push_back(ex.what());
            spdlog::error("safe state: {}", ex.what());
        }
    }
    co_return errors;
}

} // namespace optiqual::station
