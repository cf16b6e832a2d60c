#include "db/ParetoReport.h"

#include "db/Connection.h"
#include "db/ParetoTally.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace optiqual::db {

ParetoResult queryPareto(const Connection& c, const ReportFilter& filter) {
    const std::string cond = filter.runCondition() + " AND r.outcome NOT IN (6, 7)";
    std::int64_t unitsTested = 0;
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
        unitsTested = std::unique(units.begin(), units.end()) - units.begin();
    }
    // Definitions are few (one per step of the sequence and loop iteration): read once, joined in memory.
    std::unordered_map<std::int64_t, ParetoStepDef> stepDefs;
    {
        auto st = c.prepare("SELECT id, path, type FROM step_def");
        while (st.step())
            stepDefs.emplace(st.getInt(0), ParetoStepDef{st.getText(1), st.getText(2)});
    }
    ParetoTally tally(std::move(stepDefs));
    // Failing steps and the failing measurements inside them, per run (outcomes 4 FAIL and 5 ERROR). Only runs
    // with failing rows are read (run.failures, ReportSummaries), through the partial index that holds just them.
    const std::string failingRuns = "run r INDEXED BY run_failing";
    const std::string failingCond = cond + " AND r.failures > 0";
    {
        auto st = c.prepare("SELECT r.id, r.unit_id, s.seq, s.step_def_id, coalesce(s.error, '') FROM " + failingRuns +
                            " CROSS JOIN step s ON s.run_id = r.id WHERE " + failingCond +
                            " AND s.outcome IN (4, 5) ORDER BY r.id, s.seq");
        filter.bind(st);
        while (st.step())
            tally.failingStep(st.getInt(0), st.getInt(1), st.getInt(2), st.getInt(3), st.getText(4));
    }
    {
        auto st = c.prepare("SELECT r.id, r.unit_id, m.step_seq, md.step_def_id, md.name FROM " + failingRuns +
                            " CROSS JOIN measurement m ON m.run_id = r.id JOIN measurement_def md ON md.id = m.def_id "
                            "WHERE " +
                            failingCond + " AND m.outcome IN (4, 5)");
        filter.bind(st);
        while (st.step())
            tally.failingMeasurement(st.getInt(0), st.getInt(1), st.getInt(2), st.getInt(3), st.getText(4));
    }
    return tally.result(unitsTested);
}

} // namespace optiqual::db
