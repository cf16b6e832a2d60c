#include "sequences/SequenceLoader.h"

#include "sequences/LimitSetLoader.h"
#include "sequences/Sha256.h"
#include "tests/sequences/TestCatalog.h"

#include <algorithm>
#include <gtest/gtest.h>

using namespace optiqual::sequences;
using namespace std::chrono_literals;
using optiqual::core::Diagnostic;

namespace {

// Every step type and every per-step option, once. Line numbers matter: the tests check recorded locations.
const char* const kEverything = R"yaml(name: Everything
version: 2.1.0
product: xpo
part_numbers: [PN-1, PN-2]
description: All step types and options.
instruments:
  psu: PowerSupply
  chamber: ThermalChamber
  opm: OpticalPowerMeter
  fixture: ModuleFixture
  daq: DataAcquisition
parameters:
  vcc: 48 V
  lanes_per_port: 8
  side: {text: media}
  limit_current: {value: 8.5, unit: A, description: supply limit}
limits:
  - part_number: PN-1
    limits:
      current: {comparator: LE, high: 8.5, unit: A}
      tx_power: {low: -2.9, high: 4.0, unit: dBm}
  - part_number: PN-1
    revision: B
    limits:
      current: {high: 8.0, unit: A}
      tx_power: {comparator: GELE, low: -2.9, high: 4.0, unit: dBm}
  - part_number: PN-2
    limits:
      current: {nominal: 5, unit: A}
      tx_power: {unit: dBm}
setup:
  - name: Supply voltage
    type: action
    call: psu.setVoltage
    args: {channel: 1, volts: 3300 mV}
    timeout: 2 s
main:
  - name: Input current
    type: measure
    if: vcc > 40
    retry: {count: 2, on: [fail, error], delay: 500 ms}
    on_fail: continue
    measurements:
      - name: current
        call: psu.measureCurrent
        args: {channel: 1}
      - name: current_ma
        call: psu.measureCurrent
        args: {channel: 1}
        unit: mA
        limit: {comparator: GELE, low: 100, high: 9000, unit: mA}
  - name: Present
    type: pass_fail
    call: fixture.modulePresent
  - name: Current sane
    type: pass_fail
    condition: current < limit_current
  - name: State
    type: string
    call: fixture.moduleState
    equals: ready
    measurement: module_state
  - name: Settle
    type: wait
    duration: 1.5 min
    run_mode: skip
    override: {by: j.martin, reason: "chamber pre-conditioned (ECO-7)"}
  - name: Chamber settled
    type: wait_until
    read: chamber.temperature
    target: 25
    tolerance: 0.5
    unit: degC
    stable_for: 2 min
    timeout: 30 min
    poll: 5 s
    batch: true
  - name: Corners
    type: for_each
    variable: temp
    values: [0, 25, 70]
    unit: degC
    steps:
      - name: Voltages
        type: for_each
        variable: v
        range: {from: 44, to: 52, step: 4}
        unit: V
        steps:
          - name: Set
            type: action
            call: psu.setVoltage
            args: {channel: 1, volts: v}
  - name: Ports
    type: for_each
    variable: port
    values: 1..4
    steps:
      - name: Port power
        type: call
        subsequence: port_power
        args: {port: port}
  - name: Operator
    type: prompt
    kind: number
    message: Enter the fibre length
    min: 0
    max: 100
    store_as: fibre_m
    timeout: 1 min
  - name: Tx per lane
    type: measure
    run_mode: force_fail
    override: {by: q.lee, reason: golden-unit check}
    measurements:
      - name: tx_power
        call: opm.measurePower
        args: {port: lane}
        lanes: [1, 2, 3]
        unit: dBm
  - name: Derived
    type: compute
    measurements:
      - name: tx_mw
        expr: dbm_to_mw(tx_power)
        lanes: 1..3
        unit: mW
        limit: {comparator: LOG, unit: mW}
  - name: Temps
    type: measure
    measurements:
      - name: plate
        call: daq.measureTemperature
        args: {channels: [101, 102], type: T}
        lanes: [1, 2]
        limit: {comparator: GELE, low: 10, high: 60, unit: degC}
  - name: TDECQ
    type: tdecq_scan
    args: {lane: 3, averaging: 2 s}
    retry: 1
cleanup:
  - name: Off
    type: action
    call: psu.setOutput
    args: {channel: 1, on: false}
    run_mode: force_pass
    override: {by: a, reason: b}
subsequences:
  port_power:
    description: One port.
    parameters:
      port: 1
    steps:
      - name: Power
        type: measure
        measurements:
          - name: tx_power
            call: opm.measurePower
            args: {port: port}
            unit: dBm
)yaml";

Sequence load(const std::string& text, std::vector<Diagnostic>& diagnostics) {
    return SequenceLoader(&test::testStepTypes()).loadText(text, "all.yaml", diagnostics);
}

std::string joined(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics)
        out += d.format() + "\n";
    return out;
}

class EverythingTest : public ::testing::Test {
protected:
    void SetUp() override {
        seq = load(kEverything, diagnostics);
        ASSERT_TRUE(diagnostics.empty()) << joined(diagnostics);
    }
    const Step& step(const std::vector<Step>& steps, const std::string& name) {
        for (const Step& s : steps)
            if (s.name == name)
                return s;
        throw std::runtime_error("no step " + name);
    }
    std::vector<Diagnostic> diagnostics;
    Sequence seq;
};

} // namespace

TEST_F(EverythingTest, Metadata) {
    EXPECT_EQ(seq.name, "Everything");
    EXPECT_EQ(seq.version, "2.1.0");
    EXPECT_EQ(seq.product, "xpo");
    EXPECT_EQ(seq.partNumbers, (std::vector<std::string>{"PN-1", "PN-2"}));
    EXPECT_EQ(seq.description, "All step types and options.");
    EXPECT_EQ(seq.file, "all.yaml");
    EXPECT_EQ(seq.text, kEverything);
    EXPECT_EQ(seq.contentHash, Sha256::of(kEverything));
    EXPECT_EQ(seq.contentHash.size(), 64u);
    ASSERT_EQ(seq.roles.size(), 5u);
    EXPECT_EQ(seq.role("daq")->instrumentClass, "DataAcquisition");
    EXPECT_EQ(seq.role("daq")->where.line, 11);
    EXPECT_EQ(seq.role("daq")->where.column, 8);
    EXPECT_EQ(seq.role("nope"), nullptr);
}

TEST_F(EverythingTest, ParametersWithUnitsAndText) {
    ASSERT_EQ(seq.params.size(), 4u);
    EXPECT_EQ(seq.params[0].name, "vcc");
    EXPECT_DOUBLE_EQ(seq.params[0].value, 48);
    EXPECT_EQ(seq.params[0].unit, "V");
    EXPECT_EQ(seq.params[0].where.line, 13);
    EXPECT_EQ(seq.params[0].where.column, 3);
    EXPECT_EQ(seq.params[1].unit, "");
    EXPECT_DOUBLE_EQ(seq.params[1].value, 8);
    EXPECT_TRUE(seq.params[2].isText);
    EXPECT_EQ(seq.params[2].text, "media");
    EXPECT_DOUBLE_EQ(seq.params[3].value, 8.5);
    EXPECT_EQ(seq.params[3].unit, "A");
}

TEST_F(EverythingTest, LimitSetsPerPartNumberAndRevision) {
    ASSERT_EQ(seq.limitSets.size(), 3u);
    const LimitSet* generic = seq.limitSetFor("PN-1");
    const LimitSet* revB = seq.limitSetFor("PN-1", "B");
    ASSERT_TRUE(generic && revB);
    EXPECT_EQ(generic->identity(), "PN-1");
    EXPECT_EQ(revB->identity(), "PN-1@B");
    EXPECT_EQ(seq.limitSetFor("PN-1", "C"), generic); // unknown revision: the revision-independent set
    EXPECT_EQ(seq.limitSetFor("PN-9"), nullptr);
    // Comparators inferred from the bounds given.
    EXPECT_EQ(generic->limits.at("tx_power").comparator, Comparator::GELE);
    EXPECT_EQ(revB->limits.at("current").comparator, Comparator::LE);
    EXPECT_EQ(seq.limitSetFor("PN-2")->limits.at("current").comparator, Comparator::EQ);
    EXPECT_EQ(seq.limitSetFor("PN-2")->limits.at("tx_power").comparator, Comparator::LOG);
    EXPECT_DOUBLE_EQ(*generic->limits.at("tx_power").low, -2.9);
    EXPECT_EQ(generic->limits.at("tx_power").unit, "dBm");
    // Hashes: per set, stable, and different when a limit differs.
    EXPECT_EQ(generic->hash.size(), 64u);
    EXPECT_EQ(generic->hash, LimitSetLoader::hash(*generic));
    EXPECT_NE(generic->hash, revB->hash);
    EXPECT_EQ(generic->where.at("tx_power").line, 21);
    EXPECT_EQ(generic->fieldWhere.at("tx_power.low").line, 21);
    EXPECT_EQ(generic->fieldWhere.at("tx_power.low").column, 23);
    EXPECT_EQ(generic->setWhere.line, 18);
}

TEST_F(EverythingTest, ActionWithUnitArgumentAndTimeout) {
    const Step& s = seq.setup.at(0);
    EXPECT_EQ(s.type, StepType::Action);
    ASSERT_TRUE(s.call);
    EXPECT_EQ(s.call->role, "psu");
    EXPECT_EQ(s.call->method, "setVoltage");
    EXPECT_EQ(s.call->where.line, 34);
    EXPECT_EQ(s.call->where.column, 11);
    ASSERT_EQ(s.call->args.size(), 2u);
    EXPECT_EQ(s.call->args[1].name, "volts");
    EXPECT_EQ(s.call->args[1].value.text, "3300");
    EXPECT_EQ(s.call->args[1].unit, "mV");
    EXPECT_EQ(s.call->args[1].where.column, 24);
    EXPECT_EQ(s.call->args[1].value.where.column, 31);
    EXPECT_EQ(s.timeout, std::chrono::nanoseconds(2s));
    EXPECT_EQ(s.where.line, 32);
    EXPECT_EQ(s.where.column, 5);
}

TEST_F(EverythingTest, MeasureWithPreconditionRetryOnFailAndInlineLimit) {
    const Step& s = step(seq.main, "Input current");
    EXPECT_EQ(s.type, StepType::Measure);
    ASSERT_TRUE(s.precondition);
    EXPECT_EQ(s.precondition->text, "vcc > 40");
    EXPECT_EQ(s.precondition->where.column, 9);
    EXPECT_EQ(s.retry.count, 2);
    EXPECT_TRUE(s.retry.onFail);
    EXPECT_TRUE(s.retry.onError);
    EXPECT_EQ(s.retry.delay, std::chrono::nanoseconds(500ms));
    EXPECT_EQ(s.onFail, OnFail::Continue);
    ASSERT_EQ(s.measurements.size(), 2u);
    EXPECT_EQ(s.measurements[0].limitName, "current");
    EXPECT_FALSE(s.measurements[0].inlineLimit);
    EXPECT_EQ(s.measurements[1].unit, "mA");
    ASSERT_TRUE(s.measurements[1].inlineLimit);
    EXPECT_EQ(s.measurements[1].inlineLimit->unit, "mA");
    EXPECT_DOUBLE_EQ(*s.measurements[1].inlineLimit->high, 9000);
}

TEST_F(EverythingTest, PassFailStringAndWait) {
    EXPECT_TRUE(step(seq.main, "Present").call);
    EXPECT_EQ(step(seq.main, "Current sane").condition->text, "current < limit_current");
    const Step& str = step(seq.main, "State");
    ASSERT_TRUE(str.stringCheck);
    EXPECT_EQ(str.stringCheck->equals, "ready");
    EXPECT_EQ(str.stringCheck->measurementName, "module_state");
    const Step& wait = step(seq.main, "Settle");
    EXPECT_EQ(wait.duration, std::chrono::nanoseconds(90s));
    EXPECT_EQ(wait.runMode, RunMode::Skip);
    EXPECT_EQ(wait.overrideBy, "j.martin");
    EXPECT_EQ(wait.overrideReason, "chamber pre-conditioned (ECO-7)");
}

TEST_F(EverythingTest, WaitUntil) {
    const Step& s = step(seq.main, "Chamber settled");
    ASSERT_TRUE(s.waitUntil);
    EXPECT_EQ(s.waitUntil->read.method, "temperature");
    EXPECT_EQ(s.waitUntil->target.text, "25");
    EXPECT_EQ(s.waitUntil->tolerance.text, "0.5");
    EXPECT_EQ(s.waitUntil->unit, "degC");
    EXPECT_EQ(s.waitUntil->stableFor, std::chrono::nanoseconds(2min));
    EXPECT_EQ(s.waitUntil->timeout, std::chrono::nanoseconds(30min));
    EXPECT_EQ(s.waitUntil->pollInterval, std::chrono::nanoseconds(5s));
    EXPECT_FALSE(s.timeout); // a wait_until's timeout is its own
    EXPECT_TRUE(s.batch);
}

TEST_F(EverythingTest, NestedForEachListsAndRanges) {
    const Step& outer = step(seq.main, "Corners");
    ASSERT_TRUE(outer.forEach);
    EXPECT_EQ(outer.forEach->variable, "temp");
    EXPECT_EQ(outer.forEach->unit, "degC");
    ASSERT_EQ(outer.forEach->values.size(), 3u);
    EXPECT_EQ(outer.forEach->values[2].text, "70");
    ASSERT_EQ(outer.forEach->body.size(), 1u);
    const Step& inner = outer.forEach->body[0];
    ASSERT_TRUE(inner.forEach);
    EXPECT_EQ(inner.forEach->from->text, "44");
    EXPECT_EQ(inner.forEach->to->text, "52");
    EXPECT_EQ(inner.forEach->step->text, "4");
    EXPECT_EQ(inner.forEach->body.at(0).call->args.at(1).value.text, "v");
    const Step& ports = step(seq.main, "Ports");
    EXPECT_EQ(ports.forEach->from->text, "1");
    EXPECT_EQ(ports.forEach->to->text, "4");
    EXPECT_EQ(ports.forEach->to->where.column, 16);
    EXPECT_EQ(ports.forEach->step->text, "1");
}

TEST_F(EverythingTest, CallPromptLanesComputeCustom) {
    const Step& call = step(seq.main, "Ports").forEach->body.at(0);
    ASSERT_TRUE(call.callSequence);
    EXPECT_EQ(call.callSequence->subsequence, "port_power");
    EXPECT_EQ(call.callSequence->args.at(0).name, "port");
    const Step& prompt = step(seq.main, "Operator");
    ASSERT_TRUE(prompt.prompt);
    EXPECT_EQ(prompt.prompt->kind, PromptKind::Number);
    EXPECT_EQ(prompt.prompt->min, 0);
    EXPECT_EQ(prompt.prompt->max, 100);
    EXPECT_EQ(prompt.prompt->storeAs, "fibre_m");
    EXPECT_EQ(prompt.prompt->timeout, std::chrono::nanoseconds(1min));
    const Step& tx = step(seq.main, "Tx per lane");
    EXPECT_EQ(tx.runMode, RunMode::ForceFail);
    EXPECT_EQ(tx.measurements.at(0).lanes->lanes, (std::vector<int>{1, 2, 3}));
    const Step& derived = step(seq.main, "Derived");
    EXPECT_EQ(derived.type, StepType::Compute);
    EXPECT_EQ(derived.measurements.at(0).expr->text, "dbm_to_mw(tx_power)");
    EXPECT_EQ(derived.measurements.at(0).lanes->lanes, (std::vector<int>{1, 2, 3}));
    const Step& temps = step(seq.main, "Temps");
    const Argument& channels = temps.measurements.at(0).call->args.at(0);
    EXPECT_TRUE(channels.isList);
    ASSERT_EQ(channels.items.size(), 2u);
    EXPECT_EQ(channels.items[1].text, "102");
    const Step& custom = step(seq.main, "TDECQ");
    EXPECT_EQ(custom.type, StepType::Custom);
    EXPECT_EQ(custom.customType, "tdecq_scan");
    EXPECT_EQ(custom.customArgs.at(1).unit, "s");
    EXPECT_EQ(custom.retry.count, 1);
    EXPECT_TRUE(custom.retry.onFail);
    EXPECT_FALSE(custom.retry.onError);
}

TEST_F(EverythingTest, CleanupAndSubsequences) {
    ASSERT_EQ(seq.cleanup.size(), 1u);
    EXPECT_EQ(seq.cleanup[0].runMode, RunMode::ForcePass);
    const Subsequence* sub = seq.subsequence("port_power");
    ASSERT_TRUE(sub);
    EXPECT_EQ(sub->params.at(0).name, "port");
    EXPECT_EQ(sub->steps.at(0).measurements.at(0).unit, "dBm");
    EXPECT_EQ(seq.subsequence("nope"), nullptr);
}

TEST(SequenceLoader, StepTypeNamesRoundTrip) {
    for (int t = 0; t < static_cast<int>(StepType::Custom); ++t) {
        const auto type = static_cast<StepType>(t);
        EXPECT_EQ(parseStepType(toString(type)), type);
    }
    EXPECT_EQ(toString(StepType::Custom), "custom");
    EXPECT_FALSE(parseStepType("custom"));
    EXPECT_FALSE(parseStepType("Measure"));
}

TEST(SequenceLoader, EveryStepTypeHasOneRowAndEveryRunModeOneName) {
    // One row per enumerator, in any order: a step type added to the enum without its row fails here.
    for (int t = 0; t <= static_cast<int>(StepType::Custom); ++t) {
        const auto type = static_cast<StepType>(t);
        EXPECT_EQ(std::count_if(stepTypes().begin(), stepTypes().end(),
                                [&](const StepTypeInfo& row) { return row.type == type; }),
                  1)
            << "step type " << t;
    }
    EXPECT_EQ(stepTypes().size(), static_cast<std::size_t>(StepType::Custom) + 1);
    EXPECT_EQ(info(StepType::WaitUntil).fields.front(), "read");
    for (RunMode mode : {RunMode::Normal, RunMode::Skip, RunMode::ForcePass, RunMode::ForceFail})
        EXPECT_EQ(parseRunMode(toString(mode)), mode);
    EXPECT_EQ(runModeNames(), (std::vector<std::string>{"normal", "skip", "force_pass", "force_fail"}));
    EXPECT_FALSE(parseRunMode("Skip"));
}

TEST(SequenceLoader, CustomStepTypesMustBeRegistered) {
    const std::string text = "name: x\nversion: 1\nmain:\n  - name: T\n    type: tdecq_scan\n    args: {lane: 1}\n";
    std::vector<Diagnostic> diagnostics;
    SequenceLoader(nullptr).loadText(text, "c.yaml", diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].format(), "c.yaml:5:11: unknown step type 'tdecq_scan'");
    diagnostics.clear();
    SequenceLoader(&test::testStepTypes()).loadText(text, "c.yaml", diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << joined(diagnostics);
}

TEST(SequenceLoader, RegistryRejectsBadNames) {
    StepTypeRegistry r;
    EXPECT_THROW(r.add({"measure", {}, ""}), std::invalid_argument);
    EXPECT_THROW(r.add({"custom", {}, ""}), std::invalid_argument);
    EXPECT_THROW(r.add({"eye scan", {}, ""}), std::invalid_argument);
    EXPECT_THROW(r.add({"", {}, ""}), std::invalid_argument);
    r.add({"eye_scan", {}, ""});
    EXPECT_THROW(r.add({"eye_scan", {}, ""}), std::invalid_argument);
    EXPECT_EQ(r.names(), std::vector<std::string>{"eye_scan"});
}

TEST(SequenceLoader, ReportsEveryProblemNotJustTheFirst) {
    const std::string text = "name: x\nversion: 1\nmain:\n"
                             "  - name: A\n    type: wiat\n"
                             "  - name: B\n    type: wait\n    duration: 5\n"
                             "  - name: C\n    type: wait\n    duration: 5 s\n    colour: red\n";
    std::vector<Diagnostic> diagnostics;
    SequenceLoader().loadText(text, "m.yaml", diagnostics);
    ASSERT_EQ(diagnostics.size(), 3u) << joined(diagnostics);
    EXPECT_EQ(diagnostics[0].format(), "m.yaml:5:11: unknown step type 'wiat' (did you mean 'wait'?)");
    EXPECT_EQ(diagnostics[1].format(), "m.yaml:8:15: duration '5' needs a unit (ns, us, ms, s, min, h), e.g. '5s'");
    EXPECT_EQ(diagnostics[2].format(), "m.yaml:12:5: unknown field 'colour' in wait step 'C'");
}

TEST(SequenceLoader, LocatesQuotedAndBlockScalarsAtTheirContent) {
    const std::string text = "name: x\nversion: 1\nmain:\n"
                             "  - name: P\n    type: pass_fail\n    condition: \"a > 1\"\n"
                             "  - name: Q\n    type: pass_fail\n    condition: |\n      b > 2\n";
    std::vector<Diagnostic> diagnostics;
    Sequence seq = SequenceLoader().loadText(text, "q.yaml", diagnostics);
    ASSERT_TRUE(diagnostics.empty()) << joined(diagnostics);
    EXPECT_EQ(seq.main[0].condition->where.line, 6);
    EXPECT_EQ(seq.main[0].condition->where.column, 17);
    EXPECT_EQ(seq.main[1].condition->where.line, 10);
    EXPECT_EQ(seq.main[1].condition->where.column, 7);
}

TEST(SequenceLoader, YamlSyntaxErrorsKeepYamlCppLocationOtherwise) {
    std::vector<Diagnostic> diagnostics;
    SequenceLoader().loadText("name: x\n  version: 1\n", "y.yaml", diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].format(), "y.yaml:2:10: YAML syntax error: illegal map value");
    // yaml-cpp notices an unclosed '[' only on a later line; the diagnostic points at the '['.
    diagnostics.clear();
    SequenceLoader().loadText("name: x\nlist: [1, 2,\n   3\nversion: 1\n", "y.yaml", diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].format(), "y.yaml:2:7: YAML syntax error: '[' is never closed");
    // Brackets inside quotes and comments do not count.
    diagnostics.clear();
    SequenceLoader().loadText("# a [ comment\nname: \"x [\"\nlist: [1, \"]\",\n", "y.yaml", diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].format(), "y.yaml:3:7: YAML syntax error: '[' is never closed");
}

TEST(SequenceLoader, LimitHashIgnoresFormattingButNotValues) {
    auto setFrom = [](const std::string& limits) {
        std::vector<Diagnostic> diagnostics;
        Sequence seq =
            SequenceLoader().loadText("name: x\nversion: 1\nmain: []\nlimits:\n" + limits, "h.yaml", diagnostics);
        EXPECT_TRUE(diagnostics.empty()) << joined(diagnostics);
        return seq.limitSets.at(0).hash;
    };
    const std::string a = setFrom("  - part_number: P\n    limits:\n      x: {low: 1, high: 2.50, unit: V}\n"
                                  "      y: {high: 3, unit: A}\n");
    const std::string b = setFrom("  - part_number: P\n    limits:\n      y: {comparator: LE, high: 3.0, unit: A}\n"
                                  "      x:\n        low: 1.0\n        high: 2.5\n        unit: V\n");
    const std::string c = setFrom("  - part_number: P\n    limits:\n      x: {low: 1, high: 2.51, unit: V}\n"
                                  "      y: {high: 3, unit: A}\n");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
}

TEST(SequenceLoader, LimitsFromAFile) {
    std::vector<Diagnostic> diagnostics;
    Sequence seq = SequenceLoader().loadFile(test::sourcePath("sequences/xpo/xpo-functional.yaml"), diagnostics);
    ASSERT_TRUE(diagnostics.empty()) << joined(diagnostics);
    EXPECT_EQ(seq.limitsFile, test::sourcePath("sequences/xpo/xpo-limits.yaml"));
    ASSERT_GE(seq.limitSets.size(), 3u);
    const LimitSet* dr8 = seq.limitSetFor("XPO-DR8-12T8");
    ASSERT_TRUE(dr8);
    EXPECT_DOUBLE_EQ(*dr8->limits.at("tx_power").low, -3.1);
    EXPECT_EQ(dr8->where.at("tx_power").file, seq.limitsFile);
    EXPECT_NE(seq.limitSetFor("XPO-DR8-12T8", "B"), dr8);
}

TEST(SequenceLoader, MissingFileIsADiagnostic) {
    std::vector<Diagnostic> diagnostics;
    SequenceLoader().loadFile("/nonexistent/seq.yaml", diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].format(),
              "/nonexistent/seq.yaml: cannot read the sequence file: No such file or directory");
}
