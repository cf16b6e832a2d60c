#pragma once
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

} // namespace optiqual::test
