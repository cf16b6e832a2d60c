// Results-database benchmarks. A small harness, not Google Benchmark: the figures are end-to-end times of whole
// workloads, each beside a baseline doing the same work in the same run. Each mode prints its figures and
// "@row" lines for scripts/bench.sh (BenchOutput).
//
//   optiqual_bench_db throughput [STEPS]        ResultWriter vs the same rows, statements, commits written directly
//   optiqual_bench_db latency [RATE] [SECONDS]  time from a step's end to its commit, steps arriving at RATE/s
//   optiqual_bench_db generate FILE [RUNS]      a results database of RUNS runs x 20 measurements (1,000,000)
//   optiqual_bench_db reports FILE [PART] [DAYS] time yield, pareto, cpk, spc for one part over DAYS days (30)
//   optiqual_bench_db count FILE                SELECT count(*) FROM measurement, the full-scan baseline
//   optiqual_bench_db phases FILE               whole-history reports: query, document and text times
//   optiqual_bench_db schema                    the schema version generate writes
#include "db/CapabilityReport.h"
#include "db/Connection.h"
#include "db/ParetoReport.h"
#include "db/ReportDocuments.h"
#include "db/ReportRenderer.h"
#include "db/ReportSummaries.h"
#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/Schema.h"
#include "db/SpcReport.h"
#include "db/TimeText.h"
#include "db/Transaction.h"
#include "db/YieldReport.h"
#include "tests/bench/BenchOutput.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <spdlog/spdlog.h>
#include <string>
#include <thread>
#include <unistd.h>

using namespace optiqual;
using namespace optiqual::db;
using bench::BenchOutput;
using Clock = std::chrono::steady_clock;
using sequences::Verdict;

namespace {

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    if (v.empty())
        return 0;
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
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

std::filesystem::path scratchDirectory() {
    const auto dir = std::filesystem::temp_directory_path() / ("optiqual-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

constexpr int kMeasurementsPerStep = 10;
constexpr int kStepsPerRun = 10;

/// The throughput workload: runs of 10 steps, each with 10 measurements (one per lane) at one condition.
StepRecord makeStep(RunHandle run, int s, std::mt19937& rng) {
    std::normal_distribution<double> n(0, 0.3);
    StepRecord step;
    step.run = run;
    step.path = "main/optics/step" + std::to_string(s % kStepsPerRun);
    step.name = "step";
    step.type = "numeric_limit";
    step.outcome = Verdict::Pass;
    step.startedAt = std::chrono::system_clock::now();
    step.duration = std::chrono::microseconds(1000);
    for (int m = 0; m < kMeasurementsPerStep; ++m) {
        auto meas = measurement("lane_power", n(rng), -2, 2);
        meas.lane = m;
        meas.conditions = {{"temperature_c", 70}};
        step.measurements.push_back(std::move(meas));
    }
    return step;
}

struct WriterRun {
    double seconds = 0;
    std::uint64_t commits = 0;
};

/// The writer with @p steps steps pushed as fast as the producer can; with @p strict the producer waits for each
/// step to be durable (flush) before the next.
WriterRun writerRun(const std::filesystem::path& file, int steps, bool strict) {
    auto w = ResultWriter::open(file, WriterOptions{});
    std::mt19937 rng(1);
    const auto t0 = Clock::now();
    RunTicket ticket;
    for (int s = 0; s < steps; ++s) {
        if (s % kStepsPerRun == 0) {
            if (s)
                w->finishRun({ticket.handle, Verdict::Pass, std::chrono::system_clock::now(), ""});
            ticket = w->beginRun(
                runStart("SN" + std::to_string(s / kStepsPerRun), 0, 1, 1, toMicros(std::chrono::system_clock::now())));
        }
        w->recordStep(makeStep(ticket.handle, s, rng));
        if (strict)
            w->flush();
    }
    w->finishRun({ticket.handle, Verdict::Pass, std::chrono::system_clock::now(), ""});
    const auto status = w->flush();
    return {secondsSince(t0), status.commits};
}

/// The same rows the writer stores — unit, run, steps, the measurements in one multi-row INSERT per step (the
/// writer's statement for up to 16 rows), the run's end with its report summaries and its packed values — from
/// prepared statements on one thread, synchronous=FULL, committing after every @p stepsPerCommit steps. No queue,
/// no thread, definitions resolved beforehand, summaries from memory instead of read back.
double directRun(const std::filesystem::path& file, int steps, int stepsPerCommit) {
    auto c = Connection::open(file, OpenAccess::ReadWriteCreate);
    c.exec("PRAGMA journal_mode = WAL");
    c.exec("PRAGMA synchronous = FULL");
    c.exec("PRAGMA foreign_keys = ON");
    Schema::migrate(c);
    c.exec("INSERT INTO station VALUES (1, 'line-1', '', 0); INSERT INTO part VALUES (1, 'P', 'A', 'XPO');"
           "INSERT INTO sequence_version VALUES (1, 'final-test', '2.0', 'h', '');"
           "INSERT INTO condition_set VALUES (1, '{\"temperature_c\":70}');"
           "INSERT INTO try_set VALUES (1, x'00');"
           "INSERT INTO value_layout VALUES (1, x'00');");
    for (int d = 0; d < kStepsPerRun; ++d) {
        auto st = c.prepare("INSERT INTO step_def VALUES (?1, ?2, 'step', 'numeric_limit')");
        st.bind(1, d + 1).bind(2, "main/optics/step" + std::to_string(d));
        st.run();
        auto md =
            c.prepare("INSERT INTO measurement_def VALUES (?1, ?1, 'lane_power', 'dBm', 'GELE', -2, 2, NULL, ?2)");
        md.bind(1, d + 1).bind(2, "def" + std::to_string(d));
        md.run();
    }
    auto unit = c.prepare("INSERT INTO unit (serial, part_id, lot, created_at) VALUES (?1, 1, 'LOT', 0)");
    auto attempt = c.prepare("SELECT count(*) + 1 FROM run WHERE unit_id = ?1");
    auto run = c.prepare("INSERT INTO run (uuid, unit_id, part_id, station_id, socket, operator, sequence_version_id, "
                         "started_at, attempt, owner) VALUES (?1, ?2, 1, 1, 1, 'op', 1, ?3, ?4, 'bench')");
    auto step = c.prepare("INSERT INTO step (run_id, seq, step_def_id, outcome, started_at, duration_us) "
                          "VALUES (?1, ?2, ?3, 3, ?4, 1000)");
    std::string sql = "INSERT INTO measurement (run_id, seq, step_seq, def_id, value, outcome, lane, text, "
                      "condition_id) VALUES ";
    for (int r = 0; r < kMeasurementsPerStep; ++r) {
        const int p = 3 + 4 * r;
        sql += (r ? ", " : "") + std::string("(?1, ?") + std::to_string(p) + ", ?2, ?" + std::to_string(p + 1) + ", ?" +
               std::to_string(p + 2) + ", 3, ?" + std::to_string(p + 3) + ", NULL, 1)";
    }
    auto meas = c.prepare(sql);
    auto finish = c.prepare("UPDATE run SET outcome = 3, ended_at = ?2, abort_reason = '', failures = 0, "
                            "judged_steps = ?3, passed_steps = ?3, first_tries = 1 WHERE id = ?1");
    auto values = c.prepare("INSERT INTO run_values (started_at, run_id, part_id, layout_id, vals) "
                            "VALUES (?1, ?2, 1, 1, ?3)");
    std::mt19937 rng(1);
    std::normal_distribution<double> n(0, 0.3);
    std::vector<double> runValues;
    std::int64_t runId = 0, started = 0;
    const auto t0 = Clock::now();
    std::optional<Transaction> tx;
    for (int s = 0; s < steps; ++s) {
        if (!tx)
            tx.emplace(c);
        if (s % kStepsPerRun == 0) {
            started = toMicros(std::chrono::system_clock::now());
            unit.bind(1, "SN" + std::to_string(s / kStepsPerRun));
            unit.run();
            const auto unitId = c.lastInsertRowid();
            attempt.bind(1, unitId);
            attempt.step();
            const auto n1 = attempt.getInt(0);
            attempt.reset();
            run.bind(1, "uuid-" + std::to_string(s)).bind(2, unitId).bind(3, started).bind(4, n1);
            run.run();
            runId = c.lastInsertRowid();
            runValues.clear();
        }
        const int seq = s % kStepsPerRun + 1;
        step.bind(1, runId).bind(2, seq).bind(3, seq).bind(4, toMicros(std::chrono::system_clock::now()));
        step.run();
        meas.bind(1, runId).bind(2, seq);
        for (int m = 0; m < kMeasurementsPerStep; ++m) {
            const int p = 3 + 4 * m;
            const double v = n(rng);
            runValues.push_back(v);
            meas.bind(p, (seq - 1) * kMeasurementsPerStep + m + 1).bind(p + 1, seq).bind(p + 2, v).bind(p + 3, m);
        }
        meas.run();
        if (s % kStepsPerRun == kStepsPerRun - 1 || s == steps - 1) {
            finish.bind(1, runId).bind(2, toMicros(std::chrono::system_clock::now())).bind(3, seq);
            finish.run();
            values.bind(1, started).bind(2, runId).bindBlob(3, runValues.data(), runValues.size() * sizeof(double));
            values.run();
        }
        if ((s + 1) % stepsPerCommit == 0 || s == steps - 1) {
            tx->commit();
            tx.reset();
        }
    }
    return secondsSince(t0);
}

int throughput(int steps) {
    const auto dir = scratchDirectory();
    const double total = static_cast<double>(steps) * kMeasurementsPerStep;
    std::printf("workload: %d steps x %d measurements (runs of %d steps), WAL, synchronous=FULL, median of 3\n", steps,
                kMeasurementsPerStep, kStepsPerRun);
    std::vector<double> writer, direct, strictWriter, strictDirect;
    std::uint64_t commits = 0;
    const int strictSteps = std::min(steps, 2000);
    for (int round = 0; round < 3; ++round) {
        const auto tag = std::to_string(round);
        const auto bulk = writerRun(dir / ("writer" + tag + ".db"), steps, false);
        writer.push_back(bulk.seconds);
        commits = bulk.commits;
        // The same transaction pattern: as many commits as the writer's group commits made.
        const int perCommit = std::max(1, static_cast<int>(steps / std::max<std::uint64_t>(1, bulk.commits)));
        direct.push_back(directRun(dir / ("direct" + tag + ".db"), steps, perCommit));
        strictWriter.push_back(writerRun(dir / ("strict" + tag + ".db"), strictSteps, true).seconds);
        strictDirect.push_back(directRun(dir / ("strictdirect" + tag + ".db"), strictSteps, 1));
    }
    const double w = total / median(writer), d = total / median(direct);
    const double sw = strictSteps / median(strictWriter), sd = strictSteps / median(strictDirect);
    std::printf("ResultWriter, producer never waits (%llu group commits): %.0f measurements/s\n",
                static_cast<unsigned long long>(commits), w);
    std::printf("same rows written directly, same number of commits:      %.0f measurements/s  ratio %.2f\n", d, w / d);
    std::printf("ResultWriter, producer waits for each step (flush):      %.0f steps/s\n", sw);
    std::printf("same rows written directly, one commit per step:         %.0f steps/s  ratio %.2f\n", sd, sw / sd);
    BenchOutput::row("ResultWriter throughput, group commits (" + std::to_string(commits) + " commits for " +
                         std::to_string(steps) + " steps)",
                     BenchOutput::format("%.0f measurements/s", w),
                     BenchOutput::format("%.0f measurements/s written directly, same commits", d), w / d);
    BenchOutput::row("ResultWriter, producer waiting for each step to be durable",
                     BenchOutput::format("%.0f steps/s", sw),
                     BenchOutput::format("%.0f steps/s written directly, one commit per step", sd), sw / sd);
    std::filesystem::remove_all(dir);
    return 0;
}

/// Time from each step's end (the moment it is handed to the writer) to the commit that makes it durable, with
/// steps arriving at @p rate per second from one producer, synchronous=FULL.
int latency(double rate, double seconds) {
    const auto dir = scratchDirectory();
    const int steps = std::max(1, static_cast<int>(rate * seconds));
    std::vector<Clock::time_point> ended(static_cast<std::size_t>(steps));
    std::vector<double> latencies;
    latencies.reserve(ended.size());
    std::mutex mutex;
    std::size_t durable = 0; // steps [0, durable) are committed
    std::size_t handed = 0;  // steps [0, handed) have their end time
    WriterOptions o;
    o.onCommit = [&](const WriterStatus& status) {
        const auto now = Clock::now();
        std::lock_guard lock(mutex);
        // Steps are committed in the order they were queued: the first committedSteps are durable now.
        for (; durable < std::min<std::size_t>(status.committedSteps, handed); ++durable)
            latencies.push_back(std::chrono::duration<double, std::micro>(now - ended[durable]).count());
    };
    std::uint64_t commits = 0;
    {
        auto w = ResultWriter::open(dir / "latency.db", o);
        std::mt19937 rng(1);
        RunTicket ticket;
        const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
        const auto start = Clock::now();
        for (int s = 0; s < steps; ++s) {
            // Steps arrive at the given rate, as the engine's would; the producer never waits for the disk.
            std::this_thread::sleep_until(start + period * s);
            if (s % kStepsPerRun == 0) {
                if (s)
                    w->finishRun({ticket.handle, Verdict::Pass, std::chrono::system_clock::now(), ""});
                ticket = w->beginRun(
                    runStart("SN" + std::to_string(s), 0, 1, 1, toMicros(std::chrono::system_clock::now())));
            }
            auto step = makeStep(ticket.handle, s, rng);
            {
                std::lock_guard lock(mutex);
                ended[static_cast<std::size_t>(s)] = Clock::now();
                handed = static_cast<std::size_t>(s) + 1;
            }
            w->recordStep(std::move(step));
        }
        w->finishRun({ticket.handle, Verdict::Pass, std::chrono::system_clock::now(), ""});
        commits = w->flush().commits;
    }
    const double p50 = percentile(latencies, 0.5), p99 = percentile(latencies, 0.99);
    const double worst = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
    std::printf("step end -> commit, %.0f steps/s x %d measurements for %.0f s, synchronous=FULL: p50 %.0f us, p99 "
                "%.0f us, max %.0f us (%zu steps, %llu commits)\n",
                rate, kMeasurementsPerStep, seconds, p50, p99, worst, latencies.size(),
                static_cast<unsigned long long>(commits));
    BenchOutput::row(BenchOutput::format("step end to durable commit, %.0f steps/s (p50 / p99 / max)", rate),
                     BenchOutput::format("%.0f µs", p50) + " / " + BenchOutput::format("%.0f µs", p99) + " / " +
                         BenchOutput::format("%.0f µs", worst));
    std::filesystem::remove_all(dir);
    return latencies.size() == ended.size() ? 0 : 1;
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
    const auto& c = store.connection();
    const auto scope = part + ", " + std::to_string(days) + " days";
    std::vector<double> yield, pareto, cpk, spc;
    for (int round = 0; round < 3; ++round) {
        auto t0 = Clock::now();
        const auto y = queryYield(c, filter);
        yield.push_back(secondsSince(t0));
        t0 = Clock::now();
        const auto p = queryPareto(c, filter);
        pareto.push_back(secondsSince(t0));
        t0 = Clock::now();
        const auto cap = queryCapability(c, filter, {false});
        cpk.push_back(secondsSince(t0));
        t0 = Clock::now();
        const auto charts = querySpc(c, filter, {false, false});
        spc.push_back(secondsSince(t0));
        if (round == 0)
            std::printf("%s: %lld units, FPY %.3f; %zu causes; %zu capability rows; %zu charts\n", scope.c_str(),
                        static_cast<long long>(y.total.units), y.total.firstPassYield.value_or(0), p.rows.size(),
                        cap.size(), charts.size());
    }
    const std::pair<const char*, std::vector<double>*> figures[] = {
        {"yield", &yield}, {"pareto", &pareto}, {"cpk", &cpk}, {"spc", &spc}};
    for (const auto& [name, times] : figures) {
        std::printf("  report %-6s %s: %.3f s (median of 3)\n", name, scope.c_str(), median(*times));
        BenchOutput::row(std::string("report ") + name + ", " + scope + " (query, in process)",
                         BenchOutput::format("%.3f s", median(*times)));
    }
    return 0;
}

/// Where a whole-history report's time goes: the query, the document, the rendered text.
int phases(const std::string& file) {
    auto store = ResultStore::open(file, StoreOptions{});
    const auto& c = store.connection();
    const ReportFilter all;
    auto time = [](const char* name, auto&& query, auto&& document) {
        auto t0 = Clock::now();
        auto result = query();
        const double q = secondsSince(t0);
        t0 = Clock::now();
        auto doc = document(result);
        const double d = secondsSince(t0);
        t0 = Clock::now();
        const auto text = renderText(doc);
        const double r = secondsSince(t0);
        std::printf("  %-7s query %.3f s, document %.3f s, text %.3f s (%zu bytes)\n", name, q, d, r, text.size());
    };
    time(
        "yield", [&] { return queryYield(c, all); }, [](const auto& y) { return yieldDocument(y, "all"); });
    time(
        "pareto", [&] { return queryPareto(c, all); }, [](const auto& p) { return paretoDocument(p, "all", false); });
    time(
        "cpk", [&] { return queryCapability(c, all, {false}); },
        [](const auto& rows) { return capabilityDocument(rows, "all", false); });
    time(
        "spc",
        [&] {
            return querySpc(c, all, {false, false});
        },
        [](const auto& charts) { return spcDocument(charts, "all", false, false); });
    return 0;
}

/// The full-scan baseline for whole-history reports, through the same open path as a report.
int count(const std::string& file) {
    auto store = ResultStore::open(file, StoreOptions{});
    const auto t0 = Clock::now();
    const auto n = store.connection().queryInt("SELECT count(*) FROM measurement");
    std::printf("SELECT count(*) FROM measurement: %lld rows in %.3f s\n", static_cast<long long>(n), secondsSince(t0));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    const std::string mode = argc > 1 ? argv[1] : "throughput";
    try {
        if (mode == "throughput")
            return throughput(argc > 2 ? std::stoi(argv[2]) : 20000);
        if (mode == "latency")
            return latency(argc > 2 ? std::stod(argv[2]) : 200, argc > 3 ? std::stod(argv[3]) : 10);
        if (mode == "generate" && argc > 2)
            return generate(argv[2], argc > 3 ? std::stoi(argv[3]) : 1000000);
        if (mode == "reports" && argc > 2)
            return reports(argv[2], argc > 3 ? argv[3] : kParts[0], argc > 4 ? std::stoi(argv[4]) : 30);
        if (mode == "count" && argc > 2)
            return count(argv[2]);
        if (mode == "phases" && argc > 2)
            return phases(argv[2]);
        if (mode == "schema") { // the version generate writes, so scripts know when to generate again
            std::printf("%d\n", Schema::latestVersion());
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    std::fprintf(stderr,
                 "usage: %s throughput [STEPS] | latency [RATE] [SECONDS] | generate FILE [RUNS] | "
                 "reports FILE [PART] [DAYS] | count FILE | phases FILE | schema\n",
                 argv[0]);
    return 64;
}
