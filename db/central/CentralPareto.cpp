#include "db/central/CentralPareto.h"

#include "db/ParetoTally.h"
#include "db/central/CentralFilter.h"
#include "db/central/PgConnection.h"

#include <string>
#include <unordered_map>

namespace optiqual::db::central {

ParetoResult queryCentralPareto(PgConnection& c, const ReportFilter& filter) {
    const auto params = selectionParams(filter);
    const std::string counted = std::string(runSelection()) + " AND r.outcome NOT IN (6, 7)";
    const auto units = c.exec("SELECT count(DISTINCT r.unit_id) FROM run r WHERE " + counted, params);
    std::unordered_map<std::int64_t, ParetoStepDef> stepDefs;
    {
        const auto defs = c.exec("SELECT id, path, type FROM step_def");
        for (int i = 0; i < defs.rows(); ++i)
            stepDefs.emplace(defs.integer(i, 0), ParetoStepDef{defs.text(i, 1), defs.text(i, 2)});
    }
    ParetoTally tally(std::move(stepDefs));
    // Runs are named by UUID here; the tally wants numbers.
    std::unordered_map<std::string, std::int64_t> runIds;
    const auto runId = [&](std::string uuid) {
        return runIds.emplace(std::move(uuid), static_cast<std::int64_t>(runIds.size())).first->second;
    };
    // Only runs with failing rows (run.failures, computed at upload) are read, through run_failing.
    const std::string failing = counted + " AND r.failures > 0";
    const auto steps = c.exec("SELECT r.uuid::text, r.unit_id, s.seq, s.step_def_id, coalesce(s.error, '') FROM run r "
                              "JOIN step s ON s.run_uuid = r.uuid WHERE " +
                                  failing + " AND s.outcome IN (4, 5) ORDER BY r.uuid, s.seq",
                              params);
    for (int i = 0; i < steps.rows(); ++i)
        tally.failingStep(runId(steps.text(i, 0)), steps.integer(i, 1), steps.integer(i, 2), steps.integer(i, 3),
                          steps.text(i, 4));
    // The run's start picks the measurement partition.
    const auto ms = c.exec("SELECT r.uuid::text, r.unit_id, m.step_seq, md.step_def_id, md.name FROM run r "
                           "JOIN measurement m ON m.run_uuid = r.uuid AND m.run_started_at = r.started_at "
                           "JOIN measurement_def md ON md.id = m.def_id WHERE " +
                               failing + " AND m.outcome IN (4, 5)",
                           params);
    for (int i = 0; i < ms.rows(); ++i)
        tally.failingMeasurement(runId(ms.text(i, 0)), ms.integer(i, 1), ms.integer(i, 2), ms.integer(i, 3),
                                 ms.text(i, 4));
    return tally.result(units.integer(0, 0));
}

} // namespace optiqual::db::central
