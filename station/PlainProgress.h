#pragma once
#include "station/Durability.h"
#include "station/EventBus.h"
#include "station/SnapshotPublisher.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>

namespace optiqual::station {

/// @brief Progress as plain lines, for pipes, CI logs and `--progress plain`: each run's start, each finished
/// top-level step (every step with @p verbose) with its position, verdict and elapsed time, failures of nested
/// steps with their reason, prompts, warnings, and each run's end. A step that runs longer than the heartbeat
/// period gets a line each period saying where it is and, for a wait_until, its live reading — so a 30-minute
/// soak is not 30 minutes of silence.
class PlainProgress : public EventSink {
public:
    struct Options {
        bool verbose = false;
        std::chrono::nanoseconds heartbeat = std::chrono::minutes(1);
        std::chrono::nanoseconds tick = std::chrono::seconds(1); ///< how often running steps are looked at
        /// @brief The durability gate (see LiveTerminal::Options::durable): a run's "finished" line, with its
        /// verdict, waits until this says its results are committed; asked on the bus worker, then every 20 ms
        /// on the heartbeat thread; stop() waits up to @c durableWait. Empty: printed at once.
        DurabilityQuery durable;
        /// @brief The same gate for a step's line: whether the @p ordinal-th step to finish in @p runId (1, 2, …,
        /// every StepFinished counted, shown or not) is committed (DatabaseSink::stepDurable()). A step shown as
        /// finished is then in the database, whatever happens next. Lost (the database failed) is shown at once,
        /// saying so, not held for @c durableWait. Empty: step lines are printed at once.
        std::function<Durability(std::uint64_t runId, int ordinal)> stepDurable;
        std::chrono::milliseconds durableWait{5000};
    };

    /// @brief Lines go to @p out; heartbeats read @p snapshots (none: no heartbeats).
    PlainProgress(std::FILE* out, std::shared_ptr<const SnapshotPublisher> snapshots, Options options);
    ~PlainProgress() override;

    void onEvent(const Event& event) override;

    /// @brief Starts the heartbeat thread.
    void start();
    void stop();

private:
    struct SocketState {
        std::string serial;
        int done = 0;
        int total = 0;
        std::chrono::system_clock::time_point started;
    };
    void heartbeat();
    void emit(const std::string& line);
    /// @brief Prints the held "finished" lines the durability gate lets out, in order; all with @p force.
    /// Returns whether none is left.
    bool release(bool force);

    std::FILE* m_out;
    std::shared_ptr<const SnapshotPublisher> m_snapshots;
    Options m_options;
    bool m_color;
    std::map<int, SocketState> m_sockets; ///< owned by the bus worker

    std::mutex m_outMutex; ///< the bus worker and the heartbeat thread both print
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
    /// Heartbeats printed for each running step (socket, run, step start) so far.
    std::map<std::tuple<int, std::uint64_t, std::int64_t>, int> m_beats;
    /// A finished line waiting for its gate: a run's end (ordinal 0) or the ordinal-th step of the run.
    struct Held {
        std::uint64_t runId;
        int ordinal;
        std::string line;
    };
    std::map<std::uint64_t, int> m_stepsFinished; ///< per running run; owned by the bus worker
    std::mutex m_heldMutex;
    std::deque<Held> m_held; ///< in the order they happened: a line waits for every line before it
};

} // namespace optiqual::station
