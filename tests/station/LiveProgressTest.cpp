// The real `optiqual run` on the simulated XPO station, on a real terminal (a tmux pane), read off the screen as a
// user sees it: the live block with the inner step and a soak's moving reading, the finished unit's permanent
// line, a resize, and Ctrl-C showing the cleanup. Every wait awaits what the program writes (no sleeps).
#include "tests/db/DbTestSupport.h"
#include "tests/support/TmuxScreen.h"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using optiqual::db::test::TempDir;
using optiqual::testing::TmuxScreen;

namespace {

// The chamber conditioning on, then two corners, each a set point and a soak; a cleanup that brings the chamber back.
// (Without conditioning the simulated chamber, like a real F4T, holds its air where it is: every soak times out.)
const char* kSoak = R"(name: live progress soak
version: 1
instruments: {chamber: ThermalChamber}
setup:
  - name: Chamber conditioning on
    type: action
    call: chamber.setRunning
    args: {running: true}
main:
  - name: Temperature corners
    type: for_each
    variable: case_temp
    values: [30, 45]
    unit: degC
    steps:
      - name: Chamber set point
        type: action
        call: chamber.setSetpoint
        args: {degC: case_temp}
      - name: Chamber settled
        type: wait_until
        read: chamber.temperature
        target: case_temp
        tolerance: 0.5
        stable_for: STABLE
        timeout: 60 min
        poll: 5 s
cleanup:
  - name: Chamber back to ambient
    type: action
    call: chamber.setSetpoint
    args: {degC: 25}
)";

class LiveProgress : public ::testing::Test {
protected:
    /// The pane's command: optiqual, then its exit code, then a cat that keeps the pane (and its last screen)
    /// open. The shell traps SIGINT so that Ctrl-C reaches optiqual and the exit code is still printed.
    std::string command(const std::string& stable, double timeScale, const std::string& progress = "auto") {
        std::string text = kSoak;
        text.replace(text.find("STABLE"), 6, stable);
        std::ofstream(dir / "soak.yaml") << text;
        std::ostringstream c;
        c << "trap true INT; cd " << dir.path() << " && " << OPTIQUAL_BINARY << " --log-file '' run --station "
          << OPTIQUAL_SOURCE_DIR << "/station/configs/sim-xpo.yaml --sequence soak.yaml --serial XPO-LIVE-0001"
          << " --time-scale " << timeScale << " --db results.db --progress " << progress
          << "; echo \"[exit $?]\"; exec cat";
        return c.str();
    }
    TempDir dir;
};

bool fitsWithin(const std::string& screen, int columns) {
    std::istringstream in(screen);
    std::string line;
    while (std::getline(in, line)) {
        // Columns, not bytes: the view uses "›", "→", "°" and "…" (UTF-8, one column each).
        int width = 0;
        for (unsigned char c : line)
            width += (c & 0xC0) != 0x80;
        if (width > columns)
            return false;
    }
    return true;
}

} // namespace

TEST_F(LiveProgress, ShowsTheInnerStepAndTheSoaksMovingReadingThenThePermanentLine) {
    TmuxScreen term(command("1 min", 20), 120, 30);
    // The inner step with its loop position, and the soak's reading against its target with its stable time.
    const auto soaking = term.await([](const std::string& s) {
        return s.find("Temperature corners › 45 °C › Chamber settled") != std::string::npos &&
               s.find("→ 45.0 °C ±0.5, stable") != std::string::npos;
    });
    ASSERT_TRUE(soaking) << term.lastScreen();
    EXPECT_NE(soaking->find("XPO-LIVE-0001"), std::string::npos);
    EXPECT_NE(soaking->find("ETA"), std::string::npos);
    // A reading that moves: the block is redrawn in place with another value.
    const std::string first = *soaking;
    const auto moved = term.await(
        [&](const std::string& s) { return s != first && s.find("→ 45.0 °C ±0.5, stable") != std::string::npos; });
    ASSERT_TRUE(moved) << term.lastScreen();

    const auto done = term.awaitText("[exit 0]", std::chrono::seconds(60));
    ASSERT_TRUE(done) << term.lastScreen();
    EXPECT_NE(done->find("XPO-LIVE-0001  PASS"), std::string::npos) << "the permanent line: " << *done;
    EXPECT_EQ(done->find("→ 45.0 °C"), std::string::npos) << "the live block is gone once the run ended: " << *done;
    EXPECT_NE(done->find("Results in"), std::string::npos);
    const std::string all = term.history();
    EXPECT_EQ(std::count(all.begin(), all.end(), '\n') > 0, true);
    std::size_t lines = 0;
    for (auto at = all.find("XPO-LIVE-0001  PASS"); at != std::string::npos;
         at = all.find("XPO-LIVE-0001  PASS", at + 1))
        ++lines;
    EXPECT_EQ(lines, 1u) << "the finished unit is printed once, never redrawn into the scrollback: " << all;
}

TEST_F(LiveProgress, ResizeRedrawsWithinTheNewWidthAndCtrlCAbortsAtOnceShowingTheCleanup) {
    // A real clock: each soak would take minutes.
    TmuxScreen term(command("2 min", 1), 120, 30);
    ASSERT_TRUE(term.awaitText("› Chamber settled")) << term.lastScreen();
    term.resize(50, 12);
    const auto narrow = term.await([](const std::string& s) {
        return s.find("XPO-LIVE") != std::string::npos && s.find("Chamber settled") != std::string::npos &&
               fitsWithin(s, 50);
    });
    ASSERT_TRUE(narrow) << term.lastScreen();

    term.sendKeys("C-c");
    // At once: well within the 2 min soak still to go, with the cleanup shown under the aborted unit.
    const auto aborted = term.awaitText("[exit 2]", std::chrono::seconds(15));
    ASSERT_TRUE(aborted) << term.lastScreen();
    const std::string all = term.history();
    EXPECT_NE(all.find("XPO-LIVE-0001  ABORTED"), std::string::npos) << all;
    EXPECT_NE(all.find("cleanup: Chamber back to ambient"), std::string::npos) << all;
}

TEST_F(LiveProgress, PlainOnATerminalWhenAskedAndNoneIsSilent) {
    TmuxScreen plain(command("1 min", 200, "plain"), 160, 40);
    const auto done = plain.awaitText("[exit 0]", std::chrono::seconds(60));
    ASSERT_TRUE(done) << plain.lastScreen();
    EXPECT_NE(done->find("main/Temperature corners"), std::string::npos) << *done;
    EXPECT_NE(done->find("finished PASS"), std::string::npos) << *done;

    TmuxScreen none(command("1 min", 200, "none"), 160, 40);
    const auto quiet = none.awaitText("[exit 0]", std::chrono::seconds(60));
    ASSERT_TRUE(quiet) << none.lastScreen();
    EXPECT_EQ(quiet->find("Temperature corners"), std::string::npos) << *quiet;
    EXPECT_EQ(quiet->find("finished PASS"), std::string::npos) << *quiet;
}
