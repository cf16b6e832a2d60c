// `optiqual user add`: the real binary with the password piped to its standard input, and --password-file; a user
// added signs in with that password only; an unknown role, a taken name, an empty password exit 64 with the reason.
#include "db/ResultStore.h"
#include "db/StationUsers.h"
#include "tests/db/DbTestSupport.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/wait.h>

using namespace optiqual;
using db::test::TempDir;

namespace {

struct Outcome {
    int code = -1;
    std::string output; ///< standard output and error
};

/// Runs `optiqual --log-file '' user add ARGS` with @p input (a printf format: \n a line end) on its standard input.
Outcome userAdd(const std::string& args, const std::string& input) {
    const std::string command =
        "printf '" + input + "' | " + OPTIQUAL_BINARY + " --log-file '' user add " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    Outcome o;
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), int(buffer.size()), pipe))
        o.output += buffer.data();
    const int status = ::pclose(pipe);
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

std::optional<db::Role> signIn(const std::filesystem::path& file, const std::string& name, const std::string& pw) {
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    return db::StationUsers::verify(store.connection(), name, pw);
}

} // namespace

TEST(UserCommand, AddsAUserWhosePasswordComesFromStandardInput) {
    TempDir dir;
    const auto file = dir / "station.db";
    const auto added = userAdd("--db " + file.string() + " --name tina --role technician", "tech-pass\\n");
    ASSERT_EQ(added.code, 0) << added.output;
    EXPECT_NE(added.output.find("User tina (technician) added"), std::string::npos) << added.output;
    EXPECT_EQ(signIn(file, "tina", "tech-pass"), db::Role::Technician);
    EXPECT_FALSE(signIn(file, "tina", "tech-pass\n")) << "the line end is not part of the password";

    std::ofstream(dir / "pw.txt") << "eng-pass\n";
    const auto fromFile =
        userAdd("--db " + file.string() + " --name erik --role engineer --password-file " + (dir / "pw.txt").string(),
                "ignored");
    ASSERT_EQ(fromFile.code, 0) << fromFile.output;
    EXPECT_EQ(signIn(file, "erik", "eng-pass"), db::Role::Engineer);
}

TEST(UserCommand, BadInputExits64WithTheReason) {
    TempDir dir;
    const std::string db = "--db " + (dir / "station.db").string();
    auto o = userAdd(db + " --name tina --role admin", "pw\\n");
    EXPECT_EQ(o.code, 64);
    EXPECT_NE(o.output.find("--role 'admin': not a role (operator, technician or engineer)"), std::string::npos)
        << o.output;
    o = userAdd(db + " --name tina --role operator", "\\n");
    EXPECT_EQ(o.code, 64);
    EXPECT_NE(o.output.find("the password is empty"), std::string::npos) << o.output;
    ASSERT_EQ(userAdd(db + " --name tina --role operator", "pw\\n").code, 0);
    o = userAdd(db + " --name tina --role engineer", "other\\n");
    EXPECT_EQ(o.code, 64);
    EXPECT_NE(o.output.find("user 'tina' exists already"), std::string::npos) << o.output;
    EXPECT_EQ(signIn(dir / "station.db", "tina", "pw"), db::Role::Operator) << "the first tina is unchanged";
    o = userAdd(db + " --name olga --role operator --password-file " + (dir / "missing").string(), "");
    EXPECT_EQ(o.code, 64);
    EXPECT_NE(o.output.find("cannot read --password-file"), std::string::npos) << o.output;
}
