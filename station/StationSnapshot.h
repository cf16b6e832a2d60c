#pragma once
#include "sequences/Measurement.h"
#include "sequences/Sequence.h"
#include "sequences/Verdict.h"
#include "station/DurationEstimate.h"
#include "station/Events.h"
#include "station/RunPlan.h"
#include "station/Telemetry.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace optiqual::station {

/// @brief The latest reading of a wait_until step against its target (from WaitProgress).
struct WaitReadingView {
    std::string role;   ///< "chamber"
    std::string method; ///< "temperature"
    double value = 0;
    double target = 0;
    double tolerance = 0;
    std::string unit;
    std::chrono::nanoseconds stable{0};    ///< simulation time in tolerance so far
    std::chrono::nanoseconds stableFor{0}; ///< simulation time needed
    std::chrono::nanoseconds elapsed{0};   ///< simulation time since the step began
    std::chrono::nanoseconds timeout{0};
    int sourceSocket = 0; ///< the socket that read it (a batch step is read once for every socket)
    WallTime time;
};

/// @brief An operator prompt waiting for an answer.
struct PromptView {
    std::uint64_t id = 0;
    sequences::PromptKind kind = sequences::PromptKind::Confirm;
    std::string message;
    std::chrono::nanoseconds timeout{0};
    std::chrono::nanoseconds realTimeout{0}; ///< 0: none
    std::optional<double> min = {};          ///< Number
    std::optional<double> max = {};          ///< Number
    std::string pattern = {};                ///< Text
    WallTime asked = {};
    std::string image = {}; ///< absolute path of a PNG shown with the prompt (empty: none)

    /// @brief The spec an answer is validated against (PromptBroker::validate), so a view can refuse a bad
    /// answer with its reason before sending it.
    sequences::PromptSpec spec() const;
};

/// @brief One measurement of the current unit, where it was taken.
struct MeasurementRow {
    std::string path; ///< the step's path
    sequences::Measurement measurement;
};

/// @brief One socket: the unit on it, where its run is and how long it still takes.
struct SocketView {
    int socket = 0;
    bool active = false; ///< a run is in progress (else: the last unit's result stays shown)
    std::uint64_t runId = 0;
    std::string serial;
    std::string partNumber;
    sequences::Verdict verdict = sequences::Verdict::NotRun; ///< so far (final once inactive)
    WallTime started;
    WallTime ended; ///< once inactive

    // The current (or last) leaf step.
    std::string stepPath;
    std::string stepName;
    sequences::StepType stepType = sequences::StepType::Action;
    std::vector<StepFrame> frames; ///< its loops and calls, outermost first
    WallTime stepStarted;
    bool stepRunning = false;
    std::chrono::nanoseconds stepSimulated{0}; ///< a plain wait's own duration (simulation time), from the plan
    std::optional<WaitReadingView> wait;
    std::optional<sequences::Measurement> lastMeasurement;
    /// @brief Every measurement of the current (or last) unit so far, oldest first (never null). Shared between
    /// snapshots and copied only when a newer snapshot appends to one still shown.
    std::shared_ptr<const std::vector<MeasurementRow>> measurements = std::make_shared<std::vector<MeasurementRow>>();
    std::optional<PromptView> prompt;
    /// @brief The live charts' data (never null): temperatures and supply current kept across units, the current
    /// unit's lane bars and waterfall. Shared between snapshots, copied when a newer snapshot changes one still
    /// shown (TelemetryReducer).
    std::shared_ptr<const SocketTelemetry> telemetry = std::make_shared<SocketTelemetry>();

    int stepsDone = 0;                                               ///< leaf steps finished
    int stepsExpected = 0;                                           ///< leaf steps in the plan (0: not known)
    std::string firstFailure;                                        ///< "path: reason" of the first failing leaf step
    std::vector<std::string> failureAt;                              ///< where it was, as stepPosition() says it
    std::vector<std::pair<std::string, sequences::Verdict>> cleanup; ///< cleanup steps done so far, by name

    /// @brief Time still to go once the current step ends (std::nullopt: unknown).
    std::optional<DurationEstimate> afterStep;
    /// @brief The current step's own duration.
    std::optional<DurationEstimate> stepEstimate;
    std::size_t planIndex = 0;
    bool planned = false; ///< planIndex is valid
    std::shared_ptr<const RunPlan> plan;

    /// @brief Time the run has taken at @p now (its whole duration once it ended).
    std::chrono::nanoseconds elapsed(WallTime now) const;
    /// @brief Time the run still takes at @p now (std::nullopt: unknown — a view says so rather than guess).
    std::optional<DurationEstimate> remaining(WallTime now) const;
    /// @brief Where the current step is, as a reader says it: {"Temperature corners", "70 °C", "52 V", "Input
    /// power"} (stepPosition()); empty before the first step.
    std::vector<std::string> position() const;
    /// @brief How far a plain `wait` step is, in simulation time (std::nullopt: not in one).
    std::optional<std::chrono::nanoseconds> waited(WallTime now) const;
};

/// @brief A unit that finished, as the one-line record a view prints.
struct FinishedUnit {
    std::uint64_t seq = 0; ///< 1, 2, 3… in finishing order
    int socket = 0;
    std::uint64_t runId = 0;
    std::string serial;
    std::string partNumber;
    sequences::Verdict verdict = sequences::Verdict::NotRun;
    std::chrono::nanoseconds duration{0};
    std::string firstFailure; ///< "path: reason", or the reason a run ended early
    std::vector<std::string> failureAt;
    /// @brief The cleanup steps of a run that did not end normally (aborted, terminated, error), with verdicts.
    std::vector<std::pair<std::string, sequences::Verdict>> cleanup;
};

/// @brief Counters over every unit of this session (a lot, or the units of one `run`).
struct LotView {
    std::string lot;
    int total = 0; ///< units planned (0: not known)
    int started = 0;
    int finished = 0;
    int firstPassed = 0;   ///< units whose first run in this session passed
    int firstFinished = 0; ///< units whose first run in this session finished (the yield's denominator)
    int failed = 0;        ///< verdict FAIL
    int errors = 0;        ///< ERROR, ABORTED, TERMINATED
    std::chrono::nanoseconds finishedDuration{0}; ///< summed durations of finished units
    WallTime firstStart;
    bool anyStarted = false;
    std::shared_ptr<const std::set<std::string>> serialsSeen; ///< for the first-pass count (shared, copied on write)
    std::optional<DurationEstimate> unitEstimate;             ///< one unit, from the plan

    /// @brief First-pass yield so far, 0…1 (std::nullopt before the first unit ends).
    std::optional<double> firstPassYield() const;
    /// @brief Time since the first unit started.
    std::chrono::nanoseconds elapsed(WallTime now) const;
    /// @brief Units finished per hour so far (std::nullopt until one finished and a second has passed).
    std::optional<double> unitsPerHour(WallTime now) const;
};

struct InstrumentView {
    std::string name;
    bool connected = false;
    std::string text; ///< identity, or the error
};

struct LogEntry {
    std::uint64_t seq = 0;
    int level = 2; ///< spdlog level
    std::string text;
    WallTime time;
};

/// @brief Everything a view shows of the station, immutable once published: the terminal's live view and the
/// operator panel read one of these per frame from any thread (SnapshotPublisher) and never touch the engine.
struct StationSnapshot {
    std::uint64_t version = 0;          ///< events applied so far
    std::vector<SocketView> sockets;    ///< by socket number, 1 first
    std::vector<FinishedUnit> finished; ///< the most recent ones (older ones are dropped), oldest first
    std::uint64_t finishedSeq = 0;      ///< seq of the newest finished unit
    LotView lot;
    std::vector<InstrumentView> instruments;
    std::vector<LogEntry> log;   ///< the most recent lines, oldest first
    std::uint64_t logSeq = 0;    ///< seq of the newest line
    std::uint64_t promptSeq = 0; ///< the newest prompt id seen

    const SocketView* socket(int number) const {
        for (const auto& s : sockets)
            if (s.socket == number)
                return &s;
        return nullptr;
    }
    /// @brief Sockets with a run in progress.
    int running() const;
    /// @brief Time until the session's last unit ends (std::nullopt: unknown): the slowest running socket, then the
    /// units not started yet shared out over the sockets, each taking what finished units took on average (the
    /// plan's estimate before any finished).
    std::optional<DurationEstimate> remaining(WallTime now) const;
};

} // namespace optiqual::station
