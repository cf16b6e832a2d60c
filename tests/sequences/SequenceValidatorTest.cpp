#include "sequences/SequenceValidator.h"

#include "sequences/SequenceFile.h"
#include "sequences/SequenceLoader.h"
#include "sequences/StepValidator.h"
#include "tests/sequences/TestCatalog.h"

#include <gtest/gtest.h>

using namespace optiqual::sequences;
using optiqual::core::Diagnostic;

namespace {

const std::string kHeader = "name: v\nversion: 1\n"
                            "instruments: {psu: PowerSupply, opm: OpticalPowerMeter, fixture: ModuleFixture, "
                            "chamber: ThermalChamber, daq: DataAcquisition}\n"
                            "parameters: {vcc: 48 V, ch: 1}\n";
constexpr int kHeaderLines = 4;

/// Loads header + @p body (YAML starting at line 5) and returns every diagnostic, formatted without the file.
std::vector<std::string> check(const std::string& body, ValidationOptions options = {}) {
    std::vector<Diagnostic> diagnostics;
    const Sequence seq = SequenceLoader(&test::testStepTypes()).loadText(kHeader + body, "t.yaml", diagnostics);
    if (!options.stepTypes)
        options.stepTypes = &test::testStepTypes();
    for (auto& d : validate(seq, test::stationCatalog(), options))
        diagnostics.push_back(d);
    std::vector<std::string> out;
    for (const auto& d : diagnostics)
        out.push_back(std::to_string(d.where.line - kHeaderLines) + ":" + std::to_string(d.where.column) + ": " +
                      d.message);
    return out;
}

using Lines = std::vector<std::string>;

} // namespace

TEST(SequenceValidator, LimitInDbmOnAReadingInWattsIsConverted) {
    EXPECT_EQ(check("main:\n"
                    "  - name: P\n    type: measure\n    measurements:\n"
                    "      - name: p\n        call: opm.measurePower\n        args: {port: 1}\n"
                    "        limit: {comparator: GELE, low: -2.9, high: 4.0, unit: dBm}\n"),
              Lines{});
}

TEST(SequenceValidator, LimitInVoltsOnAReadingInAmpsIsRejected) {
    EXPECT_EQ(check("main:\n"
                    "  - name: I\n    type: measure\n    measurements:\n"
                    "      - name: i\n        call: psu.measureCurrent\n        args: {channel: ch}\n"
                    "        limit: {comparator: LE, high: 8, unit: V}\n"),
              Lines{"8:48: incompatible units: the limit of measurement 'i' is in V but the measurement is in A"});
}

TEST(SequenceValidator, ReportsEveryProblemInOnePass) {
    const Lines problems =
        check("main:\n"
              "  - name: A\n    type: action\n    call: psu.setVoltage\n    args: {chanel: 1, volts: 5}\n"
              "  - name: B\n    type: pass_fail\n    condition: nope > 1\n"
              "  - name: C\n    type: call\n    subsequence: missing\n");
    EXPECT_EQ(problems, (Lines{"5:12: psu.setVoltage has no argument 'chanel' (did you mean 'channel'?)",
                               "8:16: undefined variable 'nope'",
                               "11:18: call of undefined sub-sequence 'missing' (the sequence defines none)"}));
}

TEST(SequenceValidator, EarlierMeasurementsAreVariablesByNameAndByStep) {
    EXPECT_EQ(check("main:\n"
                    "  - name: Input power\n    type: measure\n    measurements:\n"
                    "      - name: current\n        call: psu.measureCurrent\n        args: {channel: ch}\n"
                    "        limit: {comparator: LOG, unit: A}\n"
                    "  - name: Derived\n    type: compute\n    measurements:\n"
                    "      - name: p1\n        expr: vcc * current\n        unit: W\n        limit: {comparator: LOG, "
                    "unit: W}\n"
                    "      - name: p2\n        expr: vcc * input_power.current + p1\n        unit: W\n"
                    "        limit: {comparator: LOG, unit: W}\n"),
              Lines{});
    // A measurement of a later step is not defined yet.
    EXPECT_EQ(check("main:\n"
                    "  - name: Early\n    type: pass_fail\n    condition: current > 0\n"
                    "  - name: I\n    type: measure\n    measurements:\n"
                    "      - name: current\n        call: psu.measureCurrent\n        args: {channel: ch}\n"
                    "        limit: {comparator: LOG, unit: A}\n"),
              Lines{"4:16: undefined variable 'current'"});
}

TEST(SequenceValidator, PerLaneMeasurementsHaveAggregatesAndLaneWiseCompute) {
    const std::string ber = "main:\n"
                            "  - name: BER\n    type: measure\n    measurements:\n"
                            "      - name: ber\n        call: fixture.readBer\n        args: {side: media}\n"
                            "        lanes: 1..8\n        limit: {comparator: LE, high: 2.4e-4, unit: \"\"}\n";
    EXPECT_EQ(check(ber + "  - name: Worst\n    type: pass_fail\n    condition: ber.max < 1e-3 && ber.mean < 1e-4\n"),
              Lines{});
    EXPECT_EQ(check(ber + "  - name: Lane 8\n    type: pass_fail\n    condition: ber_8 < ber.min * 10\n"), Lines{});
    EXPECT_EQ(check(ber + "  - name: Lane 9\n    type: pass_fail\n    condition: ber_9 < 1\n"),
              Lines{"12:16: undefined variable 'ber_9' (did you mean 'ber_1'?)"});
    EXPECT_EQ(check(ber + "  - name: Log\n    type: compute\n    measurements:\n"
                          "      - name: ber_log\n        expr: log10(ber)\n        lanes: 1..8\n"
                          "        limit: {comparator: LOG, unit: \"\"}\n"),
              Lines{});
    EXPECT_EQ(check(ber + "  - name: Log\n    type: compute\n    measurements:\n"
                          "      - name: ber_log\n        expr: log10(ber)\n"
                          "        limit: {comparator: LOG, unit: \"\"}\n"),
              Lines{"14:21: 'ber' has one value per lane: use ber.min, ber.max or ber.mean here"});
}

TEST(SequenceValidator, LaneVariableInPerLaneCalls) {
    EXPECT_EQ(
        check("main:\n"
              "  - name: Tx\n    type: measure\n    measurements:\n"
              "      - name: tx\n        call: opm.measurePower\n        args: {port: lane}\n        lanes: 1..4\n"
              "        unit: dBm\n        limit: {comparator: GELE, low: -3, high: 4, unit: dBm}\n"),
        Lines{});
}

TEST(SequenceValidator, DaqChannelListsMatchLanes) {
    const std::string step = "main:\n"
                             "  - name: T\n    type: measure\n    measurements:\n"
                             "      - name: t\n        call: daq.measureTemperature\n";
    const std::string limit = "        limit: {comparator: LOG, unit: degC}\n";
    EXPECT_EQ(check(step + "        args: {channels: [101], type: T}\n" + limit), Lines{});
    EXPECT_EQ(check(step + "        args: {channels: [101, 102], type: T}\n        lanes: [1, 2]\n" + limit), Lines{});
    EXPECT_EQ(check(step + "        args: {channels: [101, 102], type: T}\n        lanes: [1, 2, 3]\n" + limit),
              Lines{"8:16: 'lanes' lists 3 lanes but 'channels' lists 2"});
    EXPECT_EQ(check(step + "        args: {channels: [101, 102], type: T}\n" + limit),
              Lines{"6:15: daq.measureTemperature returns one value per lane or channel: give the measurement "
                    "'lanes' (or read a single channel)"});
}

// One row per (step, measurement, lane): a lane cannot be listed twice (issue 7 defect 1).
TEST(SequenceValidator, LaneListedTwiceIsRejected) {
    EXPECT_EQ(check("main:\n"
                    "  - name: Tx\n    type: measure\n    measurements:\n"
                    "      - name: tx\n        call: opm.measurePower\n        args: {port: lane}\n"
                    "        lanes: [1, 2, 1]\n"
                    "        unit: dBm\n        limit: {comparator: GELE, low: -3, high: 4, unit: dBm}\n"),
              Lines{"8:23: lane 1 is listed twice"});
}

// Issue 7 defect 5: lanes are bounded — by LaneSpec::kMaxLane when read, and by the lanes the method returns.
TEST(SequenceValidator, LanesAreBounded) {
    const std::string ber = "main:\n"
                            "  - name: BER\n    type: measure\n    measurements:\n"
                            "      - name: ber\n        call: fixture.readBer\n        args: {side: media}\n"
                            "        limit: {comparator: LE, high: 2.4e-4, unit: \"\"}\n";
    EXPECT_EQ(check(ber + "        lanes: 1..64\n"), Lines{});
    EXPECT_EQ(check(ber + "        lanes: 1..2147483647\n"),
              Lines{"9:16: lane range '1..2147483647' goes beyond 1..1024"});
    EXPECT_EQ(check(ber + "        lanes: 1..99999999999\n"),
              Lines{"9:16: lane range '1..99999999999' goes beyond 1..1024"});
    EXPECT_EQ(check(ber + "        lanes: 0..3\n"), Lines{"9:16: lane range '0..3' goes beyond 1..1024"});
    EXPECT_EQ(check(ber + "        lanes: [1, 5000]\n"), Lines{"9:20: lane 5000 is outside 1..1024"});
    EXPECT_EQ(check(ber + "        lanes: 1..65\n"),
              Lines{"9:16: lane 65 is beyond the 64 lanes fixture.readBer returns"});
    // A list argument names the lanes read, in order: its values pair with the lanes listed, whatever they are.
    EXPECT_EQ(check("main:\n"
                    "  - name: T\n    type: measure\n    measurements:\n"
                    "      - name: t\n        call: daq.measureTemperature\n"
                    "        args: {channels: [101, 102], type: T}\n        lanes: [2, 3]\n"
                    "        limit: {comparator: LOG, unit: degC}\n"),
              Lines{});
}

TEST(SequenceValidator, LoopVariablesAreScopedToTheirBody) {
    const std::string loop =
        "main:\n"
        "  - name: Corners\n    type: for_each\n    variable: t\n    values: [0, 70]\n"
        "    unit: degC\n    steps:\n"
        "      - name: Set\n        type: action\n        call: chamber.setSetpoint\n"
        "        args: {degC: t}\n"
        "      - name: Read\n        type: measure\n        measurements:\n"
        "          - name: v\n            call: psu.measureVoltage\n            args: {channel: ch}\n"
        "            limit: {comparator: LOG, unit: V}\n";
    EXPECT_EQ(check(loop + "  - name: After\n    type: pass_fail\n    condition: v > 0\n"), Lines{});
    EXPECT_EQ(check(loop + "  - name: After\n    type: pass_fail\n    condition: t > 0\n"),
              Lines{"21:16: undefined variable 't'"});
}

TEST(SequenceValidator, SubsequencesSeeTheirParametersAndTheSequenceParametersOnly) {
    const std::string sub = "subsequences:\n  s:\n    parameters: {level: 1 V}\n    steps:\n"
                            "      - name: Set\n        type: action\n        call: psu.setVoltage\n";
    const std::string call =
        "main:\n"
        "  - name: Loop\n    type: for_each\n    variable: i\n    values: [1]\n    steps:\n"
        "      - name: Call\n        type: call\n        subsequence: s\n        args: {level: 2 V}\n";
    EXPECT_EQ(check(call + sub + "        args: {channel: ch, volts: level}\n"), Lines{});
    EXPECT_EQ(check(call + sub + "        args: {channel: i, volts: level}\n"), Lines{"18:25: undefined variable 'i'"});
    const std::string wrongUnit = "main:\n  - name: Call\n    type: call\n    subsequence: s\n    args: {level: 2 A}\n";
    EXPECT_EQ(check(wrongUnit + sub + "        args: {channel: ch, volts: level}\n"),
              Lines{"5:19: incompatible units: argument 'level' of sub-sequence 's' is in V, not A"});
}

TEST(SequenceValidator, PromptAnswersAndTextVariables) {
    EXPECT_EQ(check("main:\n"
                    "  - name: Length\n    type: prompt\n    kind: number\n    message: Fibre length?\n"
                    "    store_as: length\n"
                    "  - name: Label\n    type: prompt\n    kind: text\n    message: Scan\n    store_as: label\n"
                    "    pattern: \"^SN[0-9]+$\"\n"
                    "  - name: Check\n    type: pass_fail\n    condition: length < 10\n"
                    "  - name: Label ok\n    type: string\n    value: label\n    pattern: \"^SN\"\n"),
              Lines{});
    EXPECT_EQ(check("main:\n  - name: Label ok\n    type: string\n    value: vcc\n    equals: x\n"),
              Lines{"4:12: 'vcc' is a number, not text"});
}

TEST(SequenceValidator, ArgumentUnitsConvertWhenExplicit) {
    EXPECT_EQ(
        check("main:\n"
              "  - name: A\n    type: action\n    call: psu.setVoltage\n"
              "    args: {channel: ch, volts: {value: vcc * 1000, unit: mV}}\n"
              "  - name: B\n    type: action\n    call: opm.setWavelength\n    args: {port: 1, metres: 1311 nm}\n"),
        Lines{});
}

TEST(SequenceValidator, RuntimeVariablesAreAnOption) {
    const std::string body = "main:\n  - name: S\n    type: pass_fail\n    condition: bay < 64\n";
    EXPECT_EQ(check(body), Lines{"4:16: undefined variable 'bay'"});
    ValidationOptions o;
    o.runtimeVariables = {"bay"};
    EXPECT_EQ(check(body, o), Lines{});
}

TEST(SequenceValidator, UnusedSubsequencesCanBeAllowed) {
    const std::string body = "main: []\nsubsequences:\n  spare:\n    steps: []\n";
    EXPECT_EQ(check(body), Lines{"3:3: sub-sequence 'spare' is never called"});
    ValidationOptions o;
    o.reportUnusedSubsequences = false;
    EXPECT_EQ(check(body, o), Lines{});
}

TEST(SequenceValidator, SubsequenceReachableOnlyThroughAnotherIsReached) {
    EXPECT_EQ(check("main:\n  - name: C\n    type: call\n    subsequence: a\n"
                    "subsequences:\n"
                    "  a:\n    steps:\n      - name: D\n        type: call\n        subsequence: b\n"
                    "  b:\n    steps: []\n"),
              Lines{});
}

TEST(SequenceValidator, ValidatesSequencesBuiltInCode) {
    Sequence seq;
    seq.name = "built";
    seq.file = "code";
    seq.roles.push_back(Role{"psu", "PowerSupply", {}});
    Step step;
    step.name = "V";
    step.type = StepType::Measure;
    MeasurementSpec m;
    m.name = "v";
    m.call = InstrumentCall{"psu", "measureVoltage", {Argument{"channel", Expression{"1", {}}}}, {}};
    Limit limit;
    limit.comparator = Comparator::GELE;
    limit.low = 49;
    limit.high = 47;
    limit.unit = "V";
    m.inlineLimit = limit;
    step.measurements.push_back(m);
    seq.main.push_back(step);
    const auto diagnostics = validate(seq, test::stationCatalog());
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].message, "the limit of measurement 'v': low (49) is above high (47)");
}

TEST(SequenceValidator, ComparatorBoundRules) {
    std::vector<Diagnostic> out;
    const optiqual::core::SourceLocation here{"f", 1, 1};
    auto problems = [&](Comparator c, std::optional<double> low, std::optional<double> high,
                        std::optional<double> nominal) {
        out.clear();
        Limit l;
        l.comparator = c;
        l.low = low;
        l.high = high;
        l.nominal = nominal;
        l.unit = "V";
        StepValidator::checkLimit(l, "x", "x", {}, here, out);
        std::vector<std::string> messages;
        for (const auto& d : out)
            messages.push_back(d.message);
        return messages;
    };
    EXPECT_TRUE(problems(Comparator::GELE, 1, 2, {}).empty());
    EXPECT_TRUE(problems(Comparator::GELE, 2, 2, {}).empty()); // exactly 2 passes
    EXPECT_EQ(problems(Comparator::GTLT, 2, 2, {}), Lines{"x: low equals high, so nothing can pass GTLT"});
    EXPECT_EQ(problems(Comparator::EQ, {}, {}, {}), Lines{"x: comparator EQ needs 'nominal'"});
    EXPECT_EQ(problems(Comparator::LOG, 1, {}, {}), Lines{"x: comparator LOG does not use 'low'"});
    EXPECT_EQ(problems(Comparator::GT, {}, {}, {}), Lines{"x: comparator GT needs 'low'"});
    EXPECT_EQ(problems(Comparator::LT, {}, 5, {}), Lines{});
}

TEST(SequenceValidator, StepIds) {
    EXPECT_EQ(StepValidator::stepId("Tx power (lane 3)"), "tx_power_lane_3");
    EXPECT_EQ(StepValidator::stepId("  Input  power "), "input_power");
    EXPECT_EQ(StepValidator::stepId("BER"), "ber");
}

TEST(SequenceValidator, SweepChecksItsCurveAndDefinesItsCrossing) {
    const std::string sweep =
        "main:\n"
        "  - name: Sens\n    type: sweep\n    variable: att\n    range: {from: 0, to: 10}\n"
        "    x: 2 - att\n    x_unit: dBm\n    y: ber\n    until: ber.min > 1e-3\n"
        "    crossing: {name: sens, level: 2.4e-4, limit: {comparator: LE, high: -3, unit: dBm}}\n"
        "    steps:\n"
        "      - name: B\n        type: measure\n        measurements:\n"
        "          - {name: ber, call: opm.measurePower, args: {port: lane}, lanes: 1..4, "
        "limit: {comparator: LOG, unit: W}}\n"
        "  - name: After\n    type: pass_fail\n    condition: sens.max < 0\n";
    EXPECT_EQ(check(sweep), Lines{});
    std::string wrongY = sweep;
    wrongY.replace(wrongY.find("y: ber"), 6, "y: bar");
    const Lines problems = check(wrongY);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems.front(), "8:8: y must name a numeric measurement the sweep's steps record; 'bar' is not one");
}

TEST(SequenceValidator, StationDataNamesAreVariablesAndTables) {
    EXPECT_EQ(check("station_data: [loss, channel]\n"
                    "main:\n"
                    "  - name: C\n    type: compute\n    measurements:\n"
                    "      - {name: c, expr: loss(3) + channel, limit: {comparator: LOG, unit: \"\"}}\n"),
              Lines{});
    EXPECT_EQ(check("main:\n"
                    "  - name: C\n    type: compute\n    measurements:\n"
                    "      - {name: c, expr: loss(3), limit: {comparator: LOG, unit: \"\"}}\n"),
              Lines{"5:25: syntax error in expression: unknown function 'loss'"});
}

TEST(SequenceValidator, RunIdentityIsAlwaysInScope) {
    EXPECT_EQ(check("main:\n"
                    "  - name: S\n    type: string\n    value: serial\n    pattern: \"^XPO\"\n"
                    "  - name: N\n    type: pass_fail\n    condition: socket >= 1\n"),
              Lines{});
}

TEST(SequenceValidator, StringEqualsATextVariable) {
    EXPECT_EQ(check("main:\n  - name: S\n    type: string\n    value: part_number\n    equals: $serial\n"), Lines{});
    EXPECT_EQ(check("main:\n  - name: S\n    type: string\n    value: part_number\n    equals: $serail\n"),
              Lines{"5:13: equals '$serail': no text variable 'serail' (did you mean 'serial'?)"});
}
