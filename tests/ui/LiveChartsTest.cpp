// The Live tab drawn headless, the mouse moved through ImGuiIO as a user's arrives: the tooltip of a time chart (the
// time and each series' nearest reading with its unit), of a lane bar (lane, value, limits, outcome) and of the
// all-sockets overview (every socket's reading on one time axis, each socket's trace in its own colour).
#include "ui/LiveCharts.h"

#include "tests/ui/ScriptedPanelTest.h"
#include "ui/Theme.h"

#include <gtest/gtest.h>
#include <imgui.h>
#include <memory>

using namespace optiqual;
using namespace optiqual::ui;
using station::TelemetryQuantity;

namespace {

/// A socket's view with @p caseTemps (simulation seconds, °C) as its case series and two lane bars.
station::SocketView socketWith(int socket, std::vector<station::TelemetrySample> caseTemps,
                               std::chrono::system_clock::time_point origin) {
    auto t = std::make_shared<station::SocketTelemetry>();
    t->of(TelemetryQuantity::Case).samples = std::move(caseTemps);
    t->originSet = true;
    t->origin = origin;
    t->barsName = "tx_power";
    t->barsUnit = "dBm";
    t->bars = {{1, 1.5, -3.1, 4.0, sequences::Verdict::Pass}, {2, -4.25, -3.1, 4.0, sequences::Verdict::Fail}};
    station::SocketView v;
    v.socket = socket;
    v.runId = std::uint64_t(socket);
    v.telemetry = std::move(t);
    return v;
}

class LiveChartsTest : public test::ScriptedPanelTest {
protected:
    void SetUp() override { createHeadlessContext(); }
    void TearDown() override { ImGui::DestroyContext(); }
    void frame() override {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("live", nullptr, ImGuiWindowFlags_NoDecoration);
        charts.drawTab(snapshot, 1, ImVec2(ImGui::GetIO().DisplaySize.x - 80, 600));
        ImGui::End();
        ImGui::Render();
    }
    /// The mouse at fraction (@p fx, @p fy) of chart @p chart's area, one frame later.
    void hover(int chart, float fx, float fy) {
        const auto& r = charts.rects();
        ImGui::GetIO().MousePos = ImVec2(r.min[chart].x + (r.max[chart].x - r.min[chart].x) * fx,
                                         r.min[chart].y + (r.max[chart].y - r.min[chart].y) * fy);
        frame();
        frame();
    }

    station::StationSnapshot snapshot;
    LiveCharts charts;
};

} // namespace

TEST_F(LiveChartsTest, TheTimeChartAndTheBarsSayWhatIsUnderTheMouse) {
    const auto t0 = std::chrono::system_clock::now();
    // Case readings every 10 min over an hour: the cursor half way along the axis is nearest the 30-min one.
    snapshot.sockets.push_back(
        socketWith(1, {{0, 25}, {600, 30}, {1200, 35}, {1800, 40.25}, {2400, 45}, {3000, 50}, {3600, 55}}, t0));
    frame();
    EXPECT_EQ(charts.tooltip(), "") << "the mouse is over no chart";
    hover(0, 0.5f, 0.5f);
    EXPECT_NE(charts.tooltip().find(" min\ncase "), std::string::npos) << charts.tooltip();
    EXPECT_NE(charts.tooltip().find("\u00b0C (at "), std::string::npos)
        << "the value with its unit: " << charts.tooltip();
    hover(2, 0.75f, 0.5f); // the second of two bars
    EXPECT_EQ(charts.tooltip(), "lane 2: -4.25 dBm\nlimits -3.1 \u2264 x \u2264 4 dBm\nFAIL");
    hover(2, 0.25f, 0.5f);
    EXPECT_EQ(charts.tooltip().rfind("lane 1: 1.50 dBm", 0), 0u) << charts.tooltip();
    hover(3, 0.5f, 0.5f);
    EXPECT_EQ(charts.tooltip(), "") << "an empty waterfall has nothing to say";
}

TEST_F(LiveChartsTest, TheOverviewPutsEverySocketOnOneTimeAxisInItsOwnColour) {
    const auto t0 = std::chrono::system_clock::now();
    charts.setTimeScale(100);
    // Socket 2 started its first unit 6 s (600 s of simulation at 100×) after socket 1: its reading at its own
    // t = 0 sits at 10 min on the common axis.
    snapshot.sockets.push_back(socketWith(1, {{0, 20}, {600, 30}, {1200, 40}}, t0));
    snapshot.sockets.push_back(socketWith(2, {{0, 60}, {600, 70}}, t0 + std::chrono::seconds(6)));
    frame();
    click(charts.controls().drawn("All sockets"), "All sockets");
    EXPECT_EQ(charts.mode(), LiveCharts::Mode::AllSockets);
    hover(2, 0.5f, 0.6f); // the case chart
    EXPECT_NE(charts.tooltip().find("socket 1: case "), std::string::npos) << charts.tooltip();
    EXPECT_NE(charts.tooltip().find("socket 2: case 60.0 \u00b0C (at 10.0 min)"), std::string::npos)
        << "socket 2's first reading moved to its place on the common axis: " << charts.tooltip();
    // Each socket's trace in its own colour: both are in the draw list.
    bool colour1 = false, colour2 = false;
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; l < data->CmdListsCount; ++l)
        for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer) {
            colour1 |= v.col == toImU32(socketColour(1));
            colour2 |= v.col == toImU32(socketColour(2));
        }
    EXPECT_TRUE(colour1 && colour2);
    click(charts.controls().drawn("Selected socket"), "Selected socket");
    EXPECT_EQ(charts.mode(), LiveCharts::Mode::Socket);
}

TEST_F(LiveChartsTest, SixteenSocketsFullFourHoursFitOneDrawList) {
    // Every socket's coolant, case and current at their 1,440-sample bound, each sample different (nothing to merge):
    // the overview must stay under a draw list's 65,536 vertices (ImGui asserts past them without a renderer that
    // lifts the bound), so it decimates harder the more sockets it draws.
    const auto t0 = std::chrono::system_clock::now();
    for (int socket = 1; socket <= 16; ++socket) {
        station::SocketView v = socketWith(socket, {}, t0);
        auto t = std::make_shared<station::SocketTelemetry>(*v.telemetry);
        for (const auto q : {TelemetryQuantity::Coolant, TelemetryQuantity::Case, TelemetryQuantity::SupplyCurrent})
            for (int i = 0; i < 1440; ++i)
                t->of(q).samples.push_back({i * 10.0, 20.0 + socket + (i % 2 == 0 ? 0.5 : -0.5) * (i % 7)});
        v.telemetry = std::move(t);
        snapshot.sockets.push_back(std::move(v));
    }
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080); // the bench's screen: the widest plots, the most points
    charts.setMode(LiveCharts::Mode::AllSockets);
    frame();
    frame();
    EXPECT_LT(ImGui::GetDrawData()->TotalVtxCount, 65536);
    int largest = 0;
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; l < data->CmdListsCount; ++l)
        largest = std::max(largest, data->CmdLists[l]->VtxBuffer.Size);
    EXPECT_LT(largest, 65536);
}
