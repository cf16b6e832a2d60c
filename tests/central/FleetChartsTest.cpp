// Cpk and SPC on the central store (issue 11): the runs of a station's file, uploaded, give the same capability
// figures and control charts on both stores — one code path (CapabilityTally, SpcTally) fed by two scans — over the
// whole history and through every filter; `--by station` gives each station its own series, equal to the station's
// own report.
#include "db/CapabilityReport.h"
#include "db/ReportDocuments.h"
#include "db/ReportRenderer.h"
#include "db/ResultStore.h"
#include "db/SpcReport.h"
#include "db/Statement.h"
#include "db/central/CentralCapability.h"
#include "db/central/CentralSchema.h"
#include "db/central/PgConnection.h"
#include "db/central/Uploader.h"
#include "tests/central/CentralTestSupport.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <memory>

using namespace optiqual;
using namespace optiqual::db;
using namespace optiqual::db::central;
using optiqual::db::test::TempDir;
using optiqual::test::PgCluster;

namespace {

std::int64_t runStart(double seconds) {
    return std::chrono::duration_cast<std::chrono::microseconds>(db::test::at(seconds).time_since_epoch()).count();
}

void expectSameCapability(const std::vector<CapabilityRow>& central, const std::vector<CapabilityRow>& station,
                          const std::string& group = "") {
    ASSERT_EQ(central.size(), station.size());
    for (std::size_t i = 0; i < central.size(); ++i) {
        const auto& c = central[i];
        const auto& s = station[i];
        SCOPED_TRACE(s.series.label());
        EXPECT_EQ(c.series.label(), s.series.label());
        EXPECT_EQ(c.series.group, group);
        EXPECT_EQ(c.series.unit, s.series.unit);
        EXPECT_EQ(c.series.lsl, s.series.lsl);
        EXPECT_EQ(c.series.usl, s.series.usl);
        EXPECT_EQ(c.series.values, s.series.values);
        // The same values in the same order through the same arithmetic: equal to the last bit.
        EXPECT_EQ(c.capability.n, s.capability.n);
        EXPECT_EQ(c.capability.mean, s.capability.mean);
        EXPECT_EQ(c.capability.sigmaWithin, s.capability.sigmaWithin);
        EXPECT_EQ(c.capability.sigmaOverall, s.capability.sigmaOverall);
        EXPECT_EQ(c.capability.cp, s.capability.cp);
        EXPECT_EQ(c.capability.cpk, s.capability.cpk);
        EXPECT_EQ(c.capability.pp, s.capability.pp);
        EXPECT_EQ(c.capability.ppk, s.capability.ppk);
        EXPECT_EQ(c.capability.nearLimitShare, s.capability.nearLimitShare);
        EXPECT_EQ(c.capability.outside, s.capability.outside);
        EXPECT_EQ(c.belowTarget, s.belowTarget);
    }
}

/// @p uuidOf: the station's run ids → UUIDs (the central store names runs by UUID).
void expectSameSpc(const std::vector<SpcChart>& central, const std::vector<SpcChart>& station,
                   const std::map<std::int64_t, std::string>& uuidOf, const std::string& group = "") {
    ASSERT_EQ(central.size(), station.size());
    for (std::size_t i = 0; i < central.size(); ++i) {
        const auto& c = central[i];
        const auto& s = station[i];
        SCOPED_TRACE(s.series.label());
        EXPECT_EQ(c.series.label(), s.series.label());
        EXPECT_EQ(c.series.group, group);
        EXPECT_EQ(c.series.values, s.series.values);
        EXPECT_EQ(c.n, s.n);
        EXPECT_EQ(c.center, s.center);
        EXPECT_EQ(c.sigma, s.sigma);
        EXPECT_EQ(c.ucl, s.ucl);
        EXPECT_EQ(c.lcl, s.lcl);
        EXPECT_EQ(c.rules, s.rules);
        EXPECT_EQ(c.violations, s.violations);
        ASSERT_EQ(c.points.size(), s.points.size());
        for (std::size_t p = 0; p < c.points.size(); ++p) {
            EXPECT_EQ(c.points[p].index, s.points[p].index);
            EXPECT_EQ(c.points[p].time, s.points[p].time);
            EXPECT_EQ(c.points[p].value, s.points[p].value);
            EXPECT_EQ(c.points[p].rules, s.points[p].rules);
            EXPECT_EQ(c.points[p].runUuid, uuidOf.at(s.points[p].runId));
            EXPECT_TRUE(s.points[p].runUuid.empty());
        }
    }
}

std::map<std::int64_t, std::string> runUuids(const Connection& c) {
    std::map<std::int64_t, std::string> out;
    auto st = c.prepare("SELECT id, uuid FROM run");
    while (st.step())
        out[st.getInt(0)] = st.getText(1);
    return out;
}

class FleetCharts : public ::testing::Test {
protected:
    static void SetUpTestSuite() { cluster = std::make_unique<PgCluster>(); }
    static void TearDownTestSuite() { cluster.reset(); }

    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        url = optiqual::test::createCentralDatabase(*cluster, std::string("c_") + info->name());
    }

    /// Writes a station's runs and uploads them all.
    std::filesystem::path station(const std::string& name, int runs, double drift) {
        auto file = dir / (name + ".db");
        optiqual::test::writeDriftingRuns(file, name, runs, "SN-" + name + "-", drift);
        const auto sent = optiqual::test::uploadStationFile(file, url, 16);
        EXPECT_EQ(sent.sent, runs);
        EXPECT_EQ(sent.quarantined, 0);
        return file;
    }

    static std::unique_ptr<PgCluster> cluster;
    TempDir dir;
    std::string url;
};

std::unique_ptr<PgCluster> FleetCharts::cluster;

TEST_F(FleetCharts, CpkAndSpcAreTheSameOnBothStoresThroughEveryFilter) {
    const auto file = station("xpo-line-1", 90, 0.004);
    auto store = ResultStore::open(file, StoreOptions{});
    const auto& sc = store.connection();
    const auto uuidOf = runUuids(sc);
    auto pg = PgConnection::open(url);

    std::vector<std::pair<std::string, ReportFilter>> filters;
    filters.emplace_back("whole history", ReportFilter{});
    ReportFilter window;
    window.since = runStart(600.0 * 10);
    window.until = runStart(600.0 * 70);
    filters.emplace_back("runs 10 to 69", window);
    ReportFilter part;
    part.partNumber = "XPO-400G-FR4";
    filters.emplace_back("one part", part);
    ReportFilter measurement;
    measurement.measurement = "tx_power/m1";
    filters.emplace_back("one measurement", measurement);
    ReportFilter both = window;
    both.partNumber = "XPO-800G-DR8";
    both.measurement = "m0";
    filters.emplace_back("window, part and measurement", both);

    for (const auto& [what, filter] : filters) {
        SCOPED_TRACE(what);
        for (const bool keepValues : {false, true}) {
            SCOPED_TRACE(keepValues ? "values kept" : "streamed in passes");
            const auto own = queryCapability(sc, filter, {keepValues});
            const auto fleet = queryCentralCapability(pg, filter, {keepValues});
            ASSERT_FALSE(own.empty());
            expectSameCapability(fleet, own);
            // The report people read: the same text, table and CSV.
            for (const auto format : {ReportFormat::Table, ReportFormat::Csv})
                EXPECT_EQ(render(capabilityDocument(fleet, "scope", false), format),
                          render(capabilityDocument(own, "scope", false), format));
        }
        for (const SpcOptions options :
             {SpcOptions{false, false, 0}, SpcOptions{false, false, 3}, SpcOptions{true, true, 0}}) {
            const auto own = querySpc(sc, filter, options);
            const auto fleet = queryCentralSpc(pg, filter, options);
            ASSERT_FALSE(own.empty());
            expectSameSpc(fleet, own, uuidOf);
            // The summary table is the same text on both; the points name runs by UUID on the central store.
            const auto summary = [](const ReportDocument& d) {
                return renderCsv(ReportDocument{"", "", {d.sections[0]}});
            };
            EXPECT_EQ(summary(spcDocument(fleet, "scope", false, false)),
                      summary(spcDocument(own, "scope", false, false)));
        }
    }

    // What the data must exercise for the comparison to mean something.
    const auto all = queryCapability(sc, ReportFilter{});
    ASSERT_EQ(all.size(), 3u) << "m0 (two limits), m1 (one), m2 (logged); the NaN-only m3 has no values";
    for (const auto& row : all)
        EXPECT_EQ(row.capability.n, 89u) << row.series.label() << ": every run but the aborted one";
    EXPECT_TRUE(
        std::any_of(all.begin(), all.end(), [](const CapabilityRow& r) { return r.series.lsl && !r.series.usl; }));
    EXPECT_TRUE(
        std::any_of(all.begin(), all.end(), [](const CapabilityRow& r) { return r.capability.cpk.has_value(); }));
    const auto charts = querySpc(sc, ReportFilter{});
    EXPECT_TRUE(std::any_of(charts.begin(), charts.end(), [](const SpcChart& c) { return c.violations > 3; }))
        << "the drift breaks Western Electric rules";
}

TEST_F(FleetCharts, ByStationEachStationsSeriesEqualsItsOwnReport) {
    const std::vector<std::pair<std::string, double>> stations{{"xpo-line-1", 0.0}, {"xpo-line-2", 0.01}};
    std::vector<std::filesystem::path> files;
    for (const auto& [name, drift] : stations)
        files.push_back(station(name, name == "xpo-line-1" ? 40 : 25, drift));
    auto pg = PgConnection::open(url);
    for (const bool window : {false, true}) {
        SCOPED_TRACE(window ? "since run 5" : "whole history");
        ReportFilter filter;
        if (window)
            filter.since = runStart(600.0 * 5);
        filter.groupBy = {GroupKey::Station};
        const auto fleetCap = queryCentralCapability(pg, filter);
        const auto fleetSpc = queryCentralSpc(pg, filter, {false, true, 0});
        ReportFilter own = filter;
        own.groupBy.clear();
        std::size_t capAt = 0, spcAt = 0;
        for (std::size_t i = 0; i < stations.size(); ++i) {
            SCOPED_TRACE(stations[i].first);
            auto store = ResultStore::open(files[i], StoreOptions{});
            const auto cap = queryCapability(store.connection(), own);
            const auto spc = querySpc(store.connection(), own, {false, true, 0});
            ASSERT_LE(capAt + cap.size(), fleetCap.size());
            ASSERT_LE(spcAt + spc.size(), fleetSpc.size());
            // Series come by station name, each station's as its own report orders them.
            expectSameCapability({fleetCap.begin() + static_cast<std::ptrdiff_t>(capAt),
                                  fleetCap.begin() + static_cast<std::ptrdiff_t>(capAt + cap.size())},
                                 cap, stations[i].first);
            expectSameSpc({fleetSpc.begin() + static_cast<std::ptrdiff_t>(spcAt),
                           fleetSpc.begin() + static_cast<std::ptrdiff_t>(spcAt + spc.size())},
                          spc, runUuids(store.connection()), stations[i].first);
            capAt += cap.size();
            spcAt += spc.size();
        }
        EXPECT_EQ(capAt, fleetCap.size());
        EXPECT_EQ(spcAt, fleetSpc.size());
        // The document names the station in its own column.
        const auto csv = renderCsv(capabilityDocument(fleetCap, "scope", false));
        EXPECT_EQ(csv.rfind("station,step,measurement", 0), 0u) << csv;
        EXPECT_NE(csv.find("\nxpo-line-2,main/optics/tx_power,m0,"), std::string::npos) << csv;
    }
    // Not grouped: one series per measurement over both stations' runs.
    const auto pooled = queryCentralCapability(pg, ReportFilter{});
    ASSERT_EQ(pooled.size(), 3u);
    EXPECT_EQ(pooled[0].capability.n, 39u + 24u);
}

TEST_F(FleetCharts, FiltersThatMatchNothingGiveAnEmptyReport) {
    station("xpo-line-1", 12, 0.0);
    auto pg = PgConnection::open(url);
    ReportFilter part;
    part.partNumber = "NO-SUCH-PART";
    EXPECT_TRUE(queryCentralCapability(pg, part).empty());
    EXPECT_TRUE(queryCentralSpc(pg, part).empty());
    ReportFilter measurement;
    measurement.measurement = "no-such-measurement";
    EXPECT_TRUE(queryCentralCapability(pg, measurement).empty());
    ReportFilter future;
    future.since = runStart(600.0 * 100);
    future.groupBy = {GroupKey::Station};
    EXPECT_TRUE(queryCentralSpc(pg, future).empty());
    // A quote in the filter is a value, not SQL.
    measurement.measurement = "m0' OR '1'='1";
    EXPECT_TRUE(queryCentralCapability(pg, measurement).empty());
}

} // namespace
