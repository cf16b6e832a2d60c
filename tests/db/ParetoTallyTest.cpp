// ParetoTally on its own (the arithmetic both stores feed): runs come in increasing order, a measurement's cause is
// found once per definition and name however many failures name it, and units are counted once per cause.
#include "db/ParetoTally.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace optiqual::db;

namespace {

ParetoTally loopTally() {
    return ParetoTally({{1, {"main/corners", "for_each"}},
                        {2, {"main/corners/case_temp=70/power", "numeric"}},
                        {3, {"main/corners/case_temp=0/power", "numeric"}},
                        {4, {"main/identify", "pass_fail"}}});
}

TEST(ParetoTally, FailingStepsOutOfRunOrderAreRefused) {
    auto tally = loopTally();
    tally.failingStep(5, 50, 1, 4, "timeout");
    tally.failingStep(5, 50, 2, 1, "");
    tally.failingStep(9, 90, 1, 4, "timeout");
    EXPECT_THROW(tally.failingStep(7, 70, 1, 4, "timeout"), std::logic_error);
}

TEST(ParetoTally, ACauseCountsEachUnitOnceAndEveryOccurrence) {
    auto tally = loopTally();
    // Unit 10 fails power at 70 °C in two runs, unit 11 at 70 °C and 0 °C; unit 12's identify step errors; unit
    // 13's power fails in a run with no failing step recorded (its run is not found, the cause still counts).
    tally.failingStep(1, 10, 3, 2, "");
    tally.failingStep(2, 10, 3, 2, "");
    tally.failingStep(3, 11, 3, 2, "");
    tally.failingStep(3, 11, 4, 3, "");
    tally.failingStep(4, 12, 1, 4, "no reply");
    for (const auto& [run, unit, seq, def] : std::vector<std::tuple<int, int, int, int>>{
             {1, 10, 3, 2}, {2, 10, 3, 2}, {3, 11, 3, 2}, {3, 11, 4, 3}, {8, 13, 3, 2}})
        tally.failingMeasurement(run, unit, seq, def, "tx_power");
    const auto r = tally.result(20);
    EXPECT_EQ(r.unitsTested, 20);
    EXPECT_EQ(r.failingUnits, 4);
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.rows[0].kind, "measurement");
    EXPECT_EQ(r.rows[0].stepPath, "main/corners/power");
    EXPECT_EQ(r.rows[0].unitsAffected, 3);
    EXPECT_EQ(r.rows[0].occurrences, 5);
    ASSERT_EQ(r.rows[0].breakdown.size(), 2u);
    EXPECT_EQ(r.rows[0].breakdown[0].loops, "case_temp=70");
    EXPECT_EQ(r.rows[0].breakdown[0].unitsAffected, 3);
    EXPECT_EQ(r.rows[0].breakdown[0].occurrences, 4);
    EXPECT_EQ(r.rows[0].breakdown[1].loops, "case_temp=0");
    EXPECT_EQ(r.rows[0].breakdown[1].unitsAffected, 1);
    EXPECT_EQ(r.rows[1].kind, "step");
    EXPECT_EQ(r.rows[1].stepPath, "main/identify");
    EXPECT_EQ(r.rows[1].unitsAffected, 1);
    EXPECT_EQ(r.rows[1].example, "no reply");
}

} // namespace
