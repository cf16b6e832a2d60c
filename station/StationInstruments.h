#pragma once
#include "instruments/DriverRegistry.h"
#include "instruments/sim/SimulatorHost.h"
#include "station/StationConfig.h"

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief The instruments of one station, opened from its configuration: drivers for every instrument and,
/// for those marked `simulate: true`, their simulators running in-process on their own thread, reached over
/// loopback exactly as real instruments are.
class StationInstruments {
public:
    /// @brief Result of opening one instrument.
    struct Status {
        std::string name;
        std::string model;
        std::string resource;
        bool connected = false;
        instruments::Identity identity;
        std::string error;   ///< why it failed to open
        std::string warning; ///< e.g. calibration overdue
    };

    struct Entry {
        const InstrumentConfig* config = nullptr;
        std::string resource;
        std::unique_ptr<instruments::Instrument> driver;
        Status status;
    };

    /// @brief Builds drivers (and starts simulators) without any instrument I/O.
    StationInstruments(const StationConfig& config, boost::asio::any_io_executor executor,
                       const instruments::DriverRegistry& drivers = instruments::builtinDrivers(),
                       const instruments::sim::SimulatorRegistry& simulators = instruments::sim::builtinSimulators());
    ~StationInstruments();

    /// @brief Opens every instrument concurrently: connect, identify, check model, empty the error queue,
    /// check the calibration date. Never throws for one instrument's failure: see each Status.
    boost::asio::awaitable<std::vector<Status>> connectAll();
    /// @brief safeState() on every connected instrument; errors are logged and returned, never thrown.
    boost::asio::awaitable<std::vector<std::string>> safeStateAll();

    /// @brief On a simulated station: seats a fresh simulated unit with serial @p serial in every simulated module
    /// fixture that @p fixtureName names (its variation and defects follow from the serial), so a simulated lot
    /// yields like a real one. Returns false when @p fixtureName is not a simulated fixture.
    bool seatSimulatedUnit(const std::string& fixtureName, const std::string& serial,
                           const std::string& partNumber = {});
    /// @brief On a simulated station with cold-plate stands: seats a fresh simulated plate with serial @p serial on
    /// the stand serving socket @p socket (wiring `plate_stands:`). Returns false when no stand serves it.
    bool seatSimulatedPlate(int socket, const std::string& serial, const std::string& partNumber = {});
    /// @brief On a simulated station with CPO boards: seats a fresh simulated engine + ELSFP with serial @p serial on
    /// the board serving socket @p socket (wiring `cpo_boards:`). Returns false when no CPO board serves it.
    bool seatSimulatedEngine(int socket, const std::string& serial, const std::string& partNumber = {});

    std::vector<Entry>& entries() { return m_entries; }
    instruments::Instrument* find(std::string_view name);
    const StationConfig& config() const { return m_config; }
    instruments::sim::SimulatorHost* simulators() { return m_simHost.get(); }

private:
    boost::asio::awaitable<void> connectOne(Entry& entry);

    const StationConfig& m_config;
    boost::asio::any_io_executor m_executor;
    std::unique_ptr<instruments::sim::SimulatorHost> m_simHost;
    std::vector<Entry> m_entries;
};

} // namespace optiqual::station
