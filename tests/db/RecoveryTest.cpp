// Crash recovery across processes: a run is marked aborted only when the writer that owns it is gone. Two real
// processes share one database file; the second must never stop the first one's live run.
#include "db/OwnerLock.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "tests/db/DbTestSupport.h"

#include <csignal>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

WriterOptions stationOptions() {
    WriterOptions o;
    o.station = "xpo-line-1";
    return o;
}

/// A second process owning one open run: it starts the run, writes its UUID to the parent, then waits for one
/// byte: 'p' finishes the run as PASS and exits 0; anything else (or the parent's kill) leaves it open.
class WriterProcess {
public:
    WriterProcess(const std::filesystem::path& file, const std::string& serial) {
        int up[2], down[2];
        if (pipe(up) != 0 || pipe(down) != 0)
            throw std::runtime_error("pipe");
        m_pid = fork();
        if (m_pid < 0)
            throw std::runtime_error("fork");
        if (m_pid == 0) {
            close(up[0]);
            close(down[1]);
            child(file, serial, up[1], down[0]);
        }
        close(up[1]);
        close(down[0]);
        m_to = down[1];
        FILE* in = fdopen(up[0], "r");
        char line[128] = {};
        if (!in || !std::fgets(line, sizeof line, in))
            throw std::runtime_error("the writer process died before its run started");
        std::fclose(in);
        m_uuid = std::string(line, std::strcspn(line, "\n"));
    }
    ~WriterProcess() {
        if (m_pid > 0) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
        }
        if (m_to >= 0)
            close(m_to);
    }
    const std::string& uuid() const { return m_uuid; }

    /// @brief Tells the process to finish its run; @return its exit status.
    int finishRun() {
        const char p = 'p';
        if (write(m_to, &p, 1) != 1)
            return -1;
        return reap();
    }
    /// @brief kill -9: the process dies with its run open.
    int killNine() {
        kill(m_pid, SIGKILL);
        return reap();
    }

private:
    [[noreturn]] static void child(const std::filesystem::path& file, const std::string& serial, int out, int in) {
        try {
            auto writer = ResultWriter::open(file, stationOptions());
            auto ticket = writer->beginRun(sampleRunStart(serial, at(0)));
            writer->recordStep(sampleStep(ticket.handle, "main/power/icc", 3, false, at(1)));
            if (!writer->flush().healthy)
                _exit(3);
            const std::string line = ticket.uuid + "\n";
            if (write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
                _exit(4);
            char word = 0;
            if (read(in, &word, 1) == 1 && word == 'p') {
                writer->recordStep(sampleStep(ticket.handle, "main/optics/tx_power", 2, false, at(2)));
                writer->finishRun({ticket.handle, Verdict::Pass, at(3), ""});
                _exit(writer->flush().healthy ? 0 : 6);
            }
            _exit(7);
        } catch (...) {
            _exit(5);
        }
    }
    int reap() {
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
        return status;
    }

    pid_t m_pid = -1;
    int m_to = -1;
    std::string m_uuid;
};

std::optional<std::int64_t> outcomeOf(const std::filesystem::path& file, const std::string& uuid) {
    auto store = ResultStore::open(file, StoreOptions{});
    auto st = store.connection().prepare("SELECT outcome FROM run WHERE uuid = ?1");
    st.bind(1, uuid);
    if (!st.step())
        throw std::runtime_error("no run " + uuid);
    return st.getOptionalInt(0);
}

/// The run's state in the outbox of the central store, none when it has not entered it.
std::optional<std::string> outboxStateOf(const std::filesystem::path& file, const std::string& uuid) {
    auto store = ResultStore::open(file, StoreOptions{});
    auto st =
        store.connection().prepare("SELECT o.state FROM outbox o JOIN run r ON r.id = o.run_id WHERE r.uuid = ?1");
    st.bind(1, uuid);
    return st.step() ? std::optional<std::string>(st.getText(0)) : std::nullopt;
}

} // namespace

TEST(Recovery, ASecondProcessLeavesALiveRunAlone) {
    TempDir dir;
    const auto file = dir / "r.db";
    { ResultWriter::open(file, stationOptions()); } // the file exists before the other process starts
    WriterProcess other(file, "SN-LIVE");
    {
        // Same file, same station, while the other process is mid-run.
        auto writer = ResultWriter::open(file, stationOptions());
        EXPECT_EQ(writer->recoveredRuns(), 0) << "a live run was taken for a crashed one";
        auto mine = writer->beginRun(sampleRunStart("SN-MINE", at(10)));
        writer->finishRun({mine.handle, Verdict::Pass, at(11), ""});
        EXPECT_TRUE(writer->flush().healthy);
    }
    EXPECT_FALSE(outcomeOf(file, other.uuid()).has_value()) << "the other process's run is still running";
    const int status = other.finishRun();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    auto store = ResultStore::open(file, StoreOptions{});
    auto st = store.connection().prepare("SELECT outcome, abort_reason, (SELECT count(*) FROM step WHERE "
                                         "run_id = run.id) FROM run WHERE uuid = ?1");
    st.bind(1, other.uuid());
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getInt(0), static_cast<int>(Verdict::Pass));
    EXPECT_EQ(st.getText(1), "");
    EXPECT_EQ(st.getInt(2), 2) << "the step written after the second process opened the file is there";
}

TEST(Recovery, AKilledOwnersRunIsRecoveredByTheNextStart) {
    TempDir dir;
    const auto file = dir / "r.db";
    { ResultWriter::open(file, stationOptions()); }
    WriterProcess live(file, "SN-LIVE");
    std::string killedUuid;
    {
        WriterProcess killed(file, "SN-KILLED");
        killedUuid = killed.uuid();
        const int status = killed.killNine();
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    {
        auto writer = ResultWriter::open(file, stationOptions());
        EXPECT_EQ(writer->recoveredRuns(), 1) << "exactly the killed process's run";
    }
    EXPECT_EQ(outcomeOf(file, killedUuid), static_cast<int>(Verdict::Aborted));
    EXPECT_FALSE(outcomeOf(file, live.uuid()).has_value());
    // The recovered run is finished: it waits in the outbox for the central store; the live one does not yet.
    EXPECT_EQ(outboxStateOf(file, killedUuid), "pending");
    EXPECT_FALSE(outboxStateOf(file, live.uuid()).has_value());
    const int status = live.finishRun();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(outcomeOf(file, live.uuid()), static_cast<int>(Verdict::Pass));
    EXPECT_EQ(outboxStateOf(file, live.uuid()), "pending");
    // Lock files of gone owners (killed, or ended with _exit) are swept by the next start; a writer that closes
    // removes its own.
    {
        auto writer = ResultWriter::open(file, stationOptions());
        EXPECT_EQ(writer->recoveredRuns(), 0);
        EXPECT_EQ(std::distance(std::filesystem::directory_iterator(file.string() + "-owners"), {}), 1);
    }
    EXPECT_TRUE(std::filesystem::is_empty(file.string() + "-owners"));
}

TEST(Recovery, OwnerTokensFromTheFileNeverLeaveTheLockDirectory) {
    TempDir dir;
    const auto file = dir / "r.db";
    auto lock = OwnerLock::acquire(file);
    EXPECT_TRUE(OwnerLock::alive(file, lock.token()));
    std::filesystem::create_directories(dir / "outside");
    std::ofstream(dir / "outside" / "x") << "not a lock";
    EXPECT_FALSE(OwnerLock::alive(file, "../outside/x"));
    EXPECT_FALSE(OwnerLock::alive(file, ""));
    EXPECT_FALSE(OwnerLock::alive(file, "no-such-owner"));
    EXPECT_EQ(OwnerLock::sweep(file), 0) << "the live lock stays";
    EXPECT_TRUE(std::filesystem::exists(dir / "outside" / "x"));
    const auto token = lock.token();
    lock = OwnerLock{};
    EXPECT_FALSE(OwnerLock::alive(file, token));
}
