// `optiqual check` on a station file: it reports, with file:line:column, what opening the station would refuse.
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace optiqual::station::cli;
using optiqual::db::test::TempDir;

// Issue 7 defect 4: every one of these passed `check` and was refused (or silently misread) by probe and run.
TEST(CheckCommand, ReportsWhatOpeningTheStationWouldRefuse) {
    TempDir dir;
    const auto file = dir / "station.yaml";
    std::ofstream(file) << "station: {name: S, seed: -1}\n"
                           "instruments:\n"
                           "  - {name: ch, model: F4T, simulate: true, settings: {ambient_setpoint: abc}}\n"
                           "  - {name: f, model: XPO-HB1, simulate: true, roles: [fixture@abc]}\n"
                           "  - name: p\n"
                           "    model: N5767A\n"
                           "    simulate: true\n"
                           "    settings: {colour: blue}\n"
                           "    faults:\n"
                           "      - {kind: garbage, after: -3}\n"
                           "      - {kind: garbage, every: 1e12}\n";
    ::testing::internal::CaptureStdout();
    const int code = runCheck({file.string()});
    const std::string out = ::testing::internal::GetCapturedStdout();
    EXPECT_EQ(code, kExitBadInput) << out;
    const std::string f = file.string();
    for (const std::string& expected :
         {f + ":1:26: seed must be a whole number", f + ":3:73: instrument 'ch': setting 'ambient_setpoint' must be",
          f + ":4:55: role 'fixture@abc'", f + ":8:24: instrument 'p': unknown setting 'colour'",
          f + ":10:32: after must be a whole number", f + ":11:32: every must be a whole number"})
        EXPECT_NE(out.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << out;
    EXPECT_NE(out.find("6 problems"), std::string::npos) << out;
}
