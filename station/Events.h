#pragma once
#include "sequences/Measurement.h"
#include "sequences/Sequence.h"
#include "sequences/Verdict.h"
#include "station/RunOverrides.h"
#include "station/Telemetry.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace optiqual::station {

using WallTime = std::chrono::system_clock::time_point;

/// @brief A run (one unit on one socket) began.
struct RunStarted {
    std::uint64_t runId = 0;
    int socket = 0;
    std::string unitSerial;
    std::string partNumber;
    std::string revision;
    std::string lot;
    std::string operatorName;
    std::string stationName;
    std::shared_ptr<const sequences::Sequence> sequence;
    std::string limitSetIdentity;
    std::string limitSetHash;
    WallTime time;
    std::shared_ptr<const RunOverrides> overrides = {}; ///< the engineering overrides it runs under (null: none)
};

/// @brief One container a step runs inside: a for_each iteration or a sub-sequence call. Lets a view say where a
/// step is ("Temperature corners › 70 °C › 52 V") without parsing paths.
struct StepFrame {
    std::string step;     ///< the container step's name ("Temperature corners")
    std::string variable; ///< for_each: the loop variable ("case_temp"); empty for a call
    std::string value;    ///< for_each: its value in this iteration ("70")
    std::string unit;     ///< for_each: the loop's unit ("degC"), may be empty
    int index = 0;        ///< for_each: 1-based iteration
    int count = 0;        ///< for_each: iterations in the loop
};

/// @brief A step began; @c frames are its enclosing loops and calls, outermost first.
struct StepStarted {
    std::uint64_t runId = 0;
    int socket = 0;
    std::string path; ///< "main/Temperature corners/case_temp=70/Chamber settled"
    std::string name;
    sequences::StepType type = sequences::StepType::Action;
    int attempt = 1;
    WallTime time;
    std::vector<StepFrame> frames = {};
};

/// @brief One poll of a wait_until step: the reading against its target, and how long it has been in tolerance.
/// Durations are simulation time (the sequence's own timeline: `stable_for: 2 min` reads as 2:00 at any time
/// scale).
struct WaitProgress {
    std::uint64_t runId = 0;
    int socket = 0;
    std::string path;
    std::string role;   ///< "chamber"
    std::string method; ///< "temperature"
    double value = 0;
    double target = 0;
    double tolerance = 0;
    std::string unit;                      ///< of value and target ("degC")
    std::chrono::nanoseconds stable{0};    ///< in tolerance since (0 while outside)
    std::chrono::nanoseconds stableFor{0}; ///< needed
    std::chrono::nanoseconds elapsed{0};   ///< since the step began
    std::chrono::nanoseconds timeout{0};   ///< 0: none
    WallTime time;
};

struct MeasurementRecorded {
    std::uint64_t runId = 0;
    int socket = 0;
    std::string path;
    sequences::Measurement measurement;
    WallTime time;
};

struct StepFinished {
    std::uint64_t runId = 0;
    int socket = 0;
    std::string path;
    std::string name;
    sequences::StepType type = sequences::StepType::Action;
    sequences::Verdict verdict = sequences::Verdict::NotRun;
    std::string error;
    int attempts = 1;
    std::vector<sequences::Measurement> measurements;
    WallTime started;
    WallTime finished;
    std::vector<sequences::Trace> traces = {}; ///< curves the step recorded (a sweep's)
};

struct PromptRequested {
    std::uint64_t promptId = 0;
    int socket = 0;
    sequences::PromptKind kind = sequences::PromptKind::Confirm;
    std::string message;
    std::chrono::nanoseconds timeout{0};     ///< simulation time, as the sequence says it (0: none)
    std::chrono::nanoseconds realTimeout{0}; ///< the same in real time at the station's time scale
    std::optional<double> min = {};          ///< Number: the accepted range
    std::optional<double> max = {};
    std::string pattern = {}; ///< Text: the regex an answer must match
    WallTime time = {};
    std::string image = {}; ///< absolute path of a PNG shown with the prompt (empty: none)
};

struct PromptAnswered {
    std::uint64_t promptId = 0;
    std::string answer;
    bool timedOut = false;
};

struct InstrumentStatus {
    std::string name;
    bool connected = false;
    std::string text;
};

struct RunFinished {
    std::uint64_t runId = 0;
    int socket = 0;
    std::string unitSerial;
    sequences::Verdict verdict = sequences::Verdict::NotRun;
    std::string reason; ///< why it ended early (abort reason, first error)
    WallTime time;
};

struct LogLine {
    int level = 2; ///< spdlog level
    std::string text;
    WallTime time;
};

/// @brief A reading of the station-side telemetry monitor (TelemetryMonitor), not of a sequence: for the live charts
/// only (the database and the progress views ignore it).
struct MonitorReading {
    int socket = 0; ///< the socket whose chart it belongs to (a chamber or coolant reading: one event per socket)
    TelemetryQuantity quantity = TelemetryQuantity::Chamber;
    double value = 0;
    std::string instrument; ///< the instrument read ("chamber")
    WallTime time;
};

/// @brief Every state change of the engine, immutable once published.
using Event = std::variant<RunStarted, StepStarted, MeasurementRecorded, StepFinished, PromptRequested, PromptAnswered,
                           InstrumentStatus, RunFinished, LogLine, WaitProgress, MonitorReading>;
using EventPtr = std::shared_ptr<const Event>;

} // namespace optiqual::station
