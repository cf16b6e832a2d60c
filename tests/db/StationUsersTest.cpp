// The station's users (db/StationUsers, schema version 6): passwords kept only as crypto_pwhash hashes that verify
// the right password and refuse a wrong one, roles, and the migration from version 5 that keeps the file's data.
#include "db/StationUsers.h"

#include "db/Connection.h"
#include "db/DbError.h"
#include "db/ResultStore.h"
#include "db/Schema.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace optiqual::db;
using optiqual::db::test::TempDir;

TEST(StationUsers, AHashVerifiesItsPasswordAndNoOther) {
    const std::string hash = hashPassword("s3cret-Pa55");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
    EXPECT_EQ(hash.find("s3cret"), std::string::npos) << "the password is not in its hash";
    EXPECT_TRUE(passwordMatches(hash, "s3cret-Pa55"));
    EXPECT_FALSE(passwordMatches(hash, "s3cret-Pa56"));
    EXPECT_FALSE(passwordMatches(hash, ""));
    EXPECT_NE(hashPassword("s3cret-Pa55"), hash) << "each hash has its own salt";
    EXPECT_FALSE(passwordMatches("not a hash", "s3cret-Pa55"));
}

TEST(StationUsers, RolesByName) {
    EXPECT_EQ(parseRole("technician"), Role::Technician);
    EXPECT_EQ(toString(Role::Engineer), "engineer");
    EXPECT_FALSE(parseRole("admin"));
    EXPECT_FALSE(parseRole("Operator")) << "names are written in lower case";
}

TEST(StationUsers, AddedUsersSignInWithTheirOwnPasswordOnly) {
    auto store = ResultStore::openMemory();
    auto& c = store.connection();
    EXPECT_EQ(StationUsers::count(c), 0);
    StationUsers users(c);
    users.add("tina", Role::Technician, "tech-pass");
    users.add("erik", Role::Engineer, "eng-pass");
    EXPECT_EQ(StationUsers::count(c), 2);
    EXPECT_EQ(StationUsers::verify(c, "tina", "tech-pass"), Role::Technician);
    EXPECT_EQ(StationUsers::verify(c, "erik", "eng-pass"), Role::Engineer);
    EXPECT_FALSE(StationUsers::verify(c, "tina", "eng-pass")) << "another user's password";
    EXPECT_FALSE(StationUsers::verify(c, "nobody", "tech-pass"));
    EXPECT_EQ(c.queryInt("SELECT count(*) FROM users WHERE password_hash LIKE '%tech-pass%'"), 0);
    // A taken name, an empty name or password.
    try {
        users.add("tina", Role::Operator, "other");
        FAIL() << "a second tina";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), DbErrorKind::Constraint) << e.what();
    }
    EXPECT_THROW(users.add("", Role::Operator, "x"), std::invalid_argument);
    EXPECT_THROW(users.add("olga", Role::Operator, ""), std::invalid_argument);
    EXPECT_EQ(StationUsers::count(c), 2);
}

TEST(StationUsers, VersionFiveMigratesToSixKeepingItsRunsAndAudit) {
    TempDir dir;
    const auto file = dir / "v5.db";
    {
        // A file as the previous OptiQual left it: version 5, one station and an audit row.
        auto c = Connection::open(file, OpenAccess::ReadWriteCreate);
        c.exec("PRAGMA journal_mode = WAL");
        Schema::migrate(c, 5);
        c.exec("INSERT INTO station (id, name, created_at) VALUES (1, 'line-1', 0);"
               "INSERT INTO audit (at, station_id, user, action, reason) VALUES (5, 1, 'jdoe', 'step.run_mode', 'r');");
        EXPECT_EQ(Schema::currentVersion(c), 5);
        EXPECT_EQ(c.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'users'"), 0);
    }
    StoreOptions migrate;
    migrate.access = OpenAccess::ReadWrite;
    migrate.migrate = true;
    {
        auto store = ResultStore::open(file, migrate);
        EXPECT_EQ(store.versionBeforeOpen(), 5);
        EXPECT_EQ(store.schemaVersion(), 6);
        auto& c = store.connection();
        EXPECT_EQ(c.queryInt("SELECT count(*) FROM audit WHERE user = 'jdoe'"), 1);
        EXPECT_EQ(StationUsers::count(c), 0);
        StationUsers(c).add("tina", Role::Technician, "tech-pass");
        EXPECT_TRUE(store.verify().ok());
    }
    // Opening again applies nothing and keeps the user: migrations run once.
    auto store = ResultStore::open(file, migrate);
    EXPECT_EQ(store.versionBeforeOpen(), 6);
    EXPECT_EQ(store.connection().queryInt("SELECT count(*) FROM schema_version WHERE version = 6"), 1);
    EXPECT_EQ(StationUsers::verify(store.connection(), "tina", "tech-pass"), Role::Technician);
    EXPECT_EQ(Schema::migrate(store.connection()), 6) << "nothing left to apply";
}
