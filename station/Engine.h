#pragma once
#include "core/Clock.h"
#include "sequences/Sequence.h"
#include "station/EventBus.h"
#include "station/InstrumentHolds.h"
#include "station/InstrumentMethods.h"
#include "station/PromptBroker.h"
#include "station/ResourceManager.h"
#include "station/RunOverrides.h"
#include "station/Value.h"

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace optiqual::station {

class SocketRunner;
class BatchCoordinator;

/// @brief How the units of a run are scheduled.
enum class ProcessModel {
    Sequential, ///< one socket after another
    Parallel,   ///< every socket at once, each its own run, sharing instruments through leases
    Batch,      ///< every socket at once in one chamber; `batch: true` steps run once for all
};

/// @brief One unit on one socket.
struct UnitUnderTest {
    std::string serial;
    std::string partNumber;
    std::string revision;
    std::string lot;
    /// @brief The engineering overrides this unit runs under (null: none), taken when it was scanned.
    std::shared_ptr<const RunOverrides> overrides = {};
};

/// @brief An instrument a role resolves to on a socket.
struct RoleBinding {
    std::string role;
    int socket = 0; ///< 0: every socket
    instruments::Instrument* instrument = nullptr;
};

struct RunOptions {
    std::shared_ptr<const sequences::Sequence> sequence;
    std::vector<UnitUnderTest> units; ///< socket i+1 tests units[i]
    /// @brief The station's sockets (StationConfig::sockets()); more units than that are refused, since a socket's
    /// instruments serve one unit at a time: hand the rest out through nextUnit. 0: one socket per unit.
    int sockets = 0;
    ProcessModel model = ProcessModel::Parallel;
    std::string operatorName;
    std::string stationName;
    std::map<std::string, Value> parameters; ///< overrides of the sequence's parameters
    std::chrono::steady_clock::duration cleanupStepTimeout =
        std::chrono::seconds(30); ///< real time, per cleanup step without its own timeout
    std::chrono::steady_clock::duration safeStateTimeout = std::chrono::seconds(10); ///< real time, per instrument
    std::chrono::steady_clock::duration leaseTimeout = std::chrono::minutes(10);
    /// @brief A simulated operator answers every prompt at once (confirm: yes; number: mid-range; text: "SIM").
    /// For unattended simulated lots; the answers are logged and recorded like typed ones.
    bool autoAnswerPrompts = false;
    /// @brief Sequential and parallel models: when a socket finishes its unit, the next unit to test on it
    /// (std::nullopt: that socket is done). A production lot keeps every socket busy this way. Not used by the
    /// batch model, whose sockets start and end together. Called on the engine's executor.
    std::function<std::optional<UnitUnderTest>(int socket)> nextUnit;
    /// @brief A station that keeps accepting units while it runs (the panel's scan-to-start): each socket
    /// co_awaits its next unit here — first when it has no entry in @c units, then after every unit — and ends
    /// on std::nullopt. Set, it replaces nextUnit, @c units may be empty and the run has @c sockets sockets.
    /// Not for the batch model. Awaited on the engine's executor.
    std::function<boost::asio::awaitable<std::optional<UnitUnderTest>>(int socket)> unitSource;
    /// @brief The station's data the sequence reads (`station_data:`): for a socket and a name, its values (one
    /// for a number, several for a table), or null when the station has none. Null function: no station data.
    std::function<const std::vector<double>*(int socket, const std::string& name)> stationData;
};

/// @brief What one socket's run ended with.
struct SocketResult {
    int socket = 0;
    std::uint64_t runId = 0;
    std::string serial;
    sequences::Verdict verdict = sequences::Verdict::NotRun;
    std::string reason;
    std::string failedStep;
};

/// @brief A step type registered from C++: gets the step's evaluated arguments, returns its verdict.
struct CustomStepContext {
    int socket = 0;
    const sequences::Step* step = nullptr;
    std::map<std::string, Value> args;
    std::function<instruments::Instrument*(const std::string& role)> instrument;
    std::vector<sequences::Measurement> measurements; ///< the step may record measurements
};
using CustomStepHandler = std::function<boost::asio::awaitable<sequences::Verdict>(CustomStepContext&)>;

/// @brief The test executive: runs a validated sequence on one or many units with a process model, emitting
/// an event for every state change.
///
/// Every socket's run is a coroutine on one executor. **Terminate** lets the current step finish, then runs
/// cleanup. **Abort** cancels the awaited operation at once (an instrument read, a wait, a prompt, a lease),
/// then runs the cleanup group — each step under its own timeout — and every used instrument's safeState(),
/// each under its own timeout, always: also when the abort came from an instrument fault or an exception, and
/// whatever else is requested meanwhile. requestAbort()/requestTerminate() are thread-safe (signal handlers
/// and the panel call them). requestAbort(socket)/requestTerminate(socket) do the same to one socket's current
/// unit only (its cleanup, then safe state of the instruments no other socket uses); the socket then takes its
/// next unit.
class Engine {
public:
    Engine(boost::asio::any_io_executor executor, EventBus& bus, std::shared_ptr<const core::Clock> clock,
           std::vector<RoleBinding> roles, const InstrumentMethods& methods = InstrumentMethods::builtin());
    ~Engine();

    boost::asio::awaitable<std::vector<SocketResult>> run(RunOptions options);

    void requestTerminate();
    void requestAbort(std::string reason);
    /// @brief Terminates socket @p socket's current unit (none running: nothing happens). Thread-safe.
    void requestTerminate(int socket);
    /// @brief Aborts socket @p socket's current unit (none running: nothing happens). Thread-safe.
    void requestAbort(int socket, std::string reason);
    bool aborting() const { return m_abortRequested.load(); }
    /// @brief Whether the whole run or socket @p socket's current unit is aborting.
    bool aborting(int socket) const;
    /// @brief "aborted: <reason>" once an abort was requested.
    std::string abortReason() const { return m_abortReason.empty() ? "aborted" : "aborted: " + m_abortReason; }
    /// @brief abortReason() of the whole run, else of socket @p socket's own abort. On the executor.
    std::string abortReason(int socket) const;

    PromptBroker& prompts() { return m_prompts; }
    void registerStepType(std::string name, CustomStepHandler handler);

    // Used by SocketRunner.
    const core::Clock& clock() const { return *m_clock; }
    EventBus& bus() { return m_bus; }
    const InstrumentMethods& methods() const { return m_methods; }
    ResourceManager& resources() { return m_resources; }
    /// @brief The instruments running steps hold now (SocketRunner marks them; the telemetry monitor reads them).
    InstrumentHolds& holds() { return m_holds; }
    const InstrumentHolds& holds() const { return m_holds; }
    const CustomStepHandler* customStep(const std::string& name) const;
    instruments::Instrument* instrumentFor(const std::string& role, int socket) const;
    /// @brief Whether @p instrument serves more than one socket in this run (then steps lease it).
    bool shared(const instruments::Instrument* instrument) const;
    bool terminateRequested() const { return m_terminateRequested.load(); }
    /// @brief Whether the whole run or socket @p socket's current unit is to terminate.
    bool terminateRequested(int socket) const;
    const boost::asio::any_io_executor& executor() const { return m_executor; }
    std::uint64_t nextRunId() { return m_nextRunId++; }

private:
    boost::asio::awaitable<SocketResult> runSocket(const RunOptions& options, int socket, const UnitUnderTest& unit,
                                                   BatchCoordinator* batch);
    /// @brief Runs socket @p socket's unit, then the units RunOptions::nextUnit hands it, into @p results.
    boost::asio::awaitable<void> runSocketStream(const RunOptions& options, int socket, BatchCoordinator* batch,
                                                 std::vector<SocketResult>& results);
    boost::asio::awaitable<void> safeStateAll(const RunOptions& options, int sockets);
    /// @brief The instruments of socket @p socket's roles that no other socket uses.
    boost::asio::awaitable<void> safeStateOwn(const RunOptions& options, int socket);
    boost::asio::awaitable<void> safeState(const std::set<instruments::Instrument*>& instruments,
                                           std::chrono::steady_clock::duration timeout);
    /// @brief The next unit for @p socket from unitSource or nextUnit (std::nullopt: the socket is done).
    boost::asio::awaitable<std::optional<UnitUnderTest>> nextUnitFor(const RunOptions& options, int socket);

    /// @brief One socket's own stop requests, for its current unit; reset when it starts the next. The flags are
    /// read from any thread, the rest is touched on the executor only.
    struct SocketControl {
        std::atomic<bool> abort{false};
        std::atomic<bool> terminate{false};
        bool running = false;
        std::string reason;
    };

    boost::asio::any_io_executor m_executor;
    EventBus& m_bus;
    std::shared_ptr<const core::Clock> m_clock;
    std::vector<RoleBinding> m_roles;
    const InstrumentMethods& m_methods;
    ResourceManager m_resources;
    InstrumentHolds m_holds;
    PromptBroker m_prompts;
    std::map<std::string, CustomStepHandler> m_customSteps;
    std::map<const instruments::Instrument*, int> m_socketsPerInstrument;
    std::vector<std::unique_ptr<boost::asio::cancellation_signal>> m_abortSignals;
    std::vector<std::unique_ptr<SocketControl>> m_socketControls; ///< by socket - 1, sized when run() starts
    std::atomic<bool> m_abortRequested{false};
    std::atomic<bool> m_terminateRequested{false};
    std::string m_abortReason;
    std::uint64_t m_nextRunId = 1;
};

} // namespace optiqual::station
