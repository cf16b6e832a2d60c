// Every command of the real `optiqual` binary, driven with hostile input: each must answer with a message on
// standard error and exit 64 (bad input) or 2 (runtime error) — never abort (issue 7 defect 3).
#include "core/Diagnostic.h"
#include "db/Connection.h"
#include "instruments/InstrumentError.h"
#include "station/cli/CommandGuard.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"

#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

using optiqual::db::test::TempDir;

extern char** environ;

namespace {

struct Outcome {
    bool exited = false; ///< false: killed by a signal (an abort is exit by SIGABRT)
    int code = -1;
    std::string out;
    std::string err;
};

/// Runs build/optiqual with @p args, standard output and standard error captured.
Outcome optiqual(const TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {OPTIQUAL_BINARY, "--log-file", ""});
    const std::string outFile = (dir / "stdout.txt").string();
    const std::string errFile = (dir / "stderr.txt").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, OPTIQUAL_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    Outcome out;
    if (spawned != 0)
        return out;
    int status = 0;
    waitpid(pid, &status, 0);
    out.exited = WIFEXITED(status);
    out.code = out.exited ? WEXITSTATUS(status) : -WTERMSIG(status);
    std::ifstream outText(outFile);
    out.out.assign(std::istreambuf_iterator<char>(outText), {});
    std::ifstream errText(errFile);
    out.err.assign(std::istreambuf_iterator<char>(errText), {});
    return out;
}

struct Hostile {
    const char* label;
    std::vector<std::string> args; ///< "{dir}" is replaced by the test's directory
    int expected;
    const char* says; ///< part of the message on standard error
};

class CliEdge : public ::testing::TestWithParam<Hostile> {
protected:
    void SetUp() override {
        std::ofstream(dir / "key.yaml") << "station: {name: a, [x]: 1}\ninstruments: []\n";
        std::ofstream(dir / "settings.yaml")
            << "station: {name: a}\ninstruments:\n  - {name: p, model: E36312A, simulate: true, settings: {[a]: 1}}\n";
        std::ofstream(dir / "seq.yaml") << "name: s\nversion: 1\nmain:\n  - {name: w, type: wait, duration: 1 s}\n";
        std::ofstream(dir / "notadb.db") << "this is not an SQLite database, just text\n";
        std::ofstream binary(dir / "binary.yaml", std::ios::binary);
        for (int i = 0; i < 4096; ++i)
            binary.put(static_cast<char>((i * 7919) % 256));
    }
    TempDir dir;
};

TEST_P(CliEdge, ClearMessageAndExitCodeNeverAnAbort) {
    std::vector<std::string> args = GetParam().args;
    for (auto& a : args)
        if (auto at = a.find("{dir}"); at != std::string::npos)
            a.replace(at, 5, dir.path().string());
    const Outcome r = optiqual(dir, args);
    ASSERT_TRUE(r.exited) << "killed by signal " << -r.code << "; stderr:\n" << r.err;
    EXPECT_EQ(r.code, GetParam().expected) << r.err;
    EXPECT_NE(r.err.find(GetParam().says), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    EveryCommand, CliEdge,
    ::testing::Values(
        Hostile{"sim", {"sim", "--station", "{dir}/key.yaml"}, 64, "key.yaml:1:20: a key in station must be a name"},
        Hostile{"scpi_resource", {"scpi", "ASRL99999999999::INSTR", "*IDN?"}, 64, "is too large"},
        Hostile{"scpi_refused", {"scpi", "TCPIP0::127.0.0.1::1::SOCKET", "*IDN?"}, 2, "127.0.0.1"},
        Hostile{"probe", {"probe", "--station", "{dir}/key.yaml"}, 64, "key.yaml:1:20"},
        Hostile{"check_key", {"check", "{dir}/key.yaml"}, 64, ""},
        Hostile{"check_settings", {"check", "{dir}/settings.yaml"}, 64, ""},
        Hostile{"check_binary", {"check", "{dir}/binary.yaml"}, 64, ""},
        Hostile{"run",
                {"run", "--station", "{dir}/key.yaml", "--sequence", "{dir}/seq.yaml", "--serial", "A"},
                64,
                "key.yaml:1:20"},
        Hostile{"lot",
                {"lot", "--station", "{dir}/key.yaml", "--sequence", "{dir}/seq.yaml", "--count", "2"},
                64,
                "key.yaml:1:20"},
        Hostile{"run_option", {"run", "--time-scale", "abc"}, 64, "abc"},
        Hostile{"report", {"report", "yield", "--db", "{dir}/notadb.db"}, 2, "notadb.db"},
        Hostile{"db_verify", {"db", "verify", "--db", "{dir}/notadb.db"}, 2, "notadb.db"},
        Hostile{"db_export", {"db", "export", "--db", "{dir}/missing.db"}, 2, "missing.db"}),
    [](const ::testing::TestParamInfo<Hostile>& p) { return std::string(p.param.label); });

// A results file that is not one (text), or one from a newer build (schema version 99): every command that opens
// it says so naming the file and exits 2 — and the file is left byte for byte as it was (no partial writes).
TEST(CliDamagedDatabase, EveryCommandRefusesItNamingTheFileAndLeavesItUntouched) {
    TempDir dir;
    std::ofstream(dir / "station.yaml")
        << "station: {name: a}\ninstruments:\n  - {name: p, model: E36312A, simulate: true, roles: [psu]}\n";
    std::ofstream(dir / "seq.yaml") << "name: s\nversion: 1\nmain:\n  - {name: w, type: wait, duration: 1 ms}\n";
    std::ofstream(dir / "notadb.db") << "this is not an SQLite database, just text\n";
    {
        auto future = optiqual::db::Connection::open(dir / "future.db", optiqual::db::OpenAccess::ReadWriteCreate);
        future.exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER, description TEXT);"
                    "INSERT INTO schema_version VALUES (99, 0, 'from a newer build');");
    }
    auto bytes = [&](const std::string& file) {
        std::ifstream in(dir / file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    for (const std::string file : {"notadb.db", "future.db"}) {
        const std::string before = bytes(file);
        const std::string db = (dir / file).string();
        const std::string station = (dir / "station.yaml").string();
        const std::string sequence = (dir / "seq.yaml").string();
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"run", "--station", station, "--sequence", sequence, "--serial", "SN-1", "--db", db},
                 {"lot", "--station", station, "--sequence", sequence, "--count", "2", "--db", db},
                 {"report", "yield", "--db", db},
                 {"db", "verify", "--db", db}}) {
            SCOPED_TRACE(file + ": " + args[0]);
            const Outcome r = optiqual(dir, args);
            ASSERT_TRUE(r.exited) << r.err;
            EXPECT_EQ(r.code, 2) << r.err;
            EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
            EXPECT_TRUE(bytes(file) == before) << "the file was written to";
        }
    }
}

// Results files damaged below SQLite's API (issue 7): cut short, a b-tree page overwritten with garbage, the page
// size in the header wrong. The file is a real one: `optiqual lot` wrote 20 units of 20 measurements into it.

std::string fileBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeFile(const std::filesystem::path& file, const std::string& bytes) {
    for (const char* suffix : {"-wal", "-shm", "-owners"}) {
        std::error_code ec;
        std::filesystem::remove_all(file.string() + suffix, ec);
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

void writeStation(const TempDir& dir) {
    std::ofstream(dir / "station.yaml")
        << "station: {name: a}\ninstruments:\n  - {name: p, model: E36312A, simulate: true, roles: [psu]}\n";
    std::string seq = "name: s\nversion: 1\ninstruments: {psu: PowerSupply}\nmain:\n";
    for (int rail = 1; rail <= 4; ++rail) {
        seq += "  - name: Rail " + std::to_string(rail) + "\n    type: measure\n    measurements:\n";
        for (int m = 1; m <= 5; ++m)
            seq += "      - {name: v" + std::to_string(m) +
                   ", call: psu.measureVoltage, args: {channel: 2}, limit: {comparator: LE, high: 0.1, unit: V}}\n";
    }
    std::ofstream(dir / "seq.yaml") << seq;
}

/// The undamaged results file and where its pages are.
struct Pristine {
    std::string bytes;
    std::size_t pageSize = 0;
    std::vector<std::int64_t> dataRoots; ///< root pages of run, measurement, run_values and of their indexes
    std::int64_t measurementRoot = 0;
    std::string firstSerial;
    std::vector<std::pair<std::string, std::int64_t>> runs; ///< uuid, outcome
};

/// Written once by the real binary (20 units: a file of some 45 pages), then read back through db::Connection.
const Pristine& pristine() {
    static const Pristine made = [] {
        static const TempDir dir;
        writeStation(dir);
        const auto file = dir / "results.db";
        const Outcome r = optiqual(dir, {"lot", "--station", (dir / "station.yaml").string(), "--sequence",
                                         (dir / "seq.yaml").string(), "--count", "20", "--db", file.string()});
        EXPECT_EQ(r.code, 0) << r.err;
        Pristine p;
        {
            auto c = optiqual::db::Connection::open(file, optiqual::db::OpenAccess::ReadWrite);
            c.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            p.measurementRoot = c.queryInt("SELECT rootpage FROM sqlite_schema WHERE name = 'measurement'");
            auto roots = c.prepare("SELECT rootpage FROM sqlite_schema WHERE rootpage > 0 AND tbl_name IN "
                                   "('run', 'measurement', 'run_values')");
            while (roots.step())
                p.dataRoots.push_back(roots.getInt(0));
            p.firstSerial = c.queryText("SELECT serial FROM unit ORDER BY id LIMIT 1");
            auto runs = c.prepare("SELECT uuid, outcome FROM run ORDER BY id");
            while (runs.step())
                p.runs.emplace_back(runs.getText(0), runs.getInt(1));
        }
        p.bytes = fileBytes(file);
        const auto header = [&](std::size_t at) { return static_cast<unsigned char>(p.bytes.at(at)); };
        p.pageSize = header(16) * 256U + header(17);
        if (p.pageSize == 1)
            p.pageSize = 65536;
        return p;
    }();
    return made;
}

/// @p bytes with page @p page (1-based) overwritten by garbage that is no b-tree page (its first byte, the page
/// type, is none of SQLite's).
std::string garbledPage(std::string bytes, std::int64_t page, std::size_t pageSize) {
    const auto start = static_cast<std::size_t>(page - 1) * pageSize;
    for (std::size_t i = 0; i < pageSize; ++i)
        bytes.at(start + i) = static_cast<char>((i * 7919 + 101) % 256);
    return bytes;
}

struct Damage {
    const char* label; ///< also the file's name
    std::string (*damage)(const Pristine&);
};

class CliCorruptDatabase : public ::testing::TestWithParam<Damage> {};

// Every command that opens the file refuses it, exits 2 naming it and leaves it byte for byte as it was: none
// "repairs" it, none writes a run into it, none runs a unit first and fails to store it afterwards.
TEST_P(CliCorruptDatabase, EveryCommandRefusesItNamingTheFileAndLeavesItUntouched) {
    const Pristine& p = pristine();
    ASSERT_GT(p.bytes.size(), 40 * p.pageSize) << "a file of several pages to damage";
    ASSERT_EQ(p.runs.size(), 20U);
    TempDir dir;
    writeStation(dir);
    const std::string name = std::string(GetParam().label) + ".db";
    const auto file = dir / name;
    const std::string damaged = GetParam().damage(p);
    ASSERT_FALSE(damaged == p.bytes);
    const std::string db = file.string();
    const std::string station = (dir / "station.yaml").string();
    const std::string sequence = (dir / "seq.yaml").string();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"report", "yield", "--db", db},
             {"report", "pareto", "--db", db},
             {"report", "cpk", "--db", db},
             {"report", "spc", "--db", db},
             {"report", "unit", p.firstSerial, "--db", db},
             {"report", "run", "1", "--db", db},
             {"db", "verify", "--db", db},
             {"db", "export", "--db", db},
             {"db", "migrate", "--db", db},
             {"run", "--station", station, "--sequence", sequence, "--serial", "SN-1", "--db", db},
             {"lot", "--station", station, "--sequence", sequence, "--count", "2", "--db", db}}) {
        SCOPED_TRACE(args[0] + " " + args[1]);
        writeFile(file, damaged);
        const Outcome r = optiqual(dir, args);
        ASSERT_TRUE(r.exited) << "killed by signal " << -r.code << "; stderr:\n" << r.err;
        EXPECT_EQ(r.code, 2) << r.err;
        EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("Sanitizer"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("runtime error"), std::string::npos) << r.err;
        EXPECT_EQ(r.out.find("OK\n"), std::string::npos) << r.out;
        EXPECT_TRUE(fileBytes(file) == damaged) << "the file was written to";
    }
}

INSTANTIATE_TEST_SUITE_P(
    PageLevel, CliCorruptDatabase,
    ::testing::Values(Damage{"truncated_to_half",
                             [](const Pristine& p) { return p.bytes.substr(0, p.bytes.size() / 2); }},
                      Damage{"truncated_mid_page",
                             [](const Pristine& p) { return p.bytes.substr(0, p.pageSize * 20 + p.pageSize / 3); }},
                      Damage{"truncated_to_100_bytes", [](const Pristine& p) { return p.bytes.substr(0, 100); }},
                      Damage{"truncated_in_header", [](const Pristine& p) { return p.bytes.substr(0, 50); }},
                      Damage{"run_and_measurement_pages_garbled",
                             [](const Pristine& p) {
                                 std::string bytes = p.bytes;
                                 for (auto page : p.dataRoots)
                                     bytes = garbledPage(bytes, page, p.pageSize);
                                 return bytes;
                             }},
                      Damage{"page_size_not_a_power_of_two",
                             [](const Pristine& p) {
                                 std::string bytes = p.bytes;
                                 bytes[16] = '\x12';
                                 bytes[17] = '\x34';
                                 return bytes;
                             }},
                      Damage{"page_size_wrong",
                             [](const Pristine& p) {
                                 std::string bytes = p.bytes;
                                 const std::size_t wrong = p.pageSize == 1024 ? 2048 : 1024;
                                 bytes[16] = static_cast<char>(wrong >> 8);
                                 bytes[17] = static_cast<char>(wrong & 0xff);
                                 return bytes;
                             }},
                      Damage{"page_size_65536",
                             [](const Pristine& p) {
                                 std::string bytes = p.bytes;
                                 bytes[16] = '\x00';
                                 bytes[17] =
                                     p.pageSize == 65536 ? '\x04' : '\x01'; // 1 means 65536; 0x0004 is no size at all
                                 return bytes;
                             }},
                      Damage{"page_size_zero",
                             [](const Pristine& p) {
                                 std::string bytes = p.bytes;
                                 bytes[16] = '\x00';
                                 bytes[17] = '\x00';
                                 return bytes;
                             }}),
    [](const ::testing::TestParamInfo<Damage>& p) { return std::string(p.param.label); });

// One leaf page of the measurement table garbled, the rest intact. Reading it fails naming the file and `db verify`
// lists the damage (before, integrity_check's SQLITE_CORRUPT escaped as an error without the file's name). A station
// cannot know of a page it never reads without scanning the whole file: it may store new units beside the damage
// (exit 0) or stop where SQLite meets it (exit 2); either way every run stored before is still there and the
// damaged page is left as it was.
TEST(CliCorruptDatabaseLeaf, ReadersNameTheFileVerifyListsTheDamageAndStationsLoseNothing) {
    const Pristine& p = pristine();
    TempDir dir;
    writeStation(dir);
    const auto file = dir / "leaf.db";
    const std::string db = file.string();
    // The measurement table's root is an interior page (type 0x02, a WITHOUT ROWID table); its first cell starts
    // with the page number of the leftmost leaf: the measurements of the first runs.
    const auto root = static_cast<std::size_t>(p.measurementRoot - 1) * p.pageSize;
    ASSERT_EQ(p.bytes.at(root), '\x02') << "400 measurements span more than one page";
    const auto byte = [&](std::size_t at) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(p.bytes.at(at)));
    };
    const std::size_t cell = root + (byte(root + 12) << 8U | byte(root + 13));
    const std::int64_t leaf = byte(cell) << 24U | byte(cell + 1) << 16U | byte(cell + 2) << 8U | byte(cell + 3);
    ASSERT_GT(leaf, 1);
    const std::string damaged = garbledPage(p.bytes, leaf, p.pageSize);

    writeFile(file, damaged);
    const Outcome verify = optiqual(dir, {"db", "verify", "--db", db});
    ASSERT_TRUE(verify.exited) << verify.err;
    EXPECT_EQ(verify.code, 2) << verify.err;
    EXPECT_NE(verify.out.find("integrity: "), std::string::npos) << verify.out;
    EXPECT_NE(verify.out.find("PROBLEMS FOUND"), std::string::npos) << verify.out;
    EXPECT_NE(verify.err.find("leaf.db: verify found"), std::string::npos) << verify.err;
    EXPECT_TRUE(fileBytes(file) == damaged) << "db verify wrote to the file";
    // Nor is it migrated or called up to date: migration would write to the tables the damage is in.
    const Outcome migrate = optiqual(dir, {"db", "migrate", "--db", db});
    ASSERT_TRUE(migrate.exited) << migrate.err;
    EXPECT_EQ(migrate.code, 2) << migrate.out << migrate.err;
    EXPECT_EQ(migrate.out.find("up to date"), std::string::npos) << migrate.out;
    EXPECT_NE(migrate.err.find("leaf.db: the file is damaged"), std::string::npos) << migrate.err;
    EXPECT_TRUE(fileBytes(file) == damaged) << "db migrate wrote to the file";
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"report", "run", "1", "--db", db}, {"db", "export", "--db", db}}) {
        SCOPED_TRACE(args[0] + " " + args[1]);
        writeFile(file, damaged);
        const Outcome r = optiqual(dir, args);
        ASSERT_TRUE(r.exited) << r.err;
        EXPECT_EQ(r.code, 2) << r.err;
        EXPECT_NE(r.err.find("leaf.db: database disk image is malformed"), std::string::npos) << r.err;
        EXPECT_TRUE(fileBytes(file) == damaged) << "the file was written to";
    }

    const std::string station = (dir / "station.yaml").string();
    const std::string sequence = (dir / "seq.yaml").string();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"run", "--station", station, "--sequence", sequence, "--serial", "SN-1", "--db", db},
             {"lot", "--station", station, "--sequence", sequence, "--count", "2", "--db", db}}) {
        SCOPED_TRACE(args[0]);
        writeFile(file, damaged);
        const Outcome r = optiqual(dir, args);
        ASSERT_TRUE(r.exited) << r.err;
        EXPECT_TRUE(r.code == 0 || r.code == 2) << r.code << ": " << r.err;
        if (r.code != 0) {
            EXPECT_NE(r.err.find("leaf.db"), std::string::npos) << r.err;
        }
        const std::string after = fileBytes(file);
        const auto at = static_cast<std::size_t>(leaf - 1) * p.pageSize;
        EXPECT_TRUE(after.compare(at, p.pageSize, damaged, at, p.pageSize) == 0) << "the damaged page was rewritten";
        auto c = optiqual::db::Connection::open(file, optiqual::db::OpenAccess::ReadOnly);
        auto runs = c.prepare("SELECT uuid, outcome FROM run ORDER BY id");
        std::vector<std::pair<std::string, std::int64_t>> stored;
        while (runs.step())
            stored.emplace_back(runs.getText(0), runs.getInt(1));
        ASSERT_GE(stored.size(), p.runs.size());
        stored.resize(p.runs.size());
        EXPECT_EQ(stored, p.runs) << "runs stored before were changed or lost";
    }
}

// The edge itself: whatever a command throws becomes an exit code, 64 for bad input and 2 for the rest.
TEST(CommandGuard, EveryExceptionBecomesAnExitCode) {
    using namespace optiqual;
    using namespace optiqual::station::cli;
    using instruments::InstrumentError;
    using instruments::InstrumentErrorKind;
    auto codeOf = [](auto thrower) {
        return runGuarded("test", [&]() -> int {
            thrower();
            return kExitOk;
        });
    };
    EXPECT_EQ(codeOf([] { throw core::InputError({{{"f.yaml", 1, 2}, "bad"}}); }), kExitBadInput);
    EXPECT_EQ(codeOf([] { throw InstrumentError(InstrumentErrorKind::Configuration, "psu", "", "bad model"); }),
              kExitBadInput);
    EXPECT_EQ(codeOf([] { throw InstrumentError(InstrumentErrorKind::Timeout, "psu", "MEAS?", "no reply"); }),
              kExitError);
    EXPECT_EQ(codeOf([] { YAML::Load("[1, 2").size(); }), kExitBadInput);
    EXPECT_EQ(codeOf([] { (void)std::stoi("99999999999999"); }), kExitBadInput);
    EXPECT_EQ(codeOf([] { throw std::bad_alloc(); }), kExitError);
    EXPECT_EQ(codeOf([] { throw std::runtime_error("disk on fire"); }), kExitError);
    EXPECT_EQ(codeOf([] { throw 42; }), kExitError);
    EXPECT_EQ(runGuarded("test", [] { return kExitUnitFailed; }), kExitUnitFailed) << "codes pass through";
}

} // namespace
