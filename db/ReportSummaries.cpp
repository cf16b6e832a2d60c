#include "db/ReportSummaries.h"

#include "db/Connection.h"
#include "sequences/Verdict.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <unordered_set>

namespace optiqual::db {

static_assert(std::endian::native == std::endian::little, "summary blobs are stored little-endian");

namespace {

using sequences::Verdict;

bool failing(std::int64_t outcome) {
    return outcome == static_cast<int>(Verdict::Fail) || outcome == static_cast<int>(Verdict::Error);
}

bool judged(std::int64_t outcome) {
    return outcome == static_cast<int>(Verdict::Pass) || failing(outcome);
}

bool counted(std::int64_t outcome) {
    return outcome != static_cast<int>(Verdict::Aborted) && outcome != static_cast<int>(Verdict::Terminated);
}

} // namespace

ReportSummaries::ReportSummaries(Connection& c)
    : m_connection(c), m_run(c.prepare("SELECT outcome, started_at, part_id FROM run WHERE id = ?1")),
      m_steps(c.prepare("SELECT step_def_id, outcome FROM step WHERE run_id = ?1 ORDER BY seq")),
      m_measurements(c.prepare("SELECT def_id, value, outcome FROM measurement WHERE run_id = ?1 ORDER BY seq")),
      m_update(c.prepare("UPDATE run SET failures = ?2, judged_steps = ?3, passed_steps = ?4, first_tries = ?5 "
                         "WHERE id = ?1")),
      m_upsertTries(c.prepare("INSERT INTO try_set (tries) VALUES (?1) ON CONFLICT (tries) DO UPDATE SET "
                              "tries = tries RETURNING id")),
      m_upsertLayout(c.prepare("INSERT INTO value_layout (defs) VALUES (?1) ON CONFLICT (defs) DO UPDATE SET "
                               "defs = defs RETURNING id")),
      m_insertValues(c.prepare("INSERT INTO run_values (started_at, run_id, part_id, layout_id, vals) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)")) {}

std::string ReportSummaries::packIds(const std::vector<std::int64_t>& ids) {
    std::string blob(ids.size() * sizeof(std::int64_t), '\0');
    if (!ids.empty())
        std::memcpy(blob.data(), ids.data(), blob.size());
    return blob;
}

std::vector<std::int64_t> ReportSummaries::unpackIds(std::string_view blob) {
    std::vector<std::int64_t> ids(blob.size() / sizeof(std::int64_t));
    if (!ids.empty())
        std::memcpy(ids.data(), blob.data(), ids.size() * sizeof(std::int64_t));
    return ids;
}

void ReportSummaries::forgetCachedIds() {
    m_trySets.clear();
    m_layouts.clear();
}

std::int64_t ReportSummaries::sharedId(Statement& upsert, std::unordered_map<std::string, std::int64_t>& cache,
                                       const std::string& blob) {
    if (auto it = cache.find(blob); it != cache.end())
        return it->second;
    upsert.bindBlob(1, blob.data(), blob.size());
    upsert.step();
    const auto id = upsert.getInt(0);
    upsert.reset();
    cache.emplace(blob, id);
    return id;
}

void ReportSummaries::summarise(std::int64_t runId) {
    m_run.bind(1, runId);
    if (!m_run.step()) {
        m_run.reset();
        return;
    }
    const auto outcome = m_run.getInt(0);
    const auto startedAt = m_run.getInt(1);
    const auto partId = m_run.getInt(2);
    m_run.reset();

    // Steps: judged and passed executions (retries included), and the first judged try of each step definition
    // as (definition << 1 | passed), sorted so that runs that went the same way share one try_set row.
    std::int64_t failures = 0, judgedSteps = 0, passedSteps = 0;
    m_tries.clear();
    m_steps.bind(1, runId);
    while (m_steps.step()) {
        const auto def = m_steps.getInt(0);
        const auto v = m_steps.getInt(1);
        failures += failing(v);
        if (!judged(v))
            continue;
        ++judgedSteps;
        passedSteps += v == static_cast<int>(Verdict::Pass);
        m_tries.push_back(def << 1 | (v == static_cast<int>(Verdict::Pass) ? 1 : 0));
    }
    m_steps.reset();
    // Keep each definition's first try only: stable by definition, then drop later ones.
    std::stable_sort(m_tries.begin(), m_tries.end(), [](auto a, auto b) { return (a >> 1) < (b >> 1); });
    m_tries.erase(std::unique(m_tries.begin(), m_tries.end(), [](auto a, auto b) { return (a >> 1) == (b >> 1); }),
                  m_tries.end());

    m_defs.clear();
    m_values.clear();
    m_measurements.bind(1, runId);
    while (m_measurements.step()) {
        failures += failing(m_measurements.getInt(2));
        if (m_measurements.isNull(1))
            continue;
        m_defs.push_back(m_measurements.getInt(0));
        m_values.push_back(m_measurements.getDouble(1));
    }
    m_measurements.reset();

    m_update.bind(1, runId).bind(2, failures).bind(3, judgedSteps).bind(4, passedSteps);
    if (m_tries.empty())
        m_update.bindNull(5);
    else
        m_update.bind(5, sharedId(m_upsertTries, m_trySets, packIds(m_tries)));
    m_update.run();
    m_update.reset();

    // Aborted and terminated runs never count in capability or SPC: they have no values row.
    if (!counted(outcome) || m_values.empty())
        return;
    const auto layout = sharedId(m_upsertLayout, m_layouts, packIds(m_defs));
    m_insertValues.bind(1, startedAt)
        .bind(2, runId)
        .bind(3, partId)
        .bind(4, layout)
        .bindBlob(5, m_values.data(), m_values.size() * sizeof(double));
    m_insertValues.run();
    m_insertValues.reset();
}

std::int64_t ReportSummaries::backfill(Connection& connection) {
    ReportSummaries summaries(connection);
    std::vector<std::int64_t> runs;
    {
        auto st = connection.prepare("SELECT id FROM run WHERE outcome IS NOT NULL ORDER BY id");
        while (st.step())
            runs.push_back(st.getInt(0));
    }
    for (const auto id : runs)
        summaries.summarise(id);
    return static_cast<std::int64_t>(runs.size());
}

} // namespace optiqual::db
