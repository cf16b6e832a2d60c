// The station snapshot as a pure function of the event stream: where each socket is (loop values with their
// units), a wait's live reading, steps and ETA, first failures, finished units and lot counters.
#include "station/SnapshotReducer.h"

#include "station/PromptBroker.h"
#include "station/SnapshotPublisher.h"
#include "station/StepPosition.h"
#include "tests/support/SequenceBuilders.h"

#include <gtest/gtest.h>

using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;

using optiqual::test::at;
using optiqual::test::ex;

namespace {

Step leaf(std::string name, StepType type = StepType::Action) {
    Step s;
    s.name = std::move(name);
    s.type = type;
    return s;
}

/// setup: Load; main: Corners (case_temp 25, 70 degC) × {Soak (wait_until 2 min), Volts (vin 44, 52 V) × {Power}};
/// cleanup: Off. Leaf steps: 1 + 2 × (1 + 2) + 1 = 8.
std::shared_ptr<Sequence> cornersSequence() {
    auto seq = std::make_shared<Sequence>();
    seq->name = "corners";
    seq->contentHash = "hash-corners";
    seq->setup = {leaf("Load")};
    Step soak = leaf("Soak", StepType::WaitUntil);
    soak.waitUntil =
        WaitUntilSpec{{"chamber", "temperature", {}, {}}, ex("case_temp"), ex("0.5"), "degC", 2min, 30min, 5s};
    Step volts = leaf("Volts", StepType::ForEach);
    volts.forEach = ForEachSpec{"vin", {ex("44"), ex("52")}, {}, {}, {}, "V", {leaf("Power", StepType::Measure)}};
    Step corners = leaf("Corners", StepType::ForEach);
    corners.forEach = ForEachSpec{"case_temp", {ex("25"), ex("70")}, {}, {}, {}, "degC", {soak, volts}};
    seq->main = {corners};
    seq->cleanup = {leaf("Off")};
    return seq;
}

struct Stream {
    SnapshotReducer reducer;
    StationSnapshot snapshot;
    explicit Stream(SnapshotReducer::Options o = {}) : reducer(std::move(o)), snapshot(reducer.initial()) {}
    Stream& operator<<(const Event& e) {
        snapshot = reducer.apply(std::move(snapshot), e);
        return *this;
    }
};

StepFrame loop(std::string step, std::string var, std::string value, std::string unit, int index, int count) {
    return StepFrame{std::move(step), std::move(var), std::move(value), std::move(unit), index, count};
}

StepStarted started(int socket, std::string path, std::string name, StepType type, double t,
                    std::vector<StepFrame> frames = {}) {
    StepStarted e;
    e.runId = std::uint64_t(socket);
    e.socket = socket;
    e.path = std::move(path);
    e.name = std::move(name);
    e.type = type;
    e.time = at(t);
    e.frames = std::move(frames);
    return e;
}

StepFinished finished(int socket, std::string path, std::string name, StepType type, Verdict v, double t,
                      std::string error = {}) {
    StepFinished e;
    e.runId = std::uint64_t(socket);
    e.socket = socket;
    e.path = std::move(path);
    e.name = std::move(name);
    e.type = type;
    e.verdict = v;
    e.error = std::move(error);
    e.started = at(t);
    e.finished = at(t);
    return e;
}

RunStarted runStarted(int socket, std::string serial, std::shared_ptr<Sequence> seq, double t, std::string lot = "") {
    RunStarted e;
    e.runId = std::uint64_t(socket);
    e.socket = socket;
    e.unitSerial = std::move(serial);
    e.partNumber = "XPO-DR8-12T8";
    e.lot = std::move(lot);
    e.sequence = std::move(seq);
    e.time = at(t);
    return e;
}

} // namespace

TEST(SnapshotReducer, CurrentLeafStepWithLoopPositionAndUnits) {
    auto seq = cornersSequence();
    Stream s;
    s << runStarted(1, "XPO-0001", seq, 0);
    const auto frames =
        std::vector<StepFrame>{loop("Corners", "case_temp", "70", "degC", 2, 2), loop("Volts", "vin", "52", "V", 2, 2)};
    s << started(1, "main/Corners", "Corners", StepType::ForEach, 1)
      << started(1, "main/Corners/case_temp=70/Volts/vin=52/Power", "Power", StepType::Measure, 2, frames);
    const SocketView* v = s.snapshot.socket(1);
    ASSERT_NE(v, nullptr);
    EXPECT_TRUE(v->active);
    EXPECT_EQ(v->serial, "XPO-0001");
    EXPECT_EQ(v->stepName, "Power") << "a container's start does not replace the leaf";
    EXPECT_EQ(stepPosition(v->stepPath, v->frames, v->stepName),
              (std::vector<std::string>{"Corners", "70 °C", "52 V", "Power"}));
    EXPECT_EQ(v->stepsExpected, 8);
    EXPECT_TRUE(v->stepRunning);
    EXPECT_TRUE(v->planned);
    EXPECT_EQ(v->planIndex, 6u) << "Load, 25: Soak Power Power, 70: Soak Power, then this";
}

TEST(SnapshotReducer, StepPositionNamesSetupCleanupAndUnitlessLoops) {
    EXPECT_EQ(stepPosition("setup/Load", {}, "Load"), (std::vector<std::string>{"Setup", "Load"}));
    EXPECT_EQ(stepPosition("cleanup/Off", {}, "Off"), (std::vector<std::string>{"Cleanup", "Off"}));
    const std::vector<StepFrame> frames{loop("Temperature corners", "case_temp", "25", "degC", 1, 3),
                                        loop("Port 1 lanes", "lane", "3", "", 3, 8),
                                        StepFrame{"Lane Tx power", "", "", "", 0, 0}};
    EXPECT_EQ(stepPosition("main/x", frames, "Tx power"),
              (std::vector<std::string>{"Temperature corners", "25 °C", "lane 3", "Lane Tx power", "Tx power"}));
    EXPECT_EQ(displayUnit("degC/min"), "°C/min");
    EXPECT_EQ(withUnit(70, "degC", 1), "70.0 °C");
}

TEST(SnapshotReducer, WaitReadingIsOwnAndSharedWithSocketsWaitingAtTheSameBatchStep) {
    auto seq = cornersSequence();
    Stream s;
    s << runStarted(1, "A", seq, 0) << runStarted(2, "B", seq, 0);
    const std::string path = "main/Corners/case_temp=70/Soak";
    s << started(1, path, "Soak", StepType::WaitUntil, 10) << started(2, path, "Soak", StepType::WaitUntil, 10);
    WaitProgress w;
    w.runId = 1;
    w.socket = 1;
    w.path = path;
    w.role = "chamber";
    w.method = "temperature";
    w.value = 63.4;
    w.target = 70;
    w.tolerance = 0.5;
    w.unit = "degC";
    w.stableFor = 2min;
    w.time = at(11);
    s << w;
    ASSERT_TRUE(s.snapshot.socket(1)->wait);
    EXPECT_DOUBLE_EQ(s.snapshot.socket(1)->wait->value, 63.4);
    ASSERT_TRUE(s.snapshot.socket(2)->wait) << "socket 2 waits at the same batch step: it shows socket 1's reading";
    EXPECT_EQ(s.snapshot.socket(2)->wait->sourceSocket, 1);
    // Socket 2's own reading wins from then on.
    w.runId = 2;
    w.socket = 2;
    w.value = 64.0;
    s << w;
    w.runId = 1;
    w.socket = 1;
    w.value = 65.0;
    s << w;
    EXPECT_DOUBLE_EQ(s.snapshot.socket(2)->wait->value, 64.0);
    EXPECT_DOUBLE_EQ(s.snapshot.socket(1)->wait->value, 65.0);
    // The next step clears it.
    s << started(1, "main/Corners/case_temp=70/Volts/vin=44/Power", "Power", StepType::Measure, 20);
    EXPECT_FALSE(s.snapshot.socket(1)->wait);
}

TEST(SnapshotReducer, VerdictSoFarFirstFailureAndFinishedUnit) {
    auto seq = cornersSequence();
    Stream s;
    s << runStarted(1, "XPO-0002", seq, 0);
    s << started(1, "setup/Load", "Load", StepType::Action, 0)
      << finished(1, "setup/Load", "Load", StepType::Action, Verdict::Done, 1);
    const auto frames =
        std::vector<StepFrame>{loop("Corners", "case_temp", "25", "degC", 1, 2), loop("Volts", "vin", "44", "V", 1, 2)};
    const std::string power = "main/Corners/case_temp=25/Volts/vin=44/Power";
    s << started(1, power, "Power", StepType::Measure, 2, frames)
      << finished(1, power, "Power", StepType::Measure, Verdict::Fail, 3, "input_current = 9.9 A outside [0, 9]");
    // A later failure does not replace the first; a container's Fail does not count twice.
    s << finished(1, "main/Corners/case_temp=25/Volts", "Volts", StepType::ForEach, Verdict::Fail, 3)
      << finished(1, "main/Corners/case_temp=70/Soak", "Soak", StepType::WaitUntil, Verdict::Error, 4, "timeout");
    const SocketView* v = s.snapshot.socket(1);
    EXPECT_EQ(v->verdict, Verdict::Error);
    EXPECT_EQ(v->stepsDone, 3);
    EXPECT_EQ(v->firstFailure, power + ": input_current = 9.9 A outside [0, 9]");
    EXPECT_EQ(v->failureAt,
              (std::vector<std::string>{"Corners", "25 °C", "44 V", "Power: input_current = 9.9 A outside [0, 9]"}));
    s << finished(1, "cleanup/Off", "Off", StepType::Action, Verdict::Done, 5);
    s << RunFinished{1, 1, "XPO-0002", Verdict::Error, "timeout", at(65)};
    v = s.snapshot.socket(1);
    EXPECT_FALSE(v->active);
    ASSERT_EQ(s.snapshot.finished.size(), 1u);
    const FinishedUnit& u = s.snapshot.finished.back();
    EXPECT_EQ(u.seq, 1u);
    EXPECT_EQ(u.serial, "XPO-0002");
    EXPECT_EQ(u.verdict, Verdict::Error);
    EXPECT_EQ(u.duration, 65s);
    EXPECT_EQ(u.firstFailure, v->firstFailure);
    ASSERT_EQ(u.cleanup.size(), 1u) << "a run that ended in error shows the cleanup that ran";
    EXPECT_EQ(u.cleanup[0].first, "Off");
    EXPECT_EQ(s.snapshot.lot.errors, 1);
}

TEST(SnapshotReducer, ASweepThatFailsItsOwnCurveIsWhereTheUnitFailed) {
    // A sensitivity sweep whose BER never crossed the level fails on its own measurement: the tile says so, not
    // "ended early" (a for_each's Fail, by contrast, is an inner step's and was recorded already).
    auto seq = cornersSequence();
    Stream s;
    s << runStarted(1, "XPO-0003", seq, 0);
    const std::string sweep = "main/Corners/case_temp=25/Receivers/Sensitivity";
    s << started(1, sweep + "/atten=3/BER", "BER", StepType::Measure, 1)
      << finished(1, sweep + "/atten=3/BER", "BER", StepType::Measure, Verdict::Pass, 2)
      << finished(1, sweep, "Sensitivity", StepType::Sweep, Verdict::Fail, 3,
                  "rx_sensitivity[lane 15] = nan dBm outside x <= -3.4");
    const SocketView* v = s.snapshot.socket(1);
    EXPECT_EQ(v->verdict, Verdict::Fail);
    EXPECT_EQ(v->stepsDone, 1) << "a sweep is a container: its points are the steps";
    EXPECT_EQ(v->firstFailure, sweep + ": rx_sensitivity[lane 15] = nan dBm outside x <= -3.4");
    ASSERT_FALSE(v->failureAt.empty());
    EXPECT_EQ(v->failureAt.back(), "Sensitivity: rx_sensitivity[lane 15] = nan dBm outside x <= -3.4");
}

TEST(SnapshotReducer, LotCountersFirstPassYieldAndRetests) {
    auto seq = cornersSequence();
    SnapshotReducer::Options o;
    o.unitsTotal = 4;
    Stream s(o);
    EXPECT_EQ(s.snapshot.lot.total, 4);
    s << runStarted(1, "U1", seq, 0, "LOT7") << RunFinished{1, 1, "U1", Verdict::Pass, "", at(100)};
    s << runStarted(1, "U2", seq, 100, "LOT7") << RunFinished{1, 1, "U2", Verdict::Fail, "", at(200)};
    s << runStarted(1, "U2", seq, 200, "LOT7") << RunFinished{1, 1, "U2", Verdict::Pass, "", at(300)};
    const LotView& lot = s.snapshot.lot;
    EXPECT_EQ(lot.lot, "LOT7");
    EXPECT_EQ(lot.started, 3);
    EXPECT_EQ(lot.finished, 3);
    EXPECT_EQ(lot.failed, 1);
    EXPECT_EQ(lot.firstFinished, 2) << "a retest is not a new unit";
    EXPECT_EQ(lot.firstPassed, 1) << "U2 passed only on its retest";
    EXPECT_EQ(lot.finishedDuration, 300s);
    EXPECT_EQ(s.snapshot.finished.size(), 3u);
    EXPECT_EQ(s.snapshot.finishedSeq, 3u);
}

TEST(SnapshotReducer, KeepsOnlyRecentFinishedUnitsAndLogLinesButCountsAll) {
    auto seq = cornersSequence();
    SnapshotReducer::Options o;
    o.keepFinished = 5;
    o.keepLog = 3;
    Stream s(o);
    for (int i = 0; i < 12; ++i) {
        s << runStarted(1, "U" + std::to_string(i), seq, i)
          << RunFinished{1, 1, "U" + std::to_string(i), Verdict::Pass, "", at(i + 1)};
        s << LogLine{3, "line " + std::to_string(i), at(i)};
    }
    ASSERT_EQ(s.snapshot.finished.size(), 5u);
    EXPECT_EQ(s.snapshot.finished.front().serial, "U7");
    EXPECT_EQ(s.snapshot.finished.back().seq, 12u);
    EXPECT_EQ(s.snapshot.lot.finished, 12);
    ASSERT_EQ(s.snapshot.log.size(), 3u);
    EXPECT_EQ(s.snapshot.log.back().text, "line 11");
    EXPECT_EQ(s.snapshot.logSeq, 12u);
}

TEST(SnapshotReducer, StaleEventsOfAnEarlierRunOnTheSocketAreIgnored) {
    auto seq = cornersSequence();
    Stream s;
    s << runStarted(1, "OLD", seq, 0);
    RunStarted next = runStarted(1, "NEW", seq, 10);
    next.runId = 9;
    s << next;
    s << started(1, "setup/Load", "Load", StepType::Action, 11); // runId 1: the old run
    EXPECT_EQ(s.snapshot.socket(1)->serial, "NEW");
    EXPECT_TRUE(s.snapshot.socket(1)->stepPath.empty());
}

TEST(SnapshotReducer, PromptsInstrumentsAndVersion) {
    Stream s;
    s << InstrumentStatus{"psu", true, "Keysight,E36312A"} << InstrumentStatus{"chamber", false, "timeout"};
    s << InstrumentStatus{"chamber", true, "Watlow,F4T"};
    ASSERT_EQ(s.snapshot.instruments.size(), 2u);
    EXPECT_TRUE(s.snapshot.instruments[1].connected);
    s << PromptRequested{7, 2, PromptKind::Confirm, "Seat the module", 10min};
    ASSERT_TRUE(s.snapshot.socket(2)->prompt);
    EXPECT_EQ(s.snapshot.promptSeq, 7u);
    s << PromptAnswered{7, "yes", false};
    EXPECT_FALSE(s.snapshot.socket(2)->prompt);
    EXPECT_EQ(s.snapshot.version, 5u);
}

TEST(SnapshotReducer, EtaFollowsThePlan) {
    auto seq = cornersSequence();
    Stream s;
    s << runStarted(1, "A", seq, 0);
    ASSERT_TRUE(s.snapshot.socket(1)->afterStep);
    EXPECT_EQ(s.snapshot.socket(1)->afterStep->low, 4min) << "two soaks of 2 min stable";
    EXPECT_FALSE(s.snapshot.socket(1)->afterStep->typical) << "no earlier runs: no typical duration";
    s << started(1, "main/Corners/case_temp=70/Soak", "Soak", StepType::WaitUntil, 5);
    const SocketView* v = s.snapshot.socket(1);
    ASSERT_TRUE(v->afterStep && v->stepEstimate);
    EXPECT_EQ(v->afterStep->low, 0s);
    EXPECT_EQ(v->stepEstimate->low, 2min);
    ASSERT_TRUE(v->stepEstimate->high);
    EXPECT_EQ(*v->stepEstimate->high, 30min + 5s);
}

TEST(SnapshotPublisher, PublishesOncePerBatchAndReadersKeepTheirSnapshot) {
    auto publisher = std::make_shared<SnapshotPublisher>();
    const auto before = publisher->current();
    ASSERT_NE(before, nullptr);
    publisher->onEvent(LogLine{2, "a", {}});
    EXPECT_EQ(publisher->current()->version, 0u) << "nothing published before the batch ends";
    publisher->onBatchEnd();
    EXPECT_EQ(publisher->current()->version, 1u);
    EXPECT_EQ(before->version, 0u) << "a snapshot once taken never changes";

    // Through the bus, from its worker thread.
    EventBus bus;
    bus.subscribe(publisher, "snapshot");
    for (int i = 0; i < 100; ++i)
        bus.publish(LogLine{2, std::to_string(i), {}});
    bus.flush();
    EXPECT_EQ(publisher->current()->version, 101u);
    EXPECT_EQ(publisher->current()->log.back().text, "99");
}

TEST(SnapshotReducer, TheCurrentUnitsMeasurementsAreListedAndSharedSnapshotsKeepTheirOwn) {
    auto seq = cornersSequence();
    Stream s;
    s << runStarted(1, "A", seq, 0);
    Measurement m;
    m.name = "p_in";
    m.value = 12.5;
    m.outcome = Verdict::Pass;
    s << MeasurementRecorded{1, 1, "main/Power", m, at(1)};
    const auto shown = s.snapshot.socket(1)->measurements; // a view still holds this one
    m.name = "p_out";
    m.outcome = Verdict::Fail;
    s << MeasurementRecorded{1, 1, "main/Power", m, at(2)};
    ASSERT_EQ(s.snapshot.socket(1)->measurements->size(), 2u);
    EXPECT_EQ(s.snapshot.socket(1)->measurements->back().measurement.name, "p_out");
    EXPECT_EQ(s.snapshot.socket(1)->measurements->back().path, "main/Power");
    ASSERT_EQ(shown->size(), 1u) << "a snapshot a view holds never changes under it";
    s << runStarted(1, "B", seq, 3);
    EXPECT_TRUE(s.snapshot.socket(1)->measurements->empty()) << "the next unit starts an empty list";
}

TEST(SnapshotReducer, APromptCarriesWhatItsAnswerIsCheckedAgainst) {
    Stream s;
    PromptRequested p{3, 1, PromptKind::Number, "Fibre loss (dB)?", 2min, 120ms, 0.0, 3.0, "", at(4), "/s/loss.png"};
    s << p;
    const auto& view = s.snapshot.socket(1)->prompt;
    ASSERT_TRUE(view);
    EXPECT_EQ(view->realTimeout, 120ms);
    EXPECT_EQ(view->asked, at(4));
    EXPECT_EQ(view->image, "/s/loss.png");
    EXPECT_EQ(view->spec().image, "/s/loss.png");
    PromptAnswer out;
    EXPECT_NE(PromptBroker::validate(view->spec(), "7", out), "") << "out of the 0…3 range";
    EXPECT_EQ(PromptBroker::validate(view->spec(), "1.5", out), "");
    EXPECT_DOUBLE_EQ(out.number, 1.5);
}
