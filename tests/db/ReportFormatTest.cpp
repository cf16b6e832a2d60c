#include "db/CapabilityReport.h"
#include "db/ParetoReport.h"
#include "db/ReportDocuments.h"
#include "db/ReportRenderer.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/RunDetail.h"
#include "db/YieldReport.h"
#include "tests/db/DbTestSupport.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

namespace {

/// Three days of a small lot: about 8 % fail tx_power (retested), values normally distributed.
class ReportFixture : public ::testing::Test {
protected:
    void SetUp() override {
        auto w = ResultWriter::open(file, WriterOptions{});
        std::mt19937 rng(7);
        std::normal_distribution<double> tx(0.2, 0.25);
        for (int u = 0; u < 90; ++u) {
            const double t = (u / 30) * 86400.0 + (u % 30) * 600.0;
            for (int attempt = 0; attempt < 2; ++attempt) {
                auto ticket = w->beginRun(sampleRunStart("SN" + std::to_string(1000 + u), at(t + attempt * 3600)));
                auto step = sampleStep(ticket.handle, "main/optics/tx_power", 0, false, at(t));
                optiqual::sequences::Measurement m;
                m.name = "tx_power";
                m.limit = {optiqual::sequences::Comparator::GELE, -0.5, 1.0, std::nullopt, "dBm"};
                m.value = attempt == 0 && u % 12 == 5 ? 1.3 : tx(rng);
                m.outcome = m.limit.judge(m.value);
                step.outcome = m.outcome;
                step.measurements.push_back(m);
                w->recordStep(step);
                w->finishRun({ticket.handle, m.outcome, at(t + attempt * 3600 + 50), ""});
                lastRun = ticket.uuid;
                if (m.outcome == Verdict::Pass)
                    break;
            }
        }
    }
    ReportDocument yieldReport() {
        auto store = ResultStore::open(file, StoreOptions{});
        ReportFilter filter;
        const auto yield = queryYield(store.connection(), filter);
        filter.groupBy = {GroupKey::Day};
        const auto trend = queryYield(store.connection(), filter);
        const auto pareto = queryPareto(store.connection(), ReportFilter{});
        const auto cap = queryCapability(store.connection(), ReportFilter{});
        return yieldDocument(yield, "all parts", &trend, &pareto, &cap);
    }
    TempDir dir;
    std::filesystem::path file = dir / "report.db";
    std::string lastRun;
};

bool chromiumPresent() {
    return std::system("command -v chromium >/dev/null 2>&1") == 0;
}

/// Renders @p html with headless Chromium; returns the PNG size (0 on failure).
std::uintmax_t screenshot(const std::filesystem::path& html, const std::filesystem::path& png,
                          const std::filesystem::path& profile) {
    const std::string cmd =
        "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run --user-data-dir=" +
        profile.string() + " --window-size=1100,1600 --screenshot=" + png.string() + " file://" + html.string() +
        " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0 || !std::filesystem::exists(png))
        return 0;
    return std::filesystem::file_size(png);
}

} // namespace

TEST_F(ReportFixture, TableCsvAndJsonCarryTheSameFigures) {
    const auto doc = yieldReport();
    const auto text = renderText(doc);
    EXPECT_NE(text.find("first-pass yield:"), std::string::npos) << text;
    EXPECT_NE(text.find("first_pass_yield"), std::string::npos);
    EXPECT_NE(text.find(" %"), std::string::npos);
    const auto csv = renderCsv(doc);
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "units,runs,first_pass_yield,final_yield,retest_rate,step_yield,rolled_throughput_yield,aborted_runs");
    const auto json = nlohmann::json::parse(renderJson(doc));
    EXPECT_EQ(json["title"], "Yield");
    const auto& row = json["sections"][1]["rows"][0];
    EXPECT_EQ(row["units"], 90);
    EXPECT_NEAR(row["first_pass_yield"].get<double>(), 82.0 / 90.0, 0.03);
    EXPECT_DOUBLE_EQ(row["final_yield"].get<double>(), 1.0);
}

TEST_F(ReportFixture, HtmlIsSelfContainedWithCharts) {
    const auto html = renderHtml(yieldReport());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
    EXPECT_GE(std::count(html.begin(), html.end(), '\n'), 10);
    std::size_t svgs = 0;
    for (auto p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 1))
        ++svgs;
    EXPECT_GE(svgs, 3u) << "trend, Pareto, at least one histogram";
    EXPECT_NE(html.find("Yield trend by day"), std::string::npos);
    EXPECT_NE(html.find("cumulative share"), std::string::npos);
    EXPECT_NE(html.find("LSL"), std::string::npos);
}

TEST_F(ReportFixture, RunReportListsStepsAndMeasurements) {
    auto store = ResultStore::open(file, StoreOptions{});
    const auto run = queryRunDetail(store.connection(), lastRun);
    ASSERT_TRUE(run);
    const auto text = renderText(runDocument(*run, true));
    EXPECT_NE(text.find("tx_power"), std::string::npos);
    EXPECT_NE(text.find("outcome:"), std::string::npos);
    const auto history = queryUnitHistory(store.connection(), run->summary.serial);
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().uuid, lastRun);
}

TEST_F(ReportFixture, HtmlRendersInHeadlessChromium) {
    if (!chromiumPresent())
        GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it); HTML render check skipped";
    const auto reportHtml = dir / "yield.html";
    const auto blankHtml = dir / "blank.html";
    std::ofstream(reportHtml) << renderHtml(yieldReport());
    std::ofstream(blankHtml) << "<!DOCTYPE html><html><body></body></html>";
    const auto reportPng = screenshot(reportHtml, dir / "yield.png", dir / "profile1");
    const auto blankPng = screenshot(blankHtml, dir / "blank.png", dir / "profile2");
    ASSERT_GT(reportPng, 0u) << "chromium produced no screenshot";
    ASSERT_GT(blankPng, 0u);
    // A page of tables and charts compresses far worse than a white page.
    EXPECT_GT(reportPng, 5 * blankPng) << "report " << reportPng << " bytes, blank " << blankPng << " bytes";
    EXPECT_GT(reportPng, 40000u);
}
