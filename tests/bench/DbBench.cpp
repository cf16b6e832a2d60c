// Results-database benchmarks (issue 4). A small harness, not Google Benchmark: the figures are end-to-end
// times of whole workloads.
//
//   optiqual_bench_db throughput [STEPS]          ResultWriter vs SQLite's own bulk insert of the same rows
//   optiqual_bench_db generate FILE [RUNS]        a results database of RUNS runs × 20 measurements (1,000,000)
//   optiqual_bench_db reports FILE [PART] [DAYS]  time yield, pareto, cpk for one part over DAYS days (30)
#include "db/CapabilityReport.h"
#include "db/Connection.h"
#include "db/ParetoReport.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/Schema.h"
#include "db/TimeText.h"
#include "db/Transaction.h"
#include "db/YieldReport.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <spdlog/spdlog.h>
#include <string>
#include <unistd.h>

using namespace optiqual;
using namespace optiqual::db;
using Clock = std::chrono::steady_clock;
using sequences::Verdict;

namespace {

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// 2026-11-01T00:00:00Z, the end of the generated year.
constexpr std::int64_t kEndMicros = 1761955200LL * 1000000 + 365LL * 86400 * 1000000;

const std::vector<std::string> kParts{"XPO-800G-DR8", "XPO-1600G-DR8", "CPO-3200-ELS", "CPO-6400-ELS", "CP-420-LC"};

RunStart runStart(const std::string& serial, int part, int station, int socket, std::int64_t micros) {
    RunStart s;
    s.station = {"line-" + std::to_string(station), ""};
    s.unit = {serial, kParts[static_cast<std::size_t>(part)], "A", part < 2 ? "XPO" : (part < 4 ? "CPO" : "coldplate"),
              "LOT-" + std::to_string(micros / (86400LL * 1000000 * 7))};
    s.socket = socket;
    s.operatorName = "op" + std::to_string((micros / 3600000000LL) % 12);
    s.sequence = {"final-test", "2.0", "sha256:final-" + std::to_string(part), ""};
    s.startedAt = fromMicros(micros);
    return s;
}

sequences::Measurement measurement(const std::string& name, double value, double lo, double hi) {
    sequences::Measurement m;
    m.name = name;
    m.limit = {sequences::Comparator::GELE, lo, hi, std::nullopt, "dBm"};
    m.value = value;
    m.outcome = m.limit.judge(value);
    return m;
}

int throughput(int steps) {
    const auto dir = std::filesystem::temp_directory_path() / ("optiqual-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const int measurementsPerStep = 10;
    const double total = static_cast<double>(steps) * measurementsPerStep;
    std::printf("workload: %d steps x %d measurements (runs of 10 steps), WAL\n", steps, measurementsPerStep);

    auto makeStep = [&](RunHandle run, int s, std::mt19937& rng) {
        std::normal_distribution<double> n(0, 0.3);
        StepRecord step;
        step.run = run;
        step.path = "main/optics/step" + std::to_string(s % 10);
        step.name = "step";
        step.type = "numeric_limit";
        step.outcome = Verdict::Pass;
        step.duration = std::chrono::microseconds(1000);
        for (int m = 0; m < measurementsPerStep; ++m) {
            auto meas = measurement("lane_power", n(rng), -2, 2);
            meas.lane = m;
            meas.conditions = {{"temperature_c", 70}};
            step.measurements.push_back(std::move(meas));
        }
        return step;
    };

    double writerRates[2] = {0, 0};
    const Durability modes[2] = {Durability::Normal, Durability::Full};
    for (int mode = 0; mode < 2; ++mode) {
        const auto file = dir / ("writer" + std::to_string(mode) + ".db");
        WriterOptions o;
        o.durability = modes[mode];
        auto w = ResultWriter::open(file, o);
        std::mt19937 rng(1);
        const auto t0 = Clock::now();
        RunTicket ticket;
        for (int s = 0; s < steps; ++s) {
            if (s % 10 == 0) {
                if (s)
                    w->finishRun({ticket.handle, Verdict::Pass, std::chrono::system_clock::now(), ""});
                ticket = w->beginRun(
                    runStart("SN" + std::to_string(s / 10), 0, 1, 1, toMicros(std::chrono::system_clock::now())));
            }
            w->recordStep(makeStep(ticket.handle, s, rng));
        }
        w->finishRun({ticket.handle, Verdict::Pass, std::chrono::system_clock::now(), ""});
        const auto status = w->flush();
        const double secs = secondsSince(t0);
        writerRates[mode] = total / secs;
        std::printf("ResultWriter, synchronous=%s, group commits: %.0f measurements/s (%.3f s, %llu commits)\n",
                    mode ? "FULL" : "NORMAL", writerRates[mode], secs, static_cast<unsigned long long>(status.commits));
    }
    {
        // Strict: the producer waits for each step to be durable before the next (latency-bound worst case).
        const auto file = dir / "strict.db";
        auto w = ResultWriter::open(file, WriterOptions{});
        std::mt19937 rng(1);
        const int strictSteps = std::min(steps, 2000);
        auto ticket = w->beginRun(runStart("SN-STRICT", 0, 1, 1, toMicros(std::chrono::system_clock::now())));
        const auto t0 = Clock::now();
        for (int s = 0; s < strictSteps; ++s) {
            w->recordStep(makeStep(ticket.handle, s, rng));
            w->flush();
        }
        const double secs = secondsSince(t0);
        std::printf("ResultWriter, FULL, flush after every step: %.0f steps/s = %.0f measurements/s (%.1f us per "
                    "durable step)\n",
                    strictSteps / secs, strictSteps * measurementsPerStep / secs, secs / strictSteps * 1e6);
    }
    double bulkRate = 0;
    {
        // SQLite's own bulk insert of the same step and measurement rows, one transaction, definitions resolved.
        const auto file = dir / "bulk.db";
        auto c = Connection::open(file, OpenAccess::ReadWriteCreate);
        c.exec("PRAGMA journal_mode = WAL");
        c.exec("PRAGMA synchronous = NORMAL");
        c.exec("PRAGMA foreign_keys = ON");
        Schema::migrate(c);
        c.exec("INSERT INTO station VALUES (1, 's', '', 0); INSERT INTO part VALUES (1, 'P', '', '');"
               "INSERT INTO unit VALUES (1, 'SN', 1, '', 0);"
               "INSERT INTO sequence_version VALUES (1, 'q', '1', 'h', '');"
               "INSERT INTO step_def VALUES (1, 'main/optics/step', 'step', 'numeric_limit');"
               "INSERT INTO measurement_def VALUES (1, 1, 'lane_power', 'dBm', 'GELE', -2, 2, NULL, x'01');"
               "INSERT INTO condition_set VALUES (1, '{\"temperature_c\":70}');");
        auto run = c.prepare("INSERT INTO run (id, uuid, unit_id, part_id, station_id, socket, operator, "
                             "sequence_version_id, started_at, attempt) VALUES (?1, ?2, 1, 1, 1, 1, 'op', 1, 0, 1)");
        auto step = c.prepare("INSERT INTO step (run_id, seq, step_def_id, outcome, started_at, duration_us) "
                              "VALUES (?1, ?2, 1, 3, 0, 1000)");
        auto meas = c.prepare("INSERT INTO measurement (run_id, seq, step_seq, def_id, value, outcome, lane, "
                              "condition_id) VALUES (?1, ?2, ?3, 1, ?4, 3, ?5, 1)");
        std::mt19937 rng(1);
        std::normal_distribution<double> n(0, 0.3);
        const auto t0 = Clock::now();
        Transaction tx(c);
        for (int s = 0; s < steps; ++s) {
            const int runId = s / 10 + 1;
            if (s % 10 == 0) {
                run.bind(1, runId).bind(2, "uuid-" + std::to_string(runId));
                run.run();
            }
            step.bind(1, runId).bind(2, s % 10 + 1);
            step.run();
            for (int m = 0; m < measurementsPerStep; ++m) {
                meas.bind(1, runId).bind(2, (s % 10) * measurementsPerStep + m + 1).bind(3, s % 10 + 1);
                meas.bind(4, n(rng)).bind(5, m);
                meas.run();
            }
        }
        tx.commit();
        const double secs = secondsSince(t0);
        bulkRate = total / secs;
        std::printf("SQLite bulk insert, one transaction:       %.0f measurements/s (%.3f s)\n", bulkRate, secs);
    }
    std::printf("ratio ResultWriter/bulk: NORMAL %.2f, FULL %.2f\n", writerRates[0] / bulkRate,
                writerRates[1] / bulkRate);
    std::filesystem::remove_all(dir);
    return 0;
}

int generate(const std::string& file, int runs) {
    WriterOptions o;
    o.durability = Durability::Off;
    o.maxQueued = 20000;
    auto w = ResultWriter::open(file, o);
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u01(0, 1);
    std::normal_distribution<double> noise(0, 1);
    const std::int64_t span = 365LL * 86400 * 1000000;
    const std::int64_t start = kEndMicros - span;
    const auto t0 = Clock::now();
    std::int64_t measurements = 0;
    std::string retestSerial;
    int retestPart = 0;
    std::int64_t nextUnit = 0;
    for (int i = 0; i < runs; ++i) {
        const std::int64_t t = start + span / runs * i;
        std::string serial;
        int part = 0;
        if (!retestSerial.empty()) {
            serial = std::move(retestSerial);
            part = retestPart;
            retestSerial.clear();
        } else {
            serial = "SN" + std::to_string(10000000 + nextUnit);
            part = static_cast<int>(nextUnit % 5);
            ++nextUnit;
        }
        const int station = i % 8;
        auto ticket = w->beginRun(runStart(serial, part, station, i % 4 + 1, t));
        Verdict runOutcome = Verdict::Pass;
        for (int s = 0; s < 5; ++s) {
            StepRecord step;
            step.run = ticket.handle;
            step.path = "main/s" + std::to_string(s);
            step.name = "s" + std::to_string(s);
            step.type = "numeric_limit";
            step.startedAt = fromMicros(t + s * 2000000);
            step.duration = std::chrono::microseconds(1500000);
            step.outcome = Verdict::Pass;
            for (int m = 0; m < 4; ++m) {
                // A drifting station 3 and a marginal measurement give the Pareto and Cpk something to show.
                const double shift = station == 3 && s == 2 ? 0.8 : 0.0;
                const double sigma = s == 4 && m == 0 ? 0.55 : 0.3;
                auto meas = measurement("lane" + std::to_string(m), shift + sigma * noise(rng), -1.5, 1.5);
                meas.lane = m;
                meas.conditions = {{"temperature_c", s < 2 ? 25.0 : 70.0}};
                if (meas.outcome != Verdict::Pass)
                    step.outcome = runOutcome = Verdict::Fail;
                step.measurements.push_back(std::move(meas));
            }
            measurements += 4;
            w->recordStep(std::move(step));
        }
        w->finishRun({ticket.handle, runOutcome, fromMicros(t + 10000000), ""});
        if (runOutcome == Verdict::Fail && u01(rng) < 0.9) {
            retestSerial = serial;
            retestPart = part;
        }
        if ((i + 1) % 100000 == 0)
            std::printf("  %d runs, %.0f s\n", i + 1, secondsSince(t0)), std::fflush(stdout);
    }
    w->flush();
    w.reset();
    {
        auto c = Connection::open(file, OpenAccess::ReadWrite);
        c.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        c.exec("ANALYZE");
    }
    const auto bytes = std::filesystem::file_size(file);
    std::printf("generated %d runs, %lld measurements in %.1f s; %s: %.1f MB, %.1f bytes per measurement\n", runs,
                static_cast<long long>(measurements), secondsSince(t0), file.c_str(), bytes / 1e6,
                static_cast<double>(bytes) / static_cast<double>(measurements));
    return 0;
}

int reports(const std::string& file, const std::string& part, int days) {
    auto store = ResultStore::open(file, StoreOptions{});
    ReportFilter filter;
    filter.partNumber = part;
    filter.until = kEndMicros;
    filter.since = kEndMicros - days * 86400LL * 1000000;
    const auto bytes = std::filesystem::file_size(file);
    const auto measurements = store.connection().queryInt("SELECT count(*) FROM measurement");
    std::printf("%s: %.1f MB, %lld measurements, %.1f bytes per measurement\n", file.c_str(), bytes / 1e6,
                static_cast<long long>(measurements), static_cast<double>(bytes) / static_cast<double>(measurements));
    for (int round = 0; round < 2; ++round) {
        std::printf("%s run:\n", round ? "warm" : "first");
        auto t0 = Clock::now();
        const auto y = queryYield(store.connection(), filter);
        std::printf("  report yield  %s, %d days: %.3f s (%lld units, FPY %.3f, RTY %.3f)\n", part.c_str(), days,
                    secondsSince(t0), static_cast<long long>(y.total.units), y.total.firstPassYield.value_or(0),
                    y.total.rolledThroughputYield.value_or(0));
        t0 = Clock::now();
        const auto p = queryPareto(store.connection(), filter);
        std::printf("  report pareto %s, %d days: %.3f s (%zu causes, top %s/%s)\n", part.c_str(), days,
                    secondsSince(t0), p.rows.size(), p.rows.empty() ? "-" : p.rows[0].stepPath.c_str(),
                    p.rows.empty() ? "-" : p.rows[0].measurement.c_str());
        t0 = Clock::now();
        const auto c = queryCapability(store.connection(), filter);
        std::size_t n = 0;
        for (const auto& r : c)
            n += r.capability.n;
        std::printf("  report cpk    %s, %d days: %.3f s (%zu measurements, %zu values)\n", part.c_str(), days,
                    secondsSince(t0), c.size(), n);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    const std::string mode = argc > 1 ? argv[1] : "throughput";
    try {
        if (mode == "throughput")
            return throughput(argc > 2 ? std::stoi(argv[2]) : 20000);
        if (mode == "generate" && argc > 2)
            return generate(argv[2], argc > 3 ? std::stoi(argv[3]) : 1000000);
        if (mode == "reports" && argc > 2)
            return reports(argv[2], argc > 3 ? argv[3] : kParts[0], argc > 4 ? std::stoi(argv[4]) : 30);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    std::fprintf(stderr, "usage: %s throughput [STEPS] | generate FILE [RUNS] | reports FILE [PART] [DAYS]\n", argv[0]);
    return 64;
}
