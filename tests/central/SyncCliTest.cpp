// `optiqual sync`, the real binary: killed with SIGKILL mid-upload again and again, then run to the end, the
// central store holds every run once and equal to the station's; a server that cannot be reached leaves the runs
// pending with exit 2 and never shows the password (issue 11).
#include "db/ResultStore.h"
#include "db/Statement.h"
#include "db/central/CentralSchema.h"
#include "db/central/PgConnection.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

using optiqual::db::test::TempDir;

struct Child {
    pid_t pid = -1;
    int out = -1; ///< read end of its standard output
};

Child spawnOptiqual(std::vector<std::string> args, const std::filesystem::path& errFile) {
    args.insert(args.begin(), {OPTIQUAL_BINARY, "--log-file", ""});
    int pipeFds[2];
    if (::pipe(pipeFds) != 0)
        throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    posix_spawn_file_actions_addopen(&actions, 2, errFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    Child c;
    const int spawned = posix_spawn(&c.pid, OPTIQUAL_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    if (spawned != 0)
        throw std::runtime_error("spawn optiqual");
    c.out = pipeFds[0];
    return c;
}

/// Reads one line of the child's output; false at its end.
bool readLine(int fd, std::string& line) {
    line.clear();
    char ch = 0;
    while (::read(fd, &ch, 1) == 1) {
        if (ch == '\n')
            return true;
        line += ch;
    }
    return !line.empty();
}

/// Waits for the child; its exit code, or -signal.
int finish(Child& c) {
    std::string ignored;
    while (readLine(c.out, ignored)) {
    }
    ::close(c.out);
    int status = 0;
    ::waitpid(c.pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::string fileText(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

class SyncCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() { cluster = std::make_unique<optiqual::test::PgCluster>(); }
    static void TearDownTestSuite() { cluster.reset(); }
    static std::unique_ptr<optiqual::test::PgCluster> cluster;
    TempDir dir;
};

std::unique_ptr<optiqual::test::PgCluster> SyncCli::cluster;

TEST_F(SyncCli, KilledMidUploadAgainAndAgainThenCompletesWithNoLossAndNoDuplicate) {
    const std::string url = cluster->createDatabase("t_killed");
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 40, "SN-SIG");
    const auto err = dir / "stderr.txt";
    {
        Child migrate = spawnOptiqual({"db", "migrate", "--db", url}, err);
        ASSERT_EQ(finish(migrate), 0) << fileText(err);
    }
    std::mt19937 random(20261206);
    int killedMidway = 0;
    for (int round = 0; round < 6; ++round) {
        Child sync = spawnOptiqual({"sync", "--db", file.string(), "--to", url, "--batch", "1", "-v"}, err);
        // A batch's line comes once it is settled at the station; the kill lands after 1-3 of them, up to 4 ms later:
        // between batches, inside a server transaction, or between the server's commit and the station's.
        const int lines = std::uniform_int_distribution<int>(1, 3)(random);
        std::string line;
        int seen = 0;
        while (seen < lines && readLine(sync.out, line))
            if (line.rfind("…", 0) == 0)
                ++seen;
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 4000)(random)));
        ::kill(sync.pid, SIGKILL);
        killedMidway += finish(sync) == -SIGKILL ? 1 : 0;
    }
    EXPECT_GE(killedMidway, 5) << "the kills should land before the upload ends";
    EXPECT_LT(optiqual::test::centralCount(url, "run"), 40) << "the kills should leave work for the last sync";

    Child last = spawnOptiqual({"sync", "--db", file.string(), "--to", url}, err);
    std::string summary;
    readLine(last.out, summary);
    EXPECT_EQ(finish(last), 0) << fileText(err);
    EXPECT_NE(summary.find("0 quarantined, 0 postponed"), std::string::npos) << summary;
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), 40);
    EXPECT_EQ(optiqual::test::centralCount(url, "measurement"), 40 * 9);
    EXPECT_EQ(optiqual::test::centralCount(url, "step"), 80);
    optiqual::test::expectSameOnBothSides(file, url, uuids);

    Child status = spawnOptiqual({"sync", "--db", file.string(), "--status"}, err);
    readLine(status.out, summary);
    EXPECT_EQ(finish(status), 0);
    EXPECT_NE(summary.find("40 sent, 0 pending (0 due now), 0 quarantined"), std::string::npos) << summary;
}

/// Everything the child writes to standard output.
std::string allOutput(Child& c, int& code) {
    std::string all, line;
    while (readLine(c.out, line))
        all += line + "\n";
    code = finish(c);
    return all;
}

TEST_F(SyncCli, TwoStationsSyncToOneServerAndTheFleetReportComparesThem) {
    const std::string url = cluster->createDatabase("t_fleet");
    const auto err = dir / "stderr.txt";
    int code = 0;
    Child migrate = spawnOptiqual({"db", "migrate", "--db", url}, err);
    EXPECT_NE(allOutput(migrate, code).find("central schema version 0 -> "), std::string::npos);
    ASSERT_EQ(code, 0) << fileText(err);
    for (const std::string station : {"xpo-line-1", "xpo-line-2"}) {
        const auto file = dir / (station + ".db");
        optiqual::test::writeStationRuns(file, station, station == "xpo-line-1" ? 10 : 6, "SN-" + station + "-", true);
        Child sync = spawnOptiqual({"sync", "--db", file.string(), "--to", url}, err);
        allOutput(sync, code);
        EXPECT_EQ(code, 0) << fileText(err);
    }
    Child report = spawnOptiqual({"report", "yield", "--db", url, "--by", "station", "--format", "csv"}, err);
    const std::string csv = allOutput(report, code);
    ASSERT_EQ(code, 0) << fileText(err);
    EXPECT_NE(csv.find("xpo-line-1,10,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("xpo-line-2,6,"), std::string::npos) << csv;

    Child pareto = spawnOptiqual({"report", "pareto", "--db", url}, err);
    EXPECT_NE(allOutput(pareto, code).find("main/optics/tx_power"), std::string::npos);
    EXPECT_EQ(code, 0) << fileText(err);
    // Cpk and SPC by station: a station column, each station's series of its own.
    Child cpk = spawnOptiqual({"report", "cpk", "--db", url, "--by", "station", "--format", "csv"}, err);
    const std::string cpkCsv = allOutput(cpk, code);
    EXPECT_EQ(code, 0) << fileText(err);
    EXPECT_EQ(cpkCsv.rfind("station,step,measurement,", 0), 0u) << cpkCsv;
    for (const std::string station : {"xpo-line-1", "xpo-line-2"}) {
        // Each station's own report, row by row, behind its name.
        Child own =
            spawnOptiqual({"report", "cpk", "--db", (dir / (station + ".db")).string(), "--format", "csv"}, err);
        const std::string ownCsv = allOutput(own, code);
        EXPECT_EQ(code, 0) << fileText(err);
        std::istringstream rows(ownCsv);
        std::string row;
        std::getline(rows, row); // the header
        int compared = 0;
        while (std::getline(rows, row)) {
            EXPECT_NE(cpkCsv.find("\n" + station + "," + row + "\n"), std::string::npos) << row << "\n" << cpkCsv;
            ++compared;
        }
        EXPECT_EQ(compared, 8) << "m0-m7 of tx_power (m3 from the retests only: the first runs read NaN)";
    }
    Child spc = spawnOptiqual({"report", "spc", "--db", url, "--measurement", "tx_power/m0"}, err);
    const std::string spcText = allOutput(spc, code);
    EXPECT_EQ(code, 0) << fileText(err);
    EXPECT_NE(spcText.find("central store"), std::string::npos) << spcText;
    EXPECT_NE(spcText.find("main/optics/tx_power"), std::string::npos) << spcText;
    EXPECT_EQ(spcText.find("tx_power  m1"), std::string::npos) << "the measurement filter: " << spcText;

    // What they do not do is said, with exit 64: grouping by anything but station; by station on a station's file
    // (one station); a unit's history on the central store.
    const auto said = [&](std::vector<std::string> args, const std::string& words) {
        SCOPED_TRACE(args[0] + " " + args[1]);
        std::filesystem::remove(err);
        Child c = spawnOptiqual(std::move(args), err);
        allOutput(c, code);
        EXPECT_EQ(code, 64);
        EXPECT_NE(fileText(err).find(words), std::string::npos) << fileText(err);
    };
    said({"report", "spc", "--db", url, "--by", "day"}, "group by station only");
    said({"report", "cpk", "--db", (dir / "xpo-line-1.db").string(), "--by", "station"}, "central store");
    said({"report", "unit", "SN-xpo-line-1-0", "--db", url}, "station's file");
}

// The issue's promise: the server lost mid-lot changes nothing for the units under test; the runs wait and a later
// sync delivers them, none lost, none twice.
TEST_F(SyncCli, ALotKeepsTestingWhenTheServerDiesUnderItsBackgroundUpload) {
    const std::string url = cluster->createDatabase("t_lot");
    const auto err = dir / "stderr.txt";
    int code = 0;
    Child migrate = spawnOptiqual({"db", "migrate", "--db", url}, err);
    allOutput(migrate, code);
    ASSERT_EQ(code, 0) << fileText(err);
    std::ofstream(dir / "station.yaml")
        << "station: {name: SYNC-LOT}\ninstruments:\n  - {name: psu, model: E36312A, simulate: true, roles: [psu]}\n";
    std::ofstream(dir / "sequence.yaml")
        << "name: sync lot\nversion: 1\ninstruments: {psu: PowerSupply}\nmain:\n"
           "  - {name: Set, type: action, call: psu.setVoltage, args: {channel: 1, volts: 3.3}}\n"
           "  - {name: 'On', type: action, call: psu.setOutput, args: {channel: 1, on: true}}\n"
           "  - {name: Settle, type: wait, duration: 25 ms}\n"
           "  - name: Rail\n    type: measure\n    measurements:\n"
           "      - {name: v1, call: psu.measureVoltage, args: {channel: 1}, limit: {comparator: GELE, low: 3.2, "
           "high: 3.4, unit: V}}\n"
           "  - {name: 'Off', type: action, call: psu.setOutput, args: {channel: 1, on: false}}\n";
    const auto file = dir / "results.db";
    // First a small lot with the server up: its runs are on the server when the lot ends.
    Child small = spawnOptiqual({"lot", "--station", (dir / "station.yaml").string(), "--sequence",
                                 (dir / "sequence.yaml").string(), "--count", "5", "--db", file.string(), "--progress",
                                 "none", "--sync-to", url},
                                err);
    const std::string smallOut = allOutput(small, code);
    EXPECT_EQ(code, 0) << fileText(err);
    EXPECT_NE(smallOut.find("Central store: 5 sent, 0 quarantined, 0 pending"), std::string::npos) << smallOut;
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), 5);

    constexpr int kUnits = 80;
    Child lot = spawnOptiqual({"lot", "--station", (dir / "station.yaml").string(), "--sequence",
                               (dir / "sequence.yaml").string(), "--count", std::to_string(kUnits), "--db",
                               file.string(), "--progress", "plain", "--sync-to", url},
                              err);
    std::string line, all;
    int finished = 0;
    bool killed = false;
    while (readLine(lot.out, line)) {
        all += line + "\n";
        if (line.find(" finished PASS") != std::string::npos && ++finished == kUnits / 2 && !killed) {
            cluster->kill(); // the lot is halfway; its uploader has had passes at 1 s intervals
            killed = true;
        }
    }
    ::close(lot.out);
    int status = 0;
    ::waitpid(lot.pid, &status, 0);
    cluster->start();
    ASSERT_TRUE(killed) << all;
    ASSERT_TRUE(WIFEXITED(status)) << all;
    EXPECT_EQ(WEXITSTATUS(status), 0) << all << fileText(err);
    EXPECT_EQ(finished, kUnits) << "every unit ran to PASS";
    const auto centralLine = all.substr(all.find("Central store: "));
    EXPECT_EQ(centralLine.find(" 0 pending"), std::string::npos) << centralLine;
    const long long before = optiqual::test::centralCount(url, "run");
    EXPECT_LT(before, kUnits + 5) << centralLine;

    Child sync = spawnOptiqual({"sync", "--db", file.string(), "--to", url}, err);
    allOutput(sync, code);
    EXPECT_EQ(code, 0) << fileText(err);
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), kUnits + 5);
    EXPECT_EQ(optiqual::test::centralCount(url, "measurement"), kUnits + 5);
    std::vector<std::string> uuids;
    {
        auto store = optiqual::db::ResultStore::open(file, optiqual::db::StoreOptions{});
        auto st = store.connection().prepare("SELECT uuid FROM run ORDER BY id");
        while (st.step())
            uuids.push_back(st.getText(0));
    }
    ASSERT_EQ(uuids.size(), static_cast<std::size_t>(kUnits + 5));
    optiqual::test::expectSameOnBothSides(file, url, uuids);
}

/// A station file with one simulated power supply and @p fleet appended (the `fleet:` section's text, or none).
std::filesystem::path writeStationFile(const std::filesystem::path& file, const std::string& fleet) {
    std::ofstream(file) << "station: {name: FLEET-SECTION}\ninstruments:\n"
                           "  - {name: psu, model: E36312A, simulate: true, roles: [psu]}\n"
                        << fleet;
    return file;
}

std::filesystem::path writeRailSequence(const std::filesystem::path& file) {
    std::ofstream(file) << "name: rail\nversion: 1\ninstruments: {psu: PowerSupply}\nmain:\n"
                           "  - {name: Set, type: action, call: psu.setVoltage, args: {channel: 1, volts: 3.3}}\n"
                           "  - {name: 'On', type: action, call: psu.setOutput, args: {channel: 1, on: true}}\n"
                           "  - {name: Settle, type: wait, duration: 25 ms}\n"
                           "  - name: Rail\n    type: measure\n    measurements:\n"
                           "      - {name: v1, call: psu.measureVoltage, args: {channel: 1}, limit: {comparator: GELE, "
                           "low: 3.2, high: 3.4, unit: V}}\n"
                           "  - {name: 'Off', type: action, call: psu.setOutput, args: {channel: 1, on: false}}\n";
    return file;
}

// issue 11: "--sync-to URL or a fleet: section in the station file". The section alone starts the background
// upload; --sync-to wins over it; `check` reports a bad section as file:line:column; no password is ever shown.
TEST_F(SyncCli, TheStationFilesFleetSectionUploadsAndTheCommandLineWins) {
    const std::string url = cluster->createDatabase("t_fleet_section");
    const std::string other = cluster->createDatabase("t_fleet_cli");
    const auto err = dir / "stderr.txt";
    int code = 0;
    for (const auto& u : {url, other}) {
        Child migrate = spawnOptiqual({"db", "migrate", "--db", u}, err);
        allOutput(migrate, code);
        ASSERT_EQ(code, 0) << fileText(err);
    }
    // Trust authentication ignores the password; it is there to be hidden.
    std::string secretUrl = url;
    secretUrl.replace(secretUrl.find("optiqual@"), 9, "optiqual:s3cret@");
    const auto station =
        writeStationFile(dir / "station.yaml", "fleet: {sync_to: '" + secretUrl + "', batch: 2, interval: 200ms}\n");
    const auto sequence = writeRailSequence(dir / "rail.yaml");
    Child check = spawnOptiqual({"check", station.string()}, err);
    const std::string checked = allOutput(check, code);
    EXPECT_EQ(code, 0) << checked << fileText(err);

    Child lot = spawnOptiqual({"lot", "--station", station.string(), "--sequence", sequence.string(), "--count", "5",
                               "--db", (dir / "a.db").string(), "--progress", "none"},
                              err);
    const std::string out = allOutput(lot, code);
    EXPECT_EQ(code, 0) << out << fileText(err);
    EXPECT_NE(out.find("finished runs go to the central store postgresql://optiqual:***@127.0.0.1:"), std::string::npos)
        << out;
    EXPECT_NE(out.find("(the station file's fleet section)"), std::string::npos) << out;
    EXPECT_NE(out.find("Central store: 5 sent, 0 quarantined, 0 pending"), std::string::npos) << out;
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), 5);

    // --sync-to names another store: the runs go there, none to the section's.
    Child cli = spawnOptiqual({"lot", "--station", station.string(), "--sequence", sequence.string(), "--count", "3",
                               "--db", (dir / "b.db").string(), "--progress", "none", "--sync-to", other},
                              err);
    const std::string cliOut = allOutput(cli, code);
    EXPECT_EQ(code, 0) << cliOut << fileText(err);
    EXPECT_EQ(cliOut.find("fleet section"), std::string::npos) << cliOut;
    EXPECT_NE(cliOut.find("Central store: 3 sent, 0 quarantined, 0 pending"), std::string::npos) << cliOut;
    EXPECT_EQ(optiqual::test::centralCount(other, "run"), 3);
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), 5);

    // A bad section: every problem where it is written, the URL never repeated; lot refuses the file as check does.
    const auto bad = writeStationFile(dir / "bad.yaml", "fleet:\n"
                                                        "  sync_to: mysql://u:s3cret@h/x\n"
                                                        "  batch: 0\n"
                                                        "  interval: 5\n"
                                                        "  color: red\n");
    Child badCheck = spawnOptiqual({"check", bad.string()}, err);
    const std::string problems = allOutput(badCheck, code) + fileText(err);
    EXPECT_EQ(code, 64);
    const std::string at = bad.string() + ":";
    EXPECT_NE(problems.find(at + "5:12: fleet sync_to must be a URL starting with postgresql://"), std::string::npos)
        << problems;
    EXPECT_NE(problems.find(at + "6:10: fleet batch must be a whole number in 1..10000"), std::string::npos)
        << problems;
    EXPECT_NE(problems.find(at + "7:13: fleet interval must be a duration with a unit"), std::string::npos) << problems;
    EXPECT_NE(problems.find(at + "8:3: unknown key 'color' in fleet"), std::string::npos) << problems;
    Child badLot = spawnOptiqual({"lot", "--station", bad.string(), "--sequence", sequence.string(), "--count", "1",
                                  "--db", (dir / "c.db").string(), "--progress", "none"},
                                 err);
    const std::string refused = allOutput(badLot, code);
    EXPECT_EQ(code, 64) << refused;
    EXPECT_FALSE(std::filesystem::exists(dir / "c.db")) << "nothing ran";
    const std::string everything = checked + out + cliOut + problems + refused + fileText(err);
    EXPECT_EQ(everything.find("s3cret"), std::string::npos) << everything;
}

TEST_F(SyncCli, AnUnreachableServerLeavesRunsPendingExitTwoAndNeverShowsThePassword) {
    const auto file = dir / "station.db";
    optiqual::test::writeStationRuns(file, "xpo-line-1", 3, "SN-DOWN");
    const auto err = dir / "stderr.txt";
    // A loopback port nobody listens on: the cluster's, with the cluster stopped.
    const std::string url = "postgresql://station:s3cret@127.0.0.1:" + std::to_string(cluster->port()) + "/fleet";
    cluster->kill();
    Child sync = spawnOptiqual({"sync", "--db", file.string(), "--to", url}, err);
    std::string out;
    readLine(sync.out, out);
    const int code = finish(sync);
    const std::string message = fileText(err);
    // A fleet report from a server that is away: an error naming it, exit 2, no password.
    const auto reportErr = dir / "report-stderr.txt";
    Child cpk = spawnOptiqual({"report", "cpk", "--db", url}, reportErr);
    const int reportCode = finish(cpk);
    cluster->start();
    EXPECT_EQ(reportCode, 2);
    EXPECT_NE(fileText(reportErr).find("127.0.0.1"), std::string::npos) << fileText(reportErr);
    EXPECT_EQ(fileText(reportErr).find("s3cret"), std::string::npos) << fileText(reportErr);
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("3 postponed"), std::string::npos) << out;
    EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;

    Child status = spawnOptiqual({"sync", "--db", file.string(), "--status"}, err);
    std::string line;
    readLine(status.out, line);
    std::string all = line + "\n";
    while (readLine(status.out, line))
        all += line + "\n";
    ::close(status.out);
    int st = 0;
    ::waitpid(status.pid, &st, 0);
    EXPECT_NE(all.find("3 pending"), std::string::npos) << all;
    EXPECT_NE(all.find("last error: "), std::string::npos) << all;
    EXPECT_EQ(all.find("s3cret"), std::string::npos) << all;
}

} // namespace
