// `optiqual run` and `optiqual lot` driven through their command functions on the simulated one-socket XPO
// station, with the results read back from the database they wrote.
#include "db/Connection.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::station::cli;
using optiqual::db::test::TempDir;

namespace {

// Power on, soak, check the output is still on; power off in cleanup. Two units sharing the one supply would
// switch each other's output off.
const char* kSequence = R"(name: queue test
version: 1
instruments: {psu: PowerSupply}
parameters: {ch: 1}
main:
  - name: Power on
    type: action
    call: psu.setOutput
    args: {channel: ch, on: true}
  - name: Soak
    type: wait
    duration: 2 s
  - name: Output still on
    type: pass_fail
    call: psu.output
    args: {channel: ch}
cleanup:
  - name: Power off
    type: action
    call: psu.setOutput
    args: {channel: ch, on: false}
)";

struct RunRow {
    std::string serial;
    std::int64_t socket = 0, started = 0, ended = 0, outcome = 0;
};

class RunCommand : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(sequence) << kSequence;
        options.station =
            (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "station" / "configs" / "sim-xpo.yaml").string();
        options.sequence = sequence.string();
        options.db = db.string();
        options.timeScale = 1000;
        options.autoAnswer = true;
    }

    std::vector<RunRow> runs() const {
        auto c = db::Connection::open(db, db::OpenAccess::ReadOnly);
        auto st = c.prepare("SELECT u.serial, r.socket, r.started_at, r.ended_at, r.outcome FROM run r "
                            "JOIN unit u ON u.id = r.unit_id ORDER BY r.started_at, r.id");
        std::vector<RunRow> out;
        while (st.step())
            out.push_back({st.getText(0), st.getInt(1), st.getInt(2), st.getInt(3), st.getInt(4)});
        return out;
    }

    TempDir dir;
    std::filesystem::path sequence = dir / "queue.yaml";
    std::filesystem::path db = dir / "results.db";
    RunCommandOptions options;
};

} // namespace

// Issue 7 defect 2: more serials than sockets queue on the free socket, one unit at a time on its instruments.
TEST_F(RunCommand, MoreSerialsThanSocketsQueueOnTheFreeSocket) {
    options.serials = {"Q-A", "Q-B", "Q-C"};
    ASSERT_EQ(runRun(options), kExitOk);
    const auto rows = runs();
    ASSERT_EQ(rows.size(), 3u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].socket, 1) << rows[i].serial << ": the station has one socket";
        EXPECT_EQ(rows[i].outcome, static_cast<int>(sequences::Verdict::Pass)) << rows[i].serial;
        if (i > 0) {
            EXPECT_GE(rows[i].started, rows[i - 1].ended)
                << rows[i].serial << " started while " << rows[i - 1].serial << " was still on the socket";
        }
    }
}

// A batch starts and ends together, so it cannot queue: refused before anything runs.
TEST_F(RunCommand, BatchWithMoreSerialsThanSocketsIsRefused) {
    options.serials = {"B-A", "B-B"};
    options.model = "batch";
    EXPECT_EQ(runRun(options), kExitBadInput);
    EXPECT_FALSE(std::filesystem::exists(db)) << "refused before the database was opened";
}
