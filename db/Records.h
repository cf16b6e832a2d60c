#pragma once
#include "sequences/Measurement.h"
#include "sequences/Verdict.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::db {

/// Wall-clock time of results (stored as UTC microseconds since the Unix epoch).
using TimePoint = std::chrono::system_clock::time_point;

/// @brief The station that ran a test (its configuration name, e.g. "xpo-line-1").
struct StationInfo {
    std::string name;
    std::string hostname;
};

/// @brief An instrument as identified at the start of a run (`*IDN?` and calibration data).
struct InstrumentInfo {
    std::string role; ///< the sequence's role, e.g. "psu", "opm"
    std::string model;
    std::string idn; ///< the full `*IDN?` reply
    std::string serial;
    std::string firmware;
    std::optional<std::string> calibrationDue; ///< ISO date "2027-03-31"
    std::string resource;                      ///< VISA-style resource string
};

/// @brief The unit under test.
struct UnitInfo {
    std::string serial;
    std::string partNumber;
    std::string revision;
    std::string product; ///< product family, e.g. "XPO", "CPO", "coldplate"
    std::string lot;
};

/// @brief The exact sequence that ran: identity by content hash, with the full text kept once per hash.
struct SequenceInfo {
    std::string name;
    std::string version;
    std::string contentHash;
    std::string text;
};

/// @brief The limit set the sequence was judged against.
struct LimitSetInfo {
    std::string name;
    std::string hash;
    std::string text;
};

/// @brief Everything known when a run starts.
struct RunStart {
    StationInfo station;
    UnitInfo unit;
    int socket = 0;
    std::string operatorName;
    SequenceInfo sequence;
    std::optional<LimitSetInfo> limitSet;
    TimePoint startedAt;
    std::vector<InstrumentInfo> instruments;
    std::string uuid; ///< empty: the writer makes one
};

/// @brief The writer's name for a run before (and after) it has a database id.
struct RunHandle {
    std::uint64_t value = 0;
    friend bool operator==(RunHandle, RunHandle) = default;
};

/// @brief An array result such as a wavelength sweep (x and y of equal length).
struct Trace {
    std::string name;
    std::string xName;
    std::string xUnit;
    std::string yName;
    std::string yUnit;
    std::vector<double> x;
    std::vector<double> y;
};

/// @brief One finished step with its measurements and traces.
struct StepRecord {
    RunHandle run;
    std::string path; ///< position in the sequence, e.g. "main/optics/tx_power"
    std::string name;
    std::string type; ///< step type, e.g. "numeric_limit", "action"
    sequences::Verdict outcome = sequences::Verdict::NotRun;
    TimePoint startedAt;
    std::chrono::microseconds duration{0};
    std::string error;
    std::vector<sequences::Measurement> measurements;
    std::vector<Trace> traces;
};

/// @brief How a run ended.
struct RunEnd {
    RunHandle run;
    sequences::Verdict outcome = sequences::Verdict::NotRun;
    TimePoint endedAt;
    std::string abortReason;
};

/// @brief Who did what and why: overrides, limit changes, manual instrument control.
struct AuditEvent {
    TimePoint at;
    std::string station;
    std::optional<RunHandle> run;
    std::string user;
    std::string action; ///< e.g. "limit.change", "verdict.override"
    std::string target;
    std::optional<std::string> oldValue;
    std::optional<std::string> newValue;
    std::string reason;
};

} // namespace optiqual::db
