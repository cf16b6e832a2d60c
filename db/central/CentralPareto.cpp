#include "db/central/CentralPareto.h"

#include "db/ParetoTally.h"
#include "db/central/CentralFilter.h"
#include "db/central/PgConnection.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace optiqual::db::central {

namespace {

/// A run's UUID as two numbers: a year's failing rows name hundreds of thousands of runs, and a key of 36 characters
/// (allocated, hashed as text) took a third of the client's time.
struct UuidKey {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    bool operator==(const UuidKey&) const = default;
    /// The server's order of UUIDs (their bytes in turn).
    bool operator<(const UuidKey& other) const { return high != other.high ? high < other.high : low < other.low; }
};

struct UuidKeyHash {
    std::size_t operator()(const UuidKey& k) const { return k.high * 0x9E3779B97F4A7C15ULL ^ k.low; }
};

/// The 32 hex digits of a UUID's text form ("0191c1a4-…"), hyphens skipped.
UuidKey uuidKey(std::string_view text) {
    UuidKey k;
    int digits = 0;
    for (const char ch : text) {
        const int v = ch >= '0' && ch <= '9' ? ch - '0' : (ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1);
        if (v < 0)
            continue;
        auto& half = digits < 16 ? k.high : k.low;
        half = half << 4 | static_cast<std::uint64_t>(v);
        ++digits;
    }
    return k;
}

/// Runs @p work on a new connection to the same server in a thread of its own; wait() joins it and rethrows its
/// failure. The reads of a report go to the server at the same time: each is one backend's work on one core.
class Beside {
public:
    Beside(const PgConnection& c, std::function<void(PgConnection&)> work)
        : m_connection(c.openAnother()), m_thread([this, w = std::move(work)] {
              try {
                  w(m_connection);
              } catch (...) {
                  m_failure = std::current_exception();
              }
          }) {}
    ~Beside() {
        if (m_thread.joinable())
            m_thread.join();
    }
    Beside(const Beside&) = delete;
    Beside& operator=(const Beside&) = delete;

    void wait() {
        m_thread.join();
        if (m_failure)
            std::rethrow_exception(m_failure);
    }

private:
    PgConnection m_connection;
    std::exception_ptr m_failure;
    std::thread m_thread;
};

/// Pareto's queries read a few hundred thousand rows through index-only scans; compiling their plans (JIT, which
/// the planner turns on for estimated costs above 100,000) took longer than running them.
constexpr const char* kNoJit = "SET jit = off";

} // namespace

ParetoResult queryCentralPareto(PgConnection& c, const ReportFilter& filter) {
    const auto params = selectionParams(filter);
    const std::string counted = std::string(runSelection()) + " AND r.outcome NOT IN (6, 7)";
    // Only runs with failing rows (run.failures, computed at upload) are read; the run_failing, step_failing and
    // measurement_failing indexes hold every column read here (schema version 3), so the server reads no table row.
    const std::string failing = counted + " AND r.failures > 0";
    // Three reads at the same time, each on a connection of its own (JIT off there, the caller's connection left as
    // it was): the units tested (every run of the window, grouped over the run_yield index's unit order: millions
    // for a year), the failing steps and the failing measurements.
    std::int64_t units = 0;
    Beside countUnits(c, [&](PgConnection& pg) {
        pg.exec(kNoJit);
        units = pg.exec("SELECT count(*) FROM (SELECT r.unit_id FROM run r WHERE " + counted + " GROUP BY r.unit_id) u",
                        params)
                    .integer(0, 0);
    });
    PgResult steps(nullptr);
    Beside readSteps(c, [&](PgConnection& pg) {
        pg.exec(kNoJit);
        steps = pg.exec("SELECT r.uuid::text, r.unit_id, s.seq, s.step_def_id FROM run r "
                        "JOIN step s ON s.run_uuid = r.uuid WHERE " +
                            failing + " AND s.outcome IN (4, 5) ORDER BY r.uuid, s.seq",
                        params);
    });
    PgResult ms(nullptr);
    Beside readMeasurements(c, [&](PgConnection& pg) {
        pg.exec(kNoJit);
        // The run's start picks the measurement partition; the window, repeated on it, prunes the months outside.
        ms =
            pg.exec("SELECT r.uuid::text, r.unit_id, m.step_seq, m.def_id FROM run r "
                    "JOIN measurement m ON m.run_uuid = r.uuid AND m.run_started_at = r.started_at WHERE " +
                        failing +
                        " AND m.outcome IN (4, 5) AND ($1::timestamptz IS NULL OR m.run_started_at >= $1::timestamptz) "
                        "AND ($2::timestamptz IS NULL OR m.run_started_at < $2::timestamptz)",
                    params);
    });
    std::unordered_map<std::int64_t, ParetoStepDef> stepDefs;
    {
        const auto defs = c.exec("SELECT id, path, type FROM step_def");
        for (int i = 0; i < defs.rows(); ++i)
            stepDefs.emplace(defs.integer(i, 0), ParetoStepDef{defs.text(i, 1), defs.text(i, 2)});
    }
    ParetoTally tally(std::move(stepDefs));
    readSteps.wait();
    {
        // Runs are named by UUID here; the tally wants numbers, given in the steps' order (UUID order: a run's number
        // is the count of runs before it). A failing measurement finds its run by binary search among them; a hash
        // map of a year's 400,000 UUIDs took a sixth of the client's time.
        const auto n = [](auto i) { return static_cast<std::size_t>(i); };
        std::vector<std::pair<UuidKey, std::int64_t>> runs; // (UUID, number) of the runs with failing steps
        std::vector<int> firstStep;                         // by run number: its first row in steps
        std::vector<std::int64_t> stepRuns(n(steps.rows())), stepSeqs(n(steps.rows()));
        for (int i = 0; i < steps.rows(); ++i) {
            const auto key = uuidKey(steps.bytes(i, 0));
            if (runs.empty() || !(runs.back().first == key)) {
                runs.emplace_back(key, static_cast<std::int64_t>(runs.size()));
                firstStep.push_back(i);
            }
            stepRuns[n(i)] = runs.back().second;
            stepSeqs[n(i)] = steps.integer(i, 2);
        }
        firstStep.push_back(steps.rows());
        std::sort(runs.begin(), runs.end()); // already in order but for the server's: the lookup needs it
        readMeasurements.wait();
        // The definitions of the failing measurements, only those the rows name; a row naming none is not read (as
        // an inner join would not).
        std::unordered_map<std::int64_t, std::pair<std::int64_t, std::string>> measurementDefs; // → (step def, name)
        {
            std::unordered_set<std::int64_t> ids;
            for (int i = 0; i < ms.rows(); ++i)
                ids.insert(ms.integer(i, 3));
            std::string list = "{";
            for (const auto id : ids)
                list += (list.size() > 1 ? "," : "") + std::to_string(id);
            const auto defs =
                c.exec("SELECT id, step_def_id, name FROM measurement_def WHERE id = ANY($1::int[])", {list + "}"});
            for (int i = 0; i < defs.rows(); ++i)
                measurementDefs.emplace(defs.integer(i, 0), std::make_pair(defs.integer(i, 1), defs.text(i, 2)));
        }
        // Each failing measurement's run, and the failing steps that have a failing measurement of their own.
        std::vector<std::int64_t> msRuns(n(ms.rows()));
        std::vector<char> measured(n(steps.rows()), 0);
        std::unordered_map<UuidKey, std::int64_t, UuidKeyHash> others; // runs with no failing step (rare)
        for (int i = 0; i < ms.rows(); ++i) {
            const auto key = uuidKey(ms.bytes(i, 0));
            const auto at = std::lower_bound(runs.begin(), runs.end(), key,
                                             [](const auto& run, const UuidKey& k) { return run.first < k; });
            if (at == runs.end() || !(at->first == key)) {
                msRuns[n(i)] =
                    others.emplace(key, static_cast<std::int64_t>(runs.size() + others.size())).first->second;
                continue;
            }
            msRuns[n(i)] = at->second;
            if (!measurementDefs.count(ms.integer(i, 3)))
                continue;
            const auto stepSeq = ms.integer(i, 2);
            for (int s = firstStep[n(at->second)]; s < firstStep[n(at->second) + 1]; ++s)
                if (stepSeqs[n(s)] == stepSeq)
                    measured[n(s)] = 1;
        }
        // A failing step's error is the tally's example when the step is a cause, which it never is with a failing
        // measurement of its own: only the others' errors are read, by key (the index leaves the text out).
        std::vector<std::string> errors(n(steps.rows()));
        std::string uuids = "{", seqs = "{", rows = "{";
        for (int i = 0; i < steps.rows(); ++i) {
            if (measured[n(i)])
                continue;
            const char* sep = rows.size() > 1 ? "," : "";
            uuids += sep + steps.text(i, 0);
            seqs += sep + std::to_string(stepSeqs[n(i)]);
            rows += sep + std::to_string(i);
        }
        if (rows.size() > 1) {
            const auto found = c.exec("SELECT k.row, coalesce(s.error, '') FROM unnest($1::uuid[], $2::int[], "
                                      "$3::int[]) AS k(run_uuid, seq, row) "
                                      "JOIN step s ON s.run_uuid = k.run_uuid AND s.seq = k.seq",
                                      {uuids + "}", seqs + "}", rows + "}"});
            for (int i = 0; i < found.rows(); ++i)
                errors[n(static_cast<int>(found.integer(i, 0)))] = found.text(i, 1);
        }
        for (int i = 0; i < steps.rows(); ++i)
            tally.failingStep(stepRuns[n(i)], steps.integer(i, 1), stepSeqs[n(i)], steps.integer(i, 3),
                              std::move(errors[n(i)]));
        for (int i = 0; i < ms.rows(); ++i)
            if (const auto d = measurementDefs.find(ms.integer(i, 3)); d != measurementDefs.end())
                tally.failingMeasurement(msRuns[n(i)], ms.integer(i, 1), ms.integer(i, 2), d->second.first,
                                         d->second.second);
    }
    countUnits.wait();
    return tally.result(units);
}

} // namespace optiqual::db::central
