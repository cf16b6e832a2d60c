// The crash test (issue 7): the real `optiqual lot`, killed with SIGKILL at 60 random moments and restarted each
// time on the same results database and the same instruments. The moments come from four classes — while the
// station opens (database recovery, instrument connection, safe state), right after a step was reported stored
// (the writer's next commit and the engine's next step are under way), a few milliseconds later (mid-step,
// mid-commit), and anywhere in a unit's run including its waits. The test keeps its own record of what the station
// showed: the step and "finished" lines of `--progress plain`, which are printed only once stored. After the kills
// and one last uninterrupted lot:
//   - the database passes its integrity check, holds no orphan rows and no open run;
//   - every step the station showed as finished is there with its verdict and all its measurements, and every
//     unit it showed as finished has that verdict;
//   - every run a kill interrupted is marked aborted ("station stopped") — or, if it ended before the kill, has
//     its verdict;
//   - a supply output a killed run left on is off before the next process's first step: each unit's first step
//     measures that output, on a supply this test serves, whose state outlives the killed processes.
#include "core/Clock.h"
#include "db/Connection.h"
#include "db/ResultStore.h"
#include "instruments/sim/SimulatorHost.h"
#include "sequences/Verdict.h"
#include "tests/db/DbTestSupport.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <future>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <poll.h>
#include <random>
#include <regex>
#include <sys/wait.h>
#include <unistd.h>

using namespace optiqual;
using namespace std::chrono_literals;
using optiqual::db::test::TempDir;
using sequences::Verdict;

namespace {

constexpr int kKills = 60;
constexpr int kRails = 8; ///< measure steps of four measurements each
constexpr int kMeasurementsPerRail = 4;

/// One unit: channel 2 must be off when the unit starts; it is switched on for most of the run (so that many kills
/// leave it on) and off at the end and in cleanup.
std::string sequence() {
    // The output discharges with the E36312A model's 0.5 ms time constant: 5 ms after an earlier unit switched it
    // off it reads 0 V; left on, it reads 3.3 V.
    std::string s = "name: crash test\nversion: 1\ninstruments: {psu: PowerSupply}\nmain:\n"
                    "  - {name: Discharge, type: wait, duration: 5 ms}\n"
                    "  - name: CH2 at start\n    type: measure\n    measurements:\n"
                    "      - {name: v2_start, call: psu.measureVoltage, args: {channel: 2},"
                    " limit: {comparator: LE, high: 0.1, unit: V}}\n"
                    "  - {name: Set 3.3 V, type: action, call: psu.setVoltage, args: {channel: 2, volts: 3.3}}\n"
                    "  - {name: CH2 on, type: action, call: psu.setOutput, args: {channel: 2, on: true}}\n"
                    "  - {name: Settle, type: wait, duration: 30 ms}\n";
    for (int r = 1; r <= kRails; ++r) {
        s += fmt::format("  - name: Rail {}\n    type: measure\n    measurements:\n", r);
        for (int m = 1; m <= kMeasurementsPerRail; ++m)
            s += fmt::format("      - {{name: v2_{}, call: psu.measureVoltage, args: {{channel: 2}},"
                             " limit: {{comparator: GELE, low: 3.2, high: 3.4, unit: V}}}}\n",
                             m);
    }
    s += "  - {name: Hold, type: wait, duration: 30 ms}\n"
         "  - {name: CH2 off, type: action, call: psu.setOutput, args: {channel: 2, on: false}}\n"
         "cleanup:\n  - {name: CH2 off at cleanup, type: action, call: psu.setOutput, args: {channel: 2, on: false}}\n";
    return s;
}

int measurementsOf(const std::string& path) {
    if (path == "main/CH2 at start")
        return 1;
    return path.rfind("main/Rail ", 0) == 0 ? kMeasurementsPerRail : 0;
}

std::optional<Verdict> parseVerdict(const std::string& text) {
    for (int v = 0; v <= int(Verdict::Aborted); ++v)
        if (sequences::toString(Verdict(v)) == text)
            return Verdict(v);
    return std::nullopt;
}

/// What the station showed, read off its plain progress lines.
struct Shown {
    std::vector<std::tuple<std::string, std::string, Verdict>> steps; ///< serial, path, verdict
    std::map<std::string, Verdict> finished;                          ///< serial → the unit's verdict
    std::vector<std::string> started;                                 ///< serials, in order
    int stepLines = 0;

    /// Takes one line; returns whether it was a step line.
    bool take(const std::string& line) {
        static const std::regex step(R"(^socket \d+ +(\S+) +\[ *\d+/\d+\] (.{44}) (\S+) +-?[0-9.]+ s)");
        static const std::regex end(R"(^socket \d+ +(\S+) +finished (\S+) in )");
        static const std::regex start(R"(^socket \d+ +(\S+) +started )");
        // Lines the station printed when it stopped without the results' confirmation are not promises.
        if (line.find("not confirmed") != std::string::npos)
            return false;
        std::smatch m;
        if (std::regex_search(line, m, step)) {
            std::string path = m[2].str();
            path.erase(path.find_last_not_of(' ') + 1);
            const auto verdict = parseVerdict(m[3].str());
            EXPECT_TRUE(verdict) << line;
            steps.emplace_back(m[1].str(), path, verdict.value_or(Verdict::NotRun));
            ++stepLines;
            return true;
        }
        if (std::regex_search(line, m, end)) {
            const auto verdict = parseVerdict(m[2].str());
            EXPECT_TRUE(verdict) << line;
            finished[m[1].str()] = verdict.value_or(Verdict::NotRun);
        } else if (std::regex_search(line, m, start)) {
            started.push_back(m[1].str());
        }
        return false;
    }
};

/// `optiqual lot` as a child process whose standard output this test reads line by line.
class Station {
public:
    Station(const std::vector<std::string>& args, const std::filesystem::path& errors) {
        int fds[2];
        if (pipe(fds) != 0)
            throw std::runtime_error("pipe failed");
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int err = open(errors.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        m_pid = fork();
        if (m_pid == 0) {
            // Only async-signal-safe calls between fork and exec: the test has threads (the simulator host).
            dup2(fds[1], STDOUT_FILENO);
            if (err >= 0)
                dup2(err, STDERR_FILENO);
            close(fds[0]);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(fds[1]);
        if (err >= 0)
            close(err);
        m_fd = fds[0];
    }
    ~Station() {
        if (m_pid > 0) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
        }
        close(m_fd);
    }
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;

    /// The next complete line, waiting until @p deadline; nothing at the deadline or at the end of the output.
    std::optional<std::string> line(std::chrono::steady_clock::time_point deadline) {
        for (;;) {
            if (const auto nl = m_buffer.find('\n'); nl != std::string::npos) {
                std::string out = m_buffer.substr(0, nl);
                m_buffer.erase(0, nl + 1);
                return out;
            }
            if (m_eof)
                return std::nullopt;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return std::nullopt;
            pollfd p{m_fd, POLLIN, 0};
            if (poll(&p, 1, std::max(1, int(left.count()))) <= 0)
                continue;
            char chunk[4096];
            const ssize_t n = read(m_fd, chunk, sizeof chunk);
            if (n <= 0)
                m_eof = true;
            else
                m_buffer.append(chunk, std::size_t(n));
        }
    }

    /// @brief Whether the output has ended (the process closed it: it exited).
    bool ended() const { return m_eof && m_buffer.find('\n') == std::string::npos; }

    void killNow() { kill(m_pid, SIGKILL); }

    /// Waits for the process to end; its exit code, or -signal.
    int wait() {
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    std::string m_buffer;
    bool m_eof = false;
};

class LotCrash : public ::testing::Test {
protected:
    void SetUp() override {
        host.add("psu", "E36312A", std::nullopt, false, {});
        host.start();
        std::ofstream(dir / "station.yaml")
            << fmt::format("station: {{name: CRASH-TEST}}\ninstruments:\n"
                           "  - {{name: psu, model: E36312A, resource: \"{}\", roles: [psu]}}\n",
                           host.find("psu")->resource);
        std::ofstream(dir / "sequence.yaml") << sequence();
    }

    std::vector<std::string> lot(int count) const {
        return {OPTIQUAL_BINARY,
                "--log-file",
                "",
                "lot",
                "--station",
                (dir / "station.yaml").string(),
                "--sequence",
                (dir / "sequence.yaml").string(),
                "--count",
                std::to_string(count),
                "--db",
                (dir / "results.db").string(),
                "--progress",
                "plain"};
    }

    /// Asked of the simulator itself, on its own thread.
    std::string askSimulator(const std::string& query) {
        std::promise<std::string> reply;
        boost::asio::post(host.ioContext(), [&] { reply.set_value(*host.find("psu")->device->handleMessage(query)); });
        return reply.get_future().get();
    }

    TempDir dir;
    instruments::sim::SimulatorHost host{std::make_shared<core::Clock>(), 1};
    Shown shown;
};

} // namespace

TEST_F(LotCrash, SixtyKillsLoseNoShownStepAbortTheInterruptedRunsAndLeaveNothingOn) {
    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const auto errors = dir / "stderr.txt";
    const char* classes[] = {"while opening", "right after a stored step", "mid-step", "anywhere in a unit"};
    std::map<std::string, int> kills;
    int leftOn = 0;
    std::chrono::microseconds opening = 50ms; // from a process's start to its first unit's
    int processes = 0;
    int total = 0;
    while (total < kKills) {
        ASSERT_LT(++processes, 2 * kKills) << "the lots keep ending before their kill moment";
        const int kind = processes % 4;
        Station station(lot(3), errors);
        const auto spawned = std::chrono::steady_clock::now();
        const auto give_up = spawned + 60s;
        std::chrono::steady_clock::time_point killAt = give_up;
        if (kind == 0) // anywhere between the start of the process and its first unit's start, as last measured
            killAt = spawned + std::chrono::microseconds(std::uniform_int_distribution<long>(0, opening.count())(rng));
        const int afterLines = std::uniform_int_distribution<int>(1, 30)(rng);
        const int afterStart = std::uniform_int_distribution<int>(1, 3)(rng);
        int lines = 0;
        int starts = 0;
        bool killed = false;
        while (!killed) {
            const auto next = station.line(killAt);
            if (next) {
                const bool step = shown.take(*next);
                lines += step;
                if (next->find(" started ") != std::string::npos && ++starts == 1)
                    opening = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                                    spawned);
                if ((kind == 1 || kind == 2) && step && lines == afterLines) {
                    killAt =
                        std::chrono::steady_clock::now() +
                        (kind == 1 ? 0ms : std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 25)(rng)));
                } else if (kind == 3 && starts == afterStart && next->find(" started ") != std::string::npos) {
                    killAt = std::chrono::steady_clock::now() +
                             std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 150)(rng));
                }
                if (std::chrono::steady_clock::now() < killAt)
                    continue;
            } else if (station.ended()) {
                break; // the lot ended before its kill moment
            }
            ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the lot stopped making progress";
            station.killNow();
            killed = true;
        }
        // Lines written before the kill are promises too.
        while (const auto rest = station.line(std::chrono::steady_clock::now() + 10s))
            shown.take(*rest);
        const int status = station.wait();
        // A kill sent just after the lot printed its last line can find the process already exited (a zombie
        // ignores SIGKILL): that lot ended on its own too, and counts as no kill.
        if (!killed || status != -SIGKILL) {
            ASSERT_TRUE(status == 0 || status == 1) << "a lot ended on its own with " << status;
            continue;
        }
        ++kills[classes[kind]];
        ++total;
        leftOn += askSimulator("OUTP? (@2)") == "1";
    }

    // One more lot, left to finish: it recovers what the last kill left and runs its units normally.
    {
        Station station(lot(2), errors);
        while (const auto line = station.line(std::chrono::steady_clock::now() + 120s))
            shown.take(*line);
        EXPECT_EQ(station.wait(), 0) << "every unit of the last lot passes";
    }
    EXPECT_EQ(askSimulator("OUTP? (@1,2,3)"), "0,0,0");

    for (const auto& [kind, n] : kills)
        std::printf("%-28s %d kills\n", kind.c_str(), n);
    std::printf("%d kills left channel 2 on; %d step lines and %zu finished units shown\n", leftOn, shown.stepLines,
                shown.finished.size());
    EXPECT_GE(leftOn, 5) << "too few kills left an output on for the safe-state check to mean anything";

    auto store = db::ResultStore::open(dir / "results.db", db::StoreOptions{});
    const auto report = store.verify();
    EXPECT_TRUE(report.integrityProblems.empty()) << report.integrityProblems.front();
    EXPECT_EQ(report.orphanCount, 0);
    EXPECT_EQ(report.openRuns, 0);

    auto& c = store.connection();
    auto step = c.prepare("SELECT s.outcome, (SELECT count(*) FROM measurement m WHERE m.run_id = s.run_id AND "
                          "m.step_seq = s.seq) FROM step s JOIN step_def d ON d.id = s.step_def_id "
                          "JOIN run r ON r.id = s.run_id JOIN unit u ON u.id = r.unit_id "
                          "WHERE u.serial = ?1 AND d.path = ?2");
    int missing = 0;
    for (const auto& [serial, path, verdict] : shown.steps) {
        step.bind(1, serial).bind(2, path);
        if (!step.step()) {
            if (++missing <= 5)
                ADD_FAILURE() << serial << " " << path << ": shown as finished, not in the database";
        } else {
            EXPECT_EQ(step.getInt(0), int(verdict)) << serial << " " << path;
            EXPECT_EQ(step.getInt(1), measurementsOf(path)) << serial << " " << path << ": measurements";
        }
        step.reset();
    }
    EXPECT_EQ(missing, 0) << "of " << shown.steps.size() << " steps shown as finished";

    auto run = c.prepare("SELECT r.outcome, r.abort_reason FROM run r JOIN unit u ON u.id = r.unit_id "
                         "WHERE u.serial = ?1");
    int aborted = 0;
    for (const auto& serial : shown.started) {
        run.bind(1, serial);
        const auto finished = shown.finished.find(serial);
        if (!run.step()) {
            // Started on the screen, killed before its start was committed: then nothing of it was shown stored.
            EXPECT_EQ(finished, shown.finished.end()) << serial;
            for (const auto& s : shown.steps)
                EXPECT_NE(std::get<0>(s), serial) << serial << ": a step shown, its run missing";
        } else if (finished != shown.finished.end()) {
            EXPECT_EQ(run.getInt(0), int(finished->second)) << serial << ": shown finished with this verdict";
        } else if (run.getInt(0) == int(Verdict::Aborted)) {
            EXPECT_EQ(run.getText(1), "station stopped") << serial;
            ++aborted;
        }
        run.reset();
    }
    std::printf("%d interrupted runs recovered as aborted\n", aborted);
    EXPECT_GE(aborted, kKills / 4) << "most kills land while a unit runs";

    // The safe state at every start: no unit found channel 2 on, though kills left it on.
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM step s JOIN step_def d ON d.id = s.step_def_id "
                         "WHERE d.path = 'main/CH2 at start' AND s.outcome <> 3"),
              0);
}
