#include "db/ParetoReport.h"

#include "db/Connection.h"
#include "db/LoopPaths.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

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

struct StepDef {
    std::string path;
    std::string type;
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

} // namespace

ParetoResult queryPareto(const Connection& c, const ReportFilter& filter) {
    const std::string cond = filter.runCondition() + " AND r.outcome NOT IN (6, 7)";
    ParetoResult result;
    {
        // Counted here rather than with count(DISTINCT …), whose temporary B-tree of every unit costs twice the scan.
        std::vector<std::int64_t> units;
        const bool whole = !filter.hasSince() && !filter.hasUntil(); // then the run_yield index holds all it needs
        auto st = c.prepare(std::string("SELECT r.unit_id FROM run r ") + (whole ? "INDEXED BY run_yield " : "") +
                            "WHERE " + cond);
        filter.bind(st);
        while (st.step())
            units.push_back(st.getInt(0));
        std::sort(units.begin(), units.end());
        result.unitsTested = std::unique(units.begin(), units.end()) - units.begin();
    }
    // Definitions are few (one per step of the sequence and loop iteration): read once, joined in memory.
    std::unordered_map<std::int64_t, StepDef> stepDefs;
    std::unordered_set<std::string> forEach;
    {
        auto st = c.prepare("SELECT id, path, type FROM step_def");
        while (st.step()) {
            StepDef d{st.getText(1), st.getText(2)};
            if (d.type == "for_each")
                forEach.insert(d.path);
            stepDefs.emplace(st.getInt(0), std::move(d));
        }
    }
    const LoopPaths loops(std::move(forEach));
    std::map<std::tuple<std::string, std::string, std::string>, Cause> causes;
    std::unordered_set<std::int64_t> failing;
    auto count = [&](std::tuple<std::string, std::string, std::string> key, const std::vector<std::string>& where,
                     std::int64_t unit) -> Cause& {
        auto& cause = causes[std::move(key)];
        cause.total.add(unit);
        if (!where.empty())
            cause.byLoops[LoopPaths::describe(where)].add(unit);
        failing.insert(unit);
        return cause;
    };

    // Failing steps and the failing measurements inside them, per run (outcomes 4 FAIL and 5 ERROR). Only runs
    // with failing rows are read (run.failures, ReportSummaries), through the partial index that holds just them.
    const std::string failingRuns = "run r INDEXED BY run_failing";
    const std::string failingCond = cond + " AND r.failures > 0";
    std::map<std::int64_t, std::pair<std::int64_t, std::vector<FailingStep>>> runs; // run → (unit, steps)
    {
        auto st = c.prepare("SELECT r.id, r.unit_id, s.seq, s.step_def_id, coalesce(s.error, '') FROM " + failingRuns +
                            " CROSS JOIN step s ON s.run_id = r.id WHERE " + failingCond +
                            " AND s.outcome IN (4, 5) ORDER BY r.id, s.seq");
        filter.bind(st);
        while (st.step()) {
            auto& run = runs[st.getInt(0)];
            run.first = st.getInt(1);
            run.second.push_back({st.getInt(2), st.getInt(3), st.getText(4), false});
        }
    }
    {
        auto st = c.prepare("SELECT r.id, r.unit_id, m.step_seq, md.step_def_id, md.name FROM " + failingRuns +
                            " CROSS JOIN measurement m ON m.run_id = r.id JOIN measurement_def md ON md.id = m.def_id "
                            "WHERE " +
                            failingCond + " AND m.outcome IN (4, 5)");
        filter.bind(st);
        while (st.step()) {
            const auto def = stepDefs.find(st.getInt(3));
            auto split = loops.split(def == stepDefs.end() ? std::string() : def->second.path);
            count({"measurement", std::move(split.path), st.getText(4)}, split.loops, st.getInt(1));
            if (auto run = runs.find(st.getInt(0)); run != runs.end())
                for (auto& step : run->second.second)
                    if (step.seq == st.getInt(2))
                        step.failingMeasurement = true;
        }
    }
    // A failing step is a root cause unless a failing measurement of its own or a failing step inside it (a loop
    // body, a called sub-sequence) explains it.
    for (const auto& [runId, run] : runs) {
        const auto& [unit, steps] = run;
        for (const auto& step : steps) {
            if (step.failingMeasurement)
                continue;
            const auto def = stepDefs.find(step.def);
            const std::string path = def == stepDefs.end() ? std::string() : def->second.path;
            const bool container = std::any_of(steps.begin(), steps.end(), [&](const FailingStep& other) {
                const auto d = stepDefs.find(other.def);
                return d != stepDefs.end() && isDescendant(d->second.path, path);
            });
            if (container)
                continue;
            auto split = loops.split(path);
            auto& cause = count({"step", std::move(split.path), ""}, split.loops, unit);
            if (cause.example.empty())
                cause.example = step.error;
        }
    }

    result.failingUnits = static_cast<std::int64_t>(failing.size());
    std::int64_t sum = 0;
    for (const auto& [key, cause] : causes) {
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
