// The operator panel (issue 9): the CPU time to build one frame (ImGui::NewFrame() → ImGui::Render(), no window and
// no GPU: the draw lists are built, nothing is rasterised) from a busy station's snapshot, and the time from an
// engine event on the EventBus to the snapshot the UI thread reads (SnapshotPublisher), and to the frame built from
// it.
//
// The station is made the way the engine makes it: events (RunStarted, StepStarted with loop frames,
// MeasurementRecorded, StepFinished, WaitProgress, RunFinished, LogLine, InstrumentStatus) folded by the real
// SnapshotReducer, along the real plan of sequences/xpo/xpo-functional.yaml: 10,000 units tested before (the lot's
// counters; the snapshot keeps the latest 256), 5,000 log lines (it keeps 256), 12 instruments, and 16 sockets: 14
// running mid-sequence (one in a wait_until), one ended PASS, one FAIL; socket 1, the one the details tab shows, has
// 2,000 measurements (or 20 in the baseline); every running unit has full live charts (the Live tab, F8: four hours
// of readings at each series' bound, 64 lane bars, a 64-lane BER waterfall). Besides: what the snapshot worker copies
// per event batch, which is most of an event's latency.
//
// The engineer view (PanelHistoryFrame): a frame of the run history or the yield dashboard over a results database
// of 10,000 or 100,000 runs written by the real ResultWriter (made once per process in a temporary folder), the
// query answered by the DatabaseWorker first; and how long that query took while frames kept being built.
//
//   build/optiqual_bench_panel --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
// (scripts/bench.sh runs it so and tables the medians in BENCHMARKS.md)
#include "db/ResultWriter.h"
#include "db/TimeText.h"
#include "sequences/SequenceFile.h"
#include "station/EventBus.h"
#include "station/InstrumentMethods.h"
#include "station/RunPlan.h"
#include "station/SnapshotPublisher.h"
#include "station/SnapshotReducer.h"
#include "ui/PanelFrame.h"

#include <GLFW/glfw3.h> // key codes only: no window is opened
#include <algorithm>
#include <atomic>
#include <benchmark/benchmark.h>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace optiqual;
using namespace optiqual::station;
using namespace std::chrono_literals;
using sequences::StepType;
using sequences::Verdict;
using Clock = std::chrono::steady_clock;

constexpr int kSockets = 16;
constexpr int kHistoryRuns = 10000;
constexpr int kLogLines = 5000;
constexpr int kInstruments = 12;
constexpr int kMeasurementsPerUnit = 2400; // the full XPO functional test: one per lane (BENCHMARKS.md, issue 8)
constexpr const char* kPart = "XPO-800G-DR8";

class NoControl : public ui::StationControl {
public:
    void start(int /*socket*/, std::string /*serial*/) override {}
    void terminate(int /*socket*/) override {}
    void abort(int /*socket*/) override {}
    void answer(std::uint64_t /*promptId*/, std::string /*text*/) override {}
    void manual(station::ManualCommand /*command*/, std::string /*user*/, db::Role /*role*/,
                std::string /*reason*/) override {}
    void startBatch(std::vector<std::string> /*serials*/) override {}
    void setOverrides(std::shared_ptr<const station::RunOverrides> /*overrides*/, db::AuditEvent /*audit*/) override {}
    std::shared_ptr<const station::RunOverrides> overrides() const override { return nullptr; }
};

std::shared_ptr<const sequences::Sequence> xpoSequence() {
    static const auto seq = std::make_shared<const sequences::Sequence>(sequences::loadSequence(
        (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "sequences/xpo/xpo-functional.yaml").string(),
        InstrumentMethods::builtin()));
    return seq;
}

SnapshotReducer::Options reducerOptions() {
    SnapshotReducer::Options o;
    o.unitsTotal = 12000; // a lot still going
    return o;
}

/// The loop frames of a plan step's path ("main/Corners/case_temp=70/…"), with each loop's iteration and count
/// taken from the plan: what the engine puts in StepStarted::frames.
class FrameIndex {
public:
    explicit FrameIndex(const RunPlan& plan) {
        for (const auto& step : plan.steps())
            walk(step.path, [&](const std::string& key, const std::string& value) {
                auto& values = m_values[key];
                if (std::find(values.begin(), values.end(), value) == values.end())
                    values.push_back(value);
            });
    }

    std::vector<StepFrame> frames(const std::string& path) const {
        std::vector<StepFrame> out;
        walk(path, [&](const std::string& key, const std::string& value) {
            const auto& values = m_values.at(key);
            const auto slash = key.rfind('/');
            const auto eq = key.rfind('=');
            StepFrame f;
            f.step = key.substr(key.rfind('/', slash - 1) + 1, slash - key.rfind('/', slash - 1) - 1);
            f.variable = key.substr(slash + 1, eq - slash - 1);
            f.value = value;
            f.unit = f.variable.find("temp") != std::string::npos ? "degC" : "";
            f.index = int(std::find(values.begin(), values.end(), value) - values.begin()) + 1;
            f.count = int(values.size());
            out.push_back(std::move(f));
        });
        return out;
    }

private:
    /// Calls @p each(key, value) for every "variable=value" segment; key: the path up to it, and "variable=".
    template <typename F> static void walk(const std::string& path, F&& each) {
        std::size_t start = 0;
        while (start < path.size()) {
            std::size_t end = path.find('/', start);
            if (end == std::string::npos)
                end = path.size();
            const std::string segment = path.substr(start, end - start);
            if (const auto eq = segment.find('='); eq != std::string::npos && start > 0)
                each(path.substr(0, start) + segment.substr(0, eq + 1), segment.substr(eq + 1));
            start = end + 1;
        }
    }

    std::map<std::string, std::vector<std::string>> m_values;
};

std::string leafName(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

/// The station's event stream, oldest first. @p socket1Rows: the measurements of socket 1's current unit.
struct Station {
    std::vector<Event> events;
    std::uint64_t socket1Run = 0; ///< the run on socket 1 (2,000 measurements)
    std::uint64_t socket2Run = 0; ///< a running socket
    std::size_t socket2Step = 0;  ///< its current plan step
};

void addTelemetry(std::vector<Event>& ev, std::uint64_t runId, int socket, WallTime started);

Station makeStation(int socket1Rows) {
    const auto seq = xpoSequence();
    const RunPlan plan = RunPlan::build(*seq, 1.0);
    const auto& steps = plan.steps();
    const FrameIndex frames(plan);
    const std::size_t measureSteps = std::size_t(
        std::count_if(steps.begin(), steps.end(), [](const RunPlan::Step& s) { return s.type == StepType::Measure; }));
    const int perStep = int((kMeasurementsPerUnit + measureSteps - 1) / std::max<std::size_t>(measureSteps, 1));

    Station station;
    auto& ev = station.events;
    const WallTime now = std::chrono::system_clock::now();
    std::uint64_t runId = 0;

    for (int i = 0; i < kInstruments; ++i)
        ev.emplace_back(InstrumentStatus{fmt::format("instrument{:02d}", i + 1), i != 7,
                                         i != 7 ? fmt::format("Keysight Technologies,E36312A,MY5900{:04d},2.1.3-1.0.4"
                                                              "-1.12 (TCPIP0::10.0.0.{}::inst0::INSTR)",
                                                              i, 20 + i)
                                                : "TCPIP0::10.0.0.27::5025::SOCKET: connection refused"});

    // The lot so far: 10,000 units, one in 23 failing, in the order the sockets finished them.
    const WallTime lotStart = now - 30 * 24h;
    for (int i = 0; i < kHistoryRuns; ++i) {
        const int socket = i % kSockets + 1;
        const std::string serial = fmt::format("XPO{:07d}", i + 1);
        const WallTime started = lotStart + i * 4min;
        ++runId;
        ev.emplace_back(RunStarted{runId, socket, serial, kPart, "A", "LOT-2026-12", "operator", "sim-xpo-line", seq,
                                   "xpo-limits", "", started});
        const bool fail = i % 23 == 0;
        if (fail) {
            const auto& step = steps[steps.size() / 2];
            ev.emplace_back(StepFinished{runId,
                                         socket,
                                         step.path,
                                         leafName(step.path),
                                         step.type,
                                         Verdict::Fail,
                                         "tx_power lane 5: -4.12 dBm below -4 dBm",
                                         1,
                                         {},
                                         started,
                                         started + 1min});
        }
        ev.emplace_back(RunFinished{runId, socket, serial, fail ? Verdict::Fail : Verdict::Pass, "", started + 55min});
    }

    // The 16 units on the sockets now.
    int measurementNo = 0;
    for (int socket = 1; socket <= kSockets; ++socket) {
        const std::string serial = fmt::format("XPO{:07d}", kHistoryRuns + socket);
        const WallTime started = now - std::chrono::minutes(2 + 3 * socket);
        ++runId;
        if (socket == 1)
            station.socket1Run = runId;
        if (socket == 2)
            station.socket2Run = runId;
        ev.emplace_back(RunStarted{runId, socket, serial, kPart, "A", "LOT-2026-12", "operator", "sim-xpo-line", seq,
                                   "xpo-limits", "", started});
        addTelemetry(ev, runId, socket, started);
        const bool ends = socket >= 15;
        // Running sockets stop spread over the plan; socket 1 where its unit has socket1Rows measurements.
        std::size_t stop = ends ? steps.size() : steps.size() * std::size_t(socket - 1) / kSockets + 1;
        if (socket == 1)
            stop = steps.size() - 1;
        int rows = 0;
        const std::size_t failAt = steps.size() * 3 / 5;
        WallTime t = started;
        for (std::size_t k = 0; k < stop; ++k) {
            const auto& step = steps[k];
            ev.emplace_back(
                StepStarted{runId, socket, step.path, leafName(step.path), step.type, 1, t, frames.frames(step.path)});
            if (step.type == StepType::Measure)
                for (int lane = 1; lane <= perStep && (socket != 1 || rows < socket1Rows); ++lane, ++rows) {
                    sequences::Measurement m;
                    m.name = fmt::format("tx_power_{}", measurementNo++ % 7);
                    m.value = -1.5 + 0.013 * double(rows % 97);
                    m.limit.comparator = sequences::Comparator::GELE;
                    m.limit.low = -4.0;
                    m.limit.high = 4.0;
                    m.limit.unit = "dBm";
                    m.outcome = Verdict::Pass;
                    m.lane = lane;
                    m.conditions = {{"case_temp_c", 70}, {"vcc_v", 3.3}};
                    ev.emplace_back(MeasurementRecorded{runId, socket, step.path, std::move(m), t});
                }
            const bool failing = socket == 16 && k == failAt;
            ev.emplace_back(StepFinished{runId,
                                         socket,
                                         step.path,
                                         leafName(step.path),
                                         step.type,
                                         failing                          ? Verdict::Fail
                                         : step.type == StepType::Measure ? Verdict::Pass
                                                                          : Verdict::Done,
                                         failing ? "rx_sensitivity lane 3: -9.1 dBm above -10.6 dBm" : "",
                                         1,
                                         {},
                                         t,
                                         t + 100ms});
            t += 100ms;
            if (socket == 1 && rows >= socket1Rows) {
                stop = k + 1;
                break;
            }
        }
        if (ends) {
            ev.emplace_back(RunFinished{runId, socket, serial, socket == 16 ? Verdict::Fail : Verdict::Pass, "", t});
            continue;
        }
        // Running: the next step has started. Socket 3 waits in the first wait_until after its position.
        std::size_t current = stop;
        if (socket == 3)
            for (std::size_t k = stop; k < steps.size(); ++k)
                if (steps[k].type == StepType::WaitUntil) {
                    current = k;
                    break;
                }
        const auto& step = steps[std::min(current, steps.size() - 1)];
        ev.emplace_back(
            StepStarted{runId, socket, step.path, leafName(step.path), step.type, 1, t, frames.frames(step.path)});
        if (socket == 2)
            station.socket2Step = std::min(current, steps.size() - 1);
        if (step.type == StepType::WaitUntil)
            ev.emplace_back(WaitProgress{runId, socket, step.path, "chamber", "temperature", 69.6, 70, 0.5, "degC", 45s,
                                         2min, 4min, 30min, t});
    }

    for (int i = 0; i < kLogLines; ++i)
        ev.emplace_back(LogLine{i % 50 == 0 ? 3 : 2,
                                fmt::format("socket {}: XPO{:07d} step 'main/Temperature corners/case_temp=70/Lane "
                                            "{}/TX power' PASS in {} ms",
                                            i % kSockets + 1, kHistoryRuns + i % kSockets + 1, i % 8 + 1, 80 + i % 40),
                                now - std::chrono::seconds(kLogLines - i)});
    return station;
}

/// What the live charts (F8) show of a unit at its fullest: four hours of coolant, case and supply-current readings
/// every 10 s (each series at its bound), and a BER waterfall of 64 lanes × 13 points.
void addTelemetry(std::vector<Event>& ev, std::uint64_t runId, int socket, WallTime started) {
    for (int k = 0; k < 1440; ++k) {
        const WallTime t = started - 4h + k * 10s;
        const double wave = std::sin(double(k) / 90.0);
        ev.emplace_back(WaitProgress{runId, socket, "main/Temperature corners/case_temp=70/Coolant settled", "chiller",
                                     "bathTemperature", 40 + 25 * wave, 65.5, 0.3, "degC", 0s, 1min, 0s, 60min, t});
        ev.emplace_back(WaitProgress{runId, socket, "main/Temperature corners/case_temp=70/Case at corner", "daq",
                                     "measureTemperature", 45 + 25 * wave, 70, 1, "degC", 0s, 2min, 0s, 30min, t});
        // Read as a wait's polls, not measurements: the measurement table's rows stay what each benchmark says.
        ev.emplace_back(WaitProgress{runId, socket, "main/Temperature corners/case_temp=70/Input power", "psu",
                                     "measureCurrent", 5 + 0.5 * wave, 5, 1, "A", 0s, 1min, 0s, 60min, t});
    }
    std::vector<sequences::Trace> traces;
    for (int lane = 1; lane <= 64; ++lane) {
        sequences::Trace trace{"ber_waterfall", lane, "received_oma", "dBm", "ber", "", {}, {}};
        for (int att = 2; att <= 14; ++att) {
            trace.x.push_back(-1.0 - double(att) * 0.5 - 0.01 * lane);
            trace.y.push_back(std::pow(10.0, -12 + double(att) * 0.7));
        }
        traces.push_back(std::move(trace));
    }
    ev.emplace_back(StepFinished{runId,
                                 socket,
                                 "main/Receivers/port=8/Port Rx/Sensitivity",
                                 "Sensitivity",
                                 StepType::Sweep,
                                 Verdict::Pass,
                                 "",
                                 1,
                                 {},
                                 started,
                                 started,
                                 std::move(traces)});
}

const Station& station(int socket1Rows) {
    static std::map<int, Station> stations;
    auto it = stations.find(socket1Rows);
    if (it == stations.end())
        it = stations.emplace(socket1Rows, makeStation(socket1Rows)).first;
    return it->second;
}

/// The station's snapshot, folded by the reducer as SnapshotPublisher does.
const StationSnapshot& snapshot(int socket1Rows) {
    static std::map<int, std::shared_ptr<const StationSnapshot>> snapshots;
    auto& s = snapshots[socket1Rows];
    if (!s) {
        const SnapshotReducer reducer(reducerOptions());
        StationSnapshot folded = reducer.initial();
        for (const auto& e : station(socket1Rows).events)
            folded = reducer.apply(std::move(folded), e);
        s = std::make_shared<const StationSnapshot>(std::move(folded));
    }
    return *s;
}

/// One ImGui context for the process, as the panel makes it (PanelApp::open) minus the window and the backends:
/// the theme's fonts in a built atlas, a 1920×1080 display.
struct Gui {
    Gui() {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        fonts = ui::loadTheme();
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
        io.DisplaySize = ImVec2(1920, 1080);
        io.DeltaTime = 1.f / 60.f;
    }
    ui::Fonts fonts;
};

Gui& gui() {
    static Gui g;
    return g;
}

ui::PanelFrame::Options frameOptions() {
    ui::PanelFrame::Options o;
    o.station = "sim-xpo-line";
    o.sequence = "XPO functional test";
    o.sockets = kSockets;
    return o;
}

/// One frame, as PanelApp::run() builds it between the backends' NewFrame and the OpenGL draw. @p key: a key held
/// down during this frame (GLFW key code; -1: none).
void buildFrame(ui::PanelFrame& frame, const StationSnapshot& snapshot, int key = -1) {
    ImGuiIO& io = ImGui::GetIO();
    if (key >= 0)
        io.KeysDown[key] = true;
    ImGui::NewFrame();
    frame.draw(snapshot, false);
    ImGui::Render();
    if (key >= 0)
        io.KeysDown[key] = false;
}

/// A frame made ready to time: the details tab picked with its key (F2 measurements, F3 log, F4 instruments) and
/// a few frames drawn so that layout, table columns and scrolling settle.
void settle(ui::PanelFrame& frame, const StationSnapshot& snapshot, int tabKey) {
    frame.setFonts(gui().fonts);
    buildFrame(frame, snapshot);
    buildFrame(frame, snapshot, tabKey);
    for (int i = 0; i < 5; ++i)
        buildFrame(frame, snapshot);
}

/// What the Live tab shows while timed: the selected socket's charts, the same with the mouse over the temperature
/// chart (its tooltip built every frame), or every socket's series (the all-sockets overview).
enum class Live { Socket, Tooltip, AllSockets };

void PanelFrameBuild(benchmark::State& state, int socket1Rows, int tabKey, Live live = Live::Socket) {
    gui();
    const StationSnapshot& s = snapshot(socket1Rows);
    NoControl control;
    ui::PanelFrame frame(frameOptions(), control);
    if (live == Live::AllSockets)
        frame.liveCharts().setMode(ui::LiveCharts::Mode::AllSockets);
    settle(frame, s, tabKey);
    if (live == Live::Tooltip) {
        const auto& r = frame.liveCharts().rects();
        ImGui::GetIO().MousePos = ImVec2((r.min[0].x + r.max[0].x) / 2, (r.min[0].y + r.max[0].y) / 2);
        buildFrame(frame, s);
        buildFrame(frame, s);
        if (frame.liveCharts().tooltip().empty())
            state.SkipWithError("the mouse is not over the temperature chart: no tooltip");
    }
    for (auto _ : state)
        buildFrame(frame, s);
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    const ImDrawData* draw = ImGui::GetDrawData();
    state.counters["vertices"] = double(draw->TotalVtxCount);
    state.counters["rows"] = double(s.socket(1)->measurements->size());
}

BENCHMARK_CAPTURE(PanelFrameBuild, operator_16_sockets_measurements_20_rows, 20, GLFW_KEY_F2)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelFrameBuild, operator_16_sockets_measurements_2000_rows, 2000, GLFW_KEY_F2)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelFrameBuild, operator_16_sockets_log_tab, 2000, GLFW_KEY_F3)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelFrameBuild, operator_16_sockets_instruments_tab, 2000, GLFW_KEY_F4)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelFrameBuild, operator_16_sockets_live_charts, 2000, GLFW_KEY_F8)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelFrameBuild, operator_16_sockets_live_charts_tooltip, 2000, GLFW_KEY_F8, Live::Tooltip)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelFrameBuild, operator_16_sockets_live_all_sockets, 2000, GLFW_KEY_F8, Live::AllSockets)
    ->Unit(benchmark::kMicrosecond);

/// What the snapshot worker copies (SnapshotPublisher, SnapshotReducer), to explain the latencies below: the whole
/// snapshot, once per batch of events; socket 1's 2,000 measurement rows, once per batch that appends to them (the
/// published snapshot shares the list); the lot's set of serials seen (10,016), once per unit that ends.
enum class Copy { Snapshot, MeasurementRows, SerialsSeen };

void PanelSnapshotCopy(benchmark::State& state, Copy what) {
    const StationSnapshot& s = snapshot(2000);
    for (auto _ : state) {
        if (what == Copy::Snapshot) {
            auto copy = std::make_shared<const StationSnapshot>(s);
            benchmark::DoNotOptimize(copy);
        } else if (what == Copy::MeasurementRows) {
            auto copy = std::make_shared<std::vector<MeasurementRow>>(*s.socket(1)->measurements);
            benchmark::DoNotOptimize(copy);
        } else {
            auto copy = std::make_shared<std::set<std::string>>(*s.lot.serialsSeen);
            benchmark::DoNotOptimize(copy);
        }
    }
}

BENCHMARK_CAPTURE(PanelSnapshotCopy, whole_snapshot, Copy::Snapshot)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelSnapshotCopy, measurement_rows_2000, Copy::MeasurementRows)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelSnapshotCopy, serials_seen_10016, Copy::SerialsSeen)->Unit(benchmark::kMicrosecond);

/// The station as it runs: an EventBus with the SnapshotPublisher subscribed (its own worker thread), fed the
/// whole station's events.
struct Rig {
    Rig() : snapshots(std::make_shared<SnapshotPublisher>(reducerOptions())) {
        bus.subscribe(snapshots, "snapshot");
        for (const auto& e : station(2000).events)
            bus.publish(e);
        bus.flush();
    }
    EventBus bus;
    std::shared_ptr<SnapshotPublisher> snapshots;
};

enum class Latency {
    StepStarted,        ///< a step starts on socket 2 (its tile changes)
    Measurement,        ///< a measurement on socket 1 (2,000 rows: the list is copied once per batch)
    MeasurementToFrame, ///< the same, until the frame built from the snapshot that shows it
    UnitEnded,          ///< socket 2's unit ends PASS and the next one starts (10,000 serials seen in the lot)
};

/// Publishes one event per iteration (two for UnitEnded) from an "engine" thread; the benchmark's thread plays the UI
/// thread: it waits, blocked, until the engine has published and then until the bus's worker has handled it
/// (EventBus::flush(): the worker publishes the snapshot before it counts the batch handled), reads the snapshot
/// (checking the event is in it) and (MeasurementToFrame) builds a frame from it. Manual time: from just before the
/// event's publish() to that moment, so it includes one thread wake-up (the UI thread's) that the real panel, which
/// reads the snapshot at its next frame, does not have. Blocking rather than spinning: on this 2-CPU machine a
/// spinning reader takes CPU from the worker it waits for (it doubled the latencies in some sessions).
void PanelEventLatency(benchmark::State& state, Latency kind) {
    const Station& st = station(2000);
    gui();
    Rig rig;
    NoControl control;
    ui::PanelFrame frame(frameOptions(), control);
    if (kind == Latency::MeasurementToFrame)
        settle(frame, *rig.snapshots->current(), GLFW_KEY_F2);
    const auto plan = RunPlan::build(*xpoSequence(), 1.0);

    constexpr std::uint64_t kStop = ~std::uint64_t(0);
    std::atomic<std::uint64_t> go{0};        // the UI thread asks for the next event
    std::atomic<std::uint64_t> published{0}; // the engine has published it
    std::atomic<Clock::rep> publishedAt{0};
    const std::uint64_t events = kind == Latency::UnitEnded ? 2 : 1; // per iteration
    std::thread engine([&] {
        std::uint64_t seen = 0;
        std::uint64_t socket2Run = st.socket2Run;
        std::string socket2Serial = fmt::format("XPO{:07d}", kHistoryRuns + 2);
        while (true) {
            go.wait(seen, std::memory_order_acquire);
            seen = go.load(std::memory_order_acquire);
            if (seen == kStop)
                return;
            std::vector<Event> e(1);
            if (kind == Latency::StepStarted) {
                const auto& step = plan.steps()[(st.socket2Step + seen) % plan.steps().size()];
                e[0] = StepStarted{
                    st.socket2Run, 2, step.path, leafName(step.path), step.type, 1, std::chrono::system_clock::now()};
            } else if (kind == Latency::UnitEnded) {
                const auto time = std::chrono::system_clock::now();
                e[0] = RunFinished{socket2Run, 2, socket2Serial, Verdict::Pass, "", time};
                socket2Run = 1000000 + seen;
                socket2Serial = fmt::format("XPO{:07d}", socket2Run);
                e.emplace_back(RunStarted{socket2Run, 2, socket2Serial, kPart, "A", "LOT-2026-12", "operator",
                                          "sim-xpo-line", xpoSequence(), "xpo-limits", "", time});
            } else {
                sequences::Measurement m;
                m.name = "tx_power_lane";
                m.value = -1.25;
                m.limit.comparator = sequences::Comparator::GELE;
                m.limit.low = -4.0;
                m.limit.high = 4.0;
                m.limit.unit = "dBm";
                m.outcome = Verdict::Pass;
                m.lane = int(seen % 8) + 1;
                e[0] = MeasurementRecorded{st.socket1Run, 1, "main/Temperature corners/case_temp=70/TX power",
                                           std::move(m), std::chrono::system_clock::now()};
            }
            publishedAt.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
            for (auto& event : e)
                rig.bus.publish(std::move(event));
            published.store(seen, std::memory_order_release);
            published.notify_one();
        }
    });

    std::vector<double> samples;
    std::uint64_t sent = 0;
    for (auto _ : state) {
        const std::uint64_t before = rig.snapshots->current()->version;
        go.store(++sent, std::memory_order_release);
        go.notify_one();
        published.wait(sent - 1, std::memory_order_acquire);
        rig.bus.flush();
        const std::shared_ptr<const StationSnapshot> seen = rig.snapshots->current();
        if (seen->version < before + events) {
            state.SkipWithError("the snapshot does not have the event once the bus is flushed");
            break;
        }
        if (kind == Latency::MeasurementToFrame)
            buildFrame(frame, *seen);
        const auto t1 = Clock::now();
        const Clock::time_point t0{Clock::duration(publishedAt.load(std::memory_order_relaxed))};
        const double seconds = std::chrono::duration<double>(t1 - t0).count();
        state.SetIterationTime(seconds);
        samples.push_back(seconds);
    }
    go.store(kStop, std::memory_order_release);
    go.notify_one();
    engine.join();
    if (samples.empty())
        return;
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[std::size_t(q * double(samples.size() - 1))] * 1e6; };
    state.counters["p50_us"] = at(0.5);
    state.counters["p99_us"] = at(0.99);
    state.counters["max_us"] = samples.back() * 1e6;
    state.counters["rows"] = double(rig.snapshots->current()->socket(1)->measurements->size());
}

// A fixed number of events per repetition: each measurement adds a row to socket 1 (2,000 → 2,300).
BENCHMARK_CAPTURE(PanelEventLatency, step_started_to_snapshot, Latency::StepStarted)
    ->UseManualTime()
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelEventLatency, unit_ended_next_started_to_snapshot, Latency::UnitEnded)
    ->UseManualTime()
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelEventLatency, measurement_2000_rows_to_snapshot, Latency::Measurement)
    ->UseManualTime()
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelEventLatency, measurement_2000_rows_to_frame_built, Latency::MeasurementToFrame)
    ->UseManualTime()
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);

/// A results database of @p runs runs, one every 5 minutes backwards from now (10,000 runs: 35 days), written by the
/// real ResultWriter: 5 part numbers, three steps of 4 measurements each, one run in 20 failing a lane (its
/// retest follows), one in 200 aborted. Made once per process; removed at exit.
struct HistoryDb {
    explicit HistoryDb(int runs)
        : file(std::filesystem::temp_directory_path() /
               fmt::format("optiqual-panel-bench-{}-{}.db", ::getpid(), runs)) {
        db::WriterOptions o;
        o.durability = db::Durability::Off;
        o.maxQueued = 20000;
        auto w = db::ResultWriter::open(file, o);
        std::mt19937_64 rng(7);
        std::uniform_int_distribution<int> pick(0, 999);
        const char* parts[] = {"XPO-800G-DR8", "XPO-1600G-DR8", "CPO-3200-ELS", "CPO-6400-ELS", "CP-420-LC"};
        const std::int64_t now = db::nowMicros();
        std::string retest;
        for (int i = 0; i < runs; ++i) {
            const std::int64_t t = now - std::int64_t(runs - i) * 300'000'000;
            const std::string serial = retest.empty() ? fmt::format("SN{:08d}", i) : std::exchange(retest, {});
            db::RunStart start;
            start.station = {"xpo-line-1", "host-1"};
            start.unit = {serial, parts[i % 5], "A", "XPO", fmt::format("LOT-{:04d}", i / 500)};
            start.socket = i % 4 + 1;
            start.operatorName = "operator";
            start.sequence = {"xpo-final", "1.0", "sha256:bench", "steps: []\n"};
            start.startedAt = db::fromMicros(t);
            auto ticket = w->beginRun(start);
            const int roll = pick(rng);
            const Verdict outcome = roll < 5 ? Verdict::Aborted : roll < 55 ? Verdict::Fail : Verdict::Pass;
            for (int s = 0; s < 3; ++s) {
                db::StepRecord step;
                step.run = ticket.handle;
                step.path = fmt::format("main/Temperature corners/case_temp=70/s{}", s);
                step.name = fmt::format("s{}", s);
                step.type = "numeric_limit";
                step.startedAt = db::fromMicros(t + std::int64_t{s} * 1'000'000);
                step.duration = std::chrono::microseconds(900'000);
                step.outcome = outcome == Verdict::Fail && s == 2 ? Verdict::Fail : Verdict::Pass;
                for (int m = 0; m < 4; ++m) {
                    sequences::Measurement meas;
                    meas.name = "tx_power";
                    meas.lane = m + 1;
                    meas.limit = {sequences::Comparator::GELE, -3.0, 4.0, std::nullopt, "dBm"};
                    meas.value = step.outcome == Verdict::Fail && m == 3 ? -3.5 : 0.1 * double(pick(rng) % 20);
                    meas.outcome = meas.limit.judge(meas.value);
                    step.measurements.push_back(std::move(meas));
                }
                w->recordStep(std::move(step));
                if (outcome == Verdict::Aborted)
                    break;
            }
            w->finishRun({ticket.handle, outcome, db::fromMicros(t + 10'000'000),
                          outcome == Verdict::Aborted ? "operator abort" : ""});
            if (outcome == Verdict::Fail)
                retest = serial;
        }
        w->flush();
    }
    ~HistoryDb() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(file.string() + suffix, ec);
        std::filesystem::remove_all(file.string() + "-owners", ec);
    }
    HistoryDb(const HistoryDb&) = delete;
    HistoryDb& operator=(const HistoryDb&) = delete;

    std::filesystem::path file;
};

const HistoryDb& historyDb(int runs) {
    static std::map<int, std::unique_ptr<HistoryDb>> made;
    auto& db = made[runs];
    if (!db)
        db = std::make_unique<HistoryDb>(runs);
    return *db;
}

/// A frame of the engineer view (F5 history, F6 yield) over @p runs runs, with the 16-socket station behind it.
/// Before the timed frames: frames are built back to back while the DatabaseWorker answers the view's first query
/// (its time, how many frames, and the longest of them after the first two, are counters: no frame waits for it).
void PanelHistoryFrame(benchmark::State& state, int runs, ui::PanelView view) {
    gui();
    const HistoryDb& db = historyDb(runs);
    const StationSnapshot& s = snapshot(20);
    NoControl control;
    auto options = frameOptions();
    options.database = db.file.string();
    options.view = view;
    ui::PanelFrame frame(options, control);
    frame.setFonts(gui().fonts);
    int waitingFrames = 0;
    Clock::duration longestWaiting{0};
    double longestWaitingCpuUs = 0; // the thread's own CPU time: a frame preempted by the machine's load is not long
    auto threadCpuUs = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return double(t.tv_sec) * 1e6 + double(t.tv_nsec) / 1e3;
    };
    const auto deadline = Clock::now() + 120s;
    do {
        const auto start = Clock::now();
        const double startCpu = threadCpuUs();
        buildFrame(frame, s);
        // The first two frames lay out the tab bar and the view's tables for the first time: not counted.
        if (++waitingFrames > 2) {
            longestWaiting = std::max(longestWaiting, Clock::now() - start);
            longestWaitingCpuUs = std::max(longestWaitingCpuUs, threadCpuUs() - startCpu);
        }
        // The view's tab is selected in the first frame and drawn (its worker started) from the second.
    } while ((!frame.engineerView().worker() || frame.engineerView().querying()) && Clock::now() < deadline);
    const auto* worker = frame.engineerView().worker();
    if (!worker || frame.engineerView().querying()) {
        state.SkipWithError("the engineer view's query did not answer");
        return;
    }
    for (int i = 0; i < 5; ++i)
        buildFrame(frame, s);
    for (auto _ : state)
        buildFrame(frame, s);
    const auto history = worker->history().latest();
    const auto answered = view == ui::PanelView::History ? history->took : worker->yield().latest()->took;
    if (view == ui::PanelView::History)
        state.counters["runs_listed"] = history && history->value ? double(history->value->rows.size()) : 0;
    state.counters["query_ms"] = double(answered.count()) / 1000;
    state.counters["frames_during_query"] = waitingFrames;
    state.counters["longest_frame_during_query_us"] = std::chrono::duration<double, std::micro>(longestWaiting).count();
    state.counters["longest_frame_cpu_during_query_us"] = longestWaitingCpuUs;
    state.counters["vertices"] = double(ImGui::GetDrawData()->TotalVtxCount);
}

BENCHMARK_CAPTURE(PanelHistoryFrame, history_10000_runs, 10000, ui::PanelView::History)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelHistoryFrame, history_100000_runs, 100000, ui::PanelView::History)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(PanelHistoryFrame, yield_100000_runs, 100000, ui::PanelView::Yield)->Unit(benchmark::kMicrosecond);

} // namespace
