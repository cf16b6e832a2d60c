#include "station/Engine.h"

#include "station/BatchCoordinator.h"
#include "station/SocketRunner.h"

#include <algorithm>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>
#include <spdlog/spdlog.h>

namespace optiqual::station {

namespace asio = boost::asio;
using namespace optiqual::sequences;
using instruments::Instrument;

Engine::Engine(asio::any_io_executor executor, EventBus& bus, std::shared_ptr<const core::Clock> clock,
               std::vector<RoleBinding> roles, const InstrumentMethods& methods)
    : m_executor(std::move(executor)), m_bus(bus), m_clock(std::move(clock)), m_roles(std::move(roles)),
      m_methods(methods), m_resources(m_executor), m_prompts(m_executor, &bus) {}

Engine::~Engine() = default;

void Engine::registerStepType(std::string name, CustomStepHandler handler) {
    m_customSteps[std::move(name)] = std::move(handler);
}

const CustomStepHandler* Engine::customStep(const std::string& name) const {
    auto it = m_customSteps.find(name);
    return it == m_customSteps.end() ? nullptr : &it->second;
}

Instrument* Engine::instrumentFor(const std::string& role, int socket) const {
    Instrument* any = nullptr;
    for (const auto& b : m_roles) {
        if (b.role != role)
            continue;
        if (b.socket == socket)
            return b.instrument;
        if (b.socket == 0)
            any = b.instrument;
    }
    return any;
}

bool Engine::shared(const Instrument* instrument) const {
    auto it = m_socketsPerInstrument.find(instrument);
    return it != m_socketsPerInstrument.end() && it->second > 1;
}

void Engine::requestTerminate() {
    m_terminateRequested = true;
}

void Engine::requestTerminate(int socket) {
    asio::post(m_executor, [this, socket] {
        if (socket < 1 || socket > int(m_socketControls.size()))
            return;
        SocketControl& control = *m_socketControls[std::size_t(socket - 1)];
        if (!control.running)
            return; // a request for a unit that already ended must not stop the next one
        spdlog::info("socket {}: terminate: the current step finishes, then cleanup runs", socket);
        control.terminate = true;
    });
}

void Engine::requestAbort(int socket, std::string reason) {
    asio::post(m_executor, [this, socket, reason = std::move(reason)] {
        if (socket < 1 || socket > int(m_socketControls.size()))
            return;
        SocketControl& control = *m_socketControls[std::size_t(socket - 1)];
        if (!control.running)
            return;
        if (control.abort.exchange(true)) {
            spdlog::warn("socket {}: abort already in progress: cleanup and safe state still run", socket);
            return;
        }
        control.reason = reason;
        spdlog::warn("socket {}: abort: {}", socket, reason);
        m_abortSignals[std::size_t(socket - 1)]->emit(asio::cancellation_type::terminal);
    });
}

bool Engine::aborting(int socket) const {
    if (m_abortRequested)
        return true;
    return socket >= 1 && socket <= int(m_socketControls.size()) && m_socketControls[std::size_t(socket - 1)]->abort;
}

bool Engine::terminateRequested(int socket) const {
    if (m_terminateRequested)
        return true;
    return socket >= 1 && socket <= int(m_socketControls.size()) &&
           m_socketControls[std::size_t(socket - 1)]->terminate;
}

std::string Engine::abortReason(int socket) const {
    if (m_abortRequested || socket < 1 || socket > int(m_socketControls.size()))
        return abortReason();
    const std::string& reason = m_socketControls[std::size_t(socket - 1)]->reason;
    return reason.empty() ? "aborted" : "aborted: " + reason;
}

asio::awaitable<std::optional<UnitUnderTest>> Engine::nextUnitFor(const RunOptions& options, int socket) {
    if (options.unitSource)
        co_return co_await options.unitSource(socket);
    if (options.nextUnit)
        co_return options.nextUnit(socket);
    co_return std::nullopt;
}

void Engine::requestAbort(std::string reason) {
    if (m_abortRequested.exchange(true)) {
        spdlog::warn("abort already in progress: cleanup and safe state still run");
        return;
    }
    asio::post(m_executor, [this, reason = std::move(reason)] {
        m_abortReason = reason;
        spdlog::warn("abort: {}", reason);
        for (auto& s : m_abortSignals)
            s->emit(asio::cancellation_type::terminal);
    });
}

asio::awaitable<void> Engine::runSocketStream(const RunOptions& options, int socket, BatchCoordinator* batch,
                                              std::vector<SocketResult>& results) {
    std::optional<UnitUnderTest> first;
    if (std::size_t(socket) <= options.units.size()) {
        first = options.units[std::size_t(socket - 1)];
    } else {
        // A socket without a unit of its own waits for its first one (a scan at the panel).
        first = co_await nextUnitFor(options, socket);
        if (m_abortRequested || m_terminateRequested)
            co_return;
    }
    if (!first)
        co_return;
    UnitUnderTest unit = std::move(*first);
    SocketControl& control = *m_socketControls[std::size_t(socket - 1)];
    while (true) {
        // The socket's own stop requests are for the unit they were made during: each unit starts clean.
        control.abort = false;
        control.terminate = false;
        control.reason.clear();
        control.running = true;
        bool ownAbort = false;
        try {
            results.push_back(co_await runSocket(options, socket, unit, batch));
            ownAbort = control.abort && !m_abortRequested;
        } catch (const std::exception& e) {
            SocketResult failed;
            failed.socket = socket;
            failed.serial = unit.serial;
            failed.verdict = Verdict::Error;
            failed.reason = e.what();
            results.push_back(failed);
        }
        control.running = false;
        // An abort of this socket alone: its own instruments go to their safe state before the next unit (the
        // shared ones serve sockets still running; the run's end puts them in theirs).
        if (ownAbort)
            co_await safeStateOwn(options, socket);
        if (batch || m_abortRequested || m_terminateRequested)
            co_return;
        auto next = co_await nextUnitFor(options, socket);
        if (!next || m_abortRequested || m_terminateRequested)
            co_return;
        unit = std::move(*next);
    }
}

asio::awaitable<SocketResult> Engine::runSocket(const RunOptions& options, int socket, const UnitUnderTest& unit,
                                                BatchCoordinator* batch) {
    const Sequence& sequence = *options.sequence;
    // An engineer's limit-set choice replaces the part's own; one the sequence lacks ends the run before it starts.
    const LimitSet* limits = nullptr;
    std::string limitsProblem;
    try {
        limits = chooseLimitSet(sequence, unit.partNumber, unit.revision, unit.overrides.get());
    } catch (const std::invalid_argument& e) {
        limitsProblem = e.what();
    }
    SocketResult result;
    result.socket = socket;
    result.serial = unit.serial;
    result.runId = nextRunId();
    m_bus.publish(RunStarted{result.runId, socket, unit.serial, unit.partNumber, unit.revision, unit.lot,
                             options.operatorName, options.stationName, options.sequence,
                             limits ? limits->identity() : std::string(), limits ? limits->hash : std::string(),
                             std::chrono::system_clock::now(), unit.overrides});
    SocketRunner runner(*this, options, socket, result.runId, limits, batch, unit.overrides.get());
    Scope& root = runner.rootScope();
    // The run's identity, as every sequence may read it (docs/sequences.md, "Variables").
    root.set("serial", unit.serial);
    root.set("part_number", unit.partNumber);
    root.set("revision", unit.revision);
    root.set("lot", unit.lot);
    root.set("socket", double(socket));
    for (const auto& p : sequence.params) {
        if (p.isText)
            root.set(p.name, p.text);
        else
            root.set(p.name, p.value);
    }
    for (const auto& [name, value] : options.parameters)
        root.set(name, value);
    // A sequence that reads station data the station lacks cannot measure anything right: refuse it up front.
    std::string missing;
    for (const auto& d : sequence.stationData)
        if (!options.stationData || !options.stationData(socket, d.name))
            missing += (missing.empty() ? "" : ", ") + d.name;
    if (!missing.empty())
        runner.refuse("the station file has no station_data for socket " + std::to_string(socket) + ": " + missing);
    if (!limitsProblem.empty())
        runner.refuse(limitsProblem);

    if (!aborting(socket) && missing.empty() && limitsProblem.empty()) {
        auto body = [&]() -> asio::awaitable<void> {
            auto setup = co_await runner.runGroup(sequence.setup, "setup", root, false);
            if (!setup.stopped)
                co_await runner.runGroup(sequence.main, "main", root, false);
        };
        try {
            co_await asio::co_spawn(
                m_executor, body(),
                asio::bind_cancellation_slot(m_abortSignals[std::size_t(socket - 1)]->slot(), asio::use_awaitable));
        } catch (const std::exception& e) {
            // Steps catch their own failures; what reaches here is the cancellation of the whole body.
            if (!aborting(socket))
                spdlog::error("socket {}: {}", socket, e.what());
        }
    }
    if (aborting(socket))
        runner.markAborted(abortReason(socket));
    // Cleanup always runs, outside the cancelled body: a second abort cannot skip it.
    co_await runner.runGroup(sequence.cleanup, "cleanup", root, true);
    if (batch)
        batch->leave();
    result.verdict = runner.verdict();
    if (result.verdict == Verdict::NotRun)
        result.verdict = Verdict::Done;
    result.reason = runner.reason();
    result.failedStep = runner.failedStep();
    m_bus.publish(RunFinished{result.runId, socket, unit.serial, result.verdict, result.reason,
                              std::chrono::system_clock::now()});
    co_return result;
}

asio::awaitable<void> Engine::safeStateAll(const RunOptions& options, int sockets) {
    std::set<Instrument*> instruments;
    for (const auto& role : options.sequence->roles)
        for (int s = 1; s <= sockets; ++s)
            if (Instrument* i = instrumentFor(role.name, s))
                instruments.insert(i);
    co_await safeState(instruments, options.safeStateTimeout);
}

asio::awaitable<void> Engine::safeStateOwn(const RunOptions& options, int socket) {
    std::set<Instrument*> instruments;
    for (const auto& role : options.sequence->roles)
        if (Instrument* i = instrumentFor(role.name, socket); i && !shared(i))
            instruments.insert(i);
    co_await safeState(instruments, options.safeStateTimeout);
}

asio::awaitable<void> Engine::safeState(const std::set<Instrument*>& instruments,
                                        std::chrono::steady_clock::duration timeout) {
    using namespace asio::experimental::awaitable_operators;
    for (Instrument* i : instruments) {
        try {
            // `||` completes on the first *success*: a failing safeState() must come back as a value, not wait
            // out the timer.
            auto guarded = [i]() -> asio::awaitable<std::exception_ptr> {
                try {
                    co_await i->safeState();
                    co_return nullptr;
                } catch (...) {
                    co_return std::current_exception();
                }
            };
            asio::steady_timer timer(m_executor, timeout);
            auto r = co_await (guarded() || timer.async_wait(asio::use_awaitable));
            if (r.index() == 0 && std::get<0>(r))
                std::rethrow_exception(std::get<0>(r));
            if (r.index() == 1)
                spdlog::error("{}: safe state timed out", i->name());
        } catch (const std::exception& e) {
            // Logged, not published: where a view shows the log (the live terminal, the panel) it routes the log
            // onto the bus itself (BusLogSink), and publishing here too would show the line twice.
            spdlog::error("{}: safe state failed: {}", i->name(), e.what());
        }
    }
}

asio::awaitable<std::vector<SocketResult>> Engine::run(RunOptions options) {
    if (!options.sequence)
        throw std::invalid_argument("no sequence to run");
    if (options.units.empty() && !options.unitSource)
        throw std::invalid_argument("no unit to test");
    if (options.unitSource && options.sockets <= 0)
        throw std::invalid_argument("a run that takes units as they come needs its number of sockets");
    if (options.unitSource && options.model == ProcessModel::Batch)
        throw std::invalid_argument("a batch starts and ends together: it takes its units up front");
    if (options.sockets > 0 && int(options.units.size()) > options.sockets)
        throw std::invalid_argument(std::to_string(options.units.size()) + " units for a station with " +
                                    std::to_string(options.sockets) +
                                    " socket(s): a socket's instruments serve one unit at a time (queue the rest "
                                    "through RunOptions::nextUnit)");
    m_abortRequested = false;
    m_terminateRequested = false;
    m_abortReason.clear();
    m_abortSignals.clear();
    m_socketControls.clear();
    m_socketsPerInstrument.clear();
    const int sockets = options.unitSource ? options.sockets : int(options.units.size());
    for (int s = 1; s <= sockets; ++s) {
        m_abortSignals.push_back(std::make_unique<asio::cancellation_signal>());
        m_socketControls.push_back(std::make_unique<SocketControl>());
    }
    for (const auto& role : options.sequence->roles) {
        std::set<Instrument*> perRole;
        for (int s = 1; s <= sockets; ++s)
            if (Instrument* i = instrumentFor(role.name, s))
                ++m_socketsPerInstrument[i];
    }
    // An instrument counted once per socket and role: shared when more than one socket uses it.
    for (auto& [instrument, count] : m_socketsPerInstrument)
        count = std::min(count, sockets);

    std::vector<SocketResult> results;
    if (options.model == ProcessModel::Sequential || sockets == 1) {
        for (int s = 1; s <= sockets; ++s)
            co_await runSocketStream(options, s, nullptr, results);
    } else {
        std::unique_ptr<BatchCoordinator> batch;
        if (options.model == ProcessModel::Batch)
            batch = std::make_unique<BatchCoordinator>(m_executor, sockets);
        using namespace asio::experimental;
        std::vector<decltype(asio::co_spawn(m_executor, runSocketStream(options, 1, nullptr, results), asio::deferred))>
            ops;
        for (int s = 1; s <= sockets; ++s)
            ops.push_back(
                asio::co_spawn(m_executor, runSocketStream(options, s, batch.get(), results), asio::deferred));
        co_await make_parallel_group(std::move(ops)).async_wait(wait_for_all(), asio::use_awaitable);
        std::stable_sort(results.begin(), results.end(),
                         [](const SocketResult& a, const SocketResult& b) { return a.runId < b.runId; });
    }
    co_await safeStateAll(options, sockets);
    co_return results;
}

} // namespace optiqual::station
