#include "db/ParetoTally.h"

#include "db/LoopPaths.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>
#include <unordered_set>
#include <vector>

namespace optiqual::db {

namespace {

/// The units of a cause's occurrences, one entry per occurrence, made distinct when counted: a year's 400,000
/// failures inserted into hash sets of units took a fifth of the fleet report's client time.
struct Tally {
    std::vector<std::int64_t> units;
    void add(std::int64_t unit) { units.push_back(unit); }
    std::int64_t occurrences() const { return static_cast<std::int64_t>(units.size()); }
};

std::int64_t distinct(std::vector<std::int64_t>& units) {
    std::sort(units.begin(), units.end());
    return std::unique(units.begin(), units.end()) - units.begin();
}

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

/// A run's failing steps.
struct FailingRun {
    std::int64_t run = 0;
    std::int64_t unit = 0;
    std::vector<FailingStep> steps;
};

/// Where a failing measurement of one measurement name under one step definition is counted, found once.
struct MeasurementCause {
    Tally* total = nullptr;
    Tally* where = nullptr; ///< its loop iteration's tally; null outside loops
};

} // namespace

struct ParetoTally::State {
    explicit State(std::unordered_map<std::int64_t, ParetoStepDef> defs)
        : stepDefs(std::move(defs)), loops(forEachPaths(stepDefs)) {}

    const std::string& pathOf(std::int64_t def) const {
        static const std::string none;
        const auto d = stepDefs.find(def);
        return d == stepDefs.end() ? none : d->second.path;
    }

    Cause& count(std::tuple<std::string, std::string, std::string> key, const std::vector<std::string>& where,
                 std::int64_t unit) {
        auto& cause = causes[std::move(key)];
        cause.total.add(unit);
        if (!where.empty())
            cause.byLoops[LoopPaths::describe(where)].add(unit);
        failing.push_back(unit);
        return cause;
    }

    /// The tallies of measurement @p name under step definition @p stepDef: its path split from its loops once,
    /// not at every failure.
    MeasurementCause& measurementCause(std::int64_t stepDef, const std::string& name) {
        auto& byName = measurementCauses[stepDef];
        if (const auto known = byName.find(name); known != byName.end())
            return known->second;
        auto split = loops.split(pathOf(stepDef));
        auto& cause = causes[{"measurement", std::move(split.path), name}];
        MeasurementCause found{&cause.total, nullptr};
        if (!split.loops.empty())
            found.where = &cause.byLoops[LoopPaths::describe(split.loops)];
        return byName.emplace(name, found).first->second;
    }

    /// The run @p run (failingStep's), or null.
    FailingRun* findRun(std::int64_t run) {
        const auto at = std::lower_bound(runs.begin(), runs.end(), run,
                                         [](const FailingRun& r, std::int64_t id) { return r.run < id; });
        return at != runs.end() && at->run == run ? &*at : nullptr;
    }

    std::unordered_map<std::int64_t, ParetoStepDef> stepDefs;
    LoopPaths loops;
    std::map<std::tuple<std::string, std::string, std::string>, Cause> causes; // node-based: tallies stay put
    std::unordered_map<std::int64_t, std::map<std::string, MeasurementCause>> measurementCauses;
    std::vector<std::int64_t> failing;
    std::vector<FailingRun> runs; // in increasing run order
};

ParetoTally::ParetoTally(std::unordered_map<std::int64_t, ParetoStepDef> stepDefs)
    : m_state(std::make_unique<State>(std::move(stepDefs))) {}

ParetoTally::~ParetoTally() = default;

void ParetoTally::failingStep(std::int64_t run, std::int64_t unit, std::int64_t seq, std::int64_t stepDef,
                              std::string error) {
    auto& runs = m_state->runs;
    if (runs.empty() || runs.back().run != run) {
        if (!runs.empty() && run < runs.back().run)
            throw std::logic_error("ParetoTally: failing steps must come in run order (run " + std::to_string(run) +
                                   " after " + std::to_string(runs.back().run) + ")");
        runs.push_back({run, unit, {}});
    }
    runs.back().unit = unit;
    runs.back().steps.push_back({seq, stepDef, std::move(error), false});
}

void ParetoTally::failingMeasurement(std::int64_t run, std::int64_t unit, std::int64_t stepSeq, std::int64_t stepDef,
                                     const std::string& name) {
    auto& st = *m_state;
    const auto& cause = st.measurementCause(stepDef, name);
    cause.total->add(unit);
    if (cause.where)
        cause.where->add(unit);
    st.failing.push_back(unit);
    if (auto* r = st.findRun(run))
        for (auto& step : r->steps)
            if (step.seq == stepSeq)
                step.failingMeasurement = true;
}

ParetoResult ParetoTally::result(std::int64_t unitsTested) {
    auto& st = *m_state;
    ParetoResult result;
    result.unitsTested = unitsTested;
    // A failing step is a root cause unless a failing measurement of its own or a failing step inside it (a loop
    // body, a called sub-sequence) explains it.
    for (const auto& run : st.runs) {
        const auto& steps = run.steps;
        const auto unit = run.unit;
        for (const auto& step : steps) {
            if (step.failingMeasurement)
                continue;
            const std::string& path = st.pathOf(step.def);
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
    result.failingUnits = distinct(st.failing);
    std::int64_t sum = 0;
    for (auto& [key, cause] : st.causes) {
        ParetoRow row;
        std::tie(row.kind, row.stepPath, row.measurement) = key;
        row.occurrences = cause.total.occurrences();
        row.unitsAffected = distinct(cause.total.units);
        row.example = cause.example;
        for (auto& [where, tally] : cause.byLoops) {
            const auto occurrences = tally.occurrences();
            row.breakdown.push_back({where, distinct(tally.units), occurrences});
        }
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
