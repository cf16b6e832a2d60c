#include "station/TelemetryMonitor.h"

#include "instruments/Chiller.h"
#include "instruments/PowerSupply.h"
#include "instruments/ThermalChamber.h"
#include "station/RoleName.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <spdlog/spdlog.h>
#include <stdexcept>

namespace optiqual::station {

namespace asio = boost::asio;
using instruments::Instrument;
using instruments::InstrumentClass;

namespace {

/// The socket a wired host board serves: its instrument's `fixture@N` role, else the wiring's position.
int socketOfFixture(const StationConfig& config, const std::string& fixture, int position) {
    if (const InstrumentConfig* i = config.find(fixture))
        for (const auto& role : i->roles)
            if (const auto parsed = RoleName::parse(role); parsed && parsed->socket > 0)
                return parsed->socket;
    return config.sockets() == 1 ? 1 : position;
}

void addTarget(std::vector<MonitorTarget>& targets, TelemetryQuantity quantity, Instrument* instrument,
               InstrumentClass expected, int channel, std::vector<int> sockets) {
    if (!instrument || instrument->instrumentClass() != expected || sockets.empty())
        return;
    targets.push_back({quantity, instrument, channel, std::move(sockets)});
}

} // namespace

TelemetryMonitor::TelemetryMonitor(asio::any_io_executor executor, EventBus& bus,
                                   std::shared_ptr<const core::Clock> clock, const InstrumentHolds& holds,
                                   std::vector<MonitorTarget> targets, Options options)
    : m_executor(std::move(executor)), m_bus(bus), m_clock(std::move(clock)), m_holds(holds),
      m_targets(std::move(targets)), m_options(options), m_stats(m_targets.size()), m_allEnded(m_executor) {}

TelemetryMonitor::~TelemetryMonitor() {
    if (m_running > 0)
        spdlog::error("telemetry monitor destroyed with {} poll loop(s) still running", m_running);
}

std::vector<MonitorTarget> TelemetryMonitor::targetsFor(const StationConfig& config,
                                                        const std::function<Instrument*(std::string_view)>& find) {
    std::vector<MonitorTarget> targets;
    if (!config.world)
        return targets;
    const auto& wiring = *config.world;
    std::vector<int> all(std::size_t(config.sockets()));
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = int(i) + 1;
    if (!wiring.chamber.empty())
        addTarget(targets, TelemetryQuantity::Chamber, find(wiring.chamber), InstrumentClass::ThermalChamber, 0, all);
    if (!wiring.coolant.chiller.empty())
        addTarget(targets, TelemetryQuantity::Coolant, find(wiring.coolant.chiller), InstrumentClass::Chiller, 0, all);
    for (std::size_t i = 0; i < wiring.sockets.size(); ++i) {
        const auto& socket = wiring.sockets[i];
        if (!socket.supply.empty())
            addTarget(targets, TelemetryQuantity::SupplyCurrent, find(socket.supply), InstrumentClass::PowerSupply,
                      socket.supplyChannel, {socketOfFixture(config, socket.fixture, int(i) + 1)});
    }
    for (const auto& stand : wiring.cpoStands)
        if (!stand.coreSupply.empty())
            addTarget(targets, TelemetryQuantity::SupplyCurrent, find(stand.coreSupply), InstrumentClass::PowerSupply,
                      stand.coreChannel, {stand.socket});
    return targets;
}

std::chrono::steady_clock::duration TelemetryMonitor::interval(const MonitorTarget& target) const {
    std::chrono::steady_clock::duration real = m_clock->toReal(m_options.period);
    real = std::max<std::chrono::steady_clock::duration>(real, m_options.realFloor);
    // An instrument that needs its messages spaced (Julabo: 250 ms) gets at most a quarter of its line.
    return std::max<std::chrono::steady_clock::duration>(real,
                                                         4 * target.instrument->session().options().commandSpacing);
}

void TelemetryMonitor::start() {
    if (m_options.period <= std::chrono::nanoseconds::zero() || m_stopping || !m_cancel.empty())
        return;
    for (std::size_t i = 0; i < m_targets.size(); ++i) {
        m_cancel.push_back(std::make_unique<asio::cancellation_signal>());
        ++m_running;
        // A loop that ends other than by stop() is logged, never rethrown: a monitor never takes the station down.
        asio::co_spawn(m_executor, poll(i),
                       asio::bind_cancellation_slot(m_cancel.back()->slot(), [this, i](std::exception_ptr error) {
                           if (error && !m_stopping)
                               spdlog::error("telemetry monitor: polling {} ended early",
                                             m_targets[i].instrument->name());
                           ended();
                       }));
    }
}

void TelemetryMonitor::ended() {
    if (--m_running == 0)
        m_allEnded.cancel();
}

asio::awaitable<void> TelemetryMonitor::stop() {
    m_stopping = true;
    for (auto& signal : m_cancel)
        signal->emit(asio::cancellation_type::terminal);
    while (m_running > 0) {
        m_allEnded.expires_at(std::chrono::steady_clock::time_point::max());
        co_await m_allEnded.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

namespace {

/// The target's instrument as the class its quantity needs (a hand-made target may name another: an error, not UB).
template <typename T> T& as(const MonitorTarget& target) {
    auto* typed = dynamic_cast<T*>(target.instrument);
    if (!typed)
        throw std::logic_error(target.instrument->name() + " cannot give the " +
                               std::string(toString(target.quantity)) + " reading");
    return *typed;
}

} // namespace

asio::awaitable<double> TelemetryMonitor::read(const MonitorTarget& target) {
    switch (target.quantity) {
    case TelemetryQuantity::Chamber:
        co_return co_await as<instruments::ThermalChamber>(target).temperature();
    case TelemetryQuantity::Coolant:
        co_return co_await as<instruments::Chiller>(target).bathTemperature();
    case TelemetryQuantity::SupplyCurrent:
        co_return co_await as<instruments::PowerSupply>(target).measureCurrent(target.channel);
    case TelemetryQuantity::Case:
        break;
    }
    throw std::logic_error("the monitor does not read the case thermocouple (the DAQ's scan list is the sequence's)");
}

asio::awaitable<void> TelemetryMonitor::poll(std::size_t index) {
    using namespace asio::experimental::awaitable_operators;
    const MonitorTarget& target = m_targets[index];
    Stats& stats = m_stats[index];
    Instrument& instrument = *target.instrument;
    asio::steady_timer timer(m_executor);
    int failures = 0;
    while (!m_stopping) {
        timer.expires_after(interval(target) * (1 << std::min(failures, 6)));
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (m_stopping)
            break;
        // Never compete with a sequence: a held instrument is the step's, and a busy session would make us wait.
        if (m_holds.held(&instrument)) {
            ++stats.skippedHeld;
            continue;
        }
        if (instrument.session().busy() || !instrument.session().isOpen()) {
            ++stats.skippedBusy;
            continue;
        }
        // `||` completes on the first *success*: a failing read must come back as a value, not wait out the timer.
        auto guarded = [this, &target]() -> asio::awaitable<std::pair<double, std::exception_ptr>> {
            try {
                co_return std::pair{co_await read(target), std::exception_ptr()};
            } catch (...) {
                co_return std::pair{std::nan(""), std::current_exception()};
            }
        };
        asio::steady_timer deadline(m_executor, m_options.pollTimeout);
        const auto began = std::chrono::steady_clock::now();
        const auto result = co_await (guarded() || deadline.async_wait(asio::use_awaitable));
        const auto took = std::chrono::steady_clock::now() - began;
        if (m_stopping)
            break;
        if (result.index() == 1) {
            ++stats.timeouts;
            if (failures++ == 0)
                spdlog::warn("telemetry monitor: {} did not answer within {} ms: polled less often until it does",
                             instrument.name(), m_options.pollTimeout.count());
            continue;
        }
        const auto& [value, error] = std::get<0>(result);
        if (error) {
            ++stats.errors;
            if (failures++ == 0) {
                try {
                    std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    spdlog::warn("telemetry monitor: {}: {}: polled less often until it answers", instrument.name(),
                                 e.what());
                } catch (...) {
                    spdlog::warn("telemetry monitor: {}: unknown error: polled less often until it answers",
                                 instrument.name());
                }
            }
            continue;
        }
        failures = 0;
        ++stats.readings;
        stats.pollTime += took;
        stats.longestPoll = std::max(stats.longestPoll, took);
        const auto now = std::chrono::system_clock::now();
        for (int socket : target.sockets)
            m_bus.publish(MonitorReading{socket, target.quantity, value, instrument.name(), now});
    }
}

} // namespace optiqual::station
