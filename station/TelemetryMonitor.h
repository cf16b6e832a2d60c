#pragma once
#include "core/Clock.h"
#include "station/EventBus.h"
#include "station/InstrumentHolds.h"
#include "station/StationConfig.h"
#include "station/Telemetry.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace optiqual::instruments {
class Instrument;
}

namespace optiqual::station {

/// @brief One quantity the monitor polls: a chamber's air temperature, a chiller's bath temperature or a supply
/// output's current, and the sockets whose charts it belongs to.
struct MonitorTarget {
    TelemetryQuantity quantity = TelemetryQuantity::Chamber;
    instruments::Instrument* instrument = nullptr; ///< a ThermalChamber, a Chiller or a PowerSupply
    int channel = 0;                               ///< the supply output (SupplyCurrent)
    std::vector<int> sockets;                      ///< one MonitorReading per socket per reading
};

/// @brief The station-side telemetry monitor of the live charts: while it runs, one coroutine per target on the
/// engine's executor polls a side-effect-free query through the station's own driver and publishes each reading as
/// a MonitorReading, which TelemetryReducer folds into the sockets' series like a sequence's readings.
///
/// It never competes with a sequence: a poll is skipped while a running step holds the instrument
/// (InstrumentHolds) or while the instrument's session has a command in flight or queued (ScpiSession::busy), so it
/// never waits on a busy instrument; a poll that starts is one query, bounded by a timeout, so a hung instrument
/// costs the monitor that one target's poll and never the others' (each target polls on its own). After a failed
/// poll the target waits twice as long, up to 64 periods. Not the DAQ: its thermocouple read reprograms the scan list
/// a sequence may have set. Single-threaded: start() and stop() on the executor.
class TelemetryMonitor {
public:
    struct Options {
        /// @brief Simulation time between polls; 0: off. 10 s: a series' 1,440 samples then span the charts' four
        /// hours.
        std::chrono::nanoseconds period = std::chrono::seconds(10);
        /// @brief Real time between two polls of one target at least (a large time scale would otherwise poll
        /// thousands of times a real second); also at least four times the session's command spacing.
        std::chrono::milliseconds realFloor{100};
        std::chrono::milliseconds pollTimeout{1000}; ///< real time one poll may take before it is abandoned
    };
    /// @brief What one target's polls came to.
    struct Stats {
        std::uint64_t readings = 0;    ///< polls that gave a reading (published)
        std::uint64_t skippedHeld = 0; ///< a step held the instrument
        std::uint64_t skippedBusy = 0; ///< the session had a command in flight or queued, or was not open
        std::uint64_t timeouts = 0;    ///< abandoned after pollTimeout
        std::uint64_t errors = 0;      ///< the driver threw (logged once per run of failures)
        std::chrono::steady_clock::duration pollTime{};    ///< real time of the polls that gave a reading, summed
        std::chrono::steady_clock::duration longestPoll{}; ///< of those, the longest: what a step could queue behind
    };

    TelemetryMonitor(boost::asio::any_io_executor executor, EventBus& bus, std::shared_ptr<const core::Clock> clock,
                     const InstrumentHolds& holds, std::vector<MonitorTarget> targets, Options options);
    /// @brief The loops must have ended: stop() awaited, or start() never called.
    ~TelemetryMonitor();
    TelemetryMonitor(const TelemetryMonitor&) = delete;
    TelemetryMonitor& operator=(const TelemetryMonitor&) = delete;

    /// @brief What the station wiring says is worth charting: the chamber the sockets sit in and the coolant loop's
    /// chiller (every socket's), and each socket's supply output (`sockets:` supply and channel; a CPO position's
    /// core rail). @p find maps an instrument name to its driver (null: skipped, as is a driver of another class).
    /// A socket's supply goes to the socket its fixture's role names (`fixture@2`). A station without `wiring:` has no
    /// targets.
    static std::vector<MonitorTarget> targetsFor(const StationConfig& config,
                                                 const std::function<instruments::Instrument*(std::string_view)>& find);

    /// @brief Starts one polling coroutine per target (none when the period is 0).
    void start();
    /// @brief Cancels every loop, a poll in flight included, and returns once all have ended. Idempotent.
    boost::asio::awaitable<void> stop();

    /// @brief The real time between two polls of @p target (before any back-off).
    std::chrono::steady_clock::duration interval(const MonitorTarget& target) const;
    const std::vector<MonitorTarget>& targets() const { return m_targets; }
    /// @brief By target, as targets().
    const std::vector<Stats>& stats() const { return m_stats; }

private:
    boost::asio::awaitable<void> poll(std::size_t index);
    boost::asio::awaitable<double> read(const MonitorTarget& target);
    void ended();

    boost::asio::any_io_executor m_executor;
    EventBus& m_bus;
    std::shared_ptr<const core::Clock> m_clock;
    const InstrumentHolds& m_holds;
    std::vector<MonitorTarget> m_targets;
    Options m_options;
    std::vector<Stats> m_stats;
    std::vector<std::unique_ptr<boost::asio::cancellation_signal>> m_cancel; ///< one per running loop
    std::size_t m_running = 0;
    bool m_stopping = false;
    boost::asio::steady_timer m_allEnded; ///< stop() parks here until the last loop ends
};

} // namespace optiqual::station
