// A fleet upgrades one machine at a time (issue 11): the server is migrated first and stations follow over days, or
// a station is upgraded before the server. Stations keep uploading into any schema whose rows they write in the same
// format, and a schema that changed what stations write refuses them loudly while their runs wait in the outbox.
#include "db/Outbox.h"
#include "db/ResultStore.h"
#include "db/central/CentralError.h"
#include "db/central/CentralSchema.h"
#include "db/central/PgConnection.h"
#include "db/central/Uploader.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>
#include <memory>
#include <string>

using namespace optiqual::db;
using namespace optiqual::db::central;
using optiqual::db::test::TempDir;
using optiqual::test::PgCluster;

namespace {

class CentralSchemaCompatibility : public ::testing::Test {
protected:
    static void SetUpTestSuite() { cluster = std::make_unique<PgCluster>(); }
    static void TearDownTestSuite() { cluster.reset(); }

    /// A database on the shared cluster migrated to @p version (none at 0).
    std::string storeAt(int version) {
        const auto url = cluster->createDatabase("v" + std::to_string(version) + "_" + std::to_string(++m_made));
        if (version > 0) {
            auto pg = PgConnection::open(url);
            CentralSchema::migrate(pg, version);
        }
        return url;
    }

    /// One Uploader::sendDue() of station file @p file to @p url.
    static UploadProgress upload(const std::filesystem::path& file, const std::string& url) {
        return optiqual::test::uploadStationFile(file, url, 10);
    }

    /// The station file's pending runs.
    static std::int64_t pending(const std::filesystem::path& file) {
        auto store = ResultStore::open(file, StoreOptions{});
        return Outbox(store.connection()).status(0, 0).pending;
    }

    static std::unique_ptr<PgCluster> cluster;
    TempDir dir;

private:
    int m_made = 0;
};

std::unique_ptr<PgCluster> CentralSchemaCompatibility::cluster;

TEST_F(CentralSchemaCompatibility, EveryVersionSoFarTakesThisBuildsRowsAndSaysItsFormat) {
    for (int version = 1; version <= CentralSchema::latestVersion(); ++version) {
        SCOPED_TRACE(version);
        auto pg = PgConnection::open(storeAt(version));
        const auto state = CentralSchema::inspect(pg);
        EXPECT_EQ(state.version, version);
        EXPECT_EQ(state.writeFormat, CentralSchema::writeFormat()) << "only indexes changed since version 1";
        EXPECT_NO_THROW(CentralSchema::checkWritable(pg));
        EXPECT_EQ(pg.exec("SELECT count(*) FROM schema_version WHERE write_format IS NULL").integer(0, 0), 0);
    }
}

TEST_F(CentralSchemaCompatibility, AStationUploadsIntoAnOlderSchemaAndGoesOnAfterTheServerIsMigrated) {
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 12, "SN-OLD");
    const auto url = storeAt(1);
    const auto first = upload(file, url);
    EXPECT_EQ(first.error, "");
    EXPECT_EQ(first.sent, 12);
    optiqual::test::expectSameOnBothSides(file, url, uuids);

    auto pg = PgConnection::open(url);
    EXPECT_EQ(CentralSchema::migrate(pg), 1);
    const auto more = optiqual::test::writeStationRuns(dir / "second.db", "xpo-line-2", 6, "SN-NEW");
    EXPECT_EQ(upload(dir / "second.db", url).sent, 6);
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), 18);
    optiqual::test::expectSameOnBothSides(dir / "second.db", url, more);
}

TEST_F(CentralSchemaCompatibility, ANewerSchemaWithTheSameRowsTakesUploadsButNotReports) {
    const auto url = storeAt(CentralSchema::latestVersion());
    auto pg = PgConnection::open(url);
    const auto newer = std::to_string(CentralSchema::latestVersion() + 1);
    pg.exec("INSERT INTO schema_version (version, description, write_format) VALUES ($1, 'a newer build''s index', $2)",
            {newer, std::to_string(CentralSchema::writeFormat())});
    EXPECT_EQ(CentralSchema::inspect(pg).version, CentralSchema::latestVersion() + 1);
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 8, "SN-AHEAD");
    EXPECT_EQ(upload(file, url).sent, 8);
    optiqual::test::expectSameOnBothSides(file, url, uuids);
    // Reading is another matter: a report cannot know what a newer schema changed.
    EXPECT_THROW(CentralSchema::currentVersion(pg), CentralError);
}

TEST_F(CentralSchemaCompatibility, ANewerSchemaThatChangedTheRowsRefusesTheStationAndItsRunsWait) {
    const auto url = storeAt(CentralSchema::latestVersion());
    auto pg = PgConnection::open(url);
    pg.exec("INSERT INTO schema_version (version, description, write_format) VALUES ($1, 'a new column', $2)",
            {std::to_string(CentralSchema::latestVersion() + 1), std::to_string(CentralSchema::writeFormat() + 1)});
    const auto file = dir / "station.db";
    optiqual::test::writeStationRuns(file, "xpo-line-1", 5, "SN-BEHIND");
    const auto refused = upload(file, url);
    EXPECT_EQ(refused.sent, 0);
    EXPECT_EQ(refused.quarantined, 0) << "the runs are fine; this station's build is not";
    EXPECT_NE(
        refused.error.find("expects stations to write format " + std::to_string(CentralSchema::writeFormat() + 1)),
        std::string::npos)
        << refused.error;
    EXPECT_NE(refused.error.find("upgrade OptiQual on this station"), std::string::npos) << refused.error;
    EXPECT_EQ(pending(file), 5);
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), 0);

    // A newer schema from a build that does not name its format is refused the same way (asked directly: the
    // station's runs now wait out their backoff before the next attempt).
    pg.exec("UPDATE schema_version SET write_format = NULL WHERE version = $1",
            {std::to_string(CentralSchema::latestVersion() + 1)});
    try {
        CentralSchema::checkWritable(pg);
        ADD_FAILURE() << "a newer schema of no named format was taken";
    } catch (const CentralError& e) {
        EXPECT_NE(std::string(e.what()).find("a format it does not name"), std::string::npos) << e.what();
    }
}

TEST_F(CentralSchemaCompatibility, AnEmptyDatabaseIsRefusedWithTheCommandThatMigratesIt) {
    const auto url = storeAt(0);
    const auto file = dir / "station.db";
    optiqual::test::writeStationRuns(file, "xpo-line-1", 3, "SN-EMPTY");
    const auto refused = upload(file, url);
    EXPECT_EQ(refused.sent, 0);
    EXPECT_NE(refused.error.find("no central schema (run: optiqual db migrate --db URL)"), std::string::npos)
        << refused.error;
    EXPECT_EQ(pending(file), 3);
}

TEST_F(CentralSchemaCompatibility, AStoreMigratedByAnEarlierBuildGetsEachVersionsFormat) {
    const auto url = storeAt(2);
    auto pg = PgConnection::open(url);
    pg.exec("ALTER TABLE schema_version DROP COLUMN write_format"); // as builds before the column left it
    EXPECT_EQ(CentralSchema::migrate(pg), 2);
    const auto formats = pg.exec("SELECT version, write_format FROM schema_version ORDER BY version");
    ASSERT_EQ(formats.rows(), CentralSchema::latestVersion());
    for (int i = 0; i < formats.rows(); ++i) {
        EXPECT_EQ(formats.integer(i, 0), i + 1);
        EXPECT_FALSE(formats.isNull(i, 1));
        EXPECT_EQ(formats.integer(i, 1), CentralSchema::writeFormat());
    }
}

} // namespace
