#pragma once
#include "sequences/Verdict.h"

#include <cstdint>
#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief How long one step of an earlier run took.
struct StepTiming {
    std::string path; ///< "main/Temperature corners/case_temp=70/Chamber settled"
    std::string type; ///< step type as stored ("wait", "wait_until", "measure", …)
    std::int64_t durationUs = 0;
    sequences::Verdict outcome = sequences::Verdict::NotRun;
};

/// @brief The timing of one finished earlier run: its whole duration and each step's, in execution order.
struct RunTiming {
    std::int64_t runId = 0;
    sequences::Verdict outcome = sequences::Verdict::NotRun;
    std::int64_t durationUs = 0;
    std::vector<StepTiming> steps;
};

/// @brief The @p maxRuns most recent finished runs of the sequence version whose content hash is @p sequenceHash,
/// newest first, with their step timings. What a progress view refines its ETA with; empty when there are none.
std::vector<RunTiming> queryRunTimings(const Connection& connection, const std::string& sequenceHash, int maxRuns);

} // namespace optiqual::db
