#pragma once
#include "db/ParetoReport.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace optiqual::db {

/// @brief A step definition as Pareto needs it.
struct ParetoStepDef {
    std::string path;
    std::string type;
};

/// @brief The Pareto arithmetic of every store (ParetoReport.h defines the causes): the station's SQLite file and
/// the central PostgreSQL feed it failing rows, so a fleet Pareto and a station's are one code path.
class ParetoTally {
public:
    /// @p stepDefs: every step definition the rows refer to, by id (for_each steps make the loop paths).
    explicit ParetoTally(std::unordered_map<std::int64_t, ParetoStepDef> stepDefs);
    ~ParetoTally();
    ParetoTally(const ParetoTally&) = delete;
    ParetoTally& operator=(const ParetoTally&) = delete;

    /// @brief A failing (FAIL or ERROR) step execution: runs in increasing order of @p run (throws std::logic_error
    /// otherwise), each run's steps in order. All of them before any measurement.
    void failingStep(std::int64_t run, std::int64_t unit, std::int64_t seq, std::int64_t stepDef, std::string error);
    /// @brief A failing measurement of the step execution @p stepSeq of @p run (step definition @p stepDef).
    void failingMeasurement(std::int64_t run, std::int64_t unit, std::int64_t stepSeq, std::int64_t stepDef,
                            const std::string& name);
    /// @brief The causes, ranked; shares of @p unitsTested.
    ParetoResult result(std::int64_t unitsTested);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace optiqual::db
