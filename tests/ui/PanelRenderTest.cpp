// The real panel, rendered: `optiqual panel` on the simulated XPO station under Xvfb (Mesa's software OpenGL) with
// a unit given by --serial, answered by the simulated operator, writes a screenshot once the unit ended; the PNG
// must show that unit's verdict as a wide band of its colour (the tile's verdict box), and nothing of the other
// verdict's colour.
#include "db/Connection.h"
#include "tests/db/DbTestSupport.h"
#include "tests/station/LineResults.h"
#include "ui/LiveCharts.h"
#include "ui/Palette.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stb_image.h>
#include <string_view>
#include <sys/wait.h>
#include <utility>

using namespace optiqual;
using optiqual::db::test::TempDir;
using optiqual::ui::Rgb;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;

// Commands are composed with streams: GCC 12 flags `std::string + const char*` chains here with a false
// -Warray-bounds (the false positive COMMON.md notes for source paths).
bool onPath(const char* program) {
    std::ostringstream command;
    command << "command -v " << program << " >/dev/null 2>&1";
    return std::system(command.str().c_str()) == 0;
}

struct Image {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;

    Rgb at(int x, int y) const {
        const unsigned char* p = rgb.data() + (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 3;
        return Rgb{p[0], p[1], p[2]};
    }
};

Image load(const std::filesystem::path& png) {
    Image image;
    int channels = 0;
    unsigned char* data = stbi_load(png.c_str(), &image.width, &image.height, &channels, 3);
    if (!data)
        return image;
    image.rgb.assign(data, data + std::size_t(image.width) * std::size_t(image.height) * 3);
    stbi_image_free(data);
    return image;
}

/// The longest run of consecutive rows that are at least half @p colour, exactly: a verdict box spans its tile's
/// width, while buttons and text are far narrower than half the window.
struct Band {
    int top = -1;
    int rows = 0;
};

Band widestBand(const Image& image, Rgb colour) {
    Band best, current;
    for (int y = 0; y < image.height; ++y) {
        int count = 0;
        for (int x = 0; x < image.width; ++x)
            count += image.at(x, y) == colour;
        if (count * 2 >= image.width) {
            if (current.rows == 0)
                current.top = y;
            ++current.rows;
            if (current.rows > best.rows)
                best = current;
        } else {
            current = {};
        }
    }
    return best;
}

/// Pixels of @p colour in rows [top, bottom).
int count(const Image& image, Rgb colour, int top = 0, int bottom = -1) {
    int n = 0;
    for (int y = top; y < (bottom < 0 ? image.height : bottom); ++y)
        for (int x = 0; x < image.width; ++x)
            n += image.at(x, y) == colour;
    return n;
}

/// Pixels of @p colour in the rectangle [x0, x1) × [y0, y1).
int countIn(const Image& image, Rgb colour, int x0, int x1, int y0, int y1) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            n += image.at(x, y) == colour;
    return n;
}

/// The longest horizontal run of @p colour in the rectangle [x0, x1) × [y0, y1).
int longestRunIn(const Image& image, Rgb colour, int x0, int x1, int y0, int y1) {
    int best = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0, run = 0; x < x1; ++x) {
            run = image.at(x, y) == colour ? run + 1 : 0;
            best = std::max(best, run);
        }
    return best;
}

/// The longest horizontal run of @p colour in any row: a bar of a chart, a verdict chip of a table.
int longestRun(const Image& image, Rgb colour) {
    int best = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0, run = 0; x < image.width; ++x) {
            run = image.at(x, y) == colour ? run + 1 : 0;
            best = std::max(best, run);
        }
    return best;
}

/// Whether @p a and @p b differ by at most @p tolerance in every channel.
bool near(Rgb a, Rgb b, int tolerance) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

/// Where a picture whose top row is all @p colour, @p width pixels wide, is on screen: the first row with a run of at
/// least that many pixels of @p colour (within @p tolerance per channel), and where the run starts. {-1, -1}: nowhere.
struct Corner {
    int x = -1, y = -1;
};

Corner topLeftOfRun(const Image& image, Rgb colour, int width, int tolerance) {
    for (int y = 0; y < image.height; ++y)
        for (int x = 0, run = 0; x < image.width; ++x) {
            run = near(image.at(x, y), colour, tolerance) ? run + 1 : 0;
            if (run >= width)
                return {x - run + 1, y};
        }
    return {};
}

/// The rows where @p colour is, exactly: [top, bottom]; -1: none.
std::pair<int, int> rowsOf(const Image& image, Rgb colour) {
    int top = -1, bottom = -1;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            if (image.at(x, y) == colour) {
                top = top < 0 ? y : top;
                bottom = y;
            }
    return {top, bottom};
}

class PanelRender : public ::testing::Test {
protected:
    void SetUp() override {
        if (!onPath("xvfb-run") && !std::getenv("DISPLAY"))
            GTEST_SKIP() << "no display and no xvfb-run: the panel cannot be rendered here";
        std::ofstream(dir / "sim-xpo.yaml") << test::fastStation(
            "sim-xpo.yaml", "  planted_defects: {XPO-GOLDEN-1: [], XPO-LIMIT-WEAK12: [weak-lane@12]}\n");
    }

    /// The start of a command that runs the panel: a private X server of a known size, whatever the machine has
    /// (the real display only without xvfb-run), with its authority file in the test's folder — xvfb-run's own
    /// temporary folder sometimes failed to clean up beside a parallel test (exit 5 after the panel's clean exit).
    /// Under AddressSanitizer the leak check would report the X and Mesa libraries' process-lifetime allocations,
    /// which are not ours; everything else ASan checks stays on.
    std::string displayPrefix() const {
        std::ostringstream prefix;
        prefix << "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 ";
        if (onPath("xvfb-run"))
            prefix << "xvfb-run -a -f " << (dir / "Xauthority") << " -s '-screen 0 " << kWidth << "x" << kHeight
                   << "x24' ";
        return prefix.str();
    }

    /// Runs the panel on one unit until it ended and a few frames later; its exit code.
    int panel(const std::string& serial, const std::string& station = "sim-xpo.yaml") {
        return panelWith("--serial " + serial, station);
    }

    /// Runs the panel with @p arguments (units, view) and takes its screenshot; its exit code.
    int panelWith(const std::string& arguments, const std::string& station = "sim-xpo.yaml") {
        const auto sequence = std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/xpo-functional.yaml";
        std::ostringstream command;
        command << displayPrefix() << OPTIQUAL_BINARY << " --log-file '' --log-level warn panel --station "
                << (dir / station) << " --sequence " << sequence << " --db " << (dir / "results.db") << " " << arguments
                << " --simulated-operator --screenshot " << png() << " --frames 5 --size " << kWidth << " > "
                << (dir / "panel.log") << " 2>&1";
        const int status = std::system(command.str().c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    /// Runs the panel with @p script (no simulated operator: the script answers) and @p arguments on @p station (a
    /// file in the test's folder); its exit code.
    int panelScript(const std::string& script, const std::string& arguments = "--time-scale 50",
                    const std::string& station = "sim-xpo.yaml") {
        std::ofstream(dir / "script.txt") << script;
        std::ostringstream command;
        command << displayPrefix() << OPTIQUAL_BINARY << " --log-file '' --log-level warn panel --station "
                << (dir / station) << " --sequence "
                << (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/xpo-functional.yaml") << " --db "
                << (dir / "results.db") << " --script " << (dir / "script.txt") << " " << arguments << " --size "
                << kWidth << " > " << (dir / "panel.log") << " 2>&1";
        const int status = std::system(command.str().c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    std::filesystem::path png() const { return dir / "panel.png"; }
    std::string output() const {
        std::ifstream in(dir / "panel.log");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    TempDir dir;
};

} // namespace

TEST_F(PanelRender, AGoldenUnitEndsAsABigGreenPass) {
    ASSERT_EQ(panel("XPO-GOLDEN-1"), 0) << output();
    const Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    ASSERT_EQ(image.height, kHeight);
    const Band pass = widestBand(image, ui::kPassGreen);
    EXPECT_GE(pass.rows, 100) << "the verdict box is 120 px high";
    EXPECT_LE(pass.rows, 130);
    EXPECT_GT(pass.top, 60) << "below the header and the scan field";
    EXPECT_LT(pass.top, kHeight / 2) << "in the tile, above the details";
    EXPECT_EQ(widestBand(image, ui::kFailRed).rows, 0);
    const auto runs = test::readLineResults((dir / "results.db").string());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].outcome, int(sequences::Verdict::Pass)) << "the panel showed what the database holds";
}

TEST_F(PanelRender, AWeakLaneEndsAsABigRedFailAndExitCodeOne) {
    ASSERT_EQ(panel("XPO-LIMIT-WEAK12"), 1) << output();
    const Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    const Band fail = widestBand(image, ui::kFailRed);
    EXPECT_GE(fail.rows, 100);
    EXPECT_EQ(widestBand(image, ui::kPassGreen).rows, 0);
    const auto runs = test::readLineResults((dir / "results.db").string());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].firstFailure, "tx_power");
}

TEST_F(PanelRender, WithoutADisplayThePanelSaysSoAndOpensNothing) {
    std::ostringstream command;
    command << "env -u DISPLAY -u WAYLAND_DISPLAY " << OPTIQUAL_BINARY << " --log-file '' panel --station "
            << (dir / "sim-xpo.yaml") << " --sequence "
            << (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/xpo-functional.yaml") << " --db "
            << (dir / "results.db") << " > " << (dir / "panel.log") << " 2>&1";
    const int status = std::system(command.str().c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2);
    EXPECT_NE(output().find("no display"), std::string::npos) << output();
    EXPECT_FALSE(std::filesystem::exists(dir / "results.db")) << "the window comes first: no database was created";
}

TEST_F(PanelRender, AHungInstrumentStallsItsUnitNeverTheFrames) {
    // The 48 V supply answers one measurement 5 s late (real time): the unit's coroutine waits on it, the panel
    // must keep drawing meanwhile (headless it draws 10 frames a second while the unit runs). The bound on the gap
    // leaves room for a loaded machine's scheduling (a CI run beside builds saw 1.3 s) and stays well below the
    // stall: a frame loop that waited on the instrument would show a gap of 5 s.
    std::string text = test::fastStation("sim-xpo.yaml", "  planted_defects: {XPO-GOLDEN-1: []}\n");
    const std::string anchor = "    sim_port: 15101\n";
    const auto at = text.find(anchor);
    ASSERT_NE(at, std::string::npos) << "the shipped station file changed: psu48's entry not found";
    text.insert(at + anchor.size(),
                "    faults: [{kind: latency, match: \"MEAS\", after: 3, every: 0, latency: 5s}]\n");
    std::ofstream(dir / "hung.yaml") << text;
    const auto started = std::chrono::steady_clock::now();
    const int code = panel("XPO-GOLDEN-1", "hung.yaml");
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_GE(code, 0) << output();
    EXPECT_LE(code, 2) << output();
    EXPECT_GE(took, std::chrono::seconds(5)) << "the stall happened while the panel ran\n" << output();
    const std::string out = output();
    const auto line = out.find("longest gap between frames ");
    ASSERT_NE(line, std::string::npos) << out;
    const int gapMs = std::stoi(out.substr(line + std::string_view("longest gap between frames ").size()));
    EXPECT_LT(gapMs, 2000) << "frames go on while the instrument stalls 5 s\n" << out;
}

TEST_F(PanelRender, ASerialTypedIntoTheScanFieldWithEnterStartsTheSocketAndADuplicateIsRefused) {
    // Keys through ImGuiIO, as a barcode scanner's: the serial then Enter, twice. The first starts socket 1 (its
    // PASS is on screen), the second is refused while the first is on the socket: one run in the database.
    std::ostringstream command;
    command << displayPrefix() << OPTIQUAL_BINARY << " --log-file '' --log-level warn panel --station "
            << (dir / "sim-xpo.yaml") << " --sequence "
            << (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/xpo-functional.yaml") << " --db "
            << (dir / "results.db") << " --type XPO-GOLDEN-1 --type XPO-GOLDEN-1"
            << " --simulated-operator --screenshot " << png() << " --frames 5 --size " << kWidth << " > "
            << (dir / "panel.log") << " 2>&1";
    const int status = std::system(command.str().c_str());
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0) << output();
    const Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    EXPECT_GE(widestBand(image, ui::kPassGreen).rows, 100) << "the typed serial ran and passed";
    const auto runs = test::readLineResults((dir / "results.db").string());
    ASSERT_EQ(runs.size(), 1u) << "the second Enter of the same serial was refused";
    EXPECT_EQ(runs[0].serial, "XPO-GOLDEN-1");
}

TEST_F(PanelRender, APromptIsAModalWithPassAndFailButtonsAndClosingAbortsTheUnit) {
    // No simulated operator: the sequence's first step asks to seat the module (a confirm, 10 simulated minutes,
    // 12 s at 50×). The picture is taken while it is open; then the panel closes, which aborts the unit.
    std::ostringstream command;
    command << displayPrefix() << OPTIQUAL_BINARY << " --log-file '' --log-level warn panel --station "
            << (dir / "sim-xpo.yaml") << " --sequence "
            << (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/xpo-functional.yaml") << " --db "
            << (dir / "results.db") << " --type XPO-GOLDEN-1 --time-scale 50 --frames-from-prompt"
            << " --screenshot " << png() << " --frames 5 --size " << kWidth << " > " << (dir / "panel.log") << " 2>&1";
    const int status = std::system(command.str().c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2) << "closing the panel aborted the unit\n" << output();
    const Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    // The modal's two answer buttons in the verdict colours (everything behind a modal is dimmed).
    int green = 0, red = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            green += image.at(x, y) == ui::kPassGreen;
            red += image.at(x, y) == ui::kFailRed;
        }
    EXPECT_GT(green, 150 * 25) << "Yes / PASS";
    EXPECT_GT(red, 150 * 25) << "No / FAIL";
    EXPECT_EQ(widestBand(image, ui::kPassGreen).rows, 0) << "no verdict yet";

    // The prompt's image (images/seat-module.png, 480 × 240, fits the dialog unscaled) drawn in the dialog, above
    // and aligned with its buttons: found by its light background, which nothing else on the dark panel has, then
    // compared pixel by pixel with the file.
    const Image source = load(std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/images/seat-module.png");
    ASSERT_EQ(source.width, 480);
    ASSERT_EQ(source.height, 240);
    const Corner shown = topLeftOfRun(image, source.at(0, 0), source.width - 1, 2);
    ASSERT_GE(shown.x, 0) << "no row of the image's background colour as wide as the image\n" << output();
    ASSERT_LE(shown.y + source.height, image.height);
    int same = 0;
    for (int y = 0; y < source.height; ++y)
        for (int x = 0; x < source.width; ++x)
            same += near(image.at(std::min(shown.x + x, image.width - 1), shown.y + y), source.at(x, y), 8);
    EXPECT_GT(same, source.width * source.height * 98 / 100) << "the file's pixels, where the image is drawn";
    // In the dialog: between its message and its answer buttons, left-aligned with them.
    EXPECT_LT(shown.y + source.height, rowsOf(image, ui::kPassGreen).first) << "the image is above the answer buttons";
    const Corner yes = topLeftOfRun(image, ui::kPassGreen, 150, 0);
    EXPECT_NEAR(shown.x, yes.x, 6) << "aligned with the dialog's buttons (whose first row starts after the rounding)";
    const auto runs = test::readLineResults((dir / "results.db").string());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].outcome, int(sequences::Verdict::Aborted));
}

TEST_F(PanelRender, TheHistoryViewListsTheStoredRunsAndTheNewestRunsDetail) {
    // Two units on socket 1, the golden one, then the weak lane: the history (F5) lists both from the database, the
    // newest first, each verdict a chip of its colour; the newest run's detail (below the list) shows its FAIL.
    ASSERT_EQ(panelWith("--serial XPO-GOLDEN-1 --serial XPO-LIMIT-WEAK12 --view history"), 1) << output();
    const Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    EXPECT_EQ(widestBand(image, ui::kPassGreen).rows, 0) << "no operator tiles in the history view";
    EXPECT_EQ(widestBand(image, ui::kFailRed).rows, 0);
    // The list: a PASS and a FAIL chip in the upper part; the detail: its FAIL chip and failing steps below.
    const int listGreen = count(image, ui::kPassGreen, 0, kHeight / 2);
    const int listRed = count(image, ui::kFailRed, 0, kHeight / 2);
    EXPECT_GT(listGreen, 80 * 10) << "the golden unit's PASS chip";
    EXPECT_GT(listRed, 80 * 10) << "the weak unit's FAIL chip";
    EXPECT_GT(count(image, ui::kFailRed, kHeight / 2), 40 * 10) << "the detail of the newest run: FAIL";
    EXPECT_LT(longestRun(image, ui::kFailRed), kWidth / 2) << "chips, not a tile";
}

TEST_F(PanelRender, TheYieldViewDrawsTheTrendParetoAndCpkOfTheDatabase) {
    ASSERT_EQ(panelWith("--serial XPO-GOLDEN-1 --serial XPO-LIMIT-WEAK12"), 1) << output();
    // Again on the same database, no units: the yield dashboard (F6) of the two runs stored.
    ASSERT_EQ(panelWith("--view yield"), 0) << output();
    const Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    EXPECT_EQ(widestBand(image, ui::kFailRed).rows, 0) << "no operator tiles in the yield view";
    // The Pareto's one cause (the weak lane's tx_power, 1 unit of 1 failing) is a full-length red bar.
    EXPECT_GT(longestRun(image, ui::kFailRed), 100) << "the Pareto bar";
    // The trend's one day: FPY 50 %, a dot in the trend's blue on the overall line.
    EXPECT_GT(count(image, Rgb{0x64, 0xb5, 0xf6}), 20) << "the trend's point";
}

TEST_F(PanelRender, TheLiveTabDrawsTheUnitsChartsFromTheSimulatedStation) {
    // The golden unit with the Live tab (F8) open: four charts side by side under the tile — temperatures, supply
    // current, the lanes' TX power against the limit lines, the BER waterfall — each with data of this run drawn in
    // its own place (rows below the charts' titles and legends: only plotted lines and bars are counted there).
    ASSERT_EQ(panelWith("--serial XPO-GOLDEN-1 --details live"), 0) << output();
    Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    const int top = kHeight * 81 / 100; // below the legends
    const int quarter = kWidth / 4;
    auto in = [&](Rgb colour, int chart) {
        return countIn(image, colour, chart * quarter, (chart + 1) * quarter, top, kHeight);
    };
    auto waterfall = [&] {
        int n = 0;
        for (const Rgb colour : ui::kLaneColours)
            n += in(colour, 3);
        return n;
    };
    std::ostringstream seen;
    seen << "chamber " << in(ui::kChamberOrange, 0) << ", case " << in(ui::kCaseViolet, 0) << ", coolant "
         << in(ui::kCoolantCyan, 0) << ", current " << in(ui::kCurrentYellow, 1) << ", bars " << in(ui::kBarBlue, 2)
         << ", limit run " << longestRunIn(image, ui::kFailRed, 2 * quarter, 3 * quarter, top, kHeight)
         << ", waterfall " << waterfall();
    SCOPED_TRACE(seen.str());
    EXPECT_GT(in(ui::kCaseViolet, 0), 20) << "the case temperature's trace (DAQ thermocouple)";
    EXPECT_GT(in(ui::kChamberOrange, 0), 20) << "the chamber's trace: the sequence never reads it, the monitor does";
    EXPECT_EQ(in(ui::kCaseViolet, 1) + in(ui::kCaseViolet, 2), 0) << "only in the temperature chart";
    EXPECT_GT(in(ui::kCurrentYellow, 1), 20) << "the supply current's trace";
    EXPECT_EQ(in(ui::kCurrentYellow, 0), 0) << "only in the current chart";
    EXPECT_GT(in(ui::kBarBlue, 2), 2000) << "64 lane bars";
    EXPECT_GT(longestRunIn(image, ui::kFailRed, 2 * quarter, 3 * quarter, top, kHeight), quarter / 2)
        << "a limit line across the bars";
    EXPECT_GT(waterfall(), 300) << "the lanes' BER curves";

    // The weak lane: its run stops at the failing TX power (no sweep), its bar in the failing colour.
    ASSERT_EQ(panelWith("--serial XPO-LIMIT-WEAK12 --details live"), 1) << output();
    image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    EXPECT_GT(countIn(image, ui::verdictTextColor(sequences::Verdict::Fail), 2 * quarter, 3 * quarter, top, kHeight),
              20)
        << "lane 12's bar, below its limit, in the failing colour";
    EXPECT_EQ(waterfall(), 0) << "no sweep ran: an empty waterfall";
}

TEST_F(PanelRender, AScriptTypesASerialAnswersThePromptByClickAndScreenshotsTheVerdict) {
    // The seat prompt answered No by a click on its button (the mouse through ImGuiIO): the unit fails at once.
    std::ostringstream script;
    script << "# the operator refuses the seat check\n"
           << "type XPO-GOLDEN-1\n"
           << "wait prompt\n"
           << "screenshot " << (dir / "asked.png").string() << "\n"
           << "click No\n"
           << "wait ended 1\n"
           << "screenshot " << png().string() << "\n";
    ASSERT_EQ(panelScript(script.str()), 1) << "the unit failed\n" << output();
    const Image asked = load(dir / "asked.png");
    ASSERT_EQ(asked.width, kWidth) << output();
    EXPECT_GT(count(asked, ui::kPassGreen), 150 * 25) << "the prompt's Yes / PASS button, while it was asked";
    EXPECT_EQ(widestBand(asked, ui::kFailRed).rows, 0) << "no verdict yet";
    const Image ended = load(png());
    ASSERT_EQ(ended.width, kWidth) << output();
    EXPECT_GE(widestBand(ended, ui::kFailRed).rows, 100) << "the big FAIL";
    const auto runs = test::readLineResults((dir / "results.db").string());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].serial, "XPO-GOLDEN-1");
    EXPECT_EQ(runs[0].outcome, int(sequences::Verdict::Fail)) << "what the No implies";
    EXPECT_NE(output().find("operator answered no"), std::string::npos) << output();
}

TEST_F(PanelRender, AScriptClickingAbortAndItsConfirmationAbortsTheUnitAndCleanupRuns) {
    ASSERT_EQ(panelScript("type XPO-GOLDEN-1\n"
                          "wait prompt\n"
                          "click Yes\n"
                          "click Abort\n"
                          "click Abort unit\n"
                          "wait ended 1\n"),
              2)
        << output();
    const auto runs = test::readLineResults((dir / "results.db").string());
    ASSERT_EQ(runs.size(), 1u) << output();
    EXPECT_EQ(runs[0].outcome, int(sequences::Verdict::Aborted)) << output();
    EXPECT_NE(output().find("operator pressed Abort on the panel"), std::string::npos) << output();
    // The sequence's four cleanup steps ran to the end (Done) after the abort.
    auto c = db::Connection::open((dir / "results.db").string(), db::OpenAccess::ReadOnly);
    auto q = c.prepare("SELECT count(*) FROM step s JOIN step_def d ON d.id = s.step_def_id "
                       "WHERE d.path LIKE 'cleanup/%' AND s.outcome = ?1");
    q.bind(1, std::int64_t(sequences::Verdict::Done));
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.getInt(0), 4) << "module power, input, chamber and coolant back to safe";
}

TEST_F(PanelRender, AScriptsKeysSwitchViewsAndItsScansReachTheScanFieldAfterwards) {
    // F5 then F1 (keys through ImGuiIO), then a scan: the scan field has the keyboard again and the unit runs; the
    // same serial scanned again is refused with the reason, which the script waits for.
    ASSERT_EQ(panelScript("key F5\nkey F1\ntype XPO-GOLDEN-1\nwait ended 1\n"
                          "key F6\nkey F1\ntype XPO-GOLDEN-1\nwait text \"already passed\"\n",
                          "--simulated-operator"),
              0)
        << output();
    const auto runs = test::readLineResults((dir / "results.db").string());
    ASSERT_EQ(runs.size(), 1u) << output();
    EXPECT_EQ(runs[0].outcome, int(sequences::Verdict::Pass));
}

TEST_F(PanelRender, AScriptClickingASocketTileScansItsUnitIntoThatSocket) {
    // The four-socket line in the parallel model: a scan goes to the selected socket, and `click tile 3` selects it.
    std::ofstream(dir / "sim-xpo-line.yaml") << test::fastStation("sim-xpo-line.yaml", "  planted_defects: {}\n");
    ASSERT_EQ(panelScript("click tile 3\ntype L-3\nwait ended 1\n", "--process-model parallel --simulated-operator",
                          "sim-xpo-line.yaml"),
              0)
        << output();
    auto c = db::Connection::open((dir / "results.db").string(), db::OpenAccess::ReadOnly);
    auto q = c.prepare("SELECT r.socket, u.serial FROM run r JOIN unit u ON u.id = r.unit_id");
    ASSERT_TRUE(q.step()) << output();
    EXPECT_EQ(q.getInt(0), 3) << "the clicked tile's socket, not the first free one";
    EXPECT_EQ(q.getText(1), "L-3");
    EXPECT_FALSE(q.step()) << "one run";
}

TEST_F(PanelRender, TheOverridesPicturesScriptSignsInChoosesAStepFarDownTheListAndItsUnitFailsUnderTheBand) {
    // docs/screenshots/panel-overrides.txt itself (the README's picture): the engineer signs in (fill, click), picks
    // setup/Firmware — below the list's visible rows, so `choose` scrolls to it — and force_fail (choose), types the
    // reason (fill), applies, and scans the golden sample.
    std::ofstream(dir / "pw.txt") << "engineer-pass\n";
    std::ostringstream add;
    add << OPTIQUAL_BINARY << " --log-file '' user add --db " << (dir / "results.db")
        << " --name erik --role engineer --password-file " << (dir / "pw.txt") << " > " << (dir / "user.log")
        << " 2>&1";
    ASSERT_EQ(std::system(add.str().c_str()), 0);
    std::ifstream in(std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "docs/screenshots/panel-overrides.txt");
    std::stringstream script;
    script << in.rdbuf();
    ASSERT_FALSE(script.str().empty());
    std::ostringstream arguments;
    arguments << "--simulated-operator --screenshot " << png() << " --frames 5";
    ASSERT_EQ(panelScript(script.str(), arguments.str()), 1) << "the forced step failed the unit\n" << output();

    auto c = db::Connection::open((dir / "results.db").string(), db::OpenAccess::ReadOnly);
    auto q = c.prepare("SELECT count(*) FROM audit WHERE user = 'erik' AND action = 'override.run_mode' AND "
                       "target = 'setup/Firmware' AND run_id IS NULL AND reason LIKE 'ECO-77:%'");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.getInt(0), 1) << "the change, audited with the reason typed by `fill`";
    auto f = c.prepare("SELECT s.outcome, s.error FROM step s JOIN step_def d ON d.id = s.step_def_id "
                       "WHERE d.path = 'setup/Firmware'");
    ASSERT_TRUE(f.step()) << output();
    EXPECT_EQ(f.getInt(0), int(sequences::Verdict::Fail));
    EXPECT_NE(f.getText(1).find("run mode force_fail set by erik: ECO-77:"), std::string::npos) << f.getText(1);

    const Image image = load(png());
    ASSERT_EQ(image.width, kWidth) << output();
    EXPECT_GE(widestBand(image, ui::kFailRed).rows, 100) << "the big FAIL";
    const Band amber = widestBand(image, ui::kAbortedAmber);
    EXPECT_GE(amber.rows, 12) << "the overrides' band across the tile";
    EXPECT_LT(amber.rows, 60) << "a band, not a verdict box";
}

TEST_F(PanelRender, AScriptLineThatCannotBePlayedFailsWithExitTwoNamingTheLine) {
    ASSERT_EQ(panelScript("timeout 1\nclick Retry\n"), 2) << output();
    EXPECT_NE(output().find("script.txt:2: `click Retry`: no control 'Retry' on screen within 1 s (on screen: Abort,"),
              std::string::npos)
        << output();
}

TEST_F(PanelRender, AScriptWithErrorsIsRefusedWithEachOneBeforeAnythingStarts) {
    ASSERT_EQ(panelScript("type XPO-GOLDEN-1\nwait forever\nkey F13\n"), 64) << output();
    EXPECT_NE(output().find("script.txt:2:6: cannot wait for 'forever'"), std::string::npos) << output();
    EXPECT_NE(output().find("script.txt:3:5: unknown key 'F13'"), std::string::npos) << output();
    EXPECT_FALSE(std::filesystem::exists(dir / "results.db")) << "nothing was started";
}
