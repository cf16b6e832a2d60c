#pragma once
#include "sequences/Measurement.h"
#include "sequences/Sequence.h"
#include "station/Engine.h"
#include "station/Events.h"
#include "station/ExpressionRunner.h"
#include "station/Scope.h"

#include <boost/asio/awaitable.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief Runs the steps of one socket's run: preconditions, retries, run modes, timeouts, leases, every step
/// type, and the events that report them. Owned by Engine::runSocket; lives as long as that run.
class SocketRunner {
public:
    /// @p overrides: the engineering overrides the unit runs under (null: none); they outlive the runner.
    SocketRunner(Engine& engine, const RunOptions& options, int socket, std::uint64_t runId,
                 const sequences::LimitSet* limits, BatchCoordinator* batch, const RunOverrides* overrides = nullptr);

    /// @brief How a group of steps ended.
    struct GroupResult {
        sequences::Verdict verdict = sequences::Verdict::NotRun;
        bool stopped = false; ///< a step failed with on_fail: stop, or the run was aborted/terminated
    };

    /// @brief Runs @p steps in order under @p path. In cleanup every step runs (each under its own timeout)
    /// whatever the earlier ones did, and neither terminate nor abort stops it.
    boost::asio::awaitable<GroupResult> runGroup(const std::vector<sequences::Step>& steps, const std::string& path,
                                                 Scope& scope, bool cleanup);

    Scope& rootScope() { return m_root; }
    sequences::Verdict verdict() const { return m_verdict; }
    const std::string& reason() const { return m_reason; }
    const std::string& failedStep() const { return m_failedStep; }
    const std::set<instruments::Instrument*>& usedInstruments() const { return m_used; }
    void markAborted(const std::string& reason);
    /// @brief Ends the run as Error before it starts (what it needs is missing), with @p reason.
    void refuse(const std::string& reason) { upgrade(sequences::Verdict::Error, reason); }

private:
    struct Outcome {
        std::vector<sequences::Measurement> measurements;
        std::vector<double> declared; ///< each measurement's value in its declared unit (for expressions)
        std::string error;
        std::vector<sequences::Trace> traces;
    };
    /// @brief What a running sweep collects from the steps of one point: its y measurement, per lane.
    struct PointCapture {
        std::string measurement;
        std::map<int, double> values; ///< lane (0 without one) → value in its declared unit
    };

    // One step: StepStarted, precondition, attempts (each under the step's timeout, lease and batch barrier),
    // run mode, then record() — OpenHTF's retry loop over one attempt.
    boost::asio::awaitable<sequences::Verdict> runStep(const sequences::Step& step, const std::string& path,
                                                       Scope& scope, bool cleanup);
    /// @brief False when the step's `if:` is false (@p verdict stays Skipped) or cannot be evaluated (Error).
    bool preconditionHolds(const sequences::Step& step, const Scope& scope, Outcome& outcome,
                           sequences::Verdict& verdict);
    /// @brief Attempts the step until it passes or its `retry:` is spent; counts the attempts.
    boost::asio::awaitable<sequences::Verdict> runAttempts(const sequences::Step& step, const std::string& path,
                                                           Scope& scope, Outcome& outcome, int& attempts, bool cleanup);
    /// @brief One attempt; every exception becomes a verdict (Aborted when the run is aborting, else Error).
    boost::asio::awaitable<sequences::Verdict> attempt(const sequences::Step& step, const std::string& path,
                                                       Scope& scope, Outcome& outcome, bool cleanup);
    boost::asio::awaitable<sequences::Verdict> runWithTimeout(const sequences::Step& step, const std::string& path,
                                                              Scope& scope, Outcome& outcome, bool cleanup);
    /// @brief Meets the other sockets first for a batch step, then runLeased().
    boost::asio::awaitable<sequences::Verdict> runSynchronised(const sequences::Step& step, const std::string& path,
                                                               Scope& scope, Outcome& outcome, bool cleanup);
    /// @brief Leases the shared instruments the step uses, then runBody().
    boost::asio::awaitable<sequences::Verdict> runLeased(const sequences::Step& step, const std::string& path,
                                                         Scope& scope, Outcome& outcome, bool cleanup);
    boost::asio::awaitable<sequences::Verdict> runBody(const sequences::Step& step, const std::string& path,
                                                       Scope& scope, Outcome& outcome, bool cleanup);
    /// @brief The run mode of @p step: the panel's override when it has one, else the sequence file's.
    sequences::RunMode runModeOf(const sequences::Step& step) const;
    /// @brief An engineer's run mode: skip, force_pass or force_fail, noted in the step's message.
    sequences::Verdict applyRunMode(const sequences::Step& step, sequences::Verdict verdict, Outcome& outcome) const;
    /// @brief Books a finished step: its values for later expressions, the run's verdict and reason, its events.
    void record(const sequences::Step& step, const std::string& path, sequences::Verdict verdict, Outcome& outcome,
                WallTime started, int attempts);
    /// @brief The same rule for a step that judged measurements: @p verdict raised to the most severe of theirs,
    /// and the first failing one becomes the step's reason unless it already has one.
    static sequences::Verdict judged(sequences::Verdict verdict, Outcome& outcome);
    /// @brief The run's verdict rule, in one place: the verdict only goes up in severity and the first reason
    /// given wins (OpenTAP's UpgradeVerdict).
    void upgrade(sequences::Verdict verdict, const std::string& reason);
    boost::asio::awaitable<sequences::Verdict> measure(const sequences::Step& step, Scope& outer, Outcome& outcome);
    /// @brief Polls until the reading holds within tolerance; publishes WaitProgress (at most every 50 ms real).
    boost::asio::awaitable<sequences::Verdict> waitUntil(const sequences::Step& step, const std::string& path,
                                                         Scope& scope, Outcome& outcome);
    boost::asio::awaitable<sequences::Verdict> forEach(const sequences::Step& step, const std::string& path,
                                                       Scope& scope, bool cleanup);
    boost::asio::awaitable<sequences::Verdict> sweep(const sequences::Step& step, const std::string& path, Scope& scope,
                                                     Outcome& outcome, bool cleanup);
    /// @brief A for_each's (or sweep's) values: its list, or its range expanded.
    std::vector<Value> loopValues(const sequences::ForEachSpec& loop, const Scope& scope);
    boost::asio::awaitable<sequences::Verdict> callSubsequence(const sequences::Step& step, const std::string& path,
                                                               Scope& scope, bool cleanup);
    boost::asio::awaitable<sequences::Verdict> prompt(const sequences::Step& step, Scope& scope, Outcome& outcome);
    boost::asio::awaitable<sequences::Verdict> stringCheck(const sequences::Step& step, Scope& scope, Outcome& outcome);
    boost::asio::awaitable<sequences::Verdict> custom(const sequences::Step& step, Scope& scope, Outcome& outcome);

    boost::asio::awaitable<Value> call(const sequences::InstrumentCall& call, Scope& scope);
    instruments::Instrument& instrument(const std::string& role);
    boost::asio::awaitable<void> sleep(std::chrono::nanoseconds simulated);
    void judge(const sequences::MeasurementSpec& spec, double value, const std::string& valueUnit, const Scope& scope,
               std::optional<int> lane, Outcome& outcome);
    /// @brief The catalog entry of the method @p call names (nullptr: unknown).
    const sequences::MethodSignature* signatureOf(const sequences::InstrumentCall& call);
    /// @brief The lanes of @p spec: its list, or its run-time range evaluated in @p scope.
    std::vector<int> lanesOf(const sequences::LaneSpec& spec, const Scope& scope);
    /// @brief Records element i of the list @p value as lane i, for each lane of @p spec, once.
    void judgeLanes(const sequences::MeasurementSpec& spec, const Value& value, const std::string& unit,
                    const Scope& scope, Outcome& outcome);
    /// @brief Sets, in @p laneScope, each per-lane measurement's bare name to its value on @p lane.
    void bindLane(Scope& laneScope, int lane) const;
    void collectInstruments(const sequences::Step& step, std::set<instruments::Instrument*>& out);
    void remember(const sequences::Step& step, const std::vector<sequences::Measurement>& measurements,
                  const std::vector<double>& declared);

    Engine& m_engine;
    const RunOptions& m_options;
    int m_socket;
    std::uint64_t m_runId;
    const sequences::LimitSet* m_limits;
    BatchCoordinator* m_batch;
    const RunOverrides* m_overrides;
    ExpressionRunner m_expressions;
    Scope m_root;
    sequences::Verdict m_verdict = sequences::Verdict::NotRun;
    std::string m_reason;
    std::string m_failedStep;
    std::set<instruments::Instrument*> m_used;
    std::set<std::string> m_laneNames;         ///< measurements recorded per lane so far
    std::set<instruments::Instrument*> m_held; ///< shared instruments this socket holds a lease on right now
    PointCapture* m_capture = nullptr;         ///< the innermost running sweep's, if any
    std::vector<StepFrame> m_frames;           ///< the loops and calls the running step is inside, outermost first
};

} // namespace optiqual::station
