// The XPO functional test on the simulated XPO stations, end to end through `optiqual run` / `optiqual lot`:
// a golden unit passes, each defect mode fails at the measurement that should catch it (and nothing before it
// fails), each part number is judged against its own limit set, and a lot lands where the defect rates put it.
// Units with known defects are planted by serial in the station file (`simulation: planted_defects`).
#include "db/Connection.h"
#include "instruments/sim/world/CmisModuleParams.h"
#include "instruments/sim/world/CmisUnitVariation.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace optiqual;
using namespace optiqual::station::cli;
using optiqual::db::test::TempDir;
using optiqual::sequences::Verdict;

namespace {

std::string sourceFile(const std::string& relative) {
    std::ifstream in(std::string(OPTIQUAL_SOURCE_DIR) + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A shipped station file made fast for tests: simulated time 20000× and no pause between chiller commands (the
/// real Julabo's 250 ms is real time, which at this scale would be simulated minutes), plus @p simulation.
std::string fastStation(const std::string& file, const std::string& simulation) {
    std::string text = sourceFile("station/configs/" + file);
    text = std::regex_replace(text, std::regex("time_scale: *[0-9.]+"), "time_scale: 20000");
    text = std::regex_replace(text, std::regex("settings: \\{ambient_setpoint: 25\\}"),
                              "settings: {ambient_setpoint: 25, command_spacing: 0ms}");
    const auto at = text.find("\nsimulation:");
    if (at != std::string::npos)
        text.erase(at + 1, text.find("\n\n", at + 1) - at);
    return text + "\nsimulation:\n" + simulation;
}

struct Result {
    std::string serial;
    int outcome = 0;
    std::string firstFailure; ///< the first failing measurement (or string/pass_fail step) in record order
    std::set<std::string> failing;
};

class XpoLine : public ::testing::Test {
protected:
    void SetUp() override {
        options.sequence = std::string(OPTIQUAL_SOURCE_DIR) + "/sequences/xpo/xpo-functional.yaml";
        options.db = (dir / "results.db").string();
        options.autoAnswer = true;
        options.timeScale = 20000;
    }

    void useStation(const std::string& file, const std::string& simulation) {
        const auto path = dir / file;
        std::ofstream(path) << fastStation(file, simulation);
        options.station = path.string();
    }

    std::vector<Result> results() const {
        auto c = db::Connection::open(options.db, db::OpenAccess::ReadOnly);
        std::vector<Result> out;
        auto runs = c.prepare("SELECT r.id, u.serial, r.outcome FROM run r JOIN unit u ON u.id = r.unit_id ORDER BY r.id");
        while (runs.step()) {
            Result r{runs.getText(1), int(runs.getInt(2)), {}, {}};
            auto m = c.prepare("SELECT d.name, m.outcome FROM measurement m JOIN measurement_def d ON d.id = m.def_id "
                               "WHERE m.run_id = ?1 ORDER BY m.seq");
            m.bind(1, runs.getInt(0));
            while (m.step()) {
                if (m.getInt(1) != int(Verdict::Fail))
                    continue;
                if (r.firstFailure.empty())
                    r.firstFailure = m.getText(0);
                r.failing.insert(m.getText(0));
            }
            if (r.firstFailure.empty()) {
                // A pass_fail step records no measurement: its step is what failed.
                auto s = c.prepare("SELECT d.name FROM step s JOIN step_def d ON d.id = s.step_def_id "
                                   "WHERE s.run_id = ?1 AND s.outcome = ?2 AND d.type = 'pass_fail' ORDER BY s.seq");
                s.bind(1, runs.getInt(0));
                s.bind(2, std::int64_t(Verdict::Fail));
                if (s.step()) {
                    r.firstFailure = s.getText(0);
                    r.failing.insert(r.firstFailure);
                }
            }
            out.push_back(std::move(r));
        }
        return out;
    }

    /// The limit a run's first value of @p measurement was judged against: (low, high).
    std::pair<double, double> limitOf(const std::string& serial, const std::string& measurement) const {
        auto c = db::Connection::open(options.db, db::OpenAccess::ReadOnly);
        auto st = c.prepare("SELECT d.low, d.high FROM measurement m JOIN measurement_def d ON d.id = m.def_id "
                            "JOIN run r ON r.id = m.run_id JOIN unit u ON u.id = r.unit_id "
                            "WHERE u.serial = ?1 AND d.name = ?2 LIMIT 1");
        st.bind(1, serial);
        st.bind(2, measurement);
        EXPECT_TRUE(st.step()) << serial << " has no " << measurement;
        return {st.getDouble(0), st.getDouble(1)};
    }

    TempDir dir;
    RunCommandOptions options;
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
    std::string planted;
    std::map<std::string, std::string> expected;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const std::string serial = "XPO-DEFECT-" + std::to_string(i + 1);
        planted += "    " + serial + ": [" + table[i].first + "]\n";
        options.serials.push_back(serial);
        expected[serial] = table[i].second;
    }
    useStation("sim-xpo.yaml", "  planted_defects:\n" + planted);
    EXPECT_EQ(runRun(options), kExitUnitFailed);
    const auto r = results();
    ASSERT_EQ(r.size(), table.size());
    for (const auto& run : r) {
        SCOPED_TRACE(run.serial + " (" + expected[run.serial] + ")");
        EXPECT_EQ(run.outcome, int(Verdict::Fail));
        EXPECT_EQ(run.firstFailure, expected[run.serial]);
        EXPECT_EQ(run.failing, std::set<std::string>{expected[run.serial]}) << "nothing else fails";
    }
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
