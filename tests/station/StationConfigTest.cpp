#include "station/StationConfig.h"

#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::station;

namespace {

std::vector<std::string> problems(const std::string& text) {
    try {
        parseStationConfig(text, "bench.yaml");
    } catch (const core::InputError& e) {
        std::vector<std::string> out;
        for (const auto& d : e.diagnostics())
            out.push_back(d.format());
        return out;
    }
    return {};
}

const char* kGood = R"(station:
  name: S1
  product_line: xpo
  time_scale: 100
instruments:
  - name: psu
    model: E36312A
    resource: TCPIP0::10.0.0.5::5025::SOCKET
    roles: [psu, aux]
    timeouts: {connect: 2s, reply: 750ms}
    calibration_due: 2027-01-31
  - name: chiller
    model: JULABO
    simulate: true
    sim_serial: true
    serial: {baud: 4800, data: 7, parity: even}
    faults:
      - {kind: latency, match: in_pv, every: 3, latency: 20ms}
)";

} // namespace

TEST(StationConfig, ReadsAllFields) {
    auto c = parseStationConfig(kGood, "bench.yaml");
    EXPECT_EQ(c.name, "S1");
    EXPECT_EQ(c.productLine, "xpo");
    EXPECT_EQ(c.timeScale, 100.0);
    ASSERT_EQ(c.instruments.size(), 2u);
    const auto& psu = c.instruments[0];
    EXPECT_EQ(psu.roles, (std::vector<std::string>{"psu", "aux"}));
    EXPECT_EQ(psu.timeouts.connect, std::chrono::seconds(2));
    EXPECT_EQ(psu.timeouts.reply, std::chrono::milliseconds(750));
    EXPECT_EQ(psu.timeouts.read, std::chrono::seconds(1)) << "defaults stay";
    EXPECT_EQ(psu.calibrationDue, "2027-01-31");
    EXPECT_EQ(psu.location.line, 6);
    EXPECT_EQ(psu.location.column, 5);
    const auto& chiller = c.instruments[1];
    EXPECT_TRUE(chiller.simulate);
    EXPECT_TRUE(chiller.simSerial);
    EXPECT_EQ(chiller.serialOptions, "baud=4800&data=7&parity=even");
    ASSERT_EQ(chiller.faults.size(), 1u);
    EXPECT_EQ(chiller.faults[0].every, 3u);
    EXPECT_EQ(chiller.faults[0].latency, std::chrono::milliseconds(20));
    EXPECT_EQ(c.find("chiller"), &chiller);
}

TEST(StationConfig, ShippedStationFilesLoad) {
    auto c = loadStationConfig(std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "station" / "configs" / "sim-xpo.yaml");
    EXPECT_EQ(c.productLine, "xpo");
    EXPECT_GE(c.instruments.size(), 8u);
}

struct BadStation {
    const char* text;
    const char* expected; // exact first diagnostic
};

class StationConfigErrors : public ::testing::TestWithParam<BadStation> {};

TEST_P(StationConfigErrors, ReportsFileLineColumn) {
    auto found = problems(GetParam().text);
    ASSERT_FALSE(found.empty()) << "accepted";
    EXPECT_EQ(found.front(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StationConfigErrors,
    ::testing::Values(
        BadStation{"station: [a\ninstruments: []\n",
                   "bench.yaml:2:12: YAML syntax error: end of sequence flow not found"},
        BadStation{"station: {name: S}\ninstruments:\n  - name: p\n    modle: X\n    resource: TCPIP0::h::1::SOCKET\n",
                   "bench.yaml:4:5: unknown key 'modle' in an instrument (expected one of: name, model, roles, "
                   "resource, simulate, sim_port, sim_serial, serial, timeouts, checked, calibration_due, settings, "
                   "faults)"},
        BadStation{"station: {name: S}\ninstruments:\n  - name: p\n    model: X\n",
                   "bench.yaml:3:5: instrument 'p' needs a 'resource' (or 'simulate: true')"},
        BadStation{"station: {name: S}\ninstruments:\n  - name: p\n    model: X\n    resource: GPIB0::1::INSTR\n",
                   "bench.yaml:5:15: bad resource string: unsupported interface 'GPIB0' (expected TCPIP…::SOCKET or "
                   "ASRL…::INSTR)"},
        BadStation{"station: {name: S}\ninstruments:\n  - {name: p, model: X, simulate: true, sim_port: 70000}\n",
                   "bench.yaml:3:51: sim_port must be a whole number in 1..65535"},
        BadStation{"station: {name: S}\ninstruments:\n  - {name: p, model: X, simulate: true}\n  - {name: p, model: Y, "
                   "simulate: true}\n",
                   "bench.yaml:4:12: duplicate instrument name 'p'"},
        BadStation{"station: {name: S}\ninstruments:\n  - name: p\n    model: X\n    simulate: true\n    timeouts: "
                   "{reply: 5}\n",
                   "bench.yaml:6:23: timeouts.reply must be a duration with a unit (e.g. 500ms, 3s), got '5'"},
        BadStation{
            "station: {name: S}\ninstruments:\n  - name: p\n    model: X\n    simulate: true\n    faults:\n      "
            "- {kind: smoke}\n",
            "bench.yaml:7:16: unknown fault kind 'smoke' (expected latency, no_reply, disconnect, garbage, "
            "partial_reply, spurious_error, reset)"},
        BadStation{"station: {name: S, product_line: ssd}\ninstruments: []\n",
                   "bench.yaml:1:34: product_line must be xpo, cpo or coldplate, got 'ssd'"},
        BadStation{"instruments: []\n", "bench.yaml:1:1: missing 'station' section"},
        BadStation{"station: {name: S}\ninstruments:\n  - name: p\n    model: X\n    resource: TCPIP0::h::1::SOCKET\n "
                   "   faults: [{kind: garbage}]\n",
                   "bench.yaml:6:13: faults apply to simulated instruments only (add 'simulate: true')"},
        BadStation{"station: {name: S}\ninstruments:\n  - name: p\n    model: X\n    simulate: true\n    "
                   "calibration_due: soon\n",
                   "bench.yaml:6:22: calibration_due must be a date YYYY-MM-DD, got 'soon'"},
        // Issue 7 defect 3: keys that are lists or mappings aborted every command with a yaml-cpp exception.
        BadStation{"station: {name: a, [x]: 1}\ninstruments: []\n",
                   "bench.yaml:1:20: a key in station must be a name, not a list or mapping"},
        BadStation{"station: {name: S}\ninstruments:\n  - {name: p, model: X, simulate: true, {y: 1}: 2}\n",
                   "bench.yaml:3:41: a key in an instrument must be a name, not a list or mapping"},
        BadStation{"station: {name: S}\ninstruments:\n  - {name: p, model: X, simulate: true, serial: {[a]: 1}}\n",
                   "bench.yaml:3:50: a key in serial must be a name, not a list or mapping"},
        BadStation{"station: {name: S}\ninstruments:\n  - {name: p, model: X, simulate: true, serial: {baud: [1]}}\n",
                   "bench.yaml:3:56: serial baud must be a single value"},
        BadStation{"station: {name: S}\ninstruments:\n  - {name: p, model: X, simulate: true, settings: {[a]: 1}}\n",
                   "bench.yaml:3:52: a setting's name must be text, not a list or mapping"},
        BadStation{"[x]: 1\n", "bench.yaml:1:1: a key in the station file must be a name, not a list or mapping"}));

TEST(StationConfig, StationDataIsPerSocketOrShared) {
    const auto config = parseStationConfig(R"(station: {name: S}
instruments:
  - {name: psu, model: E36312A, simulate: true}
station_data:
  loss: 1.8
  loss@2: [1.7, 1.9]
  channel@1: 101
)",
                                           "s.yaml");
    ASSERT_NE(config.data.find(1, "loss"), nullptr);
    EXPECT_EQ(*config.data.find(1, "loss"), std::vector<double>{1.8});
    EXPECT_EQ(*config.data.find(2, "loss"), (std::vector<double>{1.7, 1.9}));
    EXPECT_EQ(*config.data.find(1, "channel"), std::vector<double>{101});
    EXPECT_EQ(config.data.find(2, "channel"), nullptr);
}

TEST(StationConfig, StationDataErrorsNameTheirPlace) {
    try {
        parseStationConfig("station: {name: S}\ninstruments: []\nstation_data:\n  bad-name: 1\n  loss: [1, x]\n",
                           "s.yaml");
        FAIL() << "accepted bad station data";
    } catch (const core::InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("s.yaml:4:3: station_data names are identifiers"), std::string::npos) << what;
        EXPECT_NE(what.find("s.yaml:5:13: station_data 'loss' must hold numbers, got 'x'"), std::string::npos) << what;
    }
}

TEST(StationConfig, FleetSectionIsOptionalWithDefaultsAndChecked) {
    EXPECT_FALSE(parseStationConfig(kGood, "bench.yaml").fleet) << "no section, no upload";
    const auto minimal =
        parseStationConfig(std::string(kGood) + "fleet: {sync_to: 'postgres://db.fab/fleet'}\n", "bench.yaml");
    ASSERT_TRUE(minimal.fleet);
    EXPECT_EQ(minimal.fleet->syncTo, "postgres://db.fab/fleet");
    EXPECT_EQ(minimal.fleet->batch, 50);
    EXPECT_EQ(minimal.fleet->interval, std::chrono::seconds(1));
    const auto full = parseStationConfig(
        std::string(kGood) + "fleet:\n  sync_to: postgresql://st@db.fab:5432/fleet?sslmode=verify-full\n"
                             "  batch: 200\n  interval: 2500ms\n",
        "bench.yaml");
    ASSERT_TRUE(full.fleet);
    EXPECT_EQ(full.fleet->syncTo, "postgresql://st@db.fab:5432/fleet?sslmode=verify-full");
    EXPECT_EQ(full.fleet->batch, 200);
    EXPECT_EQ(full.fleet->interval, std::chrono::milliseconds(2500));
    EXPECT_EQ(full.fleet->location.line, 20); // kGood is 18 lines; the mapping starts at its first key

    const auto bad = problems(std::string(kGood) + "fleet:\n  batch: 20000\n  interval: 10ms\n");
    ASSERT_EQ(bad.size(), 3u);
    EXPECT_EQ(bad[0], "bench.yaml:20:3: fleet needs 'sync_to', the central store's URL "
                      "(postgresql://user@host:port/database)");
    EXPECT_EQ(bad[1], "bench.yaml:20:10: fleet batch must be a whole number in 1..10000, got '20000'");
    EXPECT_EQ(bad[2], "bench.yaml:21:13: fleet interval must be between 100ms and 1h");
    EXPECT_EQ(problems(std::string(kGood) + "fleet: postgresql://db/fleet\n"),
              std::vector<std::string>{"bench.yaml:19:8: 'fleet' must be a mapping (sync_to, batch, interval)"});
    EXPECT_EQ(problems(std::string(kGood) + "fleet: {sync_to: 'postgresql://u:pw@db/f x'}\n"),
              std::vector<std::string>{"bench.yaml:19:18: fleet sync_to must not contain spaces (options go after "
                                       "'?', joined by '&')"});
}

TEST(StationConfig, WiringNamesOnlyInstrumentsSourcesAndJunctions) {
    try {
        parseStationConfig(R"(station: {name: S}
instruments:
  - {name: opm, model: N7745A, simulate: true}
  - {name: fx, model: XPO-HB1, simulate: true}
wiring:
  sockets: [{fixture: fx, supply: psu9}]
  links:
    - {from: "fx.tx[1-8]", to: "opn.[1-8]", loss_db: 0.5}
    - {from: "fx.tx[1-8]", to: "opm.[1-4]", loss_db: 0.5}
  daq:
    - {daq: opm, channel: 101, signal: fx.caes}
)",
                           "w.yaml");
        FAIL() << "accepted bad wiring";
    } catch (const core::InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("w.yaml:6:35: supply 'psu9' is not an instrument of this station"), std::string::npos)
            << what;
        EXPECT_NE(what.find("w.yaml:8:32: to port 'opn.1' starts with 'opn'"), std::string::npos) << what;
        EXPECT_NE(what.find("w.yaml:9:7: link from 8 ports to 4: the two ends"), std::string::npos) << what;
        EXPECT_NE(what.find("w.yaml:11:40: unknown signal 'fx.caes'"), std::string::npos) << what;
    }
}

TEST(StationConfig, CpoBoardWiringErrorsNameTheirPlace) {
    try {
        parseStationConfig(R"(station: {name: S}
instruments:
  - {name: core, model: N5741A, simulate: true}
  - {name: board, model: CPO-HB1, simulate: true}
wiring:
  cpo_boards:
    - {board: board, core: core, laser: psu9, interlock: shut}
    - {board: board, core: core}
simulation:
  planted_defects: {E1: [weak-lazer]}
)",
                           "c.yaml");
        FAIL() << "accepted bad CPO wiring";
    } catch (const core::InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("c.yaml:7:41: ELSFP supply 'psu9' is not an instrument of this station"), std::string::npos)
            << what;
        EXPECT_NE(what.find("c.yaml:7:58: interlock must be 'closed' or 'open', got 'shut'"), std::string::npos)
            << what;
        EXPECT_NE(what.find("c.yaml:8:7: a CPO board needs 'board', 'core'"), std::string::npos) << what;
        EXPECT_NE(what.find("c.yaml:10:26: unknown defect 'weak-lazer'"), std::string::npos) << what;
    }
}
