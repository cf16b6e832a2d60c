#include "db/Schema.h"

#include "db/DbError.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>

using namespace optiqual::db;
using namespace optiqual::db::test;

TEST(Schema, FreshFileIsCreatedAtLatestVersionInWalMode) {
    TempDir dir;
    StoreOptions o;
    o.access = OpenAccess::ReadWriteCreate;
    o.migrate = true;
    auto store = ResultStore::open(dir / "r.db", o);
    EXPECT_EQ(store.schemaVersion(), Schema::latestVersion());
    EXPECT_EQ(store.versionBeforeOpen(), 0);
    EXPECT_EQ(store.connection().queryText("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(store.connection().queryInt("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM schema_version"), Schema::latestVersion());
    EXPECT_TRUE(store.verify().ok());
}

TEST(Schema, ReportsRefuseMissingFileInsteadOfCreatingIt) {
    TempDir dir;
    try {
        ResultStore::open(dir / "missing.db", StoreOptions{});
        FAIL() << "opened a missing file";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::NotFound);
        EXPECT_NE(std::string(e.what()).find("missing.db"), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST(Schema, OldVersionMigratesForwardKeepingData) {
    TempDir dir;
    const auto file = dir / "old.db";
    {
        // A file as version 1 of OptiQual left it, with one run and a measurement.
        auto c = Connection::open(file, OpenAccess::ReadWriteCreate);
        c.exec("PRAGMA journal_mode = WAL");
        Schema::migrate(c, 1);
        c.exec(
            "INSERT INTO station (id, name, created_at) VALUES (1, 'old-station', 0);"
            "INSERT INTO part (id, part_number) VALUES (1, 'PN-1');"
            "INSERT INTO unit (id, serial, part_id, created_at) VALUES (1, 'SN-OLD', 1, 0);"
            "INSERT INTO sequence_version (id, name, version, content_hash, content) VALUES (1, 's', '1', 'h', '');"
            "INSERT INTO run (id, uuid, unit_id, part_id, station_id, socket, operator, sequence_version_id, "
            "  started_at, ended_at, outcome, attempt) VALUES (1, 'u-1', 1, 1, 1, 1, 'bob', 1, 10, 20, 3, 1);"
            "INSERT INTO step_def (id, path, name, type) VALUES (1, 'main/a', 'a', 'numeric_limit');"
            "INSERT INTO step (run_id, seq, step_def_id, outcome, started_at, duration_us) VALUES (1, 1, 1, 3, 10, 5);"
            "INSERT INTO measurement_def (id, step_def_id, name, unit, comparator, identity) "
            "  VALUES (1, 1, 'v', 'V', 'LOG', x'01');"
            "INSERT INTO measurement (run_id, seq, step_seq, def_id, value, outcome) VALUES (1, 1, 1, 1, 3.3, 3);");
        EXPECT_EQ(Schema::currentVersion(c), 1);
    }
    // Reports refuse an old file with a hint instead of migrating behind the user's back.
    try {
        ResultStore::open(file, StoreOptions{});
        FAIL() << "read an old schema";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Schema);
        EXPECT_NE(std::string(e.what()).find("optiqual db migrate"), std::string::npos) << e.what();
    }
    {
        StoreOptions o;
        o.access = OpenAccess::ReadWrite;
        o.migrate = true;
        auto store = ResultStore::open(file, o);
        EXPECT_EQ(store.versionBeforeOpen(), 1);
        EXPECT_EQ(store.schemaVersion(), Schema::latestVersion());
        auto& c = store.connection();
        EXPECT_EQ(c.queryText("SELECT uuid FROM run"), "u-1");
        EXPECT_DOUBLE_EQ(c.prepare("SELECT value FROM measurement").step() ? 3.3 : 0, 3.3);
        EXPECT_EQ(c.queryInt("SELECT count(*) FROM measurement WHERE condition_id IS NULL"), 1);
        EXPECT_TRUE(store.verify().ok());
    }

    // The migrated file takes version-2 records (conditions, traces).
    auto writer = ResultWriter::open(file, WriterOptions{});
    auto ticket = writer->beginRun(sampleRunStart("SN-OLD", at(100)));
    auto step = sampleStep(ticket.handle, "main/optics/tx", 3);
    step.traces.push_back({"sweep", "wavelength", "nm", "power", "dBm", {1310, 1311}, {-1.0, -1.1}});
    writer->recordStep(step);
    writer->finishRun({ticket.handle, optiqual::sequences::Verdict::Pass, at(101), ""});
    EXPECT_TRUE(writer->flush().healthy);
    EXPECT_EQ(ticket.id.get(), 2);
    writer.reset();
    auto after = ResultStore::open(file, StoreOptions{});
    EXPECT_EQ(after.connection().queryInt("SELECT attempt FROM run WHERE id = 2"), 2) << "second run of SN-OLD";
    EXPECT_EQ(after.connection().queryInt("SELECT count(*) FROM trace"), 1);
    EXPECT_EQ(after.connection().queryText("SELECT conditions FROM condition_set"),
              R"({"temperature_c":70,"vcc_v":3.3})");
}

TEST(Schema, NewerFileIsRefused) {
    TempDir dir;
    const auto file = dir / "new.db";
    {
        StoreOptions o{OpenAccess::ReadWriteCreate, true};
        auto store = ResultStore::open(file, o);
        store.connection().exec("INSERT INTO schema_version VALUES (99, 0, 'from the future')");
    }
    StoreOptions o{OpenAccess::ReadWrite, true};
    EXPECT_THROW(ResultStore::open(file, o), DbError);
    try {
        ResultStore::open(file, o);
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Schema);
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
    }
}

TEST(Schema, ForeignDatabaseIsNotTakenOver) {
    TempDir dir;
    const auto file = dir / "other.db";
    {
        auto c = Connection::open(file, OpenAccess::ReadWriteCreate);
        c.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    try {
        ResultWriter::open(file, WriterOptions{});
        FAIL() << "took over a foreign database";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Schema);
        EXPECT_NE(std::string(e.what()).find("not an OptiQual"), std::string::npos);
    }
    auto c = Connection::open(file, OpenAccess::ReadOnly);
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'run'"), 0);
}

TEST(Schema, VerifyFindsOrphans) {
    auto store = ResultStore::openMemory();
    auto& c = store.connection();
    c.exec("PRAGMA foreign_keys = OFF");
    c.exec("INSERT INTO step (run_id, seq, step_def_id, outcome, started_at, duration_us) VALUES (42, 1, 7, 3, 0, 0)");
    auto report = store.verify();
    EXPECT_FALSE(report.ok());
    EXPECT_GE(report.orphanCount, 2); // missing run and missing step definition
    ASSERT_FALSE(report.orphans.empty());
    EXPECT_NE(report.orphans.front().find("step"), std::string::npos);
}
