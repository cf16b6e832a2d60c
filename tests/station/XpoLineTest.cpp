// The XPO functional test on the simulated XPO stations, end to end through `optiqual run` / `optiqual lot`:
// a golden unit passes, each defect mode fails at the measurement that should catch it (and nothing before it
// fails), each part number is judged against its own limit set, and a lot lands where the defect rates put it.
// Units with known defects are planted by serial in the station file (`simulation: planted_defects`).
#include "instruments/sim/world/CmisModuleParams.h"
#include "instruments/sim/world/CmisUnitVariation.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"
#include "tests/station/LineResults.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace optiqual;
using namespace optiqual::station::cli;
using optiqual::sequences::Verdict;

namespace {

// 5000×, not faster: the four-socket world costs 50–80 µs of CPU per simulated second (BENCHMARKS.md), so at
// 20000× it needs more than a core and a loaded machine falls behind its own clock (replies time out, waits miss
// their windows).
class XpoLine : public test::LineTest {
protected:
    XpoLine() : LineTest("sequences/xpo/xpo-functional.yaml", 5000) {}
};

} // namespace

TEST_F(XpoLine, GoldenUnitPassesEveryMeasurement) {
    useStation("sim-xpo.yaml", "  planted_defects: {XPO-GOLDEN-1: []}\n");
    options.serials = {"XPO-GOLDEN-1"};
    EXPECT_EQ(runRun(options), kExitOk);
    const auto r = results();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].outcome, int(Verdict::Pass)) << "first failure: " << r[0].firstFailure;
    EXPECT_TRUE(r[0].failing.empty());
}

TEST_F(XpoLine, EachDefectFailsAtTheMeasurementThatCatchesIt) {
    // defect → what must fail first (docs/xpo-test-flow.md, "The flow").
    const std::vector<std::pair<std::string, std::string>> table{
        {"weak-lane@12", "tx_power"},
        {"high-ber-lane@20", "rx_sensitivity"},
        {"high-power-draw", "input_power"},
        {"firmware-mismatch", "Firmware"},
        {"stuck-in-low-power", "Module ready"},
        {"fault-on-power-up", "Module ready"},
        {"bad-eeprom-checksum", "EEPROM checksum"},
        {"high-temperature", "ddm_temperature_rise"},
        {"slow-power-up", "bringup_margin"},
        {"ddm-tx-miscalibrated", "ddm_tx_error"},
        {"high-inrush", "inrush_peak"},
    };
    const auto planted = test::plantDefects("XPO-DEFECT-", table);
    options.serials = planted.serials;
    useStation("sim-xpo.yaml", planted.section);
    EXPECT_EQ(runRun(options), kExitUnitFailed);
    test::expectEachFailsOnlyWhereCaught(results(), planted);
}

TEST_F(XpoLine, EachPartNumberIsJudgedAgainstItsOwnLimits) {
    useStation("sim-xpo.yaml", "  planted_defects: {XPO-DR-1: [], XPO-FR-1: []}\n");
    options.serials = {"XPO-DR-1"};
    options.partNumber = "XPO-DR8-12T8";
    EXPECT_EQ(runRun(options), kExitOk);
    options.serials = {"XPO-FR-1"};
    options.partNumber = "XPO-FR8-12T8";
    EXPECT_EQ(runRun(options), kExitOk);
    EXPECT_EQ(limitOf("XPO-DR-1", "tx_power"), (std::pair<double, double>{-3.1, 4.0}));
    EXPECT_EQ(limitOf("XPO-FR-1", "tx_power"), (std::pair<double, double>{-3.3, 3.5}));
}

// A production lot on the four-socket line, batch by batch: every unit passes exactly when the world drew no defect
// for its serial, and a defective unit fails (it never errors). How often the draw yields a defect-free unit — the
// lot's expected first-pass yield, Π(1 − p) — is checked over many serials in CmisUnitVariationTest, without
// running a test per unit.
TEST_F(XpoLine, LotUnitsPassExactlyWhenTheyCarryNoDefect) {
    useStation("sim-xpo-line.yaml", "  link_loss_sigma_db: 0.05\n");
    options.count = 12;
    options.model = "batch";
    options.lot = "LOT-TEST";
    options.seed = 7;
    const int code = runLot(options);
    EXPECT_TRUE(code == kExitOk || code == kExitUnitFailed) << code;
    const auto r = results();
    ASSERT_EQ(r.size(), 12u);
    instruments::sim::CmisModuleParams params;
    params.seed = 7;
    int defective = 0;
    for (const auto& run : r) {
        const auto defects = instruments::sim::drawDefects(run.serial, params);
        defective += defects.empty() ? 0 : 1;
        if (defects.empty())
            EXPECT_EQ(run.outcome, int(Verdict::Pass)) << run.serial << " first failure: " << run.firstFailure;
        else
            EXPECT_EQ(run.outcome, int(Verdict::Fail))
                << run.serial << " carries " << instruments::sim::toString(defects.front().mode);
    }
    EXPECT_GE(defective, 1) << "the lot's serials were chosen so that it holds a defective unit";
}
