// Engine overhead, measured in one run against zero-latency fake instruments:
//  1. per-step overhead of action and measure steps (no sinks, and with a sink consuming every event);
//  2. 64 parallel sockets of a 200-step sequence vs 1 socket, wall time and overhead share;
//  3. abort latency: from requestAbort() to the first cleanup call reaching an instrument.
//
//   build/optiqual_bench_engine [--steps N]
#include "station/Engine.h"
#include "tests/bench/BenchOutput.h"
#include "tests/support/FakeInstruments.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstring>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;

namespace {

Expression ex(std::string t) {
    return Expression{std::move(t), {}};
}

Step setVoltage(int i) {
    Step s;
    s.name = "Set " + std::to_string(i);
    s.type = StepType::Action;
    s.call = InstrumentCall{"psu", "setVoltage", {}, {}};
    Argument ch;
    ch.name = "channel";
    ch.value = ex("1");
    Argument v;
    v.name = "volts";
    v.value = ex("vcc");
    s.call->args = {ch, v};
    return s;
}

Step measureCurrent(int i) {
    Step s;
    s.name = "Measure " + std::to_string(i);
    s.type = StepType::Measure;
    MeasurementSpec m;
    m.name = "i" + std::to_string(i);
    m.call = InstrumentCall{"psu", "measureCurrent", {}, {}};
    Argument ch;
    ch.name = "channel";
    ch.value = ex("1");
    m.call->args = {ch};
    Limit l;
    l.comparator = Comparator::GELE;
    l.low = 0.5;
    l.high = 1.5;
    l.unit = "A";
    m.inlineLimit = l;
    s.measurements = {m};
    return s;
}

std::shared_ptr<Sequence> makeSequence(int steps) {
    auto seq = std::make_shared<Sequence>();
    seq->name = "bench";
    seq->roles = {{"psu", "PowerSupply", {}}};
    seq->params = {{"vcc", 48, "", false, "V", {}}};
    for (int i = 0; i < steps; ++i)
        seq->main.push_back(i % 2 ? measureCurrent(i) : setVoltage(i));
    return seq;
}

class CountingSink : public EventSink {
public:
    void onEvent(const Event&) override { ++count; }
    std::atomic<long> count{0};
};

double runOnce(int sockets, int steps, bool withSink, long* events = nullptr) {
    asio::io_context io(1);
    EventBus bus;
    auto sink = std::make_shared<CountingSink>();
    if (withSink)
        bus.subscribe(sink, "count");
    testing::FakePsu psu(io.get_executor(), "psu");
    Engine engine(io.get_executor(), bus, std::make_shared<core::Clock>(), {{"psu", 0, &psu}});
    RunOptions o;
    o.sequence = makeSequence(steps);
    for (int s = 0; s < sockets; ++s)
        o.units.push_back({"SN" + std::to_string(s), "PN", "", ""});
    const auto start = Clock::now();
    asio::co_spawn(io, engine.run(o), [](std::exception_ptr e, std::vector<SocketResult>) {
        if (e)
            std::rethrow_exception(e);
    });
    io.run();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    bus.flush();
    if (events)
        *events = sink->count;
    return seconds;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double abortLatencyMs() {
    asio::io_context io(1);
    EventBus bus;
    testing::FakePsu psu(io.get_executor(), "psu");
    psu.readDelay = std::chrono::milliseconds(60000);
    Engine engine(io.get_executor(), bus, std::make_shared<core::Clock>(), {{"psu", 0, &psu}});
    auto seq = std::make_shared<Sequence>();
    seq->roles = {{"psu", "PowerSupply", {}}};
    Step read;
    read.name = "Pending read";
    read.type = StepType::Measure;
    MeasurementSpec m;
    m.name = "v";
    m.call = InstrumentCall{"psu", "measureVoltage", {}, {}};
    Argument ch;
    ch.name = "channel";
    ch.value = ex("1");
    m.call->args = {ch};
    read.measurements = {m};
    seq->main = {read};
    Step off;
    off.name = "Off";
    off.type = StepType::Action;
    off.call = InstrumentCall{"psu", "setOutput", {}, {}};
    Argument on;
    on.name = "on";
    on.value = ex("false");
    off.call->args = {ch, on};
    seq->cleanup = {off};
    RunOptions o;
    o.sequence = seq;
    o.units = {{"SN", "PN", "", ""}};
    Clock::time_point requested;
    asio::steady_timer trigger(io, std::chrono::milliseconds(5));
    trigger.async_wait([&](auto) {
        requested = Clock::now();
        engine.requestAbort("bench");
    });
    asio::co_spawn(io, engine.run(o), [](std::exception_ptr, std::vector<SocketResult>) {});
    // The first cleanup call is the first log entry.
    Clock::time_point firstCleanup;
    while (io.run_one() > 0)
        if (firstCleanup == Clock::time_point{} && !psu.log.empty())
            firstCleanup = Clock::now();
    return std::chrono::duration<double, std::milli>(firstCleanup - requested).count();
}

} // namespace

int main(int argc, char** argv) {
    int steps = 20000;
    for (int i = 1; i + 1 < argc; i += 2)
        if (std::strcmp(argv[i], "--steps") == 0)
            steps = std::atoi(argv[i + 1]);
    spdlog::set_level(spdlog::level::warn);

    std::vector<double> bare, sunk;
    long events = 0;
    for (int r = 0; r < 5; ++r) {
        bare.push_back(runOnce(1, steps, false));
        sunk.push_back(runOnce(1, steps, true, &events));
    }
    const double bareUs = median(bare) / steps * 1e6;
    const double sunkUs = median(sunk) / steps * 1e6;
    std::printf("Engine overhead per step (zero-latency fake PSU, %d steps alternating action/measure, median of 5)\n",
                steps);
    std::printf("  no sinks                         %8.2f us/step\n", bareUs);
    std::printf("  one sink consuming every event   %8.2f us/step (%ld events)\n", sunkUs, events);

    std::vector<double> one, many;
    for (int r = 0; r < 3; ++r) {
        one.push_back(runOnce(1, 200, true));
        many.push_back(runOnce(64, 200, true));
    }
    const double oneMs = median(one) * 1e3;
    const double manyMs = median(many) * 1e3;
    std::printf("Parallel sockets, 200-step sequence (median of 3)\n");
    std::printf("  1 socket                         %8.2f ms\n", oneMs);
    std::printf("  64 sockets                       %8.2f ms  (%.1fx the 1-socket time for 64x the work, "
                "%.2f us engine time per socket-step)\n",
                manyMs, manyMs / oneMs, manyMs * 1e3 / (64.0 * 200));

    std::vector<double> latencies;
    for (int r = 0; r < 20; ++r)
        latencies.push_back(abortLatencyMs());
    std::sort(latencies.begin(), latencies.end());
    std::printf("Abort latency, requestAbort() to the first cleanup command reaching the instrument (20 runs)\n");
    std::printf("  median %.3f ms, max %.3f ms\n", latencies[latencies.size() / 2], latencies.back());

    using bench::BenchOutput;
    BenchOutput::row("engine overhead per step, no event sinks", BenchOutput::format("%.2f µs/step", bareUs));
    BenchOutput::row("per step with one sink consuming every event on its own thread",
                     BenchOutput::format("%.2f µs/step", sunkUs), BenchOutput::format("%.2f µs/step without", bareUs),
                     sunkUs / bareUs);
    BenchOutput::row("1 socket × 200 steps", BenchOutput::format("%.2f ms", oneMs));
    BenchOutput::row("64 parallel sockets × 200 steps, time per socket-step",
                     BenchOutput::format("%.2f µs", manyMs * 1e3 / (64.0 * 200)),
                     BenchOutput::format("%.2f µs with 1 socket", oneMs * 1e3 / 200), manyMs / 64.0 / oneMs);
    BenchOutput::row("abort latency, `requestAbort()` → first cleanup command at the instrument (20 runs)",
                     BenchOutput::format("median %.3f ms", latencies[latencies.size() / 2]) +
                         BenchOutput::format(", max %.3f ms", latencies.back()));
    return 0;
}
