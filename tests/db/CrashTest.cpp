// kill -9 of a process writing runs, at random moments, several times over the same file: the integrity check
// passes and every step the writer reported durable (flush() returned) is present with all its measurements.
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "tests/db/DbTestSupport.h"

#include <csignal>
#include <cstdio>
#include <gtest/gtest.h>
#include <random>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

constexpr int kMeasurementsPerStep = 10;

/// The child: writes runs of 10 steps forever, printing "uuid step" after each step is flushed.
[[noreturn]] void writeUntilKilled(const std::filesystem::path& file, int out, int round) {
    try {
        WriterOptions o;
        o.station = "xpo-line-1";
        auto writer = ResultWriter::open(file, o);
        for (int run = 0;; ++run) {
            auto t =
                writer->beginRun(sampleRunStart("SN-C" + std::to_string(round) + "-" + std::to_string(run), at(run)));
            for (int s = 0; s < 10; ++s) {
                const int seq = writer->recordStep(
                    sampleStep(t.handle, "main/step" + std::to_string(s), kMeasurementsPerStep, s == 7, at(run)));
                if (!writer->flush().healthy)
                    _exit(3);
                const std::string line = t.uuid + " " + std::to_string(seq) + "\n";
                if (write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
                    _exit(4);
            }
            writer->finishRun({t.handle, Verdict::Fail, at(run + 1), ""});
        }
    } catch (...) {
        _exit(5);
    }
}

} // namespace

TEST(CrashSafety, KillNineWhileWritingLosesNoFinishedStep) {
    TempDir dir;
    const auto file = dir / "crash.db";
    const unsigned seed = std::random_device{}();
    std::mt19937 rng(seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<std::pair<std::string, int>> reported;
    constexpr int kRounds = 6;
    for (int round = 0; round < kRounds; ++round) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            close(fds[0]);
            writeUntilKilled(file, fds[1], round);
        }
        close(fds[1]);
        FILE* in = fdopen(fds[0], "r");
        ASSERT_NE(in, nullptr);
        // Kill after a random number of reported steps: mid-run, sometimes mid-commit of the next step.
        const int killAfter = std::uniform_int_distribution<int>(1, 45)(rng);
        char buf[128];
        int seen = 0;
        while (seen < killAfter && std::fgets(buf, sizeof buf, in)) {
            char uuid[64];
            int seq = 0;
            ASSERT_EQ(std::sscanf(buf, "%63s %d", uuid, &seq), 2);
            reported.emplace_back(uuid, seq);
            ++seen;
        }
        ASSERT_EQ(seen, killAfter) << "the writer child died on its own";
        kill(child, SIGKILL);
        // Lines written before the kill are promises too.
        while (std::fgets(buf, sizeof buf, in)) {
            char uuid[64];
            int seq = 0;
            if (std::sscanf(buf, "%63s %d", uuid, &seq) == 2)
                reported.emplace_back(uuid, seq);
        }
        std::fclose(in);
        int status = 0;
        waitpid(child, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    {
        // The next start recovers the runs the kills left open.
        WriterOptions o;
        o.station = "xpo-line-1";
        auto writer = ResultWriter::open(file, o);
    }
    auto store = ResultStore::open(file, StoreOptions{});
    const auto report = store.verify();
    EXPECT_TRUE(report.integrityProblems.empty()) << report.integrityProblems.front();
    EXPECT_EQ(report.orphanCount, 0);
    EXPECT_EQ(report.openRuns, 0);
    auto st = store.connection().prepare("SELECT (SELECT count(*) FROM measurement m WHERE m.run_id = s.run_id AND "
                                         "m.step_seq = s.seq) FROM step s JOIN run r ON r.id = s.run_id "
                                         "WHERE r.uuid = ?1 AND s.seq = ?2");
    int missing = 0;
    for (const auto& [uuid, seq] : reported) {
        st.bind(1, uuid).bind(2, seq);
        if (!st.step() || st.getInt(0) != kMeasurementsPerStep)
            ++missing;
        st.reset();
    }
    EXPECT_EQ(missing, 0) << "of " << reported.size() << " reported steps";
    EXPECT_GE(reported.size(), static_cast<std::size_t>(kRounds));
    // Each kill leaves at most one run open (none when it fell between two runs); each start recovered them.
    const auto aborted = store.connection().queryInt("SELECT count(*) FROM run WHERE outcome = 7 AND "
                                                     "abort_reason = 'station stopped'");
    EXPECT_GE(aborted, 1);
    EXPECT_LE(aborted, kRounds);
}
