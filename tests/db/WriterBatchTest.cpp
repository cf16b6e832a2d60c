// How the writer stores a batch: multi-row measurement inserts, the definition and condition caches, and the
// retry with a savepoint per record when one record of a batch breaks a constraint.
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "tests/db/DbTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <thread>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

TEST(WriterBatch, ManyMeasurementsKeepOrderDefinitionsAndConditions) {
    TempDir dir;
    auto writer = ResultWriter::open(dir / "r.db", WriterOptions{});
    auto run = writer->beginRun(sampleRunStart("SN-MANY", at(0)));
    // 37 measurements: more than one multi-row INSERT, a repeated definition, a changed limit, text and NaN.
    auto step = sampleStep(run.handle, "main/many", 37);
    for (std::size_t i = 0; i < step.measurements.size(); ++i) {
        auto& m = step.measurements[i];
        m.lane = static_cast<int>(i);
        m.conditions = {{"temperature_c", i < 20 ? 25.0 : 70.0}};
    }
    step.measurements[5].name = step.measurements[4].name; // same definition as the one before
    step.measurements[30].name = step.measurements[29].name;
    step.measurements[30].limit.high = 2.0; // same name, other limit: a definition of its own
    step.measurements[12].text = "fw 1.2.3";
    step.measurements[13].value = std::nan("");
    step.measurements[20].conditions.clear();
    writer->recordStep(step);
    writer->recordStep(step); // the second time everything comes from the caches
    writer->finishRun({run.handle, Verdict::Pass, at(5), ""});
    ASSERT_TRUE(writer->flush().healthy);
    writer.reset();

    auto store = ResultStore::open(dir / "r.db", StoreOptions{});
    auto& c = store.connection();
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM measurement"), 74);
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM measurement_def"), 36);
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM condition_set"), 2);
    auto st = c.prepare("SELECT m.seq, m.step_seq, m.lane, md.name, md.high, m.value IS NULL, m.text, "
                        "cs.conditions FROM measurement m JOIN measurement_def md ON md.id = m.def_id "
                        "LEFT JOIN condition_set cs ON cs.id = m.condition_id ORDER BY m.seq");
    for (int seq = 1; seq <= 74; ++seq) {
        ASSERT_TRUE(st.step());
        const auto i = static_cast<std::size_t>((seq - 1) % 37);
        const auto& m = step.measurements[i];
        EXPECT_EQ(st.getInt(0), seq);
        EXPECT_EQ(st.getInt(1), seq <= 37 ? 1 : 2);
        EXPECT_EQ(st.getInt(2), static_cast<int>(i));
        EXPECT_EQ(st.getText(3), m.name);
        EXPECT_EQ(st.getDouble(4), *m.limit.high);
        EXPECT_EQ(st.getInt(5), i == 12 || i == 13 ? 1 : 0) << seq;
        EXPECT_EQ(st.getOptionalText(6), m.text);
        EXPECT_EQ(st.getOptionalText(7),
                  i == 20 ? std::nullopt
                          : std::optional<std::string>(i < 20 ? "{\"temperature_c\":25}" : "{\"temperature_c\":70}"));
    }
    EXPECT_FALSE(st.step());
}

TEST(WriterBatch, ABadRecordInABatchIsRetriedAloneAndTheRestIsWhole) {
    TempDir dir;
    const auto file = dir / "r.db";
    std::vector<WriteError> errors;
    WriterOptions o;
    o.onError = [&](const WriteError& e) { errors.push_back(e); };
    auto writer = ResultWriter::open(file, o);
    auto good = writer->beginRun(sampleRunStart("SN-GOOD", at(0)));
    writer->recordStep(sampleStep(good.handle, "main/a", 3));
    ASSERT_TRUE(writer->flush().healthy);

    // Another connection holds the write lock while the next records queue up, so they form one batch.
    auto other = Connection::open(file, OpenAccess::ReadWrite);
    other.exec("BEGIN IMMEDIATE");
    writer->recordStep(sampleStep(good.handle, "main/b", 4));
    auto dupStart = sampleRunStart("SN-DUP", at(0));
    dupStart.uuid = good.uuid; // breaks UNIQUE (uuid): this record alone fails
    auto dup = writer->beginRun(dupStart);
    writer->recordStep(sampleStep(dup.handle, "main/a", 3));
    auto later = writer->beginRun(sampleRunStart("SN-LATER", at(1)));
    writer->recordStep(sampleStep(later.handle, "main/a", 2));
    writer->recordStep(sampleStep(good.handle, "main/c", 5));
    writer->finishRun({dup.handle, Verdict::Pass, at(5), ""});
    writer->finishRun({later.handle, Verdict::Pass, at(5), ""});
    writer->finishRun({good.handle, Verdict::Pass, at(5), ""});
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    other.exec("COMMIT");
    const auto status = writer->flush();

    EXPECT_FALSE(status.healthy);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].kind, DbErrorKind::Constraint);
    ASSERT_EQ(errors[0].runs.size(), 1u);
    EXPECT_EQ(errors[0].runs[0], dup.handle);
    EXPECT_EQ(dup.id.get(), 0);
    EXPECT_TRUE(writer->runIntact(good.handle));
    EXPECT_TRUE(writer->runIntact(later.handle));
    EXPECT_EQ(status.committedSteps, 4u);
    EXPECT_EQ(status.committedMeasurements, 14u);
    writer.reset();

    auto store = ResultStore::open(file, StoreOptions{});
    auto& c = store.connection();
    // The good run's measurements are numbered on from its earlier step, as if nothing had been retried.
    auto st = c.prepare("SELECT count(*), min(seq), max(seq), max(step_seq) FROM measurement WHERE run_id = ?1");
    st.bind(1, good.id.get());
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getInt(0), 12);
    EXPECT_EQ(st.getInt(1), 1);
    EXPECT_EQ(st.getInt(2), 12);
    EXPECT_EQ(st.getInt(3), 3);
    st.reset();
    st.bind(1, later.id.get());
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getInt(0), 2);
    EXPECT_EQ(st.getInt(2), 2);
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM run WHERE outcome = 3"), 2); // good and later, both PASS
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM run"), 2);
    EXPECT_EQ(store.verify().openRuns, 0);
}
