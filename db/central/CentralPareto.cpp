#include "db/central/CentralPareto.h"

#include "db/ParetoTally.h"
#include "db/central/CentralFilter.h"
#include "db/central/PgConnection.h"

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace optiqual::db::central {

namespace {

/// A run's UUID as two numbers: a year's failing rows name hundreds of thousands of runs, and a key of 36 characters
/// (allocated, hashed as text) took a third of the client's time.
struct UuidKey {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    bool operator==(const UuidKey&) const = default;
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

} // namespace

ParetoResult queryCentralPareto(PgConnection& c, const ReportFilter& filter) {
    const auto params = selectionParams(filter);
    const std::string counted = std::string(runSelection()) + " AND r.outcome NOT IN (6, 7)";
    // The units tested read every run of the window (a year: millions), the failures only the failing few: the count
    // runs on a connection of its own at the same time, grouped over the run_yield index's unit order.
    auto countConnection = c.openAnother();
    std::int64_t units = 0;
    std::exception_ptr countFailure;
    std::thread countUnits([&] {
        try {
            units = countConnection
                        .exec("SELECT count(*) FROM (SELECT r.unit_id FROM run r WHERE " + counted +
                                  " GROUP BY r.unit_id) u",
                              params)
                        .integer(0, 0);
        } catch (...) {
            countFailure = std::current_exception();
        }
    });
    struct Join {
        std::thread& thread;
        ~Join() {
            if (thread.joinable())
                thread.join();
        }
    } join{countUnits};
    std::unordered_map<std::int64_t, ParetoStepDef> stepDefs;
    {
        const auto defs = c.exec("SELECT id, path, type FROM step_def");
        for (int i = 0; i < defs.rows(); ++i)
            stepDefs.emplace(defs.integer(i, 0), ParetoStepDef{defs.text(i, 1), defs.text(i, 2)});
    }
    ParetoTally tally(std::move(stepDefs));
    // Runs are named by UUID here; the tally wants numbers.
    std::unordered_map<UuidKey, std::int64_t, UuidKeyHash> runIds;
    const auto runId = [&](std::string_view uuid) {
        return runIds.emplace(uuidKey(uuid), static_cast<std::int64_t>(runIds.size())).first->second;
    };
    // Only runs with failing rows (run.failures, computed at upload) are read, through run_failing.
    const std::string failing = counted + " AND r.failures > 0";
    const auto steps = c.exec("SELECT r.uuid::text, r.unit_id, s.seq, s.step_def_id, coalesce(s.error, '') FROM run r "
                              "JOIN step s ON s.run_uuid = r.uuid WHERE " +
                                  failing + " AND s.outcome IN (4, 5) ORDER BY r.uuid, s.seq",
                              params);
    for (int i = 0; i < steps.rows(); ++i)
        tally.failingStep(runId(steps.bytes(i, 0)), steps.integer(i, 1), steps.integer(i, 2), steps.integer(i, 3),
                          steps.text(i, 4));
    // The run's start picks the measurement partition.
    const auto ms = c.exec("SELECT r.uuid::text, r.unit_id, m.step_seq, md.step_def_id, md.name FROM run r "
                           "JOIN measurement m ON m.run_uuid = r.uuid AND m.run_started_at = r.started_at "
                           "JOIN measurement_def md ON md.id = m.def_id WHERE " +
                               failing + " AND m.outcome IN (4, 5)",
                           params);
    for (int i = 0; i < ms.rows(); ++i)
        tally.failingMeasurement(runId(ms.bytes(i, 0)), ms.integer(i, 1), ms.integer(i, 2), ms.integer(i, 3),
                                 ms.text(i, 4));
    countUnits.join();
    if (countFailure)
        std::rethrow_exception(countFailure);
    return tally.result(units);
}

} // namespace optiqual::db::central
