// The live view as a pure function of a snapshot, the terminal size and the clock: what each socket line
// says, that no line ever reaches the last column (measured in display columns: "°C" and "›" are one each),
// truncation that keeps the informative end, many sockets shown a page at a time, and the ETA's wording.
#include "station/ProgressRenderer.h"

#include "station/SnapshotReducer.h"
#include "station/TerminalText.h"

#include <gtest/gtest.h>

using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;
using std::chrono::nanoseconds;

namespace {

const WallTime kT0 = WallTime{} + std::chrono::hours(24 * 365 * 57);

Expression ex(std::string text) {
    return Expression{std::move(text), {"t.yaml", 1, 1}};
}

std::shared_ptr<Sequence> soakSequence() {
    auto seq = std::make_shared<Sequence>();
    seq->name = "soak";
    seq->contentHash = "h";
    Step soak;
    soak.name = "Chamber settled";
    soak.type = StepType::WaitUntil;
    soak.waitUntil =
        WaitUntilSpec{{"chamber", "temperature", {}, {}}, ex("case_temp"), ex("0.5"), "degC", 2min, 30min, 5s};
    Step power;
    power.name = "Input power";
    power.type = StepType::Measure;
    Step volts;
    volts.name = "Input voltage corners";
    volts.type = StepType::ForEach;
    volts.forEach = ForEachSpec{"vin", {ex("44"), ex("52")}, {}, {}, {}, "V", {power}};
    Step corners;
    corners.name = "Temperature corners";
    corners.type = StepType::ForEach;
    corners.forEach = ForEachSpec{"case_temp", {ex("25"), ex("70")}, {}, {}, {}, "degC", {soak, volts}};
    seq->main = {corners};
    return seq;
}

/// A snapshot with @p sockets units, each soaking at 70 °C (socket 1 with a live reading).
StationSnapshot soaking(int sockets, int total = 0, const std::string& serialPrefix = "XPO-SIM-") {
    SnapshotReducer::Options o;
    o.unitsTotal = total;
    SnapshotReducer reducer(o);
    StationSnapshot s = reducer.initial();
    auto seq = soakSequence();
    for (int i = 1; i <= sockets; ++i) {
        RunStarted r;
        r.runId = std::uint64_t(i);
        r.socket = i;
        r.unitSerial = serialPrefix + std::to_string(1000 + i);
        r.lot = total > 0 ? "LOT0042" : "";
        r.sequence = seq;
        r.time = kT0;
        s = reducer.apply(std::move(s), r);
        StepStarted st;
        st.runId = std::uint64_t(i);
        st.socket = i;
        st.path = "main/Temperature corners/case_temp=70/Chamber settled";
        st.name = "Chamber settled";
        st.type = StepType::WaitUntil;
        st.time = kT0 + 60s;
        st.frames = {StepFrame{"Temperature corners", "case_temp", "70", "degC", 2, 2}};
        s = reducer.apply(std::move(s), st);
    }
    WaitProgress w;
    w.runId = 1;
    w.socket = 1;
    w.path = "main/Temperature corners/case_temp=70/Chamber settled";
    w.role = "chamber";
    w.method = "temperature";
    w.value = 63.44;
    w.target = 70;
    w.tolerance = 0.5;
    w.unit = "degC";
    w.stableFor = 2min;
    w.stable = 0s;
    w.time = kT0 + 61s;
    return reducer.apply(std::move(s), w);
}

ProgressRenderer::Options at(int width, int height, nanoseconds since = 75s) {
    ProgressRenderer::Options o;
    o.width = width;
    o.height = height;
    o.now = kT0 + since;
    return o;
}

void expectFits(const std::vector<std::string>& lines, int width) {
    for (const auto& line : lines)
        EXPECT_LT(displayWidth(line), width) << "'" << line << "'";
}

} // namespace

TEST(TerminalText, DisplayWidthCountsColumnsNotBytes) {
    EXPECT_EQ(displayWidth("70 °C › 52 V"), 12);
    EXPECT_EQ(std::string("70 °C › 52 V").size(), 15u);
    EXPECT_EQ(displayWidth("\033[32mPASS\033[0m"), 4) << "colours take no columns";
    EXPECT_EQ(displayWidth("温度"), 4) << "wide characters take two";
    EXPECT_EQ(displayWidth("e\xcc\x81"), 1) << "a combining accent takes none";
    EXPECT_EQ(displayWidth("a\xff"), 2) << "a malformed byte shows as one replacement";
}

TEST(TerminalText, FitWidthCutsWholeCharactersWithAnEllipsis) {
    EXPECT_EQ(fitWidth("short", 10), "short");
    EXPECT_EQ(fitWidth("Temperature", 6), "Tempe…");
    EXPECT_EQ(fitWidth("70 °C › 52 V", 7), "70 °C …");
    EXPECT_EQ(displayWidth(fitWidth("温度温度", 4)), 3) << "never half a wide character";
    EXPECT_EQ(fitWidth("\033[31mFAIL and more\033[0m", 5), "\033[31mFAIL…\033[0m") << "a cut colour is reset";
    EXPECT_EQ(padWidth("°C", 4), "°C  ");
    EXPECT_EQ(clockText(7s), "0:07");
    EXPECT_EQ(clockText(12min + 5s), "12:05");
    EXPECT_EQ(clockText(1h + 2min + 3s), "1:02:03");
    EXPECT_EQ(clockText(-5s), "0:00");
}

TEST(ProgressRenderer, EtaSaysUnknownRatherThanGuess) {
    EXPECT_EQ(ProgressRenderer::etaText(std::nullopt), "ETA unknown");
    EXPECT_EQ(ProgressRenderer::etaText(DurationEstimate{}), "ETA unknown");
    EXPECT_EQ(ProgressRenderer::etaText(DurationEstimate{190s, std::nullopt, std::nullopt}), "ETA ≥ 3:10");
    EXPECT_EQ(ProgressRenderer::etaText(DurationEstimate{190s, 300s, std::nullopt}), "ETA 3:10–5:00");
    EXPECT_EQ(ProgressRenderer::etaText(DurationEstimate{60s, 60s, std::nullopt}), "ETA 1:00");
    EXPECT_EQ(ProgressRenderer::etaText(DurationEstimate{190s, std::nullopt, 252s}), "ETA 4:12")
        << "earlier runs of the version beat the bounds";
}

TEST(ProgressRenderer, SocketLineShowsStepLoopPositionAndLiveReading) {
    const auto s = soaking(1);
    const auto lines = ProgressRenderer::block(s, at(160, 24));
    ASSERT_EQ(lines.size(), 1u) << "one unit, one socket: no summary line";
    const std::string& line = lines[0];
    EXPECT_NE(line.find("XPO-SIM-1001"), std::string::npos) << line;
    EXPECT_NE(line.find(" ok "), std::string::npos) << "verdict so far";
    EXPECT_NE(line.find("0/6"), std::string::npos) << "steps done/expected";
    EXPECT_NE(line.find("1:15"), std::string::npos) << "elapsed";
    EXPECT_NE(line.find("Temperature corners › 70 °C › Chamber settled"), std::string::npos) << line;
    EXPECT_NE(line.find("chamber 63.4 → 70.0 °C ±0.5, stable 0:00/2:00"), std::string::npos) << line;
    // 2 min stable still to come for this soak (15 s in), then the 25 °C soak is already behind.
    EXPECT_NE(line.find("ETA ≥ 1:45"), std::string::npos) << line;
    expectFits(lines, 160);
}

TEST(ProgressRenderer, EveryWidthFitsAndNarrowOnesKeepTheStepAndReading) {
    const auto s = soaking(1);
    for (int width = 10; width <= 200; ++width) {
        const auto lines = ProgressRenderer::block(s, at(width, 24));
        expectFits(lines, width);
        for (const auto& line : lines)
            EXPECT_EQ(line.find('\n'), std::string::npos);
    }
    // At 80 columns the socket's where/what goes on its own line, the outer container dropped first.
    const auto lines = ProgressRenderer::block(s, at(80, 24));
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("XPO-SIM-1001"), std::string::npos);
    EXPECT_NE(lines[1].find("70 °C › Chamber settled  chamber 63.4 → 70.0 °C ±0.5, stable 0:00/2:00"),
              std::string::npos)
        << lines[1];
}

TEST(ProgressRenderer, VeryLongNamesAreCutNotWrapped) {
    auto s = soaking(1, 0, std::string(60, 'S'));
    s.sockets[0].stepName = std::string(300, 'x');
    const auto lines = ProgressRenderer::block(s, at(100, 24));
    expectFits(lines, 100);
    EXPECT_NE(lines[0].find("…"), std::string::npos);
}

TEST(ProgressRenderer, LotSummaryLine) {
    auto s = soaking(2, 100);
    s.lot.finished = 37;
    s.lot.started = 39;
    s.lot.firstFinished = 37;
    s.lot.firstPassed = 34;
    s.lot.failed = 3;
    s.lot.finishedDuration = 37 * 4min;
    const auto o = at(120, 30, 1h);
    const auto lines = ProgressRenderer::block(s, o);
    ASSERT_GE(lines.size(), 3u);
    const std::string& summary = lines[0];
    EXPECT_NE(summary.find("Lot LOT0042  37/100 done, 2 running"), std::string::npos) << summary;
    EXPECT_NE(summary.find("FPY 91.9 % (34/37)"), std::string::npos) << summary;
    EXPECT_NE(summary.find("37.0 units/h"), std::string::npos) << summary;
    EXPECT_NE(summary.find("3 FAIL"), std::string::npos) << summary;
    // 61 units still to start on 2 sockets: 31 rounds of at least the plan's 4 min of soaks each, after the
    // running ones (whose soaks have outlasted their 2 min already).
    const auto remaining = s.remaining(o.now);
    ASSERT_TRUE(remaining);
    EXPECT_FALSE(remaining->typical) << "the running units' steps have no typical duration yet";
    EXPECT_EQ(remaining->low, 31 * nanoseconds(4min));
    EXPECT_NE(summary.find("ETA ≥ 2:04:00"), std::string::npos) << summary;
}

TEST(ProgressRenderer, HundredUnitLotOnSixteenSocketsFitsOneScreen) {
    const auto s = soaking(16, 100);
    auto lines = ProgressRenderer::block(s, at(100, 24));
    EXPECT_EQ(lines.size(), 17u) << "a summary and one line per socket";
    expectFits(lines, 100);
    lines = ProgressRenderer::block(s, at(100, 40));
    EXPECT_EQ(lines.size(), 33u) << "with the height for it, each socket's step and reading get a line of their own";
    expectFits(lines, 100);
}

TEST(ProgressRenderer, ManySocketsScrollAPageAtATime) {
    const auto s = soaking(40, 200);
    auto o = at(100, 12);
    const auto first = ProgressRenderer::block(s, o);
    ASSERT_EQ(first.size(), 11u) << "height - 1 lines: never scrolls the terminal";
    EXPECT_NE(first[1].find("XPO-SIM-1001"), std::string::npos);
    EXPECT_NE(first.back().find("sockets 1–9 of 40"), std::string::npos) << first.back();
    // Pages turn with the clock.
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(o.now.time_since_epoch()).count();
    o.now += std::chrono::seconds(3 - seconds % 3);
    const auto second = ProgressRenderer::block(s, o);
    EXPECT_NE(second[1].find("XPO-SIM-1010"), std::string::npos) << second[1];
    EXPECT_NE(second.back().find("sockets 10–18 of 40"), std::string::npos);
    for (int h = 1; h < 30; ++h)
        EXPECT_LE(int(ProgressRenderer::block(s, at(100, h)).size()), std::max(1, h - 1)) << "height " << h;
}

TEST(ProgressRenderer, FinishedUnitLinesAndCleanupAfterAnAbort) {
    FinishedUnit u;
    u.serial = "LOT0042-00003";
    u.socket = 2;
    u.verdict = Verdict::Fail;
    u.duration = 3min + 55s;
    u.failureAt = {"Temperature corners", "70 °C", "lane 3", "Tx power: tx_power = -6.1 dBm outside [-5, 3]"};
    auto lines = ProgressRenderer::finishedLines(u, false);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "LOT0042-00003  FAIL  3:55  socket 2  Temperature corners › 70 °C › lane 3 › Tx power: "
                        "tx_power = -6.1 dBm outside [-5, 3]");
    u.verdict = Verdict::Aborted;
    u.failureAt.clear();
    u.firstFailure = "aborted: SIGINT (Ctrl-C)";
    u.cleanup = {{"Input off", Verdict::Done}, {"Chamber back to ambient", Verdict::Done}};
    lines = ProgressRenderer::finishedLines(u, true);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("\033[35mABORTED\033[0m"), std::string::npos);
    EXPECT_NE(lines[0].find("aborted: SIGINT (Ctrl-C)"), std::string::npos);
    EXPECT_NE(lines[1].find("cleanup: Input off"), std::string::npos) << lines[1];
    EXPECT_EQ(ProgressRenderer::logLine(LogEntry{1, 3, "socket 1: retrying", {}}, false),
              "warning: socket 1: retrying");
}

TEST(ProgressRenderer, APromptLineNamesItsImage) {
    PromptView prompt{4, PromptKind::Confirm, "Seat the module", 10min};
    EXPECT_EQ(ProgressRenderer::promptLine(1, prompt, false), "PROMPT 4 (socket 1): Seat the module [yes/no]");
    prompt.image = "/seq/images/seat-module.png";
    EXPECT_EQ(ProgressRenderer::promptLine(1, prompt, false),
              "PROMPT 4 (socket 1): Seat the module (see image: /seq/images/seat-module.png) [yes/no]");
}

TEST(ProgressRenderer, IdleAndFinishedSocketsAndPrompts) {
    auto s = soaking(2);
    s.sockets[1].prompt = PromptView{4, PromptKind::Confirm, "Seat the module", 10min};
    s.sockets[0].active = false;
    s.sockets[0].verdict = Verdict::Pass;
    s.sockets[0].ended = kT0 + 4min + 12s;
    const auto lines = ProgressRenderer::block(s, at(160, 24));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_NE(lines[1].find("PASS"), std::string::npos) << lines[1];
    EXPECT_NE(lines[1].find("4:12"), std::string::npos) << "a finished socket shows its run's duration";
    EXPECT_EQ(lines[1].find("ETA"), std::string::npos);
    EXPECT_NE(lines[2].find("PROMPT 4: Seat the module"), std::string::npos) << lines[2];
}
