// TLS options pass through to libpq (issue 11), against a throw-away cluster started with ssl=on and a self-signed
// certificate made by `openssl req` at test time: sslmode=require uploads over TLS; verify-ca and verify-full with the
// server's certificate as root connect; with a wrong root they are refused with libpq's reason, never the password.
#include "db/ResultStore.h"
#include "db/central/CentralError.h"
#include "db/central/CentralSchema.h"
#include "db/central/PgConnection.h"
#include "db/central/Uploader.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>

using namespace optiqual::db;
using namespace optiqual::db::central;
using optiqual::db::test::TempDir;
using optiqual::test::PgCluster;

namespace {

/// The cluster's URL for @p database with a password (trust authentication ignores it) and @p tls appended.
std::string urlWith(const PgCluster& cluster, const std::string& database, const std::string& tls) {
    return "postgresql://optiqual:s3cret-pw@127.0.0.1:" + std::to_string(cluster.port()) + "/" + database + "?" + tls;
}

bool overTls(PgConnection& pg) {
    return pg.exec("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").text(0, 0) == "t";
}

TEST(CentralTls, RequireUploadsOverTlsAndAWrongRootIsRefusedWithoutThePassword) {
    PgCluster cluster(PgCluster::Options{true});
    cluster.createDatabase("tls");
    const std::string url = urlWith(cluster, "tls", "sslmode=require");
    {
        auto pg = PgConnection::open(url);
        EXPECT_TRUE(overTls(pg));
        CentralSchema::migrate(pg);
    }
    // A station's runs uploaded over TLS, complete.
    TempDir dir;
    const auto file = dir / "station.db";
    const auto uuids = optiqual::test::writeStationRuns(file, "xpo-line-1", 6, "SN-TLS-");
    const auto sent = optiqual::test::uploadStationFile(file, url, 4);
    EXPECT_EQ(sent.sent, static_cast<int>(uuids.size()));
    EXPECT_EQ(sent.error, "");
    EXPECT_EQ(optiqual::test::centralCount(url, "run"), static_cast<long long>(uuids.size()));
    optiqual::test::expectSameOnBothSides(file, url, uuids);

    // The server's own certificate as the root: the chain verifies, and so does the name (CN 127.0.0.1).
    for (const char* mode : {"verify-ca", "verify-full"}) {
        SCOPED_TRACE(mode);
        auto pg = PgConnection::open(urlWith(
            cluster, "tls", std::string("sslmode=") + mode + "&sslrootcert=" + cluster.serverCertificate().string()));
        EXPECT_TRUE(overTls(pg));
    }
    // A root that did not sign the server's certificate: refused, saying why, naming the server, never the password.
    for (const char* mode : {"verify-full", "verify-ca"}) {
        SCOPED_TRACE(mode);
        try {
            (void)PgConnection::open(
                urlWith(cluster, "tls",
                        std::string("sslmode=") + mode + "&sslrootcert=" + cluster.otherCertificate().string()));
            FAIL() << "connected with a wrong root certificate";
        } catch (const CentralError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("certificate verify failed"), std::string::npos) << what;
            EXPECT_NE(what.find("127.0.0.1:" + std::to_string(cluster.port())), std::string::npos) << what;
            EXPECT_EQ(what.find("s3cret-pw"), std::string::npos) << what;
            EXPECT_FALSE(e.rejected()) << "a connection problem, not the run's fault";
        }
    }
}

} // namespace
