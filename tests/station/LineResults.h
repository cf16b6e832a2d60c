#pragma once
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace optiqual::test {

/// @brief One run of a line test, as the results database holds it.
struct LineResult {
    std::string serial;
    int outcome = 0;
    std::string firstFailure; ///< the first failing measurement (or pass_fail step) in record order
    std::set<std::string> failing;
};

/// @brief Every run in results database @p db, in run order.
std::vector<LineResult> readLineResults(const std::string& db);

/// @brief The limit (low, high) the first value of @p measurement of unit @p serial was judged against.
std::pair<double, double> judgedLimit(const std::string& db, const std::string& serial, const std::string& measurement);

/// @brief The simulated-time scale a line test runs at: @p fast in a normal build, five times slower when built with
/// a sanitizer (instrumented code runs 3–5× slower, and a world that falls behind its own clock misses the waits'
/// windows: a case temperature that settles just before a soak's timeout is then read too late).
double lineTimeScale(double fast);

/// @brief A shipped station file (`station/configs/<file>`) made fast for tests: simulated time lineTimeScale(5000)
/// and no pause between chiller commands (the real Julabo's 250 ms is real time, which at this scale would be
/// simulated minutes), with its `simulation:` section replaced by @p simulation.
std::string fastStation(const std::string& file, const std::string& simulation);

/// @brief Units planted with one defect each, for a station file's `simulation: planted_defects`.
struct PlantedDefects {
    std::string section;                          ///< `  planted_defects:` and one line per unit
    std::vector<std::string> serials;             ///< in the table's order
    std::map<std::string, std::string> catchesIt; ///< serial → the one measurement that must fail
};

/// @brief Serials `<prefix>1`, `<prefix>2`, … each planted with one defect of @p table (defect → the measurement that
/// must catch it).
PlantedDefects plantDefects(const std::string& prefix, const std::vector<std::pair<std::string, std::string>>& table);

/// @brief Every run in @p runs failed, first and only at the measurement @p planted says catches its unit's defect.
void expectEachFailsOnlyWhereCaught(const std::vector<LineResult>& runs, const PlantedDefects& planted);

/// @brief What every line test starts from: a shipped sequence (a path under the source tree) run with answers
/// given automatically at lineTimeScale(@p fastScale), results in a throw-away database.
class LineTest : public ::testing::Test {
protected:
    LineTest(const std::string& sequence, double fastScale);

    /// @brief Runs on shipped station file @p file made fast, with @p simulation as its `simulation:` section.
    void useStation(const std::string& file, const std::string& simulation);
    std::vector<LineResult> results() const { return readLineResults(options.db); }
    /// @brief The limit a run's first value of @p measurement was judged against: (low, high).
    std::pair<double, double> limitOf(const std::string& serial, const std::string& measurement) const {
        return judgedLimit(options.db, serial, measurement);
    }

    db::test::TempDir dir;
    station::cli::RunCommandOptions options;
};

} // namespace optiqual::test
