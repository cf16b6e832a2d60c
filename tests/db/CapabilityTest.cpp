#include "db/CapabilityReport.h"
#include "db/ReportDocuments.h"
#include "db/ReportRenderer.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/SpcReport.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

/// One run per value of "main/optics/tx_power" (limits 0…6 dBm) plus a LOG-only measurement.
void writeSeries(const std::filesystem::path& file, const std::vector<double>& values) {
    auto w = ResultWriter::open(file, WriterOptions{});
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto t = w->beginRun(sampleRunStart("SN" + std::to_string(i), at(static_cast<double>(i) * 60)));
        auto step = sampleStep(t.handle, "main/optics/tx_power", 0);
        optiqual::sequences::Measurement m;
        m.name = "tx_power";
        m.limit = {optiqual::sequences::Comparator::GELE, 0.0, 6.0, std::nullopt, "dBm"};
        m.value = values[i];
        m.outcome = m.limit.judge(m.value);
        step.measurements.push_back(m);
        m.name = "case_temp";
        m.limit = {optiqual::sequences::Comparator::LOG, std::nullopt, std::nullopt, std::nullopt, "degC"};
        m.value = 40;
        m.outcome = Verdict::Pass;
        step.measurements.push_back(m);
        w->recordStep(step);
        w->finishRun({t.handle, Verdict::Pass, at(static_cast<double>(i) * 60 + 30), ""});
    }
}

} // namespace

TEST(CapabilityReport, CpkFromTheDatabaseMatchesHandComputation) {
    TempDir dir;
    writeSeries(dir / "c.db", {1, 2, 3, 4, 5});
    auto store = ResultStore::open(dir / "c.db", StoreOptions{});
    const auto rows = queryCapability(store.connection(), ReportFilter{});
    ASSERT_EQ(rows.size(), 2u);
    const auto& tx = rows[0];
    EXPECT_EQ(tx.series.label(), "main/optics/tx_power/tx_power");
    EXPECT_EQ(tx.capability.n, 5u);
    EXPECT_NEAR(*tx.capability.cpk, 1.128, 1e-9);
    EXPECT_NEAR(*tx.capability.ppk, 0.6324555, 1e-6);
    EXPECT_TRUE(tx.belowTarget) << "1.128 < 1.33";
    EXPECT_FALSE(rows[1].capability.cpk) << "a LOG measurement has no capability";

    ReportFilter only;
    only.measurement = "tx_power/tx";
    EXPECT_EQ(queryCapability(store.connection(), only).size(), 1u);
}

TEST(SpcReport, MarksWesternElectricViolationsInTimeOrder) {
    TempDir dir;
    // Stable around 3 with small alternating steps, then a jump: the jump breaks rule 1.
    std::vector<double> values;
    for (int i = 0; i < 30; ++i)
        values.push_back(3 + (i % 2 ? 0.1 : -0.1));
    values.push_back(5.5);
    writeSeries(dir / "s.db", values);
    auto store = ResultStore::open(dir / "s.db", StoreOptions{});
    ReportFilter filter;
    filter.measurement = "tx_power/tx_power";
    const auto charts = querySpc(store.connection(), filter);
    ASSERT_EQ(charts.size(), 1u);
    const auto& c = charts[0];
    ASSERT_EQ(c.series.values.size(), 31u);
    EXPECT_DOUBLE_EQ(c.series.values.back(), 5.5) << "time order kept";
    EXPECT_TRUE(c.rules.back() & 1);
    EXPECT_GE(c.violations, 1);
    EXPECT_LT(c.ucl, 5.5);
    EXPECT_EQ(describeRules(c.rules.back() & 1), "1");
}

// A year of history breaks a rule hundreds of thousands of times: a table for people lists each chart's latest
// violations only, and still counts them all.
TEST(SpcReport, ATableListsTheLatestViolationsAndCountsThemAll) {
    TempDir dir;
    // Stable around 3, then eight points far above it: rule 1 (beyond 3σ) and the run rules break repeatedly.
    std::vector<double> values;
    for (int i = 0; i < 30; ++i)
        values.push_back(3 + (i % 2 ? 0.1 : -0.1));
    for (int i = 0; i < 8; ++i)
        values.push_back(5.5 + 0.01 * i);
    writeSeries(dir / "s.db", values);
    auto store = ResultStore::open(dir / "s.db", StoreOptions{});
    ReportFilter filter;
    filter.measurement = "tx_power/tx_power";
    const auto all = querySpc(store.connection(), filter, {false, false});
    const auto latest = querySpc(store.connection(), filter, {false, false, 3});
    ASSERT_EQ(all.size(), 1u);
    ASSERT_EQ(latest.size(), 1u);
    ASSERT_GT(all[0].points.size(), 3u) << "the series must break rules more often than the table lists";
    EXPECT_EQ(latest[0].violations, all[0].violations);
    ASSERT_EQ(latest[0].points.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k)
        EXPECT_EQ(latest[0].points[k].index, all[0].points[all[0].points.size() - 3 + k].index);
    EXPECT_EQ(latest[0].points.back().index, values.size() - 1) << "the newest point is kept";
    const auto text = renderText(spcDocument(latest, "all", false, false));
    EXPECT_NE(text.find("lists every one"), std::string::npos) << text;
}
