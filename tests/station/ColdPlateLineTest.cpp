// The cold-plate acceptance test on the simulated two-socket stand, end to end through `optiqual run` / `optiqual
// lot`: a golden plate passes, each defect fails at the measurement that should catch it and nowhere else, each part
// number is judged against its own limits, and in a lot a plate passes exactly when it carries no defect. Plates
// with known defects are planted by serial in the station file (`simulation: planted_defects`).
#include "instruments/sim/world/ColdPlatePart.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"
#include "tests/station/LineResults.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace optiqual;
using namespace optiqual::station::cli;
using optiqual::sequences::Verdict;

namespace {

class ColdPlateLine : public test::LineTest {
protected:
    // Slower than the XPO tests: at 20000× a loaded machine's stalls are minutes of simulated leak.
    ColdPlateLine() : LineTest("sequences/coldplate/coldplate-acceptance.yaml", 2000) { options.model = "batch"; }
    void useStation(const std::string& simulation) { LineTest::useStation("sim-coldplate.yaml", simulation); }
};

} // namespace

TEST_F(ColdPlateLine, GoldenPlatesPassOnBothSockets) {
    useStation("  planted_defects: {CP-GOLDEN-1: [], CP-GOLDEN-2: []}\n");
    options.serials = {"CP-GOLDEN-1", "CP-GOLDEN-2"};
    EXPECT_EQ(runRun(options), kExitOk);
    const auto r = results();
    ASSERT_EQ(r.size(), 2u);
    for (const auto& run : r) {
        EXPECT_EQ(run.outcome, int(Verdict::Pass)) << run.serial << " first failure: " << run.firstFailure;
        EXPECT_TRUE(run.failing.empty());
    }
}

TEST_F(ColdPlateLine, EachDefectFailsAtTheMeasurementThatCatchesIt) {
    // defect → the one measurement that fails (docs/coldplate-test-flow.md, "Defects").
    const std::vector<std::pair<std::string, std::string>> table{
        {"small-leak", "leak_rate"},        {"large-leak", "leak_rate"},        {"gross-leak", "test_pressure"},
        {"blocked-channel", "dp_at_rated"}, {"poor-tim", "thermal_resistance"},
    };
    const auto planted = test::plantDefects("CP-DEFECT-", table);
    const auto& serials = planted.serials;
    useStation(planted.section);
    // Two plates at a time: the stand runs its sockets as a batch (the chiller's inlet temperature is shared).
    for (std::size_t i = 0; i < serials.size(); i += 2) {
        options.serials.assign(serials.begin() + long(i), serials.begin() + long(std::min(i + 2, serials.size())));
        EXPECT_EQ(runRun(options), kExitUnitFailed);
    }
    test::expectEachFailsOnlyWhereCaught(results(), planted);
}

TEST_F(ColdPlateLine, EachPartNumberIsJudgedAgainstItsOwnLimits) {
    useStation("  planted_defects: {CP-ACC-1: [], CP-XPO-1: []}\n");
    options.serials = {"CP-ACC-1"};
    options.partNumber = "CP-ACC-1K";
    EXPECT_EQ(runRun(options), kExitOk);
    options.serials = {"CP-XPO-1"};
    options.partNumber = "CP-XPO-1U";
    EXPECT_EQ(runRun(options), kExitOk);
    EXPECT_EQ(test::judgedLimit(options.db, "CP-ACC-1", "thermal_resistance"),
              (std::pair<double, double>{0.022, 0.042}));
    EXPECT_EQ(test::judgedLimit(options.db, "CP-XPO-1", "thermal_resistance"),
              (std::pair<double, double>{0.028, 0.050}));
    EXPECT_EQ(test::judgedLimit(options.db, "CP-XPO-1", "dp_at_rated"), (std::pair<double, double>{8.5, 16.0}));
}

// A lot on the two-socket stand, batch by batch (the chiller's inlet temperatures are the whole stand's): every plate
// passes exactly when the world drew no defect for its serial, and a defective one fails (it never errors).
TEST_F(ColdPlateLine, LotUnitsPassExactlyWhenTheyCarryNoDefect) {
    useStation("  defect_rates: {small-leak: 0.1, large-leak: 0.05, gross-leak: 0.05, blocked-channel: 0.1, "
               "poor-tim: 0.1}\n");
    options.count = 12;
    options.lot = "LOT-CP";
    options.seed = 7;
    const int code = runLot(options);
    EXPECT_TRUE(code == kExitOk || code == kExitUnitFailed) << code;
    const auto r = results();
    ASSERT_EQ(r.size(), 12u);
    instruments::sim::ColdPlateParams params;
    params.seed = 7;
    for (auto [d, p] : {std::pair{instruments::sim::ColdPlateDefect::SmallLeak, 0.1},
                        {instruments::sim::ColdPlateDefect::LargeLeak, 0.05},
                        {instruments::sim::ColdPlateDefect::GrossLeak, 0.05},
                        {instruments::sim::ColdPlateDefect::BlockedChannel, 0.1},
                        {instruments::sim::ColdPlateDefect::PoorTim, 0.1}})
        params.setDefectProbability(d, p);
    int defective = 0;
    for (const auto& run : r) {
        const auto defects = instruments::sim::ColdPlatePart::drawDefects(run.serial, params);
        defective += defects.empty() ? 0 : 1;
        if (defects.empty())
            EXPECT_EQ(run.outcome, int(Verdict::Pass)) << run.serial << " first failure: " << run.firstFailure;
        else
            EXPECT_EQ(run.outcome, int(Verdict::Fail))
                << run.serial << " carries " << instruments::sim::toString(defects.front());
    }
    EXPECT_GE(defective, 1) << "the lot's serials were chosen so that it holds a defective plate";
    EXPECT_LT(defective, 12) << "and a good one";
}
