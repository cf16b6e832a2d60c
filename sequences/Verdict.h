#pragma once
#include <optional>
#include <string_view>

namespace optiqual::sequences {

/// @brief The outcome of a step, a run or a measurement, ordered by severity (OpenTAP style): combining two
/// verdicts keeps the more severe, so a verdict only ever goes up. Skipped and Done are neutral: a run of
/// only Done steps is Done, one Pass among them makes it Pass.
enum class Verdict {
    NotRun = 0,  ///< not reached (yet)
    Skipped = 1, ///< precondition false or run mode skip
    Done = 2,    ///< finished, nothing judged (actions, waits)
    Pass = 3,
    Fail = 4,
    Error = 5,      ///< could not judge: instrument error, exception, timeout
    Terminated = 6, ///< operator terminate: current step finished, cleanup ran
    Aborted = 7,    ///< abort: operation cancelled at once, cleanup and safe state ran
};

/// @brief The more severe of the two.
constexpr Verdict combine(Verdict a, Verdict b) {
    return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}
/// @brief Pass, Done and Skipped do not fail a unit.
constexpr bool isGood(Verdict v) {
    return v == Verdict::Pass || v == Verdict::Done || v == Verdict::Skipped;
}

/// @brief "PASS", "FAIL", … (upper case, as operators and reports show them).
std::string_view toString(Verdict v);
std::optional<Verdict> parseVerdict(std::string_view text);

} // namespace optiqual::sequences
