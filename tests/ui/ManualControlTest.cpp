// Roles at the panel, driven through ImGuiIO (mouse at the controls' rects, typed characters, F-keys) on a real
// PanelFrame against the simulated station: an operator's press of the technician-only manual control is refused
// with the reason; a technician signs in (the password checked off the UI thread) and sets a supply, which the
// simulator itself then reports (asked on its own connection, not through the driver); the action is in the audit
// table with who and why; the kiosk refuses F5 until a technician signs in.
#include "core/RunSync.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/StationUsers.h"
#include "instruments/ResourceString.h"
#include "instruments/ScpiSession.h"
#include "station/Engine.h"
#include "station/StationInstruments.h"
#include "station/UnitQueue.h"
#include "tests/db/DbTestSupport.h"
#include "tests/ui/DrawnText.h"
#include "tests/ui/ScriptedPanelTest.h"
#include "ui/EngineControl.h"
#include "ui/PanelFrame.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <thread>
#include <vector>

using namespace optiqual;
using namespace optiqual::station;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using db::test::TempDir;

namespace {

const char* kStation = R"(station: {name: ROLES-SIM, product_line: xpo, time_scale: 1000}
instruments:
  - {name: psu, model: E36312A, roles: [psu], simulate: true}
)";

class PanelRoles : public ui::test::ScriptedPanelTest {
protected:
    void SetUp() override {
        {
            db::StoreOptions o{db::OpenAccess::ReadWriteCreate, true};
            auto store = db::ResultStore::open(file, o);
            db::StationUsers(store.connection()).add("tina", db::Role::Technician, "tech-pass");
        }
        writer = db::ResultWriter::open(file, db::WriterOptions{});
        instruments = std::make_unique<StationInstruments>(config, io.get_executor());
        for (const auto& s : core::runSync(io, instruments->connectAll()))
            ASSERT_TRUE(s.connected) << s.error;
        engine = std::make_unique<Engine>(io.get_executor(), bus, std::make_shared<core::Clock>(1000.0),
                                          std::vector<RoleBinding>{{"psu", 0, instruments->find("psu")}});
        control = std::make_unique<ui::EngineControl>(io.get_executor(), *engine, queue, "PN", "");
        control->setManualTarget({"ROLES-SIM", [this](const std::string& n) { return instruments->find(n); },
                                  [this](db::AuditEvent a) { writer->recordAudit(std::move(a)); }});
        ioThread = std::thread([this] { io.run(); });
        snapshot.instruments = {{"psu", true, "Keysight E36312A (simulated)"}};

        createHeadlessContext();
    }
    void TearDown() override {
        panel.reset();
        ImGui::DestroyContext();
        work.reset();
        io.stop();
        if (ioThread.joinable())
            ioThread.join();
    }

    void openPanel(bool kiosk) {
        ui::PanelFrame::Options o;
        o.station = "ROLES-SIM";
        o.sequence = "none";
        o.database = file.string();
        o.kiosk = kiosk;
        o.usersConfigured = true;
        panel = std::make_unique<ui::PanelFrame>(o, *control);
        ImFont* font = ImGui::GetIO().Fonts->Fonts[0]; // the default font, built in SetUp
        panel->setFonts({font, font, font});
        frame();
    }
    void frame() override {
        ImGui::NewFrame();
        panel->draw(snapshot, false);
        ImGui::Render();
    }
    /// Whether the last frame drew @p text.
    bool shown(const std::string& text) { return ui::test::drawnText(text); }
    /// Two frames: a dialog that just opened is laid out (auto-sized windows are measured in their first frame).
    void settle() {
        frame();
        frame();
    }
    void signIn(const std::string& name, const std::string& password) {
        click(panel->signInDialog().rects().find("Sign in"));
        ASSERT_TRUE(panel->signInDialog().open());
        settle();
        type(name); // the name field has the keyboard when the dialog opens
        click(panel->signInDialog().rects().find("password"));
        type(password);
        click(panel->signInDialog().rects().find("dialog Sign in"));
    }
    /// The simulated supply's own answer to @p query, on a connection of its own.
    std::string askSimulator(const std::string& query) {
        asio::io_context observerIo;
        instruments::SessionOptions so;
        so.name = "observer";
        instruments::ScpiSession observer(
            observerIo.get_executor(),
            instruments::ResourceString::parse(instruments->simulators()->find("psu")->resource), so);
        core::runSync(observerIo, observer.connect());
        return core::runSync(observerIo, observer.query(query));
    }

    TempDir dir;
    std::filesystem::path file = dir / "station.db";
    std::unique_ptr<db::ResultWriter> writer;
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{io.get_executor()};
    StationConfig config = parseStationConfig(kStation, "roles.yaml");
    std::unique_ptr<StationInstruments> instruments;
    EventBus bus;
    std::unique_ptr<Engine> engine;
    UnitQueue queue{io.get_executor(), 1};
    std::unique_ptr<ui::EngineControl> control;
    std::thread ioThread;
    StationSnapshot snapshot;
    std::unique_ptr<ui::PanelFrame> panel;
};

} // namespace

TEST_F(PanelRoles, AnOperatorIsRefusedManualControlWithTheReason) {
    openPanel(false);
    const std::string before = askSimulator("VOLT? (@1)");
    press(GLFW_KEY_F4); // the instruments tab
    click(panel->manualControl().rects().find("Manual control"));
    EXPECT_FALSE(panel->manualControl().open());
    EXPECT_NE(panel->manualControl().refusal().find("Manual control needs a technician"), std::string::npos)
        << panel->manualControl().refusal();
    EXPECT_NE(
        panel->manualControl().refusal().find(
            "Manual control needs a technician; not signed in (operator): sign in as a technician or an engineer"),
        std::string::npos);
    EXPECT_TRUE(shown(panel->manualControl().refusal())) << "the reason is on the screen";
    EXPECT_FALSE(control->lastManual()) << "nothing was sent";
    EXPECT_EQ(askSimulator("VOLT? (@1)"), before);
    // A wrong password signs nobody in and says so.
    signIn("tina", "wrong");
    ASSERT_TRUE(until([&] { return !panel->signInDialog().error().empty(); }));
    EXPECT_EQ(panel->signInDialog().error(), "unknown user or wrong password");
    EXPECT_FALSE(panel->session().signedIn());
}

TEST_F(PanelRoles, ATechniciansSetSupplyReachesTheSimulatorAndIsAudited) {
    openPanel(false);
    signIn("tina", "tech-pass");
    ASSERT_TRUE(until([&] { return panel->session().signedIn(); })) << panel->signInDialog().error();
    EXPECT_EQ(panel->session().role(), db::Role::Technician);
    frame(); // the header of the frame after the answer
    EXPECT_TRUE(shown("User: tina (technician)"));

    press(GLFW_KEY_F4);
    click(panel->manualControl().rects().find("Manual control"));
    ASSERT_TRUE(panel->manualControl().open()) << panel->manualControl().refusal();
    settle();
    click(panel->manualControl().rects().find("volts"));
    type("4.25");
    click(panel->manualControl().rects().find("reason"));
    type("fixture check");
    click(panel->manualControl().rects().find("Set supply"));
    ASSERT_TRUE(until([&] { return control->lastManual() != nullptr; }));
    const auto result = control->lastManual();
    EXPECT_TRUE(result->ok) << result->text;
    EXPECT_EQ(result->command.instrument, "psu");

    // The simulator's own state, not the driver's echo.
    EXPECT_DOUBLE_EQ(std::stod(askSimulator("VOLT? (@1)")), 4.25);
    EXPECT_EQ(askSimulator("OUTP? (@1)"), "1");

    ASSERT_TRUE(writer->flush().healthy);
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    auto q = store.connection().prepare("SELECT user, action, target, new_value, reason FROM audit");
    ASSERT_TRUE(q.step()) << "an audit row";
    EXPECT_EQ(q.getText(0), "tina");
    EXPECT_EQ(q.getText(1), "manual.set_supply");
    EXPECT_EQ(q.getText(2), "psu");
    EXPECT_NE(q.getText(3).find("channel 1 = 4.25 V, output on"), std::string::npos) << q.getText(3);
    EXPECT_EQ(q.getText(4), "fixture check");
    EXPECT_FALSE(q.step()) << "one action, one row";
}

TEST_F(PanelRoles, TheKioskRefusesF5UntilATechnicianSignsIn) {
    openPanel(true);
    press(GLFW_KEY_F5);
    frame();
    EXPECT_EQ(panel->view(), ui::PanelView::Operator);
    EXPECT_NE(panel->kioskRefusal().find("Leaving the operator view (kiosk) needs a technician"), std::string::npos)
        << panel->kioskRefusal();
    EXPECT_TRUE(shown("Operator (F1)"));
    EXPECT_FALSE(shown("History (F5)")) << "no other tab to click";
    EXPECT_TRUE(shown(panel->kioskRefusal())) << "the reason is in the header";

    signIn("tina", "tech-pass");
    ASSERT_TRUE(until([&] { return panel->session().signedIn(); })) << panel->signInDialog().error();
    press(GLFW_KEY_F5);
    frame();
    EXPECT_EQ(panel->view(), ui::PanelView::History);
    EXPECT_TRUE(panel->kioskRefusal().empty());
    // Signing out puts the operator back in the operator view.
    click(panel->signInDialog().rects().find("Sign out"));
    frame();
    EXPECT_EQ(panel->view(), ui::PanelView::Operator);
}

TEST(UserSession, WithoutUsersEveryoneIsATechnicianAndNoEngineer) {
    ui::UserSession none(false, "op1");
    EXPECT_EQ(none.role(), db::Role::Technician);
    EXPECT_FALSE(none.refusal(db::Role::Technician, "Set supply"));
    const auto why = none.refusal(db::Role::Engineer, "Run mode override");
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("optiqual user add"), std::string::npos) << *why;

    ui::UserSession users(true, "op1");
    EXPECT_EQ(users.role(), db::Role::Operator);
    EXPECT_TRUE(users.refusal(db::Role::Technician, "Set supply"));
    users.signIn("erik", db::Role::Engineer);
    EXPECT_FALSE(users.refusal(db::Role::Engineer, "Run mode override"));
    EXPECT_EQ(users.name(), "erik");
    users.signOut();
    EXPECT_EQ(users.role(), db::Role::Operator);
}
