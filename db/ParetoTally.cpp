#include "db/ParetoTally.h"

#include "db/LoopPaths.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_set>
#include <vector>

namespace optiqual::db {

namespace {

struct Tally {
    std::unordered_set<std::int64_t> units;
    std::int64_t occurrences = 0;
    void add(std::int64_t unit) {
        units.insert(unit);
        ++occurrences;
    }
};

struct Cause {
    Tally total;
    std::map<std::string, Tally> byLoops;
    std::string example;
};

/// One failing step execution of a run.
struct FailingStep {
    std::int64_t seq = 0;
    std::int64_t def = 0;
    std::string error;
    bool failingMeasurement = false;
};

bool isDescendant(const std::string& path, const std::string& of) {
    return path.size() > of.size() && path.compare(0, of.size(), of) == 0 && path[of.size()] == '/';
}

std::unordered_set<std::string> forEachPaths(const std::unordered_map<std::int64_t, ParetoStepDef>& defs) {
    std::unordered_set<std::string> out;
    for (const auto& [id, d] : defs)
        if (d.type == "for_each")
            out.insert(d.path);
    return out;
}

} // namespace

struct ParetoTally::State {
    explicit State(std::unordered_map<std::int64_t, ParetoStepDef> defs)
        : stepDefs(std::move(defs)), loops(forEachPaths(stepDefs)) {}

    std::string pathOf(std::int64_t def) const {
        const auto d = stepDefs.find(def);
        return d == stepDefs.end() ? std::string() : d->second.path;
    }

    Cause& count(std::tuple<std::string, std::string, std::string> key, const std::vector<std::string>& where,
                 std::int64_t unit) {
        auto& cause = causes[std::move(key)];
        cause.total.add(unit);
        if (!where.empty())
            cause.byLoops[LoopPaths::describe(where)].add(unit);
        failing.insert(unit);
        return cause;
    }

    std::unordered_map<std::int64_t, ParetoStepDef> stepDefs;
    LoopPaths loops;
    std::map<std::tuple<std::string, std::string, std::string>, Cause> causes;
    std::unordered_set<std::int64_t> failing;
    std::map<std::int64_t, std::pair<std::int64_t, std::vector<FailingStep>>> runs; // run → (unit, steps)
};

ParetoTally::ParetoTally(std::unordered_map<std::int64_t, ParetoStepDef> stepDefs)
    : m_state(std::make_unique<State>(std::move(stepDefs))) {}

ParetoTally::~ParetoTally() = default;

void ParetoTally::failingStep(std::int64_t run, std::int64_t unit, std::int64_t seq, std::int64_t stepDef,
                              std::string error) {
    auto& r = m_state->runs[run];
    r.first = unit;
    r.second.push_back({seq, stepDef, std::move(error), false});
}

void ParetoTally::failingMeasurement(std::int64_t run, std::int64_t unit, std::int64_t stepSeq, std::int64_t stepDef,
                                     const std::string& name) {
    auto& st = *m_state;
    auto split = st.loops.split(st.pathOf(stepDef));
    st.count({"measurement", std::move(split.path), name}, split.loops, unit);
    if (auto r = st.runs.find(run); r != st.runs.end())
        for (auto& step : r->second.second)
            if (step.seq == stepSeq)
                step.failingMeasurement = true;
}

ParetoResult ParetoTally::result(std::int64_t unitsTested) {
    auto& st = *m_state;
    ParetoResult result;
    result.unitsTested = unitsTested;
    // A failing step is a root cause unless a failing measurement of its own or a failing step inside it (a loop
    // body, a called sub-sequence) explains it.
    for (const auto& [runId, run] : st.runs) {
        const auto& [unit, steps] = run;
        for (const auto& step : steps) {
            if (step.failingMeasurement)
                continue;
            const std::string path = st.pathOf(step.def);
            const bool container = std::any_of(steps.begin(), steps.end(), [&](const FailingStep& other) {
                return isDescendant(st.pathOf(other.def), path);
            });
            if (container)
                continue;
            auto split = st.loops.split(path);
            auto& cause = st.count({"step", std::move(split.path), ""}, split.loops, unit);
            if (cause.example.empty())
                cause.example = step.error;
        }
    }
    result.failingUnits = static_cast<std::int64_t>(st.failing.size());
    std::int64_t sum = 0;
    for (const auto& [key, cause] : st.causes) {
        ParetoRow row;
        std::tie(row.kind, row.stepPath, row.measurement) = key;
        row.unitsAffected = static_cast<std::int64_t>(cause.total.units.size());
        row.occurrences = cause.total.occurrences;
        row.example = cause.example;
        for (const auto& [where, tally] : cause.byLoops)
            row.breakdown.push_back(
                {where, static_cast<std::int64_t>(tally.units.size()), static_cast<std::int64_t>(tally.occurrences)});
        std::stable_sort(row.breakdown.begin(), row.breakdown.end(),
                         [](const ParetoBreakdown& a, const ParetoBreakdown& b) {
                             return a.unitsAffected != b.unitsAffected ? a.unitsAffected > b.unitsAffected
                                                                       : a.occurrences > b.occurrences;
                         });
        sum += row.unitsAffected;
        result.rows.push_back(std::move(row));
    }
    std::stable_sort(result.rows.begin(), result.rows.end(), [](const ParetoRow& a, const ParetoRow& b) {
        return a.unitsAffected != b.unitsAffected ? a.unitsAffected > b.unitsAffected : a.occurrences > b.occurrences;
    });
    double cumulative = 0;
    for (auto& row : result.rows) {
        row.share = sum ? static_cast<double>(row.unitsAffected) / static_cast<double>(sum) : 0;
        cumulative += row.share;
        row.cumulativeShare = cumulative;
        row.unitShare =
            result.unitsTested ? static_cast<double>(row.unitsAffected) / static_cast<double>(result.unitsTested) : 0;
    }
    return result;
}

} // namespace optiqual::db
