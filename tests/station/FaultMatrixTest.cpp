// The fault matrix (issue 7): every fault a simulator can inject × every kind of step that talks to an instrument,
// through the real command (`optiqual run`'s function) against simulators served on loopback by this test, so
// their state can be checked after the run. Each cell checks what a station owes its operator after an
// instrument misbehaves: the verdict the fault deserves and, for an Error, a message naming the instrument and
// the command; cleanup and the safe state ran (every supply output off, asked of the simulator itself); the run
// is in the database with that verdict; and the next unit on the same station runs normally.
#include "core/Clock.h"
#include "db/Connection.h"
#include "instruments/sim/SimulatorHost.h"
#include "sequences/Verdict.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <fstream>
#include <future>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace std::chrono_literals;
using optiqual::db::test::TempDir;
using sequences::Verdict;

namespace {

/// The step kinds that touch an instrument, each with the message its instrument call sends first (the fault
/// matches it once, so the fault hits that step and nothing before it).
enum class StepKind { Action, Measure, WaitUntil, Cleanup };

const char* name(StepKind kind) {
    switch (kind) {
    case StepKind::Action:
        return "action";
    case StepKind::Measure:
        return "measure";
    case StepKind::WaitUntil:
        return "wait_until";
    case StepKind::Cleanup:
        return "cleanup";
    }
    return "?";
}

std::string sequenceFor(StepKind kind) {
    std::string s = "name: fault matrix\nversion: 1\ninstruments: {psu: PowerSupply}\nmain:\n";
    s += "  - {name: Set 5 V, type: action, call: psu.setVoltage, args: {channel: 1, volts: 5}}\n"
         "  - {name: CH1 on, type: action, call: psu.setOutput, args: {channel: 1, on: true}}\n";
    // Every run judges something (a run of actions alone is DONE, never PASS); the rail is read 40 time constants
    // after the output switched on (the E36312A model's time constant is 0.5 ms).
    if (kind != StepKind::WaitUntil)
        s += "  - {name: Settle, type: wait, duration: 20 ms}\n"
             "  - name: Rail\n    type: measure\n    measurements:\n"
             "      - {name: v1, call: psu.measureVoltage, args: {channel: 1},"
             " limit: {comparator: GELE, low: 4.9, high: 5.1, unit: V}}\n";
    if (kind == StepKind::WaitUntil)
        s += "  - {name: Rail settled, type: wait_until, read: psu.measureVoltage, args: {channel: 1}, target: 5,"
             " tolerance: 0.1, unit: V, timeout: 3 s, poll: 50 ms}\n";
    s += "cleanup:\n  - {name: CH1 off, type: action, call: psu.setOutput, args: {channel: 1, on: false}}\n";
    return s;
}

/// The message the step under test sends first.
std::string targetOf(StepKind kind) {
    switch (kind) {
    case StepKind::Action:
        return "VOLT ";
    case StepKind::Measure:
    case StepKind::WaitUntil:
        return "MEAS:VOLT?";
    case StepKind::Cleanup:
        return "OUTP OFF";
    }
    return "";
}

struct Cell {
    std::string fault; ///< a `faults:` rule's kind
    StepKind step;
    Verdict verdict;   ///< what the run deserves
    const char* names; ///< for an Error: the command its message must name
    const char* why;
};

std::ostream& operator<<(std::ostream& os, const Cell& c) {
    return os << c.fault << " × " << name(c.step);
}

// Reply faults on a write pass it by (it has no reply), but checked mode follows every write with `SYST:ERR?`: a
// write the instrument is slow to take, or a line that drops, fails that check, and the Error names the write.
// Everything that loses or spoils a reply the driver waits for is an Error. A queued error is found by the next
// checked write (queries are not followed by a check), so an error queued at a query surfaces at cleanup's
// `OUTP OFF`. A reset mid-run switches the supply off, which the measurement (or the wait) catches as a Fail.
const Cell kCells[] = {
    {"latency", StepKind::Action, Verdict::Error, "VOLT", "the instrument takes 1.5 s over it: its check times out"},
    {"no_reply", StepKind::Action, Verdict::Pass, nullptr, "a write has no reply"},
    {"disconnect", StepKind::Action, Verdict::Error, "VOLT", "the line drops before its SYST:ERR? check"},
    {"garbage", StepKind::Action, Verdict::Pass, nullptr, "a write has no reply"},
    {"partial_reply", StepKind::Action, Verdict::Pass, nullptr, "a write has no reply"},
    {"spurious_error", StepKind::Action, Verdict::Error, "VOLT", "checked mode reads the error after the write"},
    {"reset", StepKind::Action, Verdict::Pass, nullptr, "reset before the set point: the rest of the run sets it up"},
    {"latency", StepKind::Measure, Verdict::Error, "MEAS", "the reply comes after the reply timeout"},
    {"no_reply", StepKind::Measure, Verdict::Error, "MEAS", "no reply: timeout"},
    {"disconnect", StepKind::Measure, Verdict::Error, "MEAS", "the line drops"},
    {"garbage", StepKind::Measure, Verdict::Error, "MEAS", "the reply is not a number"},
    {"partial_reply", StepKind::Measure, Verdict::Error, "MEAS", "the reply never ends: timeout"},
    {"spurious_error", StepKind::Measure, Verdict::Error, "OUTP", "the next checked write (cleanup) finds it"},
    {"reset", StepKind::Measure, Verdict::Fail, nullptr, "the supply was switched off: 0 V"},
    {"latency", StepKind::WaitUntil, Verdict::Error, "MEAS", "the reply comes after the reply timeout"},
    {"no_reply", StepKind::WaitUntil, Verdict::Error, "MEAS", "no reply: timeout"},
    {"disconnect", StepKind::WaitUntil, Verdict::Error, "MEAS", "the line drops"},
    {"garbage", StepKind::WaitUntil, Verdict::Error, "MEAS", "the reply is not a number"},
    {"partial_reply", StepKind::WaitUntil, Verdict::Error, "MEAS", "the reply never ends: timeout"},
    {"spurious_error", StepKind::WaitUntil, Verdict::Error, "OUTP", "the next checked write (cleanup) finds it"},
    {"reset", StepKind::WaitUntil, Verdict::Fail, nullptr, "the supply was switched off: never settles"},
    {"latency", StepKind::Cleanup, Verdict::Error, "OUTP", "the instrument takes 1.5 s over it: its check times out"},
    {"no_reply", StepKind::Cleanup, Verdict::Pass, nullptr, "a write has no reply"},
    {"disconnect", StepKind::Cleanup, Verdict::Error, "OUTP", "the line drops before its SYST:ERR? check"},
    {"garbage", StepKind::Cleanup, Verdict::Pass, nullptr, "a write has no reply"},
    {"partial_reply", StepKind::Cleanup, Verdict::Pass, nullptr, "a write has no reply"},
    {"spurious_error", StepKind::Cleanup, Verdict::Error, "OUTP", "checked mode reads the error after the write"},
    {"reset", StepKind::Cleanup, Verdict::Pass, nullptr, "the reset leaves the output off, as cleanup wants"},
};

struct Outcome {
    int verdict = -1;
    std::string errors; ///< every step error of the run, one per line
};

/// A one-supply station on an E36312A simulator the test serves on loopback, so its state can be asked of the
/// simulator itself after a run.
class PsuStation : public ::testing::Test {
protected:
    void open(const std::vector<instruments::sim::FaultRule>& faults, const std::string& sequence) {
        host.add("psu", "E36312A", std::nullopt, false, faults);
        host.start();
        std::ofstream(dir / "station.yaml")
            << fmt::format("station: {{name: FAULT-MATRIX}}\ninstruments:\n"
                           "  - {{name: psu, model: E36312A, resource: \"{}\", roles: [psu],"
                           " timeouts: {{connect: 1s, write: 500ms, reply: 400ms, read: 200ms}}}}\n",
                           host.find("psu")->resource);
        std::ofstream(dir / "sequence.yaml") << sequence;
        options.station = (dir / "station.yaml").string();
        options.sequence = (dir / "sequence.yaml").string();
        options.db = (dir / "results.db").string();
        options.progress = "none";
    }

    int run(const std::string& serial) {
        options.serials = {serial};
        return station::cli::runRun(options);
    }

    /// Asked of the simulator itself, on its own thread: not through the faulted connection.
    std::string askSimulator(const std::string& query) {
        std::promise<std::string> reply;
        boost::asio::post(host.ioContext(), [&] { reply.set_value(*host.find("psu")->device->handleMessage(query)); });
        return reply.get_future().get();
    }

    /// A command with no reply, sent the same way.
    void tellSimulator(const std::string& command) {
        std::promise<void> done;
        boost::asio::post(host.ioContext(), [&] {
            static_cast<void>(host.find("psu")->device->handleMessage(command));
            done.set_value();
        });
        done.get_future().get();
    }

    Outcome recorded(const std::string& serial) const {
        auto c = db::Connection::open(dir / "results.db", db::OpenAccess::ReadOnly);
        auto run = c.prepare("SELECT r.id, r.outcome FROM run r JOIN unit u ON u.id = r.unit_id WHERE u.serial = ?");
        run.bind(1, serial);
        Outcome out;
        if (!run.step())
            return out;
        out.verdict = int(run.getInt(1));
        auto steps = c.prepare("SELECT error FROM step WHERE run_id = ? AND error IS NOT NULL ORDER BY seq");
        steps.bind(1, run.getInt(0));
        while (steps.step())
            out.errors += steps.getText(0) + "\n";
        return out;
    }

    TempDir dir;
    instruments::sim::SimulatorHost host{std::make_shared<core::Clock>(), 1};
    station::cli::RunCommandOptions options;
};

class FaultMatrix : public PsuStation, public ::testing::WithParamInterface<Cell> {
protected:
    void SetUp() override {
        const Cell& cell = GetParam();
        instruments::sim::FaultRule rule;
        rule.kind = *instruments::sim::parseFaultKind(cell.fault);
        rule.match = targetOf(cell.step);
        // The station switches every output off before it starts (`OUTP OFF,(@1,2,3)`): cleanup's own
        // `OUTP OFF,(@1)` is the second message to match.
        rule.after = cell.step == StepKind::Cleanup ? 1 : 0;
        rule.every = 0; // once: the next unit meets a healthy instrument
        rule.latency = 1500ms;
        open({rule}, sequenceFor(cell.step));
    }
};

int exitCodeOf(Verdict v) {
    return v == Verdict::Pass   ? station::cli::kExitOk
           : v == Verdict::Fail ? station::cli::kExitUnitFailed
                                : station::cli::kExitError;
}

} // namespace

TEST_P(FaultMatrix, RightVerdictSafeStationRecordedRunAndTheNextUnitRunsNormally) {
    const Cell& cell = GetParam();
    SCOPED_TRACE(cell.why);
    EXPECT_EQ(run("FM-1"), exitCodeOf(cell.verdict));
    const Outcome first = recorded("FM-1");
    EXPECT_EQ(first.verdict, int(cell.verdict)) << "the run is in the database with its verdict\n" << first.errors;
    if (cell.verdict == Verdict::Error) {
        EXPECT_NE(first.errors.find("psu"), std::string::npos) << "names the instrument:\n" << first.errors;
        EXPECT_NE(first.errors.find(std::string("): ") + cell.names), std::string::npos) << "names the command:\n"
                                                                                         << first.errors;
    }
    EXPECT_EQ(askSimulator("OUTP? (@1,2,3)"), "0,0,0") << "cleanup and the safe state switched every output off";

    EXPECT_EQ(run("FM-2"), station::cli::kExitOk) << "the next unit meets a healthy station";
    EXPECT_EQ(recorded("FM-2").verdict, int(Verdict::Pass)) << recorded("FM-2").errors;
    EXPECT_EQ(askSimulator("OUTP? (@1,2,3)"), "0,0,0");
}

INSTANTIATE_TEST_SUITE_P(Cells, FaultMatrix, ::testing::ValuesIn(kCells),
                         [](const auto& cellInfo) { return cellInfo.param.fault + "_" + name(cellInfo.param.step); });

// What an earlier process left on (a run killed mid-step, a crashed panel) is switched off before the first step:
// the station puts every instrument in its safe state when it opens, not only when a run ends.
TEST_F(PsuStation, WhatAnEarlierProcessLeftOnIsOffBeforeTheFirstStep) {
    open({}, "name: left on\nversion: 1\ninstruments: {psu: PowerSupply}\nmain:\n"
             "  - name: CH2 at start\n    type: measure\n    measurements:\n"
             "      - {name: v2, call: psu.measureVoltage, args: {channel: 2},"
             " limit: {comparator: LE, high: 0.1, unit: V}}\n");
    tellSimulator("VOLT 12,(@2)");
    tellSimulator("OUTP ON,(@2)");
    ASSERT_EQ(askSimulator("OUTP? (@2)"), "1");
    EXPECT_EQ(run("LEFT-ON-1"), station::cli::kExitOk) << recorded("LEFT-ON-1").errors;
    EXPECT_EQ(recorded("LEFT-ON-1").verdict, int(Verdict::Pass)) << "channel 2 was off before the first step";
    EXPECT_EQ(askSimulator("OUTP? (@1,2,3)"), "0,0,0");
}
