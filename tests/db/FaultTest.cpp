// Bad conditions: disk full, locked by another connection or process, read-only file, corrupted file.
// Each must give a clear error and a run outcome of ERROR — never a crash, a recreated file or a run that looks
// complete.
#include "db/DbError.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "tests/db/DbTestSupport.h"

#include <fstream>
#include <gtest/gtest.h>
#include <mutex>
#include <sys/wait.h>
#include <unistd.h>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

struct ErrorLog {
    std::mutex mutex;
    std::vector<WriteError> errors;
    std::function<void(const WriteError&)> callback() {
        return [this](const WriteError& e) {
            std::lock_guard lock(mutex);
            errors.push_back(e);
        };
    }
};

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

struct RunRow {
    int outcome = -1;
    std::string reason;
};

RunRow runRow(const std::filesystem::path& file, std::int64_t id) {
    auto store = ResultStore::open(file, StoreOptions{});
    auto st = store.connection().prepare("SELECT outcome, abort_reason FROM run WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return {};
    return {static_cast<int>(st.getInt(0)), st.getText(1)};
}

} // namespace

TEST(DbFaults, DiskFullReportsErrorAndEndsRunAsError) {
    TempDir dir;
    const auto file = dir / "full.db";
    ErrorLog log;
    WriterOptions o;
    o.onError = log.callback();
    o.maxPageCount = 60; // a few pages above the empty schema
    auto writer = ResultWriter::open(file, o);
    auto ticket = writer->beginRun(sampleRunStart("SN-FULL", at(0)));
    writer->flush();
    ASSERT_GT(ticket.id.get(), 0);
    int written = 0;
    for (; written < 2000 && writer->runIntact(ticket.handle); ++written) {
        auto step = sampleStep(ticket.handle, "main/sweep", 10);
        step.traces.push_back({"sweep", "wavelength", "nm", "power", "dBm", std::vector<double>(500, 1310.0),
                               std::vector<double>(500, -2.0)});
        writer->recordStep(std::move(step));
        writer->flush();
    }
    ASSERT_FALSE(writer->runIntact(ticket.handle)) << "the cap was never reached";
    writer->finishRun({ticket.handle, Verdict::Pass, at(10), ""});
    const auto status = writer->flush();
    EXPECT_FALSE(status.healthy);
    ASSERT_FALSE(log.errors.empty());
    EXPECT_EQ(log.errors[0].kind, DbErrorKind::Full);
    EXPECT_NE(log.errors[0].message.find("full"), std::string::npos) << log.errors[0].message;
    ASSERT_EQ(log.errors[0].runs.size(), 1u);
    EXPECT_EQ(log.errors[0].runs[0], ticket.handle);
    writer.reset();

    const auto row = runRow(file, ticket.id.get());
    EXPECT_EQ(row.outcome, static_cast<int>(Verdict::Error)) << "a run that lost steps must not read PASS";
    EXPECT_NE(row.reason.find("results incomplete"), std::string::npos) << row.reason;
    EXPECT_TRUE(ResultStore::open(file, StoreOptions{}).verify().ok());
}

TEST(DbFaults, LockedByAnotherConnectionGivesBusyErrorNotACrash) {
    TempDir dir;
    const auto file = dir / "locked.db";
    ErrorLog log;
    WriterOptions o;
    o.onError = log.callback();
    o.busyTimeout = std::chrono::milliseconds(50);
    auto writer = ResultWriter::open(file, o);
    auto ticket = writer->beginRun(sampleRunStart("SN-LOCK", at(0)));
    writer->flush();
    ASSERT_GT(ticket.id.get(), 0);

    auto other = Connection::open(file, OpenAccess::ReadWrite);
    other.exec("BEGIN IMMEDIATE");
    writer->recordStep(sampleStep(ticket.handle, "main/a", 5));
    auto status = writer->flush();
    EXPECT_FALSE(status.healthy);
    EXPECT_NE(status.lastError.find("locked"), std::string::npos) << status.lastError;
    EXPECT_FALSE(writer->runIntact(ticket.handle));
    other.exec("COMMIT");

    writer->recordStep(sampleStep(ticket.handle, "main/b", 5)); // dropped: the run is already incomplete
    writer->finishRun({ticket.handle, Verdict::Pass, at(3), ""});
    writer->flush();
    writer.reset();
    ASSERT_EQ(log.errors.size(), 1u);
    EXPECT_EQ(log.errors[0].kind, DbErrorKind::Busy);
    const auto row = runRow(file, ticket.id.get());
    EXPECT_EQ(row.outcome, static_cast<int>(Verdict::Error));
    EXPECT_NE(row.reason.find("locked"), std::string::npos) << row.reason;
    auto store = ResultStore::open(file, StoreOptions{});
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM step"), 0);
}

TEST(DbFaults, LockedByAnotherProcess) {
    TempDir dir;
    const auto file = dir / "locked.db";
    { ResultWriter::open(file, WriterOptions{}); } // create the file
    int toChild[2], toParent[2];
    ASSERT_EQ(pipe(toChild), 0);
    ASSERT_EQ(pipe(toParent), 0);
    // Forked before this test starts the writer thread, so the child inherits no held locks.
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        char c = 0;
        int code = 0;
        try {
            if (read(toChild[0], &c, 1) != 1)
                _exit(2);
            auto conn = Connection::open(file, OpenAccess::ReadWrite);
            conn.exec("BEGIN IMMEDIATE");
            c = 'L';
            if (write(toParent[1], &c, 1) != 1 || read(toChild[0], &c, 1) != 1)
                code = 3;
            conn.exec("COMMIT");
        } catch (...) {
            code = 4;
        }
        _exit(code);
    }
    ErrorLog log;
    WriterOptions o;
    o.onError = log.callback();
    o.busyTimeout = std::chrono::milliseconds(50);
    auto writer = ResultWriter::open(file, o);
    char c = 'G';
    ASSERT_EQ(write(toChild[1], &c, 1), 1);
    ASSERT_EQ(read(toParent[0], &c, 1), 1);
    {
        auto ticket = writer->beginRun(sampleRunStart("SN-PLOCK", at(0)));
        writer->recordStep(sampleStep(ticket.handle, "main/a", 5));
        writer->finishRun({ticket.handle, Verdict::Pass, at(1), ""});
        auto status = writer->flush();
        EXPECT_FALSE(status.healthy);
        EXPECT_EQ(ticket.id.get(), 0) << "the run could not be stored";
        ASSERT_FALSE(log.errors.empty());
        EXPECT_EQ(log.errors[0].kind, DbErrorKind::Busy);
        EXPECT_NE(log.errors[0].message.find("locked"), std::string::npos) << log.errors[0].message;
    }
    // A second station process opening the locked file gets a clear error too.
    try {
        ResultWriter::open(file, o);
        ADD_FAILURE() << "opened a file another process holds locked";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Busy) << e.what();
    }
    c = 'R';
    ASSERT_EQ(write(toChild[1], &c, 1), 1);
    int wstatus = 0;
    waitpid(child, &wstatus, 0);
    EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
    writer.reset();
    EXPECT_TRUE(ResultStore::open(file, StoreOptions{}).verify().ok());
}

TEST(DbFaults, ReadOnlyFileIsAClearErrorAndStaysUntouched) {
    TempDir dir;
    const auto file = dir / "ro.db";
    {
        auto writer = ResultWriter::open(file, WriterOptions{});
        auto t = writer->beginRun(sampleRunStart("SN-RO", at(0)));
        writer->finishRun({t.handle, Verdict::Pass, at(1), ""});
    }
    namespace fs = std::filesystem;
    fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
    const auto before = readAll(file);
    // root ignores permissions: the check runs in a child that drops to an unprivileged user.
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(10);
        try {
            ResultWriter::open(file, WriterOptions{});
            _exit(11); // opened for writing: wrong
        } catch (const DbError& e) {
            const std::string what = e.what();
            if (e.kind() != DbErrorKind::ReadOnly)
                _exit(12);
            if (what.find("read-only") == std::string::npos || what.find("ro.db") == std::string::npos)
                _exit(13);
        } catch (...) {
            _exit(14);
        }
        _exit(0);
    }
    int wstatus = 0;
    waitpid(child, &wstatus, 0);
    ASSERT_TRUE(WIFEXITED(wstatus));
    EXPECT_EQ(WEXITSTATUS(wstatus), 0) << "10 setuid failed, 11 opened, 12 wrong kind, 13 unclear message";
    EXPECT_EQ(readAll(file), before);
}

TEST(DbFaults, GarbageFileIsRefusedAndNotReplaced) {
    TempDir dir;
    const auto file = dir / "garbage.db";
    std::string garbage(64 * 1024, '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i)
        garbage[i] = static_cast<char>((i * 2654435761u) >> 13);
    std::ofstream(file, std::ios::binary) << garbage;
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            if (attempt == 0)
                ResultWriter::open(file, WriterOptions{});
            else
                ResultStore::open(file, StoreOptions{});
            FAIL() << "opened garbage";
        } catch (const DbError& e) {
            EXPECT_EQ(e.kind(), DbErrorKind::Corrupt);
            EXPECT_NE(std::string(e.what()).find("not a database"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("left untouched"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(readAll(file), garbage);
    EXPECT_FALSE(std::filesystem::exists(file.string() + "-wal"));
}

TEST(DbFaults, DamagedPagesAreFoundByVerify) {
    TempDir dir;
    const auto file = dir / "damaged.db";
    {
        auto writer = ResultWriter::open(file, WriterOptions{});
        for (int r = 0; r < 20; ++r) {
            auto t = writer->beginRun(sampleRunStart("SN-D" + std::to_string(r), at(r)));
            for (int s = 0; s < 5; ++s)
                writer->recordStep(sampleStep(t.handle, "main/s" + std::to_string(s), 10));
            writer->finishRun({t.handle, Verdict::Pass, at(r + 1), ""});
        }
    }
    {
        auto c = Connection::open(file, OpenAccess::ReadWrite);
        c.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const auto size = std::filesystem::file_size(file);
    ASSERT_GT(size, 8u * 4096);
    {
        std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(static_cast<std::streamoff>(size - 3 * 4096));
        const std::string junk(4096, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    bool detected = false;
    try {
        auto store = ResultStore::open(file, StoreOptions{});
        detected = !store.verify().ok();
    } catch (const DbError& e) {
        detected = e.kind() == DbErrorKind::Corrupt;
    }
    EXPECT_TRUE(detected);
    EXPECT_TRUE(std::filesystem::exists(file));
}
