// The CPO engine final test on the simulated bench, end to end through `optiqual run` / `optiqual lot`: a golden
// engine passes, each defect fails at the measurement that should catch it and nowhere else, and in a lot an engine
// passes exactly when it carries no defect. Engines with known defects are planted by serial in the station file
// (`simulation: planted_defects`).
#include "instruments/sim/world/CpoEngine.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"
#include "tests/station/LineResults.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace optiqual;
using namespace optiqual::station::cli;
using optiqual::sequences::Verdict;

namespace {

class CpoLine : public test::LineTest {
protected:
    CpoLine() : LineTest("sequences/cpo/cpo-engine-final.yaml", 5000) { options.progress = "none"; }
    void useStation(const std::string& simulation) { LineTest::useStation("sim-cpo.yaml", simulation); }
};

} // namespace

TEST_F(CpoLine, GoldenEnginePasses) {
    useStation("  planted_defects: {CPO-GOLDEN-1: []}\n");
    options.serials = {"CPO-GOLDEN-1"};
    EXPECT_EQ(runRun(options), kExitOk);
    const auto r = results();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].outcome, int(Verdict::Pass)) << "first failure: " << r[0].firstFailure;
    EXPECT_TRUE(r[0].failing.empty());
}

TEST_F(CpoLine, EachDefectFailsAtTheMeasurementThatCatchesIt) {
    // defect → the one measurement that fails (docs/cpo-test-flow.md, "Defects").
    const std::vector<std::pair<std::string, std::string>> table{
        {"weak-laser", "laser_power"},        {"laser-end-of-life", "laser_bias"},
        {"ring-out-of-range", "ring_locked"}, {"high-coupling-loss", "coupling_loss"},
        {"dead-photodiode", "responsivity"},
    };
    const auto planted = test::plantDefects("CPO-DEFECT-", table);
    options.serials = planted.serials;
    useStation(planted.section);
    EXPECT_EQ(runRun(options), kExitUnitFailed);
    test::expectEachFailsOnlyWhereCaught(results(), planted);
}

// An engine passes exactly when the world drew no defect for its serial, and a defective one fails (it never
// errors); with the station's default defect rates the lot lands in its first-pass-yield range.
TEST_F(CpoLine, LotUnitsPassExactlyWhenTheyCarryNoDefect) {
    useStation("  defect_rates: {weak-laser: 0.1, laser-end-of-life: 0.1, ring-out-of-range: 0.1, "
               "high-coupling-loss: 0.1, dead-photodiode: 0.1}\n");
    options.count = 12;
    options.lot = "LOT-CPO";
    options.seed = 5;
    const int code = runLot(options);
    EXPECT_TRUE(code == kExitOk || code == kExitUnitFailed) << code;
    const auto r = results();
    ASSERT_EQ(r.size(), 12u);
    instruments::sim::CpoEngineParams params;
    params.seed = 5;
    for (std::size_t i = 1; i < instruments::sim::kCpoDefectCount; ++i)
        params.setDefectProbability(static_cast<instruments::sim::CpoDefect>(i), 0.1);
    int defective = 0;
    std::set<std::string> causes;
    for (const auto& run : r) {
        const auto defects = instruments::sim::CpoEngine::drawDefects(run.serial, params);
        defective += defects.empty() ? 0 : 1;
        if (defects.empty()) {
            EXPECT_EQ(run.outcome, int(Verdict::Pass)) << run.serial << " first failure: " << run.firstFailure;
        } else {
            EXPECT_EQ(run.outcome, int(Verdict::Fail))
                << run.serial << " carries " << instruments::sim::toString(defects.front());
            causes.insert(run.firstFailure);
        }
    }
    EXPECT_GE(defective, 2) << "the lot's seed was chosen so that it holds defective engines";
    EXPECT_LT(defective, 12) << "and a good one";
    EXPECT_GE(causes.size(), 2u) << "at least two distinct root causes in the Pareto";
}
