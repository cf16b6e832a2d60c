#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/TimeText.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

TEST(ResultWriter, StoresARunWithStepsMeasurementsAndAudit) {
    TempDir dir;
    const auto file = dir / "r.db";
    auto writer = ResultWriter::open(file, WriterOptions{});
    auto ticket = writer->beginRun(sampleRunStart("SN001", at(0)));
    EXPECT_EQ(ticket.uuid.size(), 36u);
    EXPECT_EQ(writer->recordStep(sampleStep(ticket.handle, "main/power/icc", 4, false, at(1))), 1);
    EXPECT_EQ(writer->recordStep(sampleStep(ticket.handle, "main/optics/tx_power", 8, true, at(2))), 2);
    writer->recordAudit({at(3), "xpo-line-1", ticket.handle, "carol", "verdict.override", "main/optics/tx_power",
                         "FAIL", "PASS", "golden unit, meter recalibrated"});
    writer->finishRun({ticket.handle, Verdict::Fail, at(4), ""});
    const auto status = writer->flush();
    EXPECT_TRUE(status.healthy);
    EXPECT_EQ(status.committedSteps, 2u);
    EXPECT_EQ(status.committedMeasurements, 12u);
    EXPECT_GT(ticket.id.get(), 0);
    EXPECT_TRUE(writer->runIntact(ticket.handle));

    auto store = ResultStore::open(file, StoreOptions{});
    auto& c = store.connection();
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM step"), 2);
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM measurement"), 12);
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM measurement WHERE outcome = 4"), 1);
    EXPECT_EQ(c.queryInt("SELECT outcome FROM run"), static_cast<int>(Verdict::Fail));
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM measurement_def"), 12) << "defs per step path and name";
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM condition_set"), 1) << "conditions deduplicated";
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM run_instrument"), 1);
    EXPECT_EQ(c.queryText("SELECT calibration_due FROM instrument"), "2027-06-30");
    EXPECT_EQ(c.queryText("SELECT reason FROM audit WHERE run_id IS NOT NULL"), "golden unit, meter recalibrated");
    EXPECT_TRUE(store.verify().ok());
}

TEST(ResultWriter, AttemptCountsRunsOfTheSameSerial) {
    TempDir dir;
    auto writer = ResultWriter::open(dir / "r.db", WriterOptions{});
    std::vector<RunTicket> tickets;
    for (int i = 0; i < 3; ++i) {
        tickets.push_back(writer->beginRun(sampleRunStart("SN-RETEST", at(i * 100))));
        writer->finishRun({tickets.back().handle, i < 2 ? Verdict::Fail : Verdict::Pass, at(i * 100 + 10), ""});
    }
    writer->flush();
    auto store = ResultStore::open(dir / "r.db", StoreOptions{});
    auto st = store.connection().prepare("SELECT attempt FROM run ORDER BY id");
    for (int expected = 1; expected <= 3; ++expected) {
        ASSERT_TRUE(st.step());
        EXPECT_EQ(st.getInt(0), expected);
    }
}

TEST(ResultWriter, RecoveryMarksOpenRunsAbortedStationStopped) {
    TempDir dir;
    const auto file = dir / "r.db";
    {
        auto writer = ResultWriter::open(file, WriterOptions{});
        auto open = writer->beginRun(sampleRunStart("SN-OPEN", at(0)));
        writer->recordStep(sampleStep(open.handle, "main/a", 2, false, at(1)));
        auto other = writer->beginRun(sampleRunStart("SN-OTHER", at(0), "XPO-800G-DR8", "other-station"));
        writer->flush();
        // The process "dies" here: no finishRun.
    }
    {
        WriterOptions o;
        o.station = "xpo-line-1";
        auto writer = ResultWriter::open(file, o);
        EXPECT_EQ(writer->recoveredRuns(), 1) << "only this station's runs";
    }
    auto store = ResultStore::open(file, StoreOptions{});
    auto st = store.connection().prepare("SELECT outcome, abort_reason, ended_at FROM run WHERE id = 1");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getInt(0), static_cast<int>(Verdict::Aborted));
    EXPECT_EQ(st.getText(1), "station stopped");
    EXPECT_EQ(st.getInt(2), optiqual::db::toMicros(at(1)) + 1500);
    EXPECT_EQ(store.verify().openRuns, 1) << "the other station's run stays open";
}

TEST(ResultWriter, ABadRecordLosesOnlyItsRun) {
    TempDir dir;
    std::vector<WriteError> errors;
    WriterOptions o;
    o.onError = [&](const WriteError& e) { errors.push_back(e); };
    auto writer = ResultWriter::open(dir / "r.db", o);
    auto good = writer->beginRun(sampleRunStart("SN-GOOD", at(0)));
    auto bad = writer->beginRun(sampleRunStart("SN-BAD", at(0)));
    writer->recordStep(sampleStep(good.handle, "main/a", 3));
    auto broken = sampleStep(bad.handle, "main/a", 3);
    broken.measurements.push_back(broken.measurements.front()); // a repeated measurement is simply stored twice
    writer->recordStep(broken);
    // A duplicate run UUID breaks the UNIQUE constraint: that record alone fails.
    auto dupStart = sampleRunStart("SN-DUP", at(0));
    dupStart.uuid = good.uuid;
    auto dup = writer->beginRun(dupStart);
    writer->recordStep(sampleStep(dup.handle, "main/a", 3));
    writer->finishRun({dup.handle, Verdict::Pass, at(5), ""});
    writer->finishRun({good.handle, Verdict::Pass, at(5), ""});
    writer->finishRun({bad.handle, Verdict::Pass, at(5), ""});
    const auto status = writer->flush();
    EXPECT_FALSE(status.healthy);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].kind, DbErrorKind::Constraint);
    ASSERT_EQ(errors[0].runs.size(), 1u);
    EXPECT_EQ(errors[0].runs[0], dup.handle);
    EXPECT_EQ(dup.id.get(), 0);
    EXPECT_FALSE(writer->runIntact(dup.handle));
    EXPECT_TRUE(writer->runIntact(good.handle));
    EXPECT_TRUE(writer->runIntact(bad.handle));
    auto store = ResultStore::open(dir / "r.db", StoreOptions{});
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM run"), 2);
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM measurement"), 7);
}
