// The durability contract at the station: a unit's verdict is shown only once the run is durable in the results
// database (every step and the run's end committed).
#include "db/Connection.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "station/DatabaseSink.h"
#include "station/EventBus.h"
#include "tests/db/DbTestSupport.h"

#include <chrono>
#include <future>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::station;
using db::test::TempDir;
using sequences::Verdict;

namespace {

/// Publishes run @p runId's start and @p steps finished steps (each with 50 per-lane measurements when
/// @p measured); @return its start.
RunStarted publishSteps(EventBus& bus, std::uint64_t runId, int steps, bool measured = true) {
    const auto now = std::chrono::system_clock::now();
    RunStarted start;
    start.runId = runId;
    start.socket = 1;
    start.unitSerial = "SN-" + std::to_string(runId);
    start.partNumber = "XPO-800G-DR8";
    start.time = now;
    bus.publish(start);
    for (int i = 0; i < steps; ++i) {
        StepFinished step;
        step.runId = runId;
        step.socket = 1;
        step.path = "main/step" + std::to_string(i);
        step.name = "step" + std::to_string(i);
        step.verdict = Verdict::Pass;
        step.started = now;
        step.finished = now;
        sequences::Measurement m;
        m.name = "v";
        m.value = 1.0;
        m.outcome = Verdict::Pass;
        for (int lane = 0; measured && lane < 50; ++lane) {
            m.lane = lane;
            step.measurements.push_back(m);
        }
        bus.publish(step);
    }
    return start;
}

void publishRun(EventBus& bus, std::uint64_t runId, int steps, Verdict verdict) {
    const RunStarted start = publishSteps(bus, runId, steps);
    bus.publish(RunFinished{runId, 1, start.unitSerial, verdict, "", start.time});
}

} // namespace

// The gate the live view and the plain lines ask before they show a verdict (RunCommand wires it): while another
// connection holds the write lock nothing can be committed, so the run cannot be durable, however long it has ended.
TEST(DurableVerdict, TheGateSaysNoUntilTheRunIsCommitted) {
    TempDir dir;
    const auto file = dir / "r.db";
    db::WriterOptions o;
    o.busyTimeout = std::chrono::minutes(2); // the writer waits out the lock below instead of failing the run
    auto writer = db::ResultWriter::open(file, o);
    auto sink = std::make_shared<DatabaseSink>(*writer, db::StationInfo{"xpo-line-1", "host"},
                                               std::vector<db::InstrumentInfo>{});
    EventBus bus;
    bus.subscribe(sink, "database");
    EXPECT_FALSE(sink->isDurable(1)) << "a run that has not ended is not durable";
    auto blocker = db::Connection::open(file, db::OpenAccess::ReadWrite);
    blocker.exec("BEGIN IMMEDIATE");
    publishRun(bus, 1, 3, Verdict::Pass);
    bus.flush(); // the run's end is handed to the writer, which cannot commit it
    EXPECT_FALSE(sink->isDurable(1)) << "the verdict would be shown before its steps are stored";
    blocker.exec("ROLLBACK");
    ASSERT_TRUE(sink->awaitDurable(1));
    EXPECT_TRUE(sink->isDurable(1));
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM step"), 3);
    bus.stop();
}

TEST(DurableVerdict, DatabaseSinkAnswersOnceTheRunIsCommitted) {
    TempDir dir;
    const auto file = dir / "r.db";
    auto writer = db::ResultWriter::open(file, db::WriterOptions{});
    auto sink = std::make_shared<DatabaseSink>(*writer, db::StationInfo{"xpo-line-1", "host"},
                                               std::vector<db::InstrumentInfo>{});
    EventBus bus;
    bus.subscribe(sink, "database");
    publishRun(bus, 1, 40, Verdict::Pass);
    ASSERT_TRUE(sink->awaitDurable(1));
    // Read by another connection at once, before anything else is flushed: the run is complete and ended.
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    EXPECT_EQ(store.connection().queryInt("SELECT outcome FROM run"), static_cast<int>(Verdict::Pass));
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM step"), 40);
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM measurement"), 40 * 50);
    bus.stop();
}

TEST(DurableVerdict, ARunThatCouldNotBeStoredIsNotDurable) {
    TempDir dir;
    db::WriterOptions o;
    o.maxPageCount = 60; // the empty schema and little more: the run's steps do not fit
    auto writer = db::ResultWriter::open(dir / "full.db", o);
    auto sink = std::make_shared<DatabaseSink>(*writer, db::StationInfo{"xpo-line-1", "host"},
                                               std::vector<db::InstrumentInfo>{});
    EventBus bus;
    bus.subscribe(sink, "database");
    publishRun(bus, 1, 400, Verdict::Pass);
    EXPECT_FALSE(sink->awaitDurable(1));
    EXPECT_FALSE(sink->isDurable(1)) << "a run the database could not hold never shows as stored";
    bus.stop();
}

// The same gate for each step (PlainProgress asks it before it prints a step as finished): step n of a running run
// is durable once it and every step before it are committed — not while another connection holds the write lock.
TEST(DurableVerdict, AStepIsDurableOnceItAndTheStepsBeforeItAreCommitted) {
    TempDir dir;
    const auto file = dir / "r.db";
    db::WriterOptions o;
    o.busyTimeout = std::chrono::minutes(2);
    auto writer = db::ResultWriter::open(file, o);
    auto sink = std::make_shared<DatabaseSink>(*writer, db::StationInfo{"xpo-line-1", "host"},
                                               std::vector<db::InstrumentInfo>{});
    EventBus bus;
    bus.subscribe(sink, "database");
    auto blocker = db::Connection::open(file, db::OpenAccess::ReadWrite);
    blocker.exec("BEGIN IMMEDIATE");
    const RunStarted start = publishSteps(bus, 1, 3, false);
    bus.flush(); // every step is handed to the writer, which cannot commit while the lock is held
    EXPECT_FALSE(sink->stepDurable(1, 1)) << "a step would be shown before it is stored";
    blocker.exec("ROLLBACK");
    writer->flush();
    EXPECT_TRUE(sink->stepDurable(1, 1));
    EXPECT_TRUE(sink->stepDurable(1, 3));
    EXPECT_FALSE(sink->stepDurable(1, 4)) << "a step that has not finished is not stored";
    EXPECT_FALSE(sink->stepDurable(2, 1)) << "nor is a step of a run never started";
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM step"), 3);
    bus.publish(RunFinished{1, 1, start.unitSerial, Verdict::Pass, "", start.time});
    ASSERT_TRUE(sink->awaitDurable(1));
    EXPECT_TRUE(sink->stepDurable(1, 3)) << "once the run is durable, so is each of its steps";
    bus.stop();
}
