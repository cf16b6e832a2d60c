#include "station/RunPlan.h"

#include "station/ExpressionRunner.h"
#include "station/Scope.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace optiqual::station {

using namespace optiqual::sequences;
using std::chrono::nanoseconds;

namespace {

constexpr int kMaxCallDepth = 32; // the validator rejects call cycles; this only keeps a bad model finite

/// Walks the sequence model the way SocketRunner runs it, collecting leaf steps with their static bounds.
class Walker {
public:
    Walker(const Sequence& sequence, double timeScale, const RunOverrides* overrides)
        : m_sequence(sequence), m_scale(timeScale), m_overrides(overrides) {}

    void group(const std::vector<sequences::Step>& steps, const std::string& path, Scope& scope, int depth) {
        for (const auto& step : steps) {
            if (!complete)
                return;
            visit(step, path + "/" + step.name, scope, depth);
        }
    }

    std::vector<RunPlan::Step> planned;
    bool complete = true;

private:
    void visit(const sequences::Step& step, const std::string& path, Scope& scope, int depth) {
        const bool container = ((step.type == StepType::ForEach || step.type == StepType::Sweep) && step.forEach) ||
                               (step.type == StepType::Call && step.callSequence);
        // A skipped container's steps never start (SocketRunner runs none of them): nothing of it is planned.
        if (container && runMode(step) == RunMode::Skip)
            return;
        if ((step.type == StepType::ForEach || step.type == StepType::Sweep) && step.forEach) {
            std::vector<Value> values;
            if (!loopValues(*step.forEach, scope, values)) {
                complete = false;
                return;
            }
            // A sweep with `until` may stop at any point: its points bound the run from above, never from below.
            const bool mayStop = step.type == StepType::Sweep && step.sweep && step.sweep->until;
            for (const auto& v : values) {
                Scope iteration(&scope);
                iteration.set(step.forEach->variable, v);
                const std::size_t first = planned.size();
                group(step.forEach->body, path + "/" + step.forEach->variable + "=" + describe(v), iteration, depth);
                if (mayStop)
                    for (std::size_t i = first; i < planned.size(); ++i) {
                        planned[i].duration.low = nanoseconds{0};
                        planned[i].duration.typical.reset(); // how far a sweep goes only earlier runs can tell
                        planned[i].optional = true;
                    }
            }
            return;
        }
        if (step.type == StepType::Call && step.callSequence) {
            const Subsequence* sub = m_sequence.subsequence(step.callSequence->subsequence);
            if (!sub || depth >= kMaxCallDepth) {
                complete = false;
                return;
            }
            Scope inner(&scope);
            for (const auto& p : sub->params) {
                if (p.isText)
                    inner.set(p.name, p.text);
                else
                    inner.set(p.name, p.value);
            }
            for (const auto& a : step.callSequence->args) {
                try {
                    inner.set(a.name, m_expressions.value(a.value, scope));
                } catch (const std::exception&) {
                    // Known only at run time: fine unless a loop inside depends on it (that loop ends the plan).
                }
            }
            group(sub->steps, path, inner, depth + 1);
            return;
        }
        planned.push_back(leaf(step, path));
    }

    /// The step's run mode as SocketRunner::runModeOf decides it: the panel's override, else the file's.
    RunMode runMode(const sequences::Step& step) const {
        const StepOverride* o = m_overrides ? m_overrides->find(step) : nullptr;
        return o ? o->mode : step.runMode;
    }

    /// The values a for_each takes, as SocketRunner computes them; false when they are known only at run time.
    bool loopValues(const ForEachSpec& f, const Scope& scope, std::vector<Value>& values) {
        try {
            if (!f.values.empty()) {
                for (const auto& e : f.values)
                    values.push_back(m_expressions.value(e, scope));
                return true;
            }
            if (!f.from || !f.to)
                return true;
            const double from = m_expressions.number(*f.from, scope);
            const double to = m_expressions.number(*f.to, scope);
            const double inc = f.step ? m_expressions.number(*f.step, scope) : (to >= from ? 1.0 : -1.0);
            if (inc == 0 || (to - from) / inc < 0)
                return false; // the engine reports this loop as an error when it gets there
            for (double x = from; inc > 0 ? x <= to + 1e-9 * std::fabs(inc) : x >= to - 1e-9 * std::fabs(inc); x += inc)
                values.emplace_back(x);
            return true;
        } catch (const std::exception&) {
            return false;
        }
    }

    RunPlan::Step leaf(const sequences::Step& step, const std::string& path) const {
        RunPlan::Step out;
        out.path = path;
        out.type = step.type;
        // Static bounds in simulation time; converted to real time below.
        nanoseconds low{0};
        std::optional<nanoseconds> high;
        switch (step.type) {
        case StepType::Wait:
            low = step.duration;
            high = step.duration;
            out.simulated = step.duration;
            break;
        case StepType::WaitUntil:
            if (step.waitUntil) {
                low = step.waitUntil->stableFor;
                if (step.waitUntil->timeout.count() > 0)
                    high = step.waitUntil->timeout + step.waitUntil->pollInterval;
            }
            break;
        case StepType::Prompt:
            if (step.prompt && step.prompt->timeout.count() > 0)
                high = step.prompt->timeout;
            break;
        default:
            break; // instrument I/O: nothing to say without a timeout or history
        }
        if (step.timeout)
            high = high ? std::min(*high, *step.timeout) : *step.timeout;
        if (high && step.retry.count > 0)
            *high = *high * (step.retry.count + 1) + step.retry.delay * step.retry.count;
        if (step.precondition)
            low = nanoseconds{0}; // may be skipped
        out.duration.low = real(low);
        if (high)
            out.duration.high = real(*high);
        // A plain wait takes what it says: no history is needed to know it.
        if (step.type == StepType::Wait && !step.precondition)
            out.duration.typical = out.duration.low;
        if (runMode(step) == RunMode::Skip) {
            out.skipped = true;
            out.duration = DurationEstimate{nanoseconds{0}, nanoseconds{0}, nanoseconds{0}};
            out.simulated = nanoseconds{0};
        }
        return out;
    }

    nanoseconds real(nanoseconds simulated) const {
        return nanoseconds(static_cast<std::int64_t>(std::llround(double(simulated.count()) / m_scale)));
    }

    const Sequence& m_sequence;
    double m_scale;
    const RunOverrides* m_overrides;
    ExpressionRunner m_expressions;
};

bool waits(StepType type) {
    return type == StepType::Wait || type == StepType::WaitUntil;
}

nanoseconds median(std::vector<nanoseconds>& samples) {
    std::sort(samples.begin(), samples.end());
    const std::size_t n = samples.size();
    return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

} // namespace

RunPlan RunPlan::build(const Sequence& sequence, double timeScale, const std::map<std::string, Value>& parameters,
                       const RunOverrides* overrides) {
    RunPlan plan;
    plan.m_timeScale = timeScale > 0 ? timeScale : 1.0;
    Walker walker(sequence, plan.m_timeScale, overrides);
    Scope root;
    for (const auto& p : sequence.params) {
        if (p.isText)
            root.set(p.name, p.text);
        else
            root.set(p.name, p.value);
    }
    for (const auto& [name, value] : parameters)
        root.set(name, value);
    walker.group(sequence.setup, "setup", root, 0);
    walker.group(sequence.main, "main", root, 0);
    // Cleanup always runs, also after a loop that could not be planned: plan it on its own.
    const bool mainComplete = walker.complete;
    walker.complete = true;
    walker.group(sequence.cleanup, "cleanup", root, 0);
    plan.m_steps = std::move(walker.planned);
    plan.m_complete = mainComplete && walker.complete;
    plan.index();
    return plan;
}

void RunPlan::refine(const std::vector<db::RunTiming>& history) {
    std::unordered_map<std::string, std::vector<nanoseconds>> samples;
    m_matchingRuns = 0;
    int usable = 0; // runs that may teach a step that does not wait
    for (const auto& run : history) {
        // The run's time scale, read from its plain waits: their set (simulated) duration over the time taken.
        double simulated = 0, real = 0;
        for (const auto& s : run.steps) {
            if (s.type != "wait" || s.outcome == Verdict::Aborted)
                continue;
            if (auto i = find(s.path); i && m_steps[*i].type == StepType::Wait && !m_steps[*i].skipped) {
                simulated += double(m_steps[*i].simulated.count()) / 1e3;
                real += double(s.durationUs);
            }
        }
        const bool sameScale = real > 0 && simulated >= 1e6 /* 1 s of waits: enough to read a scale */ &&
                               std::fabs(simulated / real / m_timeScale - 1.0) <= 0.2;
        if (sameScale)
            ++m_matchingRuns;
        ++usable;
        for (const auto& s : run.steps) {
            if (s.outcome == Verdict::Aborted) // cut short: says nothing about how long the step takes
                continue;
            auto i = find(s.path);
            if (!i || (waits(m_steps[*i].type) && !sameScale))
                continue;
            samples[s.path].push_back(std::chrono::microseconds(s.durationUs));
        }
    }
    for (auto& step : m_steps) {
        if ((step.type == StepType::Wait && !step.optional) || step.skipped)
            continue; // a plain wait that always runs is known exactly; a skipped step takes no time
        const int runs = waits(step.type) ? m_matchingRuns : usable;
        auto it = samples.find(step.path);
        if (it == samples.end()) {
            // A point past where every earlier run's sweep stopped: as far as they can tell, it does not run.
            if (step.optional && runs > 0)
                step.duration.typical = nanoseconds{0};
            continue;
        }
        step.samples = int(it->second.size());
        step.duration.typical = median(it->second);
        // A step only some runs reach (a sweep point past where `until` often stops) takes its time as often as
        // runs reach it.
        if (step.optional && runs > step.samples)
            step.duration.typical = *step.duration.typical * step.samples / runs;
    }
    index();
}

void RunPlan::index() {
    m_byPath.clear();
    for (std::size_t i = 0; i < m_steps.size(); ++i)
        m_byPath[m_steps[i].path].push_back(i);
    m_suffix.assign(m_steps.size() + 1, DurationEstimate{std::chrono::nanoseconds{0}, std::chrono::nanoseconds{0},
                                                         std::chrono::nanoseconds{0}});
    for (std::size_t i = m_steps.size(); i-- > 0;) {
        m_suffix[i] = m_steps[i].duration;
        m_suffix[i] += m_suffix[i + 1];
    }
}

std::optional<std::size_t> RunPlan::find(const std::string& path, std::optional<std::size_t> after) const {
    auto it = m_byPath.find(path);
    if (it == m_byPath.end())
        return std::nullopt;
    for (std::size_t i : it->second)
        if (!after || i > *after)
            return i;
    return std::nullopt;
}

std::optional<DurationEstimate> RunPlan::remainingAfter(std::size_t index) const {
    if (!m_complete || index >= m_steps.size())
        return std::nullopt;
    return m_suffix[index + 1];
}

std::optional<DurationEstimate> RunPlan::total() const {
    if (!m_complete)
        return std::nullopt;
    return m_suffix.front();
}

} // namespace optiqual::station
