// What a socket tile says, built from the station snapshot without a window.
#include "ui/TileModel.h"

#include "station/RunOverrides.h"

#include <gtest/gtest.h>

using namespace optiqual::ui;
using namespace optiqual::station;
using optiqual::sequences::Verdict;
using namespace std::chrono_literals;

namespace {

const WallTime kNow = WallTime{} + std::chrono::seconds(1'800'000'000);

struct OneSocket {
    StationSnapshot snapshot;
    std::vector<TileState> tiles = std::vector<TileState>(1);

    SocketView& socket() {
        if (snapshot.sockets.empty()) {
            SocketView v;
            v.socket = 1;
            v.runId = 1;
            v.serial = "XPO-GOLDEN-1";
            v.partNumber = "XPO-DR8-12T8";
            v.started = kNow - 90s;
            snapshot.sockets.push_back(v);
        }
        return snapshot.sockets.front();
    }
    TileModel tile() const { return buildTile(1, snapshot, tiles[0], kNow); }
};

} // namespace

TEST(TileModel, AnEmptySocketIsReadyForAScan) {
    OneSocket st;
    const TileModel t = st.tile();
    EXPECT_EQ(t.phase, TilePhase::Idle);
    EXPECT_EQ(t.state, "READY");
    EXPECT_EQ(t.color, kIdleGrey);
}

TEST(TileModel, ARunningUnitShowsWhereItIsInItsLoopsProgressAndTime) {
    OneSocket st;
    SocketView& v = st.socket();
    v.active = true;
    v.stepPath = "main/Temperature corners/case_temp=70/vin=52/Input power";
    v.stepName = "Input power";
    v.frames = {StepFrame{"Temperature corners", "case_temp", "70", "degC", 2, 3},
                StepFrame{"Supply corners", "vin", "52", "V", 3, 3}};
    v.stepsDone = 3;
    v.stepsExpected = 12;
    const TileModel t = st.tile();
    EXPECT_EQ(t.state, "TESTING");
    EXPECT_EQ(t.color, kRunningBlue);
    EXPECT_EQ(t.serial, "XPO-GOLDEN-1");
    EXPECT_EQ(t.partNumber, "XPO-DR8-12T8");
    EXPECT_EQ(t.where, "Temperature corners \u203a 70 \u00b0C \u203a 52 V \u203a Input power");
    EXPECT_FLOAT_EQ(t.progress, 0.25f);
    EXPECT_EQ(t.steps, "3/12");
    EXPECT_EQ(t.elapsed, "1:30");
    EXPECT_EQ(t.remaining, "ETA unknown") << "no plan: the tile says so rather than guess";
}

TEST(TileModel, AFailureShowsWhileTheUnitStillRunsAndAPromptIsFlagged) {
    OneSocket st;
    SocketView& v = st.socket();
    v.active = true;
    v.verdict = Verdict::Fail;
    v.prompt = PromptView{};
    v.prompt->message = "Inspect the latch";
    const TileModel t = st.tile();
    EXPECT_EQ(t.state, "FAIL");
    EXPECT_EQ(t.color, kFailRed);
    EXPECT_TRUE(t.prompt);
    EXPECT_EQ(t.detail, "PROMPT: Inspect the latch");
}

TEST(TileModel, FinishedUnitsShowTheirVerdictInItsColourAndWhereTheyFailed) {
    OneSocket st;
    SocketView& v = st.socket();
    v.active = false;
    v.ended = kNow - 5s;
    v.verdict = Verdict::Pass;
    TileModel t = st.tile();
    EXPECT_EQ(t.state, "PASS");
    EXPECT_EQ(t.color, kPassGreen);
    EXPECT_FLOAT_EQ(t.progress, 1.f);
    EXPECT_EQ(t.where, "all steps passed");
    EXPECT_TRUE(t.remaining.empty());
    EXPECT_EQ(t.elapsed, "1:25") << "a finished run's time stops at its end";

    v.verdict = Verdict::Fail;
    v.failureAt = {"Optical", "lane 12", "tx_power: -4.1 dBm < -3.5 dBm"};
    t = st.tile();
    EXPECT_EQ(t.state, "FAIL");
    EXPECT_EQ(t.color, kFailRed);
    EXPECT_EQ(t.where, "Optical \u203a lane 12 \u203a tx_power: -4.1 dBm < -3.5 dBm");

    for (auto [verdict, word, color] :
         {std::tuple{Verdict::Error, "ERROR", kErrorPurple}, std::tuple{Verdict::Aborted, "ABORTED", kAbortedAmber}}) {
        v.verdict = verdict;
        t = st.tile();
        EXPECT_EQ(t.state, word);
        EXPECT_EQ(t.color, color);
    }
}

TEST(TileModel, AScanReplacesTheVerdictWithTheScannedSerialAtOnce) {
    OneSocket st;
    SocketView& v = st.socket();
    v.verdict = Verdict::Fail;
    st.tiles[0].scanned("XPO-NEXT", v.runId);
    const TileModel t = st.tile();
    EXPECT_EQ(t.state, "STARTING");
    EXPECT_EQ(t.serial, "XPO-NEXT");
    EXPECT_EQ(t.color, kRunningBlue);
}

// The durability contract, as on the terminal: an ended unit's verdict shows only once its results are stored.
TEST(TileModel, AnEndedUnitShowsItsVerdictOnlyOnceItsResultsAreStored) {
    OneSocket st;
    SocketView& v = st.socket();
    v.active = false;
    v.verdict = Verdict::Pass;
    v.stepsDone = 12;
    Durability stored = Durability::Pending;
    std::uint64_t asked = 0;
    const DurabilityQuery query = [&](std::uint64_t runId) {
        asked = runId;
        return stored;
    };
    TileModel t = buildTile(1, st.snapshot, st.tiles[0], kNow, query);
    EXPECT_EQ(asked, 1u) << "asks about the unit's own run";
    EXPECT_EQ(t.state, "SAVING");
    EXPECT_EQ(t.color, kRunningBlue);
    stored = Durability::Stored;
    t = buildTile(1, st.snapshot, st.tiles[0], kNow, query);
    EXPECT_EQ(t.state, "PASS");
    EXPECT_EQ(t.color, kPassGreen);
    stored = Durability::Lost;
    t = buildTile(1, st.snapshot, st.tiles[0], kNow, query);
    EXPECT_EQ(t.state, "NOT SAVED");
    EXPECT_EQ(t.color, kErrorPurple);
    EXPECT_NE(t.where.find("test it again"), std::string::npos) << t.where;
    // A running unit is not gated: its verdict so far is live data.
    v.active = true;
    stored = Durability::Pending;
    EXPECT_EQ(buildTile(1, st.snapshot, st.tiles[0], kNow, query).state, "TESTING");
}

TEST(TileModel, ABatchsQueuedUnitSaysQueuedUntilStartAll) {
    OneSocket st;
    st.tiles[0].scanned("XPO-2", 0, true);
    TileModel t = st.tile();
    EXPECT_EQ(t.state, "QUEUED");
    EXPECT_EQ(t.serial, "XPO-2");
    EXPECT_NE(t.where.find("Start all (F9)"), std::string::npos) << t.where;
    st.tiles[0].release();
    t = st.tile();
    EXPECT_EQ(t.state, "STARTING");
}

TEST(RunOverrides, TheBannerCountsForcedSkippedAndRestoredStepsAndNamesTheLimitSet) {
    optiqual::sequences::Step a, b, c;
    optiqual::station::RunOverrides o;
    EXPECT_EQ(o.banner(), "");
    using optiqual::sequences::RunMode;
    o.steps = {{&a, "main/A", RunMode::ForceFail, "erik", "x"},
               {&b, "main/B", RunMode::ForcePass, "erik", "y"},
               {&c, "main/C", RunMode::Skip, "erik", "z"}};
    o.limitSet = "PN@TIGHT";
    EXPECT_EQ(o.banner(), "ENGINEERING OVERRIDES: 2 steps forced, 1 step skipped, limit set PN@TIGHT");
    EXPECT_EQ(o.find(c)->where, "main/C");
    optiqual::sequences::Step other;
    EXPECT_EQ(o.find(other), nullptr);
}
