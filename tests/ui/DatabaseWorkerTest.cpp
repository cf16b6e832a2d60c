// The engineer view's query worker (ui/DatabaseWorker) on real results files: it answers history, run detail and
// yield; a newer request supersedes an older one, which is never answered; a locked, damaged or missing file is an
// answer with the error, never an exception; and the history window keeps drawing frames at full speed while the
// database is locked (the UI thread never waits on SQLite).
#include "ui/DatabaseWorker.h"

#include "db/ResultStore.h"
#include "tests/db/DbTestSupport.h"
#include "tests/db/HistoryFixture.h"
#include "ui/HistoryView.h"

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <thread>

using namespace optiqual;
using namespace optiqual::ui;
using db::test::TempDir;
using sequences::Verdict;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

/// Waits (polling, with a deadline) until @p channel has answered request @p generation or a later one.
template <typename Channel>
bool answered(const Channel& channel, std::uint64_t generation, Clock::duration deadline = 20s) {
    const auto until = Clock::now() + deadline;
    while (Clock::now() < until) {
        if (const auto l = channel.latest(); l && l->generation >= generation)
            return true;
        std::this_thread::yield();
    }
    return false;
}

class Worker : public ::testing::Test {
protected:
    void SetUp() override { db::test::writeHistory(file); }
    DatabaseWorker::Options options(std::chrono::milliseconds busy = 2000ms) const {
        DatabaseWorker::Options o;
        o.database = file;
        o.busyTimeout = busy;
        return o;
    }

    TempDir dir;
    std::filesystem::path file = dir / "history.db";
};

} // namespace

TEST_F(Worker, AnswersHistoryRunDetailAndYield) {
    DatabaseWorker w(options());
    db::HistoryFilter f;
    f.verdict = Verdict::Fail;
    w.requestHistory(f);
    ASSERT_TRUE(answered(w.history(), 1));
    const auto list = w.history().latest();
    ASSERT_TRUE(list->value) << list->error;
    ASSERT_EQ(list->value->rows.size(), 1u);
    EXPECT_EQ(list->value->rows[0].serial, "XPO-A2");
    EXPECT_FALSE(w.history().inFlight());

    w.requestRun(list->value->rows[0].id);
    ASSERT_TRUE(answered(w.run(), 1));
    const auto run = w.run().latest();
    ASSERT_TRUE(run->value) << run->error;
    EXPECT_EQ(run->value->summary.serial, "XPO-A2");
    ASSERT_EQ(run->value->steps.size(), 2u);
    EXPECT_EQ(run->value->steps[1].outcome, Verdict::Fail);
    EXPECT_EQ(run->value->steps[1].measurements.at(0).outcome, Verdict::Fail);

    w.requestRun(999999);
    ASSERT_TRUE(answered(w.run(), 2));
    EXPECT_FALSE(w.run().latest()->value);
    EXPECT_NE(w.run().latest()->error.find("not in the database"), std::string::npos);

    w.requestYield(YieldFilter{});
    ASSERT_TRUE(answered(w.yield(), 1));
    const auto yield = w.yield().latest();
    ASSERT_TRUE(yield->value) << yield->error;
    // The same figures as `optiqual report yield` (ReportFilter by day): 4 units counted (the aborted run is not),
    // of which XPO-A1, XPO-A3 passed first time; XPO-A2 failed first, QSFP-B1 erred.
    EXPECT_EQ(yield->value->trend.total.units, 4);
    EXPECT_DOUBLE_EQ(*yield->value->trend.total.firstPassYield, 0.5);
    ASSERT_EQ(yield->value->trend.rows.size(), 1u); // one day
    ASSERT_FALSE(yield->value->pareto.rows.empty());
    EXPECT_FALSE(yield->value->capability.empty());
}

TEST_F(Worker, ANewerRequestSupersedesTheOlderOneWhichIsNeverAnswered) {
    DatabaseWorker w(options(20000ms));
    {
        // Exclusive locking keeps a WAL reader out only while it has not opened the file: lock first.
        db::test::DatabaseLock lock(file);
        db::HistoryFilter a;
        a.serial = "A1";
        w.requestHistory(a); // waits for the lock (20 s at most)…
        db::HistoryFilter b;
        b.serial = "B1";
        w.requestHistory(b); // … until this one supersedes it
        EXPECT_TRUE(w.history().inFlight());
    }
    const auto start = Clock::now();
    ASSERT_TRUE(answered(w.history(), 2));
    EXPECT_LT(Clock::now() - start, 10s); // not after request A's 20 s busy timeout
    const auto latest = w.history().latest();
    ASSERT_TRUE(latest->value) << latest->error;
    EXPECT_EQ(latest->generation, 2u);
    ASSERT_EQ(latest->value->rows.size(), 1u);
    EXPECT_EQ(latest->value->rows[0].serial, "QSFP-B1");
    EXPECT_EQ(w.history().answers(), 1u); // B's: A got none
    EXPECT_FALSE(w.history().inFlight());
}

TEST_F(Worker, ALockedFileIsAnAnswerWithTheErrorAndTheNextRequestReads) {
    DatabaseWorker w(options(300ms));
    {
        db::test::DatabaseLock lock(file);
        w.requestHistory({});
        ASSERT_TRUE(answered(w.history(), 1));
        const auto l = w.history().latest();
        EXPECT_FALSE(l->value);
        EXPECT_NE(l->error.find("locked"), std::string::npos) << l->error;
    }
    w.requestHistory({});
    ASSERT_TRUE(answered(w.history(), 2));
    ASSERT_TRUE(w.history().latest()->value) << w.history().latest()->error;
    EXPECT_EQ(w.history().latest()->value->rows.size(), 6u);
}

TEST(WorkerFiles, ADamagedOrMissingFileIsAnAnswerWithTheError) {
    TempDir dir;
    std::ofstream(dir / "damaged.db") << std::string(8192, 'x');
    DatabaseWorker damaged({dir / "damaged.db"});
    damaged.requestHistory({});
    damaged.requestYield({});
    ASSERT_TRUE(answered(damaged.history(), 1));
    ASSERT_TRUE(answered(damaged.yield(), 1));
    EXPECT_FALSE(damaged.history().latest()->value);
    EXPECT_NE(damaged.history().latest()->error.find("not a database"), std::string::npos)
        << damaged.history().latest()->error;
    EXPECT_FALSE(damaged.yield().latest()->value);

    DatabaseWorker missing({dir / "missing.db"});
    missing.requestRun(1);
    ASSERT_TRUE(answered(missing.run(), 1));
    EXPECT_FALSE(missing.run().latest()->value);
    EXPECT_FALSE(missing.run().latest()->error.empty());
    EXPECT_FALSE(std::filesystem::exists(dir / "missing.db")); // read-only: never created
}

namespace {

/// An ImGui context as the panel makes it, minus the window: default font in a built atlas.
struct Gui {
    Gui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.f / 60.f;
    }
    ~Gui() { ImGui::DestroyContext(); }
    Gui(const Gui&) = delete;
    Gui& operator=(const Gui&) = delete;
};

/// One frame of the history window; the text it drew (ImGui's log of rendered text).
std::string drawHistoryFrame(HistoryView& view, DatabaseWorker& worker) {
    ImGui::NewFrame();
    ImGui::SetNextWindowSize(ImVec2(1280, 800));
    ImGui::Begin("history");
    ImGui::LogToBuffer();
    view.draw(worker, Fonts{ImGui::GetFont(), ImGui::GetFont(), ImGui::GetFont()}, 0);
    std::string text = GImGui->LogBuffer.c_str();
    ImGui::LogFinish();
    ImGui::End();
    ImGui::Render();
    return text;
}

} // namespace

TEST_F(Worker, TheHistoryWindowDrawsAtFullSpeedWhileTheDatabaseIsLocked) {
    Gui gui;
    DatabaseWorker w(options(1500ms));
    HistoryView view;
    int framesWaiting = 0;
    Clock::duration longest{0};
    std::string text;
    {
        db::test::DatabaseLock lock(file);
        const auto deadline = Clock::now() + 20s;
        // Frames until the answer comes: the worker waits 1.5 s on the lock, the frames must not.
        while (Clock::now() < deadline) {
            const auto start = Clock::now();
            text = drawHistoryFrame(view, w);
            longest = std::max(longest, Clock::now() - start);
            if (!w.history().inFlight() && w.history().latest())
                break;
            ++framesWaiting;
            EXPECT_NE(text.find("querying"), std::string::npos) << text; // the query in flight shows as such
        }
    }
    text = drawHistoryFrame(view, w);
    // 1.5 s of frames at a fraction of a millisecond each: hundreds, none of them long.
    EXPECT_GT(framesWaiting, 100);
    EXPECT_LT(longest, 100ms);
    EXPECT_NE(text.find("database is locked"), std::string::npos) << text; // the error shows in the window
    EXPECT_EQ(text.find("querying"), std::string::npos) << text;
    // Once the lock is gone, a new request (the view asks again when the filter changes) lists the runs.
    view.inputs().verdict = Verdict::Error;
    const auto deadline = Clock::now() + 20s;
    while (Clock::now() < deadline && (w.history().inFlight() || w.history().answers() < 2))
        text = drawHistoryFrame(view, w);
    text = drawHistoryFrame(view, w);
    EXPECT_NE(text.find("QSFP-B1"), std::string::npos) << text;
    EXPECT_NE(text.find("1 run"), std::string::npos) << text;
}
