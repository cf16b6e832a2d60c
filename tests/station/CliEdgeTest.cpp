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
    std::string err;
};

/// Runs build/optiqual with @p args, standard output discarded, standard error captured.
Outcome optiqual(const TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {OPTIQUAL_BINARY, "--log-file", ""});
    const std::string errFile = (dir / "stderr.txt").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
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
    std::ifstream in(errFile);
    out.err.assign(std::istreambuf_iterator<char>(in), {});
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
