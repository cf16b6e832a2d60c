#pragma once
#include "db/RunTimings.h"
#include "sequences/Sequence.h"
#include "station/DurationEstimate.h"
#include "station/RunOverrides.h"
#include "station/Value.h"

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace optiqual::station {

/// @brief The leaf steps one run of a sequence will go through, in order, with loops expanded and sub-sequences
/// inlined, each with how long it takes: the static bounds the sequence itself gives (waits, soaks, timeouts,
/// retries) and, once refine()d, the typical duration earlier runs of the same sequence version took. Paths are
/// exactly those the engine publishes, so a step event finds its place in the plan.
///
/// A loop whose values are only known at run time (they depend on a measurement or an operator's answer) ends
/// the plan there: complete() is false and nothing after that point is estimated.
class RunPlan {
public:
    struct Step {
        std::string path;
        sequences::StepType type = sequences::StepType::Action;
        DurationEstimate duration;             ///< real time at the plan's time scale
        std::chrono::nanoseconds simulated{0}; ///< a wait step's own duration (simulation time)
        int samples = 0;                       ///< earlier runs that timed this step
        bool optional = false;                 ///< may not run at all (a point of a sweep that stops on `until`)
        bool skipped = false; ///< its run mode is skip (the file's or an override's): passed through, takes no time
    };

    /// @brief Walks @p sequence (setup, main, cleanup) as the engine would run it on a clock @p timeScale times
    /// faster than real time, with @p parameters overriding the sequence's.
    ///
    /// A step whose run mode is skip — the file's `run_mode: skip`, or @p overrides' (an engineer's at the panel, which
    /// wins over the file's either way) — is planned as the engine runs it: a skipped leaf step is still started and
    /// finished (SKIPPED), so it stays in the plan as one step that takes no time; a skipped loop, sweep or call runs
    /// none of its steps, so none of them is planned. The progress over the plan then reaches its end and the ETA does
    /// not count them.
    static RunPlan build(const sequences::Sequence& sequence, double timeScale,
                         const std::map<std::string, Value>& parameters = {}, const RunOverrides* overrides = nullptr);

    /// @brief Learns each step's typical duration (the median) from earlier runs of this sequence version. A
    /// wait or soak took time in proportion to that run's time scale, which the results do not store: it is read
    /// from the run's plain `wait` steps (their set duration over the time they took), and a run at another time
    /// scale — or one whose scale cannot be read — only teaches the steps that do not wait.
    void refine(const std::vector<db::RunTiming>& history);

    const std::vector<Step>& steps() const { return m_steps; }
    bool complete() const { return m_complete; }
    double timeScale() const { return m_timeScale; }
    /// @brief Earlier runs at this time scale that refine() used for their waits.
    int matchingRuns() const { return m_matchingRuns; }
    /// @brief The first step at @p path after position @p after (std::nullopt: from the start).
    std::optional<std::size_t> find(const std::string& path, std::optional<std::size_t> after = std::nullopt) const;
    /// @brief Everything after step @p index; std::nullopt when the plan is incomplete.
    std::optional<DurationEstimate> remainingAfter(std::size_t index) const;
    /// @brief The whole run; std::nullopt when the plan is incomplete.
    std::optional<DurationEstimate> total() const;

private:
    void index();

    std::vector<Step> m_steps;
    std::vector<DurationEstimate> m_suffix; ///< m_suffix[i]: steps i..end; one more entry (empty) at the end
    std::unordered_map<std::string, std::vector<std::size_t>> m_byPath;
    bool m_complete = true;
    double m_timeScale = 1.0;
    int m_matchingRuns = 0;
};

} // namespace optiqual::station
