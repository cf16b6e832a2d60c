#pragma once
#include "db/ReportFilter.h"
#include "sequences/Verdict.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief One run as listed in a unit's history.
struct RunSummary {
    std::int64_t id = 0;
    std::string uuid;
    std::string serial, partNumber, revision, product, lot;
    std::string station;
    int socket = 0;
    std::string operatorName;
    std::string sequenceName, sequenceVersion, sequenceHash;
    std::string limitSetName, limitSetHash;
    std::int64_t startedAt = 0;
    std::optional<std::int64_t> endedAt;
    std::optional<sequences::Verdict> outcome; ///< none while running
    int attempt = 0;
    std::string abortReason;
    std::string firstFailure; ///< "step path: measurement" of the first failing step, if any
};

struct MeasurementDetail {
    int seq = 0;
    std::string name, unit, comparator;
    std::optional<double> low, high, nominal, value;
    std::optional<std::string> text;
    sequences::Verdict outcome = sequences::Verdict::NotRun;
    std::optional<int> lane;
    std::string conditions; ///< JSON object text, "" when none
};

struct TraceDetail {
    std::string name, xName, xUnit, yName, yUnit;
    std::vector<double> x, y;
};

struct StepDetail {
    int seq = 0;
    std::string path, name, type;
    sequences::Verdict outcome = sequences::Verdict::NotRun;
    std::int64_t startedAt = 0;
    std::int64_t durationUs = 0;
    std::string error;
    std::vector<MeasurementDetail> measurements;
    std::vector<TraceDetail> traces;
};

struct InstrumentDetail {
    std::string role, model, idn, serial, firmware, resource;
    std::optional<std::string> calibrationDue;
};

struct AuditDetail {
    std::int64_t at = 0;
    std::string user, action, target, reason;
    std::optional<std::string> oldValue, newValue;
};

/// @brief A run in full: header, steps with measurements and traces, instruments, audit events.
struct RunDetail {
    RunSummary summary;
    std::vector<StepDetail> steps;
    std::vector<InstrumentDetail> instruments;
    std::vector<AuditDetail> audit;
};

/// @brief Every run of the unit with this serial, oldest first (empty when unknown).
std::vector<RunSummary> queryUnitHistory(const Connection& connection, const std::string& serial);
/// @brief The run with this database id or UUID.
std::optional<RunDetail> queryRunDetail(const Connection& connection, const std::string& idOrUuid);
/// @brief Ids of the filter's runs (all outcomes, finished ones only), oldest first.
std::vector<std::int64_t> queryRunIds(const Connection& connection, const ReportFilter& filter);

} // namespace optiqual::db
