// The engineer view's sequence tree (ui/SequenceTree): each group, step, loop body and called sub-sequence in order,
// one level deeper inside, and each measurement with the limit the engine would judge it by for the chosen part
// number — the inline limit, else the part's limit set's entry (named by `limit:` or the measurement), else logged
// only, said so.
#include "ui/SequenceTree.h"

#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::ui;
using sequences::Comparator;
using sequences::Limit;
using sequences::Step;
using sequences::StepType;
using Kind = SequenceLine::Kind;

namespace {

sequences::MeasurementSpec spec(const std::string& name, const std::string& unit) {
    sequences::MeasurementSpec m;
    m.name = name;
    m.unit = unit;
    return m;
}

Step step(const std::string& name, StepType type) {
    Step s;
    s.name = name;
    s.type = type;
    return s;
}

sequences::Sequence sequence() {
    sequences::Sequence s;
    s.name = "demo";
    Step power = step("Power", StepType::Measure);
    power.measurements.push_back(spec("inrush", "A"));
    power.measurements.back().inlineLimit = Limit{Comparator::GELE, 0.05, 8.0, std::nullopt, "A"};
    s.setup.push_back(power);

    Step tx = step("TX power", StepType::Measure);
    tx.measurements.push_back(spec("tx_power", "dBm"));
    tx.measurements.back().lanes = sequences::LaneSpec{{1, 2, 3, 4, 5, 6, 7, 8}, {}};
    Step call = step("Receiver", StepType::Call);
    call.callSequence = sequences::CallSpec{"rx", {}};
    call.runMode = sequences::RunMode::Skip;
    Step corners = step("Corners", StepType::ForEach);
    corners.forEach = sequences::ForEachSpec{"case_temp", {{"25", {}}, {"70", {}}}, {}, {}, {}, "degC", {tx, call}};
    s.main.push_back(corners);

    Step oma = step("Sensitivity", StepType::Compute);
    oma.measurements.push_back(spec("oma", "dBm"));
    oma.measurements.back().limitName = "rx_oma";
    s.subsequences.push_back({"rx", {}, {oma}, {}});

    sequences::LimitSet a;
    a.partNumber = "PN-A";
    a.limits["tx_power"] = Limit{Comparator::GELE, -3.0, 4.0, std::nullopt, "dBm"};
    a.limits["rx_oma"] = Limit{Comparator::LE, std::nullopt, -10.0, std::nullopt, "dBm"};
    sequences::LimitSet b;
    b.partNumber = "PN-B";
    b.limits["tx_power"] = Limit{Comparator::GELE, -2.0, 4.0, std::nullopt, "dBm"};
    s.limitSets = {a, b};
    return s;
}

} // namespace

TEST(SequenceTree, StepsInOrderWithLoopsAndCallsOneLevelDeeper) {
    const auto lines = sequenceLines(sequence(), "PN-A");
    std::vector<std::string> shape;
    for (const auto& l : lines)
        shape.push_back(std::string(std::size_t(l.depth) * 2, ' ') + l.name + " | " + l.detail);
    EXPECT_EQ(shape, (std::vector<std::string>{"setup | 1 step", "  Power | measure", "    inrush | A", "main | 1 step",
                                               "  Corners | for case_temp in 25, 70 degC", "    TX power | measure",
                                               "      tx_power | lanes 1..8, dBm", "    Receiver | call rx",
                                               "      Sensitivity | compute", "        oma | dBm"}));
    EXPECT_EQ(lines[0].kind, Kind::Group);
    EXPECT_EQ(lines[2].kind, Kind::Measurement);
    EXPECT_EQ(lines[7].runMode, "skip");
}

TEST(SequenceTree, EachMeasurementHasThePartNumbersLimit) {
    const auto s = sequence();
    const auto a = sequenceLines(s, "PN-A");
    EXPECT_EQ(a[2].limit, (Limit{Comparator::GELE, 0.05, 8.0, std::nullopt, "A"}.describe()));
    EXPECT_TRUE(a[2].inlineLimit);
    EXPECT_EQ(a[6].limit, s.limitSets[0].limits.at("tx_power").describe());
    EXPECT_FALSE(a[6].inlineLimit);
    EXPECT_EQ(a[9].limit, s.limitSets[0].limits.at("rx_oma").describe()) << "named by limit:, not the measurement";
    EXPECT_FALSE(a[9].limitMissing);

    const auto b = sequenceLines(s, "PN-B");
    EXPECT_EQ(b[6].limit, s.limitSets[1].limits.at("tx_power").describe());
    EXPECT_NE(b[6].limit, a[6].limit);
    EXPECT_TRUE(b[9].limitMissing);
    EXPECT_EQ(b[9].limit, "log only: no limit 'rx_oma' for PN-B");
    EXPECT_EQ(b[2].limit, a[2].limit) << "an inline limit is every part number's";

    const auto none = sequenceLines(s, "PN-Z");
    EXPECT_TRUE(none[6].limitMissing);
    EXPECT_EQ(none[6].limit, "log only: no limit set for PN-Z");
    EXPECT_FALSE(none[2].limitMissing);
}
