// Reports read per-run summaries (ReportSummaries) instead of every row: they must give exactly what the rows
// give, whether the writer made them at each run's end or migration 4 made them for an older file.
#include "db/CapabilityReport.h"
#include "db/ReportSummaries.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/Schema.h"
#include "db/SpcReport.h"
#include "db/Transaction.h"
#include "db/YieldReport.h"
#include "tests/db/DbTestSupport.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

/// Runs with retried steps, aborted and errored runs, text and NaN values, two part numbers, and runs whose
/// database order differs from their start order (a later-started run stored first).
void writeMixedHistory(const std::filesystem::path& file) {
    auto w = ResultWriter::open(file, WriterOptions{});
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0, 0.6);
    for (int u = 0; u < 40; ++u) {
        const double t = u % 7 == 3 ? 20000.0 - u : u * 300.0; // some runs start before runs stored earlier
        const std::string part = u % 3 ? "XPO-800G-DR8" : "CPO-3200-ELS";
        for (int attempt = 0; attempt < (u % 5 == 0 ? 2 : 1); ++attempt) {
            auto ticket = w->beginRun(sampleRunStart("SN" + std::to_string(u), at(t + attempt * 100), part));
            Verdict outcome = Verdict::Pass;
            for (int s = 0; s < 4; ++s) {
                auto step = sampleStep(ticket.handle, "main/s" + std::to_string(s), 3, false, at(t + s));
                for (auto& m : step.measurements) {
                    m.value = noise(rng);
                    m.outcome = m.limit.judge(m.value);
                    if (m.outcome != Verdict::Pass)
                        step.outcome = Verdict::Fail;
                }
                if (s == 1 && u % 4 == 0)
                    step.measurements[1].text = "fw 2.0";
                if (s == 2 && u % 6 == 0)
                    step.measurements[2].value = std::nan("");
                if (step.outcome == Verdict::Fail && s == 3) {
                    w->recordStep(step); // failed once, retried
                    step = sampleStep(ticket.handle, "main/s3", 3, false, at(t + s));
                }
                if (s == 0 && u % 9 == 0) {
                    step.measurements.clear();
                    step.outcome = Verdict::Error;
                    step.error = "PSU did not reach 48 V";
                }
                if (step.outcome != Verdict::Pass)
                    outcome = Verdict::Fail;
                w->recordStep(step);
            }
            if (u % 11 == 0)
                outcome = Verdict::Aborted;
            w->finishRun({ticket.handle, outcome, at(t + attempt * 100 + 50), ""});
        }
    }
    ASSERT_TRUE(w->flush().healthy);
}

/// The values of each measurement definition straight from the rows, in report order (run start, run id,
/// measurement order), counted runs only: what capability and SPC read before there were summaries.
std::map<std::int64_t, std::vector<double>> seriesFromRows(const Connection& c, const std::string& part = "") {
    std::map<std::int64_t, std::vector<double>> series;
    auto st = c.prepare("SELECT m.def_id, m.value FROM run r JOIN measurement m ON m.run_id = r.id "
                        "JOIN part p ON p.id = r.part_id WHERE r.outcome IS NOT NULL AND r.outcome NOT IN (6, 7) "
                        "AND m.value IS NOT NULL AND (?1 = '' OR p.part_number = ?1) "
                        "ORDER BY r.started_at, r.id, m.seq");
    st.bind(1, part);
    while (st.step())
        series[st.getInt(0)].push_back(st.getDouble(1));
    return series;
}

void expectSeriesFromRows(const Connection& c, const ReportFilter& filter, const std::string& part) {
    const auto expected = seriesFromRows(c, part);
    const auto series = loadMeasurementSeries(c, filter);
    ASSERT_EQ(series.size(), expected.size());
    for (const auto& s : series) {
        ASSERT_TRUE(expected.contains(s.defId));
        EXPECT_EQ(s.values, expected.at(s.defId)) << s.label();
    }
    // Streamed in passes (no values kept): the same figures, to the bit.
    const auto kept = queryCapability(c, filter, {true});
    const auto streamed = queryCapability(c, filter, {false});
    ASSERT_EQ(kept.size(), streamed.size());
    for (std::size_t i = 0; i < kept.size(); ++i) {
        EXPECT_EQ(kept[i].series.defId, streamed[i].series.defId);
        EXPECT_EQ(kept[i].capability.n, streamed[i].capability.n);
        EXPECT_EQ(kept[i].capability.mean, streamed[i].capability.mean);
        EXPECT_EQ(kept[i].capability.sigmaWithin, streamed[i].capability.sigmaWithin);
        EXPECT_EQ(kept[i].capability.sigmaOverall, streamed[i].capability.sigmaOverall);
        EXPECT_EQ(kept[i].capability.cpk, streamed[i].capability.cpk);
        EXPECT_EQ(kept[i].capability.nearLimitShare, streamed[i].capability.nearLimitShare);
        EXPECT_EQ(kept[i].capability.outside, streamed[i].capability.outside);
    }
    const auto charts = querySpc(c, filter, {true, true});
    const auto lean = querySpc(c, filter, {false, false});
    ASSERT_EQ(charts.size(), lean.size());
    for (std::size_t i = 0; i < charts.size(); ++i) {
        EXPECT_EQ(charts[i].rules, westernElectric(charts[i].series.values, charts[i].center, charts[i].sigma));
        EXPECT_EQ(charts[i].points.size(), charts[i].n) << "every point, with its run";
        EXPECT_EQ(lean[i].center, charts[i].center);
        EXPECT_EQ(lean[i].violations, charts[i].violations);
        std::size_t flagged = 0;
        for (const auto& p : charts[i].points)
            flagged += p.rules != 0;
        EXPECT_EQ(lean[i].points.size(), flagged) << "only the violating points";
    }
    // A table for people: each chart's latest violation, the count still over all of them.
    const auto latest = querySpc(c, filter, {false, false, 1});
    ASSERT_EQ(latest.size(), lean.size());
    for (std::size_t i = 0; i < lean.size(); ++i) {
        EXPECT_EQ(latest[i].violations, lean[i].violations);
        const auto& all = lean[i].points;
        const std::size_t listed = std::min<std::size_t>(1, all.size());
        ASSERT_EQ(latest[i].points.size(), listed);
        for (std::size_t k = 0; k < listed; ++k)
            EXPECT_EQ(latest[i].points[k].index, all[all.size() - listed + k].index);
    }
}

YieldResult yieldOf(const std::filesystem::path& file) {
    auto store = ResultStore::open(file, StoreOptions{});
    ReportFilter filter;
    filter.groupBy = {GroupKey::PartNumber};
    return queryYield(store.connection(), filter);
}

} // namespace

TEST(ReportSummaries, ValuesReadInReportOrderEqualTheRows) {
    TempDir dir;
    const auto file = dir / "mixed.db";
    writeMixedHistory(file);
    auto store = ResultStore::open(file, StoreOptions{});
    const auto& c = store.connection();
    expectSeriesFromRows(c, ReportFilter{}, "");
    ReportFilter cpo;
    cpo.partNumber = "CPO-3200-ELS";
    expectSeriesFromRows(c, cpo, "CPO-3200-ELS");
}

TEST(ReportSummaries, StepCountsEqualTheRows) {
    TempDir dir;
    const auto file = dir / "mixed.db";
    writeMixedHistory(file);
    const auto y = yieldOf(file);
    auto store = ResultStore::open(file, StoreOptions{});
    const auto& c = store.connection();
    EXPECT_EQ(y.total.stepExecutions, c.queryInt("SELECT count(*) FROM step s JOIN run r ON r.id = s.run_id WHERE "
                                                 "r.outcome NOT IN (6, 7) AND s.outcome IN (3, 4, 5)"));
    EXPECT_EQ(y.total.stepPasses, c.queryInt("SELECT count(*) FROM step s JOIN run r ON r.id = s.run_id WHERE "
                                             "r.outcome NOT IN (6, 7) AND s.outcome = 3"));
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM run WHERE failures > 0"),
              c.queryInt("SELECT count(*) FROM run r WHERE EXISTS (SELECT 1 FROM step s WHERE s.run_id = r.id AND "
                         "s.outcome IN (4, 5)) OR EXISTS (SELECT 1 FROM measurement m WHERE m.run_id = r.id AND "
                         "m.outcome IN (4, 5))"));
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM run_values"),
              c.queryInt("SELECT count(*) FROM run r WHERE r.outcome NOT IN (6, 7) AND EXISTS (SELECT 1 FROM "
                         "measurement m WHERE m.run_id = r.id AND m.value IS NOT NULL)"));
    ASSERT_EQ(y.rows.size(), 2u);
    EXPECT_EQ(y.rows[0].key[0], "CPO-3200-ELS");
}

TEST(ReportSummaries, MigrationFromVersion2GivesTheSameReportsAsTheWriter) {
    TempDir dir;
    const auto written = dir / "written.db";
    writeMixedHistory(written);
    // The same rows as a version-2 file: no owner, no summaries. Then migrated as `optiqual db migrate` does.
    const auto old = dir / "old.db";
    {
        auto c = Connection::open(old, OpenAccess::ReadWriteCreate);
        c.exec("PRAGMA journal_mode = WAL");
        Schema::migrate(c, 2);
        c.exec("ATTACH '" + written.string() + "' AS w");
        for (const char* table :
             {"station", "instrument", "part", "unit", "sequence_version", "limit_set", "run_instrument", "step_def",
              "step", "measurement_def", "condition_set", "measurement", "trace", "audit"})
            c.exec(std::string("INSERT INTO main.") + table + " SELECT * FROM w." + table);
        c.exec("INSERT INTO main.run SELECT id, uuid, unit_id, part_id, station_id, socket, operator, "
               "sequence_version_id, limit_set_id, started_at, ended_at, outcome, attempt, abort_reason FROM w.run");
        c.exec("DETACH w");
        EXPECT_EQ(Schema::currentVersion(c), 2);
    }
    {
        StoreOptions o;
        o.access = OpenAccess::ReadWrite;
        o.migrate = true;
        auto store = ResultStore::open(old, o);
        EXPECT_EQ(store.versionBeforeOpen(), 2);
        EXPECT_EQ(store.schemaVersion(), Schema::latestVersion());
        EXPECT_TRUE(store.verify().ok());
    }
    auto a = ResultStore::open(written, StoreOptions{});
    auto b = ResultStore::open(old, StoreOptions{});
    for (const char* sql :
         {"SELECT group_concat(coalesce(failures, -1) || ':' || coalesce(judged_steps, -1) || ':' || "
          "coalesce(passed_steps, -1), ',') FROM (SELECT * FROM run ORDER BY id)",
          "SELECT group_concat(hex(vals), ',') FROM (SELECT vals FROM run_values ORDER BY started_at, run_id)",
          "SELECT group_concat(hex(t.tries), ',') FROM (SELECT first_tries FROM run ORDER BY id) r "
          "LEFT JOIN try_set t ON t.id = r.first_tries"})
        EXPECT_EQ(a.connection().queryText(sql), b.connection().queryText(sql)) << sql;
    const auto ya = yieldOf(written), yb = yieldOf(old);
    EXPECT_EQ(ya.total.units, yb.total.units);
    EXPECT_EQ(ya.total.stepExecutions, yb.total.stepExecutions);
    EXPECT_EQ(ya.total.rolledThroughputYield, yb.total.rolledThroughputYield);
    EXPECT_EQ(ya.total.firstPassYield, yb.total.firstPassYield);
    expectSeriesFromRows(b.connection(), ReportFilter{}, "");
    EXPECT_EQ(b.connection().queryInt("SELECT count(*) FROM run WHERE owner IS NOT NULL"), 0)
        << "runs of a version-2 file have no owner";
}

TEST(ReportSummaries, ARunWithoutOwnerFromAnOlderFileIsRecovered) {
    TempDir dir;
    const auto file = dir / "v2.db";
    {
        auto c = Connection::open(file, OpenAccess::ReadWriteCreate);
        c.exec("PRAGMA journal_mode = WAL");
        Schema::migrate(c, 2);
        c.exec("INSERT INTO station (id, name, created_at) VALUES (1, 'xpo-line-1', 0);"
               "INSERT INTO part (id, part_number) VALUES (1, 'PN-1');"
               "INSERT INTO unit (id, serial, part_id, created_at) VALUES (1, 'SN-OPEN', 1, 0);"
               "INSERT INTO sequence_version (id, name, version, content_hash, content) VALUES (1, 's', '1', 'h', '');"
               "INSERT INTO run (id, uuid, unit_id, part_id, station_id, socket, operator, sequence_version_id, "
               "  started_at, attempt) VALUES (1, 'u-1', 1, 1, 1, 1, 'bob', 1, 10, 1);");
    }
    WriterOptions o;
    o.station = "xpo-line-1";
    auto writer = ResultWriter::open(file, o);
    EXPECT_EQ(writer->recoveredRuns(), 1) << "a run from before owners were recorded has no live owner";
}
