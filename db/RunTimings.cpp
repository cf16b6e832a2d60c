#include "db/RunTimings.h"

#include "db/Connection.h"

namespace optiqual::db {

namespace {

// Newest finished runs of one sequence version, then their steps in execution order. A run still open (no
// outcome) or left without an end time by a crash has no duration to learn from.
constexpr const char* kRunTimings = R"sql(
WITH recent AS (
    SELECT r.id, r.outcome, r.started_at, r.ended_at
    FROM run r JOIN sequence_version v ON v.id = r.sequence_version_id
    WHERE v.content_hash = ?1 AND r.outcome IS NOT NULL AND r.ended_at IS NOT NULL
    ORDER BY r.started_at DESC, r.id DESC
    LIMIT ?2)
SELECT recent.id, recent.outcome, recent.ended_at - recent.started_at, d.path, d.type, s.duration_us, s.outcome
FROM recent
LEFT JOIN step s ON s.run_id = recent.id
LEFT JOIN step_def d ON d.id = s.step_def_id
ORDER BY recent.started_at DESC, recent.id DESC, s.seq
)sql";

} // namespace

std::vector<RunTiming> queryRunTimings(const Connection& connection, const std::string& sequenceHash, int maxRuns) {
    std::vector<RunTiming> runs;
    auto st = connection.prepare(kRunTimings);
    st.bind(1, sequenceHash).bind(2, maxRuns);
    while (st.step()) {
        const std::int64_t id = st.getInt(0);
        if (runs.empty() || runs.back().runId != id) {
            RunTiming run;
            run.runId = id;
            run.outcome = static_cast<sequences::Verdict>(st.getInt(1));
            run.durationUs = st.getInt(2);
            runs.push_back(std::move(run));
        }
        if (st.isNull(3))
            continue; // a run without steps
        StepTiming step;
        step.path = st.getText(3);
        step.type = st.getText(4);
        step.durationUs = st.getInt(5);
        step.outcome = static_cast<sequences::Verdict>(st.getInt(6));
        runs.back().steps.push_back(std::move(step));
    }
    return runs;
}

} // namespace optiqual::db
