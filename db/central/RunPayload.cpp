#include "db/central/RunPayload.h"

#include "db/Connection.h"
#include "db/Statement.h"
#include "db/TestRecord.h"
#include "sequences/Sha256.h"

namespace optiqual::db::central {

std::string payloadHash(const RunDetail& run) {
    RunDetail copy = run;
    copy.summary.id = 0;
    // Where an instrument was reached is where the station last saw it (the station's instrument row is updated
    // in place, docs/results-schema.md): a later lot on new ports changes it for old runs too, so it is not part of
    // what identifies a run's content.
    for (auto& i : copy.instruments)
        i.resource.clear();
    return sequences::Sha256::of(testRecordJson(copy, false));
}

std::optional<RunPayload> loadRunPayload(const Connection& station, std::int64_t runId) {
    auto detail = queryRunDetail(station, std::to_string(runId));
    if (!detail)
        return std::nullopt;
    RunPayload p;
    p.detail = std::move(*detail);
    auto st = station.prepare("SELECT sv.content, coalesce(ls.content, '') FROM run r "
                              "JOIN sequence_version sv ON sv.id = r.sequence_version_id "
                              "LEFT JOIN limit_set ls ON ls.id = r.limit_set_id WHERE r.id = ?1");
    st.bind(1, runId);
    if (st.step()) {
        p.sequenceContent = st.getText(0);
        p.limitSetContent = st.getText(1);
    }
    p.hash = payloadHash(p.detail);
    return p;
}

} // namespace optiqual::db::central
