// Engineer overrides and batch start at the panel, driven through ImGuiIO (mouse at the controls' rects, typed
// characters, Enter and F-keys) on a real PanelFrame and PanelStation against a simulated station opened as
// `optiqual panel` opens it (loadStation, openStation: simulated supplies, results database, snapshots). An
// engineer's force_fail makes the next unit fail at that step, with audit rows and a banner on every tile; an
// operator and a reason-less change are refused; a tighter limit set fails a unit the part's own set passes; in the
// batch model two scans wait for Start all (F9), run as one batch that ends together, and a scan meanwhile is
// refused with its reason; a queued unit removed before Start all never runs and leaves nothing in the database.
#include "ui/PanelStation.h"

#include "db/ResultStore.h"
#include "db/StationUsers.h"
#include "station/cli/StationSession.h"
#include "tests/db/DbTestSupport.h"
#include "tests/ui/DrawnText.h"
#include "tests/ui/ScriptedPanelTest.h"
#include "ui/PanelFrame.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <boost/asio/post.hpp>
#include <fstream>
#include <future>
#include <gtest/gtest.h>
#include <imgui.h>
#include <thread>

using namespace optiqual;
using namespace optiqual::station;
using namespace std::chrono_literals;
using db::test::TempDir;

namespace {

// Two sockets, each with its own simulated supply. At 100× a minute's hold is 0.6 s of real time.
const char* kStation = R"(station: {name: OVERRIDE-SIM, product_line: xpo, time_scale: 100}
instruments:
  - {name: psu1, model: E36312A, roles: ["psu@1"], simulate: true}
  - {name: psu2, model: E36312A, roles: ["psu@2"], simulate: true}
)";

// The supply's 5 V read back passes the part's own set (4.5…5.5 V) and fails the tighter one (5.2…5.5 V).
std::string sequenceText(const std::string& hold) {
    return R"(name: Override check
version: 1.0.0
product: xpo
part_numbers: [OV-1]
instruments:
  psu: PowerSupply
limits:
  - part_number: OV-1
    limits:
      output_voltage: {low: 4.5, high: 5.5, unit: V}
  - part_number: OV-1
    revision: TIGHT
    limits:
      output_voltage: {low: 5.2, high: 5.5, unit: V}
main:
  - name: Set 5 V
    type: action
    call: psu.setVoltage
    args: {channel: 1, volts: 5}
  - name: Output on
    type: action
    call: psu.setOutput
    args: {channel: 1, on: true}
  - name: Output voltage
    type: measure
    measurements:
      - {name: output_voltage, call: psu.measureVoltage, args: {channel: 1}}
  - name: Hold
    type: wait
    duration: )" +
           hold + R"(
cleanup:
  - name: Output off
    type: action
    call: psu.setOutput
    args: {channel: 1, on: false}
)";
}

struct AuditRow {
    std::string user, action, target, oldValue, newValue, reason;
    bool run = false;
};

class PanelOnStation : public ui::test::ScriptedPanelTest {
protected:
    void open(bool batch, const std::string& hold) {
        write(dir / "station.yaml", kStation);
        write(dir / "override.yaml", sequenceText(hold));
        {
            db::StoreOptions o{db::OpenAccess::ReadWriteCreate, true};
            auto store = db::ResultStore::open(file, o);
            db::StationUsers(store.connection()).add("erik", db::Role::Engineer, "eng-pass");
        }
        cli::RunCommandOptions ro;
        ro.station = (dir / "station.yaml").string();
        ro.sequence = (dir / "override.yaml").string();
        ro.db = file.string();
        ro.partNumber = "OV-1";
        ro.progress = "none";
        ASSERT_EQ(cli::loadStation(s, ro), 0);
        ASSERT_EQ(cli::openStation(s, ro), 0);
        ASSERT_EQ(s.sockets, 2);
        ui::PanelStation::Options po;
        po.partNumber = "OV-1";
        po.model = batch ? ProcessModel::Batch : ProcessModel::Parallel;
        station = std::make_unique<ui::PanelStation>(s, po);
        station->start();

        createHeadlessContext();
        ImGuiIO& gui = ImGui::GetIO();
        // What the GLFW backend maps in the panel: ImGui's named keys to GLFW's key codes.
        gui.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
        gui.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
        gui.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
        gui.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
        imgui = true;

        ui::PanelFrame::Options o;
        o.station = "OVERRIDE-SIM";
        o.sequence = s.sequence->name;
        o.sockets = s.sockets;
        o.durability = [this](std::uint64_t runId) { return s.dbSink->durability(runId); };
        o.database = file.string();
        o.sequenceFile = s.sequence;
        o.partNumber = "OV-1";
        o.usersConfigured = true;
        o.batch = batch;
        panel = std::make_unique<ui::PanelFrame>(o, station->control());
        ImFont* font = gui.Fonts->Fonts[0];
        panel->setFonts({font, font, font});
        frame();
    }
    void TearDown() override {
        if (station) {
            station->stop();
            station->finish();
        }
        panel.reset();
        if (imgui)
            ImGui::DestroyContext();
    }
    static void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

    std::shared_ptr<const StationSnapshot> snapshot() const { return s.progress->snapshots().current(); }
    void frame() override {
        ImGui::NewFrame();
        panel->draw(*snapshot(), false);
        ImGui::Render();
    }
    using ScriptedPanelTest::click;
    void click(const std::string& overridesControl) {
        click(panel->overrides().rects().find(overridesControl), overridesControl);
    }
    /// A serial typed into the scan field + Enter, as a barcode scanner sends it.
    void scan(const std::string& serial) {
        frame(); // the field takes the keyboard back when nothing else has it
        type(serial);
        press(GLFW_KEY_ENTER);
    }
    /// Waits until @p count units have ended with their results stored; returns the last.
    FinishedUnit ended(std::size_t count) {
        const bool done = until([&] {
            const auto now = snapshot();
            return now->finished.size() >= count &&
                   std::all_of(now->finished.begin(), now->finished.end(), [&](const FinishedUnit& u) {
                       return s.dbSink->durability(u.runId) == Durability::Stored;
                   });
        });
        EXPECT_TRUE(done) << "the units ended within 30 s";
        const auto now = snapshot();
        return now->finished.empty() ? FinishedUnit{} : now->finished.back();
    }
    void engineer() { panel->session().signIn("erik", db::Role::Engineer); }
    /// Chooses @p step and @p mode in the sequence view's overrides.
    void choose(const std::string& step, const std::string& mode) {
        click("step " + step);
        click("mode " + mode);
    }
    void reason(const std::string& why) {
        click("reason");
        type(why);
    }
    std::vector<AuditRow> audit() {
        // The panel's audit rows leave from the I/O thread (EngineControl posts them): once a handler posted after
        // them has run, they are in the writer's queue.
        std::promise<void> drained;
        boost::asio::post(s.io, [&drained] { drained.set_value(); });
        EXPECT_EQ(drained.get_future().wait_for(10s), std::future_status::ready);
        s.bus.flush();
        EXPECT_TRUE(s.writer->flush().healthy);
        auto store = db::ResultStore::open(file, db::StoreOptions{});
        auto q =
            store.connection().prepare("SELECT user, action, target, coalesce(old_value, ''), "
                                       "coalesce(new_value, ''), reason, run_id IS NOT NULL FROM audit ORDER BY id");
        std::vector<AuditRow> rows;
        while (q.step())
            rows.push_back(
                {q.getText(0), q.getText(1), q.getText(2), q.getText(3), q.getText(4), q.getText(5), q.getInt(6) != 0});
        return rows;
    }
    /// The limit set the database holds for run @p runId of the engine.
    std::string limitSetOf(std::uint64_t runId) {
        const std::int64_t id = s.dbSink->databaseId(runId);
        auto store = db::ResultStore::open(file, db::StoreOptions{});
        auto q = store.connection().prepare(
            "SELECT limit_set.name FROM run JOIN limit_set ON limit_set.id = run.limit_set_id WHERE run.id = ?");
        q.bind(1, id);
        return q.step() ? q.getText(0) : std::string("(none)");
    }

    TempDir dir;
    std::filesystem::path file = dir / "station.db";
    cli::StationSession s;
    std::unique_ptr<ui::PanelStation> station;
    std::unique_ptr<ui::PanelFrame> panel;
    bool imgui = false;
};

} // namespace

TEST_F(PanelOnStation, AnEngineersForceFailFailsTheNextUnitAtThatStepAuditedAndBannered) {
    open(false, "1 s");
    engineer();
    press(GLFW_KEY_F7); // the sequence view, with the overrides
    choose("main/Output voltage", "force_fail");
    click("Apply run mode");
    EXPECT_NE(panel->overrides().refusal().find("needs a reason"), std::string::npos) << panel->overrides().refusal();
    EXPECT_TRUE(ui::test::drawnText(panel->overrides().refusal())) << "the reason is on the screen";
    EXPECT_FALSE(station->control().overrides()) << "a reason-less override is not set";

    reason("ECO-77: check the reject path");
    click("Apply run mode");
    EXPECT_EQ(panel->overrides().refusal(), "");
    ASSERT_TRUE(station->control().overrides());
    EXPECT_EQ(station->control().overrides()->banner(), "ENGINEERING OVERRIDES: 1 step forced");

    press(GLFW_KEY_F1);
    frame();
    EXPECT_TRUE(ui::test::drawnText("ENGINEERING OVERRIDES: 1 step forced")) << "the tiles carry the banner";
    scan("OV-0001");
    const FinishedUnit unit = ended(1);
    EXPECT_EQ(unit.serial, "OV-0001");
    EXPECT_EQ(unit.verdict, sequences::Verdict::Fail) << unit.firstFailure;
    EXPECT_NE(unit.firstFailure.find("Output voltage"), std::string::npos) << unit.firstFailure;
    EXPECT_NE(unit.firstFailure.find("run mode force_fail set by erik: ECO-77: check the reject path"),
              std::string::npos)
        << unit.firstFailure;

    const auto rows = audit();
    auto has = [&](const std::string& action, bool run) {
        return std::find_if(rows.begin(), rows.end(), [&](const AuditRow& r) {
            return r.action == action && r.run == run && r.user == "erik" &&
                   r.reason == "ECO-77: check the reject path";
        });
    };
    const auto set = has("override.run_mode", false);
    ASSERT_NE(set, rows.end()) << "the change itself, when it was applied";
    EXPECT_EQ(set->target, "main/Output voltage");
    EXPECT_EQ(set->oldValue, "normal");
    EXPECT_EQ(set->newValue, "force_fail (role: engineer)");
    EXPECT_NE(has("override.run_mode", true), rows.end()) << "the override in force, tied to the run";
    EXPECT_NE(has("step.run_mode", true), rows.end()) << "the step it forced, tied to the run";
}

TEST_F(PanelOnStation, AnOperatorIsRefusedOverridesWithTheReason) {
    open(false, "1 s");
    press(GLFW_KEY_F7);
    choose("main/Output voltage", "force_pass");
    reason("let it through");
    click("Apply run mode");
    EXPECT_NE(panel->overrides().refusal().find("A run-mode override needs an engineer"), std::string::npos)
        << panel->overrides().refusal();
    frame();
    EXPECT_TRUE(ui::test::drawnText(panel->overrides().refusal())) << "the reason is on the screen";
    click("set OV-1@TIGHT");
    click("Apply limit set");
    EXPECT_NE(panel->overrides().refusal().find("A limit-set choice needs an engineer"), std::string::npos)
        << panel->overrides().refusal();
    EXPECT_FALSE(station->control().overrides());
    EXPECT_TRUE(audit().empty()) << "nothing to audit: nothing changed";
}

TEST_F(PanelOnStation, ATighterLimitSetFailsAUnitThePartsOwnSetPasses) {
    open(false, "1 s");
    engineer();
    scan("OV-0001");
    const FinishedUnit first = ended(1);
    EXPECT_EQ(first.verdict, sequences::Verdict::Pass) << first.firstFailure;
    EXPECT_EQ(limitSetOf(first.runId), "OV-1");

    press(GLFW_KEY_F7);
    click("set OV-1@TIGHT");
    reason("pilot of the tighter output limit");
    click("Apply limit set");
    ASSERT_TRUE(station->control().overrides()) << panel->overrides().refusal();
    press(GLFW_KEY_F1);
    frame();
    EXPECT_TRUE(ui::test::drawnText("ENGINEERING OVERRIDES: limit set OV-1@TIGHT"));
    scan("OV-0002");
    const FinishedUnit second = ended(2);
    EXPECT_EQ(second.serial, "OV-0002");
    EXPECT_EQ(second.verdict, sequences::Verdict::Fail);
    EXPECT_NE(second.firstFailure.find("output_voltage"), std::string::npos) << second.firstFailure;
    EXPECT_EQ(limitSetOf(second.runId), "OV-1@TIGHT");

    // Cleared (with a reason): the banner goes and the next unit is judged by the part's own set again.
    press(GLFW_KEY_F7);
    click("Clear overrides");
    EXPECT_FALSE(station->control().overrides());
    press(GLFW_KEY_F1);
    frame();
    EXPECT_FALSE(ui::test::drawnText("ENGINEERING OVERRIDES"));
    const auto rows = audit();
    std::vector<std::string> actions;
    for (const auto& r : rows)
        actions.push_back(r.action + (r.run ? " (run)" : ""));
    EXPECT_EQ(actions, (std::vector<std::string>{"override.limit_set", "override.limit_set (run)", "override.clear"}));
    EXPECT_EQ(rows[1].oldValue, "OV-1");
    EXPECT_EQ(rows[1].newValue, "OV-1@TIGHT");
}

TEST_F(PanelOnStation, TwoScansAndStartAllRunOneBatchThatEndsTogetherAndRefusesScansMeanwhile) {
    open(true, "1 min");
    scan("OV-0101");
    scan("OV-0102");
    frame();
    EXPECT_EQ(snapshot()->running(), 0) << "a batch's units wait for Start all";
    EXPECT_TRUE(panel->operatorView().tiles()[0].queued());
    EXPECT_TRUE(panel->operatorView().tiles()[1].queued());
    EXPECT_TRUE(ui::test::drawnText("QUEUED"));

    press(GLFW_KEY_F9);
    ASSERT_TRUE(until([&] { return snapshot()->running() == 2; })) << panel->operatorView().message();
    scan("OV-0103");
    EXPECT_NE(panel->operatorView().message().find("a batch starts and ends together"), std::string::npos)
        << panel->operatorView().message();
    EXPECT_TRUE(ui::test::drawnText(panel->operatorView().message())) << "the reason is under the field";

    ended(2);
    const auto now = snapshot();
    ASSERT_EQ(now->finished.size(), 2u) << "the refused scan never ran";
    for (const auto& u : now->finished)
        EXPECT_EQ(u.verdict, sequences::Verdict::Pass) << u.serial << ": " << u.firstFailure;
    // One batch: both held their minute together, so they ended together.
    const auto gap = now->finished[0].duration - now->finished[1].duration;
    EXPECT_LT(std::chrono::abs(gap), 300ms) << "durations differ by more than a scan's time";
    frame();
    EXPECT_EQ(panel->operatorView().tiles()[0].pending(), false);
    EXPECT_TRUE(ui::test::drawnText("PASS")) << "the verdicts stay on the tiles";
    station->stop();
    const auto results = station->finish();
    EXPECT_EQ(results.size(), 2u);
}

TEST_F(PanelOnStation, AQueuedUnitRemovedBeforeStartAllNeverRuns) {
    open(true, "1 s");
    scan("OV-0201");
    scan("OV-0202");
    frame();
    ASSERT_TRUE(panel->operatorView().tiles()[0].queued());
    // The tile's own button takes socket 1's unit out: a gap before socket 2's refuses Start all (a batch's units
    // are sockets 1…k).
    click(panel->operatorView().rects().drawn("Remove 1"), "socket 1's Remove");
    EXPECT_FALSE(panel->operatorView().tiles()[0].pending());
    EXPECT_EQ(panel->operatorView().message(), "OV-0201 removed from socket 1: not tested");
    frame(); // the removal is acted on after the tiles of the frame that saw the click
    EXPECT_FALSE(panel->operatorView().rects().drawn("Remove 1")) << "an idle tile has no Remove";
    EXPECT_TRUE(ui::test::drawnText("READY")) << "the removed unit's tile is idle";
    press(GLFW_KEY_F9);
    EXPECT_NE(panel->operatorView().message().find("socket 1 is empty while socket 2 waits"), std::string::npos)
        << panel->operatorView().message();
    EXPECT_EQ(snapshot()->running(), 0);
    // The next scan fills the gap; Delete with the field empty takes the selected (just scanned) socket's unit out.
    scan("OV-0203");
    EXPECT_EQ(panel->operatorView().selectedSocket(), 1);
    press(GLFW_KEY_DELETE);
    EXPECT_FALSE(panel->operatorView().tiles()[0].pending()) << panel->operatorView().message();
    EXPECT_EQ(panel->operatorView().message(), "OV-0203 removed from socket 1: not tested");
    EXPECT_TRUE(panel->operatorView().tiles()[1].queued()) << "only the selected socket's";

    // Two scans, one removed: Start all runs only the other.
    scan("OV-0204");
    click(panel->operatorView().rects().drawn("Remove 2"), "socket 2's Remove");
    EXPECT_EQ(panel->operatorView().message(), "OV-0202 removed from socket 2: not tested");
    press(GLFW_KEY_F9);
    ended(1);
    const auto now = snapshot();
    ASSERT_EQ(now->finished.size(), 1u);
    EXPECT_EQ(now->finished[0].serial, "OV-0204");
    EXPECT_EQ(now->finished[0].verdict, sequences::Verdict::Pass) << now->finished[0].firstFailure;
    station->stop();
    EXPECT_EQ(station->finish().size(), 1u) << "the removed units never reached the engine";
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    auto q = store.connection().prepare("SELECT count(*) FROM run");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.getInt(0), 1) << "no run row for a removed unit";
}

TEST_F(PanelOnStation, AStepAnEngineerSkipsIsLeftOutOfTheUnitsProgressAndEta) {
    open(false, "1 min"); // at 100×, 0.6 s of the plan
    engineer();
    scan("OV-0301");
    const FinishedUnit normal = ended(1);
    const auto plain = snapshot()->socket(1)->plan;
    ASSERT_TRUE(plain && plain->total());
    EXPECT_GE(plain->total()->low, 600ms) << "the hold counts while it runs";

    press(GLFW_KEY_F7);
    choose("main/Hold", "skip");
    reason("ECO-80: hold not needed for the pilot");
    click("Apply run mode");
    ASSERT_TRUE(station->control().overrides()) << panel->overrides().refusal();
    press(GLFW_KEY_F1);
    scan("OV-0302");
    const FinishedUnit skipped = ended(2);
    EXPECT_EQ(skipped.serial, "OV-0302");
    EXPECT_EQ(skipped.verdict, sequences::Verdict::Pass) << skipped.firstFailure;
    const SocketView* view = snapshot()->socket(1);
    ASSERT_TRUE(view && view->plan && view->plan->total());
    EXPECT_LT(view->plan->total()->low, 100ms) << "the skipped hold is not in the unit's ETA";
    const auto hold = view->plan->find("main/Hold");
    ASSERT_TRUE(hold);
    EXPECT_TRUE(view->plan->steps()[*hold].skipped);
    EXPECT_EQ(view->stepsDone, view->stepsExpected) << "progress reaches the plan's end";
    EXPECT_LT(skipped.duration, normal.duration);
}
