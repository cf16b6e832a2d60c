// The `optiqual report …` and `optiqual db …` commands, driven through CLI11 as main.cpp does.
#include "db/ResultWriter.h"
#include "station/cli/Commands.h"
#include "station/cli/DbCommands.h"
#include "tests/db/DbTestSupport.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace optiqual::db;
using namespace optiqual::db::test;
using namespace optiqual::station::cli;
using optiqual::sequences::Verdict;

namespace {

int runCli(std::vector<std::string> args) {
    CLI::App app{"optiqual"};
    app.require_subcommand(1);
    auto commands = registerDbCommands(app);
    args.insert(args.begin(), "optiqual");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    try {
        app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitBadInput;
    }
    return commands->dispatch().value_or(-1);
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
}

class DbCli : public ::testing::Test {
protected:
    void SetUp() override {
        auto w = ResultWriter::open(db, WriterOptions{});
        for (int u = 0; u < 6; ++u) {
            auto t = w->beginRun(sampleRunStart("SN" + std::to_string(u), at(u * 600)));
            w->recordStep(sampleStep(t.handle, "main/optics/tx_power", 4, u == 2, at(u * 600)));
            w->finishRun({t.handle, u == 2 ? Verdict::Fail : Verdict::Pass, at(u * 600 + 30), ""});
        }
    }
    TempDir dir;
    std::filesystem::path db = dir / "cli.db";
    std::string d() const { return db.string(); }
};

} // namespace

TEST_F(DbCli, ReportsInEveryFormat) {
    const auto out = dir / "out";
    EXPECT_EQ(runCli({"report", "yield", "--db", d(), "--format", "csv", "--out", out.string()}), kExitOk);
    EXPECT_NE(slurp(out).find("units,runs,first_pass_yield"), std::string::npos);
    EXPECT_EQ(runCli({"report", "yield", "--db", d(), "--by", "station,day", "--out", out.string()}), kExitOk);
    EXPECT_NE(slurp(out).find("TOTAL"), std::string::npos);
    EXPECT_EQ(runCli({"report", "pareto", "--db", d(), "--format", "json", "--out", out.string()}), kExitOk);
    EXPECT_EQ(nlohmann::json::parse(slurp(out))["sections"][0]["rows"][0]["units_affected"], 1);
    EXPECT_EQ(runCli({"report", "cpk", "--db", d(), "--part-number", "XPO-800G-DR8", "--out", out.string()}), kExitOk);
    EXPECT_NE(slurp(out).find("cpk"), std::string::npos);
    EXPECT_EQ(runCli({"report", "spc", "--db", d(), "--measurement", "m1", "--format", "csv", "--out", out.string()}),
              kExitOk);
    EXPECT_EQ(runCli({"report", "unit", "SN2", "--db", d(), "--out", out.string()}), kExitOk);
    EXPECT_NE(slurp(out).find("FAIL"), std::string::npos);
    EXPECT_EQ(runCli({"report", "run", "3", "--db", d(), "--format", "json", "--out", out.string()}), kExitOk);
    EXPECT_EQ(nlohmann::json::parse(slurp(out))["schema"], "optiqual.test-record/1");
    EXPECT_EQ(runCli({"report", "yield", "--db", d(), "--format", "html", "--out", out.string()}), kExitOk);
    EXPECT_NE(slurp(out).find("<svg"), std::string::npos);
    EXPECT_EQ(runCli({"report", "run", "1", "--db", d(), "--format", "html", "--out", out.string()}), kExitOk);
}

TEST_F(DbCli, ExitCodes) {
    EXPECT_EQ(runCli({"report", "unit", "NOPE", "--db", d()}), kExitBadInput);
    EXPECT_EQ(runCli({"report", "run", "999", "--db", d()}), kExitBadInput);
    EXPECT_EQ(runCli({"report", "yield", "--db", d(), "--since", "last tuesday"}), kExitBadInput);
    EXPECT_EQ(runCli({"report", "yield", "--db", d(), "--by", "colour"}), kExitBadInput);
    EXPECT_EQ(runCli({"report", "yield", "--db", d(), "--format", "pdf"}), kExitBadInput);
    EXPECT_EQ(runCli({"report", "yield", "--db", (dir / "missing.db").string()}), kExitError);
    EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
    std::ofstream(dir / "junk.db") << std::string(8192, 'x');
    EXPECT_EQ(runCli({"db", "verify", "--db", (dir / "junk.db").string()}), kExitError);
    EXPECT_EQ(runCli({"db", "verify", "--db", d()}), kExitOk);
    EXPECT_EQ(runCli({"db", "migrate", "--db", (dir / "new.db").string()}), kExitOk);
    EXPECT_TRUE(std::filesystem::exists(dir / "new.db"));
}

TEST_F(DbCli, ExportWritesOneRecordPerLineAndHonoursEnvironment) {
    const auto out = dir / "records.jsonl";
    setenv("OPTIQUAL_DB", d().c_str(), 1);
    EXPECT_EQ(runCli({"db", "export", "--out", out.string()}), kExitOk);
    unsetenv("OPTIQUAL_DB");
    std::ifstream in(out);
    int lines = 0;
    for (std::string line; std::getline(in, line); ++lines)
        EXPECT_EQ(nlohmann::json::parse(line)["schema"], "optiqual.test-record/1");
    EXPECT_EQ(lines, 6);
}
