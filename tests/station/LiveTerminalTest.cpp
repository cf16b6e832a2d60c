// The live view's driver on a real pseudo-terminal: the block is drawn in place, finished units and log lines
// land above it for good, a resize redraws at the new width, and stop() takes the block down and gives the
// cursor back. Plus the exact bytes of a frame.
#include "station/LiveTerminal.h"

#include "station/PlainProgress.h"
#include "station/ProgressRenderer.h"
#include "station/SnapshotPublisher.h"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <mutex>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>

using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;

namespace {

/// Collects everything written to a file descriptor (the pty master, a pipe) on its own thread.
class Collector {
public:
    explicit Collector(int fd) : m_fd(fd), m_thread([this] { run(); }) {}
    ~Collector() { stop(); }
    /// @brief Stops reading; call it before closing the descriptor (ThreadSanitizer reports a close beside a read).
    void stop() {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    /// Waits (up to 10 s) until the output contains @p text @p times times; returns whether it did.
    bool waitFor(const std::string& text, int times = 1) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, 10s, [&] { return count(text) >= times; });
    }
    std::string text() {
        std::lock_guard lock(m_mutex);
        return m_text;
    }
    int count(const std::string& text) const {
        int n = 0;
        for (auto at = m_text.find(text); at != std::string::npos; at = m_text.find(text, at + text.size()))
            ++n;
        return n;
    }

private:
    void run() {
        char buffer[4096];
        while (!m_stop) {
            pollfd p{m_fd, POLLIN, 0};
            if (poll(&p, 1, 20) <= 0)
                continue;
            const ssize_t n = read(m_fd, buffer, sizeof buffer);
            if (n <= 0)
                continue;
            std::lock_guard lock(m_mutex);
            m_text.append(buffer, std::size_t(n));
            m_changed.notify_all();
        }
    }
    int m_fd;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::string m_text;
    std::thread m_thread;
};

std::shared_ptr<Sequence> oneStep() {
    auto seq = std::make_shared<Sequence>();
    seq->name = "one";
    seq->contentHash = "one";
    Step s;
    s.name = "Chamber settled";
    s.type = StepType::WaitUntil;
    s.waitUntil = WaitUntilSpec{{"chamber", "temperature", {}, {}}, {"70", {}}, {"0.5", {}}, "degC", 2min, 30min, 5s};
    seq->main = {s};
    return seq;
}

void publish(SnapshotPublisher& p, const Event& e) {
    p.onEvent(e);
    p.onBatchEnd();
}

RunStarted runStarted(const std::string& serial, WallTime t) {
    RunStarted r;
    r.runId = 1;
    r.socket = 1;
    r.unitSerial = serial;
    r.sequence = oneStep();
    r.time = t;
    return r;
}

StepStarted soakStarted(WallTime t) {
    StepStarted e;
    e.runId = 1;
    e.socket = 1;
    e.path = "main/Chamber settled";
    e.name = "Chamber settled";
    e.type = StepType::WaitUntil;
    e.time = t;
    return e;
}

WaitProgress reading(double value) {
    WaitProgress w;
    w.runId = 1;
    w.socket = 1;
    w.path = "main/Chamber settled";
    w.role = "chamber";
    w.value = value;
    w.target = 70;
    w.tolerance = 0.5;
    w.unit = "degC";
    w.stableFor = 2min;
    return w;
}

} // namespace

TEST(LiveTerminal, FrameBytes) {
    EXPECT_EQ(LiveTerminal::frame(0, {"done"}, {"a", "b"}), "\r\033[Jdone\033[0m\na\nb\n");
    EXPECT_EQ(LiveTerminal::frame(2, {}, {"c"}), "\r\033[2A\r\033[Jc\n") << "up over the old block, clear, redraw";
    EXPECT_EQ(LiveTerminal::frame(3, {}, {}), "\r\033[3A\r\033[J") << "taking the block down";
    EXPECT_EQ(LiveTerminal::rowsOf({"abcdef", "ab", "70 °C"}, 4), 2 + 1 + 2)
        << "a terminal that re-wraps shows a line wider than itself on several rows";
    EXPECT_EQ(LiveTerminal::rowsOf({"abc"}, 80), 1);
}

TEST(LiveTerminal, DrawsInPlaceOnAPseudoTerminalAndFollowsResizes) {
    int master = -1, slave = -1;
    winsize size{10, 100, 0, 0};
    ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, &size), 0);
    Collector screen(master);
    auto publisher = std::make_shared<SnapshotPublisher>();
    const auto t0 = std::chrono::system_clock::now();
    publish(*publisher, runStarted("XPO-PTY-0001", t0));
    publish(*publisher, soakStarted(t0));
    publish(*publisher, reading(63.4));

    LiveTerminal::Options options;
    options.fd = slave;
    options.color = false;
    options.interval = 20ms;
    LiveTerminal live(publisher, options);
    live.start();
    ASSERT_TRUE(screen.waitFor("chamber 63.4 → 70.0 °C ±0.5, stable 0:00/2:00")) << screen.text();
    EXPECT_NE(screen.text().find("\033[?25l"), std::string::npos) << "the cursor is hidden while drawing";
    // What the block looks like at 100 × 10 (the clock moves the elapsed time, not the layout).
    ProgressRenderer::Options layout;
    layout.width = 100;
    layout.height = 10;
    layout.now = std::chrono::system_clock::now();
    const auto block = ProgressRenderer::block(*publisher->current(), layout);
    ASSERT_FALSE(block.empty());
    // The reading moves: the block is redrawn over itself.
    publish(*publisher, reading(65.1));
    ASSERT_TRUE(screen.waitFor("chamber 65.1 → 70.0")) << screen.text();
    EXPECT_NE(screen.text().find("\r\033[" + std::to_string(block.size()) + "A\r\033[J"), std::string::npos);

    // A log line goes above the block, once.
    publish(*publisher, LogLine{3, "socket 1: retrying 'main/x' (1 of 3) after FAIL", t0});
    ASSERT_TRUE(screen.waitFor("warning: socket 1: retrying")) << screen.text();
    live.print("PROMPT 1: enter a number — answer again");
    ASSERT_TRUE(screen.waitFor("answer again"));

    // Narrower: the old block (wider than 40 columns) is taken down as the terminal re-wrapped it.
    const auto before = screen.text().size();
    size.ws_col = 40;
    ASSERT_EQ(ioctl(master, TIOCSWINSZ, &size), 0);
    publish(*publisher, reading(66.0));
    const int rows = LiveTerminal::rowsOf(block, 40);
    EXPECT_GT(rows, int(block.size()));
    ASSERT_TRUE(screen.waitFor("\r\033[" + std::to_string(rows) + "A\r\033[J")) << screen.text().substr(before);

    // The unit finishes: its line is printed for good, the block goes, the cursor comes back.
    publish(*publisher, RunFinished{1, 1, "XPO-PTY-0001", Verdict::Pass, "", t0 + 4min + 12s});
    ASSERT_TRUE(screen.waitFor("XPO-PTY-0001  PASS  4:12  socket 1")) << screen.text();
    live.stop();
    ASSERT_TRUE(screen.waitFor("\033[?25h"));
    const std::string all = screen.text();
    EXPECT_EQ(screen.count("warning: socket 1: retrying"), 1) << "permanent lines are printed once";
    EXPECT_EQ(screen.count("XPO-PTY-0001  PASS"), 1);
    screen.stop();
    close(slave);
    close(master);
}

TEST(PlainProgress, APromptNamesItsImage) {
    std::FILE* out = std::tmpfile();
    ASSERT_NE(out, nullptr);
    {
        PlainProgress plain(out, nullptr, PlainProgress::Options{});
        PromptRequested prompt{5, 2, PromptKind::Confirm, "Seat the module"};
        prompt.image = "/seq/images/seat-module.png";
        plain.onEvent(prompt);
        plain.onEvent(PromptRequested{6, 1, PromptKind::Message, "Remove the module"});
    }
    std::rewind(out);
    std::string text(4096, '\0');
    text.resize(std::fread(text.data(), 1, text.size(), out));
    std::fclose(out);
    EXPECT_EQ(text, "PROMPT 5 (socket 2): Seat the module (see image: /seq/images/seat-module.png) [yes/no]\n"
                    "PROMPT 6 (socket 1): Remove the module [Enter]\n");
}

TEST(PlainProgress, HeartbeatForAStepRunningLongerThanThePeriod) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    std::FILE* out = fdopen(fds[1], "w");
    ASSERT_NE(out, nullptr);
    Collector lines(fds[0]);
    auto publisher = std::make_shared<SnapshotPublisher>();
    const auto now = std::chrono::system_clock::now();
    publish(*publisher, runStarted("XPO-PLAIN-01", now - 3min));
    publish(*publisher, soakStarted(now - 150s)); // 2:30 in: two heartbeats of one minute are due
    publish(*publisher, reading(63.4));
    PlainProgress::Options options;
    options.heartbeat = 1min;
    options.tick = 10ms;
    PlainProgress plain(out, publisher, options);
    plain.start();
    ASSERT_TRUE(lines.waitFor("still in", 2)) << lines.text();
    plain.stop();
    std::fclose(out);
    const std::string text = lines.text();
    EXPECT_EQ(lines.count("still in"), 2) << "one line per period, not one per tick";
    EXPECT_NE(
        text.find("socket 1  XPO-PLAIN-01   still in Chamber settled after 2:30  chamber 63.4 → 70.0 °C ±0.5, "
                  "stable 0:00/2:00  ETA 0:00–27:3"), // 30:05 of timeout left less 2:30 and the test's milliseconds
        std::string::npos)
        << text;
    lines.stop();
    close(fds[0]);
}

namespace {

StepFinished finishedStep(const std::string& name) {
    StepFinished step;
    step.runId = 1;
    step.socket = 1;
    step.path = "main/" + name;
    step.name = name;
    step.verdict = Verdict::Pass;
    return step;
}

} // namespace

// A step shown as finished is in the database: its line waits for the step's gate (DatabaseSink::stepDurable), a
// later line waits behind it, and a line whose step never got stored says so when the console stops.
TEST(PlainProgress, AStepLineWaitsUntilItsStepIsStored) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    ASSERT_NE(out, nullptr);
    int stored = 0; // the gate's answer: steps 1..stored of run 1 are committed
    PlainProgress::Options options;
    options.stepDurable = [&](std::uint64_t runId, int ordinal) {
        return runId == 1 && ordinal <= stored ? Durability::Stored : Durability::Pending;
    };
    options.durableWait = 50ms;
    PlainProgress plain(out, nullptr, options); // no snapshots, no heartbeat thread: lines move on events only
    const auto printed = [&] { return std::string(buffer ? buffer : "", size); };

    plain.onEvent(finishedStep("Rail"));
    plain.onEvent(finishedStep("Laser"));
    EXPECT_EQ(printed().find("main/"), std::string::npos) << "shown before it is stored:\n" << printed();
    stored = 1;
    plain.onEvent(finishedStep("Soak"));
    EXPECT_NE(printed().find("main/Rail"), std::string::npos) << printed();
    EXPECT_EQ(printed().find("main/Laser"), std::string::npos) << "step 2 is not stored yet:\n" << printed();
    EXPECT_EQ(printed().find("main/Soak"), std::string::npos) << "a line never overtakes an earlier one";
    stored = 2;
    plain.stop(); // waits up to durableWait for the rest, then prints what is left, saying it is not stored
    const std::string text = printed();
    EXPECT_NE(text.find("main/Laser"), std::string::npos) << text;
    const auto soak = text.find("main/Soak");
    ASSERT_NE(soak, std::string::npos) << text;
    EXPECT_NE(text.find("(results not confirmed durable yet)", soak), std::string::npos) << text;
    EXPECT_EQ(text.find("(results not confirmed durable yet)"), text.find("(results not confirmed durable yet)", soak))
        << "only the step that was never stored is marked:\n"
        << text;
    std::fclose(out);
    std::free(buffer);
}

// A run the database could not hold (the writer marked it lost: a damaged or full disk) is settled, not pending:
// its lines are shown at once, saying the results are not stored, instead of waiting out the durability timeout.
TEST(PlainProgress, ALostRunIsShownAtOnceSayingItsResultsAreNotStored) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    ASSERT_NE(out, nullptr);
    Durability run1 = Durability::Pending;
    PlainProgress::Options options;
    options.stepDurable = [&](std::uint64_t, int) { return run1; };
    options.durable = [&](std::uint64_t) { return run1; };
    options.durableWait = std::chrono::hours(1); // a stop() that waited for a lost run would hang the test
    PlainProgress plain(out, nullptr, options);
    const auto printed = [&] {
        std::fflush(out);
        return std::string(buffer ? buffer : "", size);
    };

    plain.onEvent(finishedStep("Rail"));
    EXPECT_EQ(printed().find("main/Rail"), std::string::npos) << "pending: held";
    run1 = Durability::Lost;
    RunFinished end;
    end.runId = 1;
    end.socket = 1;
    end.unitSerial = "XPO-1";
    end.verdict = Verdict::Pass;
    plain.onEvent(end);
    const std::string text = printed(); // before stop(): shown on the event itself
    const auto rail = text.find("main/Rail");
    ASSERT_NE(rail, std::string::npos) << text;
    EXPECT_NE(text.find("results NOT stored", rail), std::string::npos) << text;
    const auto finished = text.find("finished PASS");
    ASSERT_NE(finished, std::string::npos) << text;
    EXPECT_NE(text.find("results NOT stored: the database failed; test this unit again", finished), std::string::npos)
        << text;
    plain.stop();
    std::fclose(out);
    std::free(buffer);
}
