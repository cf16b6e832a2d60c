#pragma once
#include "sequences/Measurement.h"
#include "sequences/Sequence.h"
#include "sequences/Verdict.h"

#include <chrono>
#include <cstdint>
#include <memory>
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
};

struct StepStarted {
    std::uint64_t runId = 0;
    int socket = 0;
    std::string path; ///< "main/Tx power/lane 3"
    std::string name;
    sequences::StepType type = sequences::StepType::Action;
    int attempt = 1;
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
    std::chrono::nanoseconds timeout{0};
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

/// @brief Every state change of the engine, immutable once published.
using Event = std::variant<RunStarted, StepStarted, MeasurementRecorded, StepFinished, PromptRequested,
                           PromptAnswered, InstrumentStatus, RunFinished, LogLine>;
using EventPtr = std::shared_ptr<const Event>;

} // namespace optiqual::station
