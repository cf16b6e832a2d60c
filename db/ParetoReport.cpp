#include "db/ParetoReport.h"

#include "db/Connection.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace optiqual::db {

namespace {

struct Cause {
    std::unordered_set<std::int64_t> units;
    std::int64_t occurrences = 0;
    std::string example;
};

} // namespace

ParetoResult queryPareto(const Connection& c, const ReportFilter& filter) {
    const std::string cond = filter.runCondition() + " AND r.outcome NOT IN (6, 7)";
    ParetoResult result;
    {
        auto st = c.prepare("SELECT count(DISTINCT r.unit_id) FROM run r WHERE " + cond);
        filter.bind(st);
        if (st.step())
            result.unitsTested = st.getInt(0);
    }
    std::map<std::tuple<std::string, std::string, std::string>, Cause> causes;
    std::unordered_set<std::int64_t> failing;
    {
        // Outcomes 4 (FAIL) and 5 (ERROR). Definitions are joined after filtering, on few rows.
        auto st = c.prepare("SELECT f.unit_id, sd.path, md.name FROM (SELECT r.unit_id, m.def_id FROM run r "
                            "JOIN measurement m ON m.run_id = r.id WHERE " +
                            cond +
                            " AND m.outcome IN (4, 5)) f JOIN measurement_def md ON md.id = f.def_id "
                            "JOIN step_def sd ON sd.id = md.step_def_id");
        filter.bind(st);
        while (st.step()) {
            auto& cause = causes[{"measurement", st.getText(1), st.getText(2)}];
            cause.units.insert(st.getInt(0));
            failing.insert(st.getInt(0));
            ++cause.occurrences;
        }
    }
    {
        auto st = c.prepare("SELECT r.unit_id, sd.path, s.error FROM run r JOIN step s ON s.run_id = r.id "
                            "JOIN step_def sd ON sd.id = s.step_def_id WHERE " +
                            cond +
                            " AND s.outcome IN (4, 5) AND NOT EXISTS (SELECT 1 FROM measurement m WHERE "
                            "m.run_id = s.run_id AND m.step_seq = s.seq AND m.outcome IN (4, 5))");
        filter.bind(st);
        while (st.step()) {
            auto& cause = causes[{"step", st.getText(1), ""}];
            cause.units.insert(st.getInt(0));
            failing.insert(st.getInt(0));
            ++cause.occurrences;
            if (cause.example.empty())
                cause.example = st.getText(2);
        }
    }
    result.failingUnits = static_cast<std::int64_t>(failing.size());
    std::int64_t sum = 0;
    for (const auto& [key, cause] : causes) {
        ParetoRow row;
        std::tie(row.kind, row.stepPath, row.measurement) = key;
        row.unitsAffected = static_cast<std::int64_t>(cause.units.size());
        row.occurrences = cause.occurrences;
        row.example = cause.example;
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
