// `--station NAME` on fleet reports (issue 11): yield, Pareto, Cpk and SPC of one station's runs in the central
// store equal that station's own reports over its file; the name is a bound parameter, so a name that looks like SQL
// matches no station.
#include "db/CapabilityReport.h"
#include "db/ParetoReport.h"
#include "db/ResultStore.h"
#include "db/SpcReport.h"
#include "db/YieldReport.h"
#include "db/central/CentralCapability.h"
#include "db/central/CentralPareto.h"
#include "db/central/CentralSchema.h"
#include "db/central/CentralYield.h"
#include "db/central/PgConnection.h"
#include "db/central/Uploader.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>

using namespace optiqual::db;
using namespace optiqual::db::central;
using optiqual::db::test::TempDir;

namespace {

void expectSameYield(const YieldRow& fleet, const YieldRow& own) {
    EXPECT_EQ(fleet.units, own.units);
    EXPECT_EQ(fleet.firstRunUnits, own.firstRunUnits);
    EXPECT_EQ(fleet.firstPassUnits, own.firstPassUnits);
    EXPECT_EQ(fleet.finalPassUnits, own.finalPassUnits);
    EXPECT_EQ(fleet.retestedUnits, own.retestedUnits);
    EXPECT_EQ(fleet.runs, own.runs);
    EXPECT_EQ(fleet.abortedRuns, own.abortedRuns);
    EXPECT_EQ(fleet.stepExecutions, own.stepExecutions);
    EXPECT_EQ(fleet.stepPasses, own.stepPasses);
    EXPECT_EQ(fleet.rolledThroughputYield, own.rolledThroughputYield);
}

void expectSamePareto(const ParetoResult& fleet, const ParetoResult& own) {
    EXPECT_EQ(fleet.unitsTested, own.unitsTested);
    EXPECT_EQ(fleet.failingUnits, own.failingUnits);
    ASSERT_EQ(fleet.rows.size(), own.rows.size());
    for (std::size_t i = 0; i < own.rows.size(); ++i) {
        EXPECT_EQ(fleet.rows[i].kind, own.rows[i].kind);
        EXPECT_EQ(fleet.rows[i].stepPath, own.rows[i].stepPath);
        EXPECT_EQ(fleet.rows[i].measurement, own.rows[i].measurement);
        EXPECT_EQ(fleet.rows[i].unitsAffected, own.rows[i].unitsAffected);
        EXPECT_EQ(fleet.rows[i].occurrences, own.rows[i].occurrences);
    }
}

TEST(FleetStationFilter, EachStationsFleetReportsEqualItsOwn) {
    optiqual::test::PgCluster cluster;
    const auto url = optiqual::test::createCentralDatabase(cluster, "stations");
    TempDir dir;
    const std::vector<std::pair<std::string, double>> stations{{"xpo-line-1", 0.004}, {"xpo-line-2", -0.003}};
    for (const auto& [name, drift] : stations) {
        const auto file = dir / (name + ".db");
        optiqual::test::writeDriftingRuns(file, name, 40, "SN-" + name + "-", drift);
        optiqual::test::writeStationRuns(dir / (name + "-yield.db"), name, 20, "SN-Y-" + name + "-", true);
        for (const auto& f : {file, dir / (name + "-yield.db")})
            ASSERT_EQ(optiqual::test::uploadStationFile(f, url, 16).quarantined, 0);
    }
    auto pg = PgConnection::open(url);
    for (const auto& [name, drift] : stations) {
        SCOPED_TRACE(name);
        ReportFilter filter;
        filter.station = name;
        // Yield and Pareto: the station's runs with retests and step errors.
        {
            auto own = ResultStore::open(dir / (name + "-yield.db"), StoreOptions{});
            // The drifting runs are the same station's too: the fleet's figures for the station hold both files.
            auto other = ResultStore::open(dir / (name + ".db"), StoreOptions{});
            const auto fleet = queryCentralYield(pg, filter);
            const auto a = queryYield(own.connection(), ReportFilter{});
            const auto b = queryYield(other.connection(), ReportFilter{});
            EXPECT_EQ(fleet.total.units, a.total.units + b.total.units);
            EXPECT_EQ(fleet.total.runs, a.total.runs + b.total.runs);
            EXPECT_EQ(fleet.total.retestedUnits, a.total.retestedUnits + b.total.retestedUnits);
            EXPECT_EQ(fleet.total.abortedRuns, a.total.abortedRuns + b.total.abortedRuns);
            EXPECT_EQ(fleet.total.finalPassUnits, a.total.finalPassUnits + b.total.finalPassUnits);
            // A part number only the drifting runs have: the fleet's figures are exactly that file's.
            ReportFilter part = filter;
            part.partNumber = "XPO-400G-FR4";
            ReportFilter ownPart;
            ownPart.partNumber = "XPO-400G-FR4";
            expectSameYield(queryCentralYield(pg, part).total, queryYield(other.connection(), ownPart).total);
            expectSamePareto(queryCentralPareto(pg, part), queryPareto(other.connection(), ownPart));
        }
        // Cpk and SPC: the drifting measurements of the part only that file has.
        auto own = ResultStore::open(dir / (name + ".db"), StoreOptions{});
        ReportFilter measurement = filter;
        measurement.partNumber = "XPO-400G-FR4";
        ReportFilter ownMeasurement;
        ownMeasurement.partNumber = "XPO-400G-FR4";
        const auto fleetCpk = queryCentralCapability(pg, measurement, {false});
        const auto ownCpk = queryCapability(own.connection(), ownMeasurement, {false});
        ASSERT_EQ(fleetCpk.size(), ownCpk.size());
        ASSERT_FALSE(ownCpk.empty());
        for (std::size_t i = 0; i < ownCpk.size(); ++i) {
            EXPECT_EQ(fleetCpk[i].series.label(), ownCpk[i].series.label());
            EXPECT_EQ(fleetCpk[i].capability.n, ownCpk[i].capability.n);
            EXPECT_EQ(fleetCpk[i].capability.mean, ownCpk[i].capability.mean);
            EXPECT_EQ(fleetCpk[i].capability.cpk, ownCpk[i].capability.cpk);
        }
        const auto fleetSpc = queryCentralSpc(pg, measurement, {false, false, 0});
        const auto ownSpc = querySpc(own.connection(), ownMeasurement, {false, false, 0});
        ASSERT_EQ(fleetSpc.size(), ownSpc.size());
        for (std::size_t i = 0; i < ownSpc.size(); ++i) {
            EXPECT_EQ(fleetSpc[i].series.label(), ownSpc[i].series.label());
            EXPECT_EQ(fleetSpc[i].n, ownSpc[i].n);
            EXPECT_EQ(fleetSpc[i].center, ownSpc[i].center);
            EXPECT_EQ(fleetSpc[i].violations, ownSpc[i].violations);
        }
    }
    // No such station, and a name shaped like an injection: nothing, never everything.
    for (const char* name : {"xpo-line-9", "x' OR '1'='1"}) {
        SCOPED_TRACE(name);
        ReportFilter filter;
        filter.station = name;
        EXPECT_EQ(queryCentralYield(pg, filter).total.runs, 0);
        EXPECT_EQ(queryCentralPareto(pg, filter).unitsTested, 0);
        EXPECT_TRUE(queryCentralCapability(pg, filter, {false}).empty());
        EXPECT_TRUE(queryCentralSpc(pg, filter, {false, false, 0}).empty());
    }
}

} // namespace
