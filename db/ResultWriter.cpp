#include "db/ResultWriter.h"

#include "db/RecordInserter.h"
#include "db/Savepoint.h"
#include "db/Transaction.h"

#include <fmt/format.h>
#include <optional>
#include <random>
#include <spdlog/spdlog.h>
#include <variant>

namespace optiqual::db {

namespace {

struct BeginItem {
    RunHandle handle;
    std::string uuid;
    RunStart start;
    std::promise<std::int64_t> id;
};
struct StepItem {
    int seq = 0;
    StepRecord step;
};
struct InstrumentItem {
    StationInfo station;
    InstrumentInfo instrument;
};
struct FlushItem {
    std::promise<WriterStatus> done;
};
struct StopItem {};

std::string makeUuid(std::mt19937_64& rng) {
    const std::uint64_t a = rng();
    const std::uint64_t b = rng();
    // RFC 4122 version 4 (random), variant 1.
    return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0x0fff,
                       0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

} // namespace

struct ResultWriter::Item {
    std::variant<BeginItem, StepItem, RunEnd, AuditEvent, InstrumentItem, FlushItem, StopItem> v;
};

struct ResultWriter::RunState {
    std::int64_t id = 0;
    int nextMeasurement = 1;
    bool damaged = false;
    std::string damage;
};

/// What one transaction did, applied to the shared status only once it commits.
struct ResultWriter::Batch {
    std::vector<std::pair<std::promise<std::int64_t>*, std::int64_t>> ids;
    std::vector<RunHandle> touched;
    std::vector<std::uint64_t> begun;
    std::uint64_t runs = 0, steps = 0, measurements = 0;
};

/// The writer thread's own state: its connection, statements and the runs it knows.
struct ResultWriter::Worker {
    explicit Worker(Connection c) : connection(std::move(c)), inserter(connection) {}
    Connection connection;
    RecordInserter inserter;
    std::unordered_map<std::uint64_t, RunState> runs;
    bool stopped = false;
};

std::unique_ptr<ResultWriter> ResultWriter::open(const std::filesystem::path& path, WriterOptions options) {
    StoreOptions so;
    so.access = OpenAccess::ReadWriteCreate;
    so.migrate = true;
    so.busyTimeout = options.busyTimeout;
    so.durability = options.durability;
    so.maxPageCount = options.maxPageCount;
    auto store = ResultStore::open(path, so);
    if (store.versionBeforeOpen() != store.schemaVersion())
        spdlog::info("results database {}: {} schema version {} (was {})", path.string(),
                     store.versionBeforeOpen() == 0 ? "created at" : "migrated to", store.schemaVersion(),
                     store.versionBeforeOpen());
    const int recovered = store.recoverOpenRuns(options.station);
    if (recovered > 0)
        spdlog::warn("results database {}: {} run(s) left open by a previous stop marked ABORTED (station stopped)",
                     path.string(), recovered);
    auto connection = store.releaseConnection();
    // Memory-mapped reads help reports, not the writer: with WAL, SQLite looks every page up in the WAL index
    // before it may use the map, even pages already in its cache. Reads only; writes never went through the map.
    connection.exec("PRAGMA mmap_size = 0");
    return std::unique_ptr<ResultWriter>(new ResultWriter(std::move(connection), std::move(options), recovered));
}

ResultWriter::ResultWriter(Connection connection, WriterOptions options, int recovered)
    : m_options(std::move(options)), m_path(connection.path()), m_recovered(recovered), m_rng(std::random_device{}()),
      m_worker(std::make_unique<Worker>(std::move(connection))) {
    m_thread = std::thread([this] { threadMain(); });
}

ResultWriter::~ResultWriter() {
    push(Item{StopItem{}});
    m_thread.join();
}

void ResultWriter::push(Item item) {
    {
        std::unique_lock lock(m_queueMutex);
        if (m_options.maxQueued > 0 && !std::holds_alternative<StopItem>(item.v))
            m_space.wait(lock, [&] { return m_queue.size() < m_options.maxQueued; });
        m_queue.push_back(std::move(item));
    }
    m_wake.notify_one();
}

RunTicket ResultWriter::beginRun(RunStart start) {
    BeginItem item;
    item.start = std::move(start);
    RunTicket ticket;
    ticket.id = item.id.get_future().share();
    {
        std::lock_guard lock(m_queueMutex);
        item.uuid = item.start.uuid.empty() ? makeUuid(m_rng) : item.start.uuid;
        ticket.uuid = item.uuid;
        item.handle = RunHandle{m_nextHandle++};
        m_nextStep[item.handle.value] = 1;
    }
    ticket.handle = item.handle;
    push(Item{std::move(item)});
    return ticket;
}

int ResultWriter::recordStep(StepRecord step) {
    int seq = 0;
    {
        std::lock_guard lock(m_queueMutex);
        seq = m_nextStep[step.run.value]++;
    }
    push(Item{StepItem{seq, std::move(step)}});
    return seq;
}

void ResultWriter::finishRun(RunEnd end) {
    {
        std::lock_guard lock(m_queueMutex);
        m_nextStep.erase(end.run.value);
    }
    push(Item{std::move(end)});
}

void ResultWriter::recordAudit(AuditEvent event) {
    push(Item{std::move(event)});
}

void ResultWriter::registerInstrument(StationInfo station, InstrumentInfo instrument) {
    push(Item{InstrumentItem{std::move(station), std::move(instrument)}});
}

WriterStatus ResultWriter::flush() {
    FlushItem item;
    auto done = item.done.get_future();
    push(Item{std::move(item)});
    return done.get();
}

WriterStatus ResultWriter::status() const {
    std::lock_guard lock(m_statusMutex);
    return m_status;
}

bool ResultWriter::runIntact(RunHandle run) const {
    std::lock_guard lock(m_statusMutex);
    return !m_damaged.contains(run.value);
}

void ResultWriter::threadMain() {
    std::vector<Item> items;
    bool stop = false;
    while (!stop) {
        {
            std::unique_lock lock(m_queueMutex);
            m_wake.wait(lock, [&] { return !m_queue.empty(); });
            items.swap(m_queue);
        }
        m_space.notify_all();
        for (const auto& item : items)
            stop = stop || std::holds_alternative<StopItem>(item.v);
        processBatch(items);
        items.clear();
    }
}

void ResultWriter::damage(RunHandle run, const std::string& message) {
    auto& state = m_worker->runs[run.value];
    if (!state.damaged) {
        state.damaged = true;
        state.damage = message;
    }
    std::lock_guard lock(m_statusMutex);
    m_damaged.insert(run.value);
}

void ResultWriter::reportError(DbErrorKind kind, const std::string& message, std::vector<RunHandle> runs) {
    spdlog::error("results database: {}{}", message,
                  runs.empty() ? std::string() : fmt::format(" ({} run(s) affected)", runs.size()));
    {
        std::lock_guard lock(m_statusMutex);
        m_status.healthy = false;
        ++m_status.errors;
        m_status.lastError = message;
        m_status.stopped = m_worker->stopped;
    }
    if (m_options.onError) {
        try {
            m_options.onError(WriteError{kind, message, std::move(runs)});
        } catch (...) {
            // A failing callback must not take the writer down.
        }
    }
}

void ResultWriter::applyItem(Item& item, Batch& batch) {
    auto& w = *m_worker;
    if (auto* begin = std::get_if<BeginItem>(&item.v)) {
        auto inserted = w.inserter.insertRun(begin->start, begin->uuid);
        auto& state = w.runs[begin->handle.value];
        state.id = inserted.id;
        batch.ids.emplace_back(&begin->id, inserted.id);
        batch.begun.push_back(begin->handle.value);
        batch.touched.push_back(begin->handle);
        ++batch.runs;
    } else if (auto* step = std::get_if<StepItem>(&item.v)) {
        auto& state = w.runs[step->step.run.value];
        if (state.damaged || state.id == 0)
            return; // the run is already reported; storing part of it would make it look whole
        batch.touched.push_back(step->step.run);
        w.inserter.insertStep(state.id, step->seq, state.nextMeasurement, step->step);
        ++batch.steps;
        batch.measurements += step->step.measurements.size();
    } else if (auto* end = std::get_if<RunEnd>(&item.v)) {
        auto it = w.runs.find(end->run.value);
        if (it == w.runs.end() || it->second.id == 0)
            return;
        auto& state = it->second;
        batch.touched.push_back(end->run);
        if (state.damaged)
            w.inserter.finishRun(state.id, sequences::Verdict::Error, end->endedAt,
                                 "results incomplete: " + state.damage);
        else
            w.inserter.finishRun(state.id, end->outcome, end->endedAt, end->abortReason);
    } else if (auto* audit = std::get_if<AuditEvent>(&item.v)) {
        std::optional<std::int64_t> runId;
        if (audit->run)
            if (auto it = w.runs.find(audit->run->value); it != w.runs.end() && it->second.id != 0)
                runId = it->second.id;
        w.inserter.insertAudit(*audit, runId);
    } else if (auto* instrument = std::get_if<InstrumentItem>(&item.v)) {
        w.inserter.upsertInstrument(w.inserter.stationId(instrument->station), instrument->instrument,
                                    std::chrono::system_clock::now());
    }
}

namespace {

std::optional<RunHandle>
runOf(const std::variant<BeginItem, StepItem, RunEnd, AuditEvent, InstrumentItem, FlushItem, StopItem>& v) {
    if (auto* b = std::get_if<BeginItem>(&v))
        return b->handle;
    if (auto* s = std::get_if<StepItem>(&v))
        return s->step.run;
    if (auto* e = std::get_if<RunEnd>(&v))
        return e->run;
    return std::nullopt;
}

} // namespace

bool ResultWriter::applyAll(std::vector<Item>& items, Batch& batch) {
    // A savepoint per record is costly (SQLite copies each page the record changes to a sub-journal), so the
    // batch is first applied without them. Only the writer-thread state applyItem() changes is saved.
    auto& w = *m_worker;
    std::vector<std::pair<std::uint64_t, std::optional<RunState>>> saved;
    for (const auto& item : items) {
        const auto run = runOf(item.v);
        if (!run || (!saved.empty() && saved.back().first == run->value))
            continue;
        const auto it = w.runs.find(run->value);
        saved.emplace_back(run->value, it == w.runs.end() ? std::nullopt : std::optional<RunState>(it->second));
    }
    try {
        for (auto& item : items)
            if (!std::holds_alternative<FlushItem>(item.v) && !std::holds_alternative<StopItem>(item.v))
                applyItem(item, batch);
        return true;
    } catch (const DbError& e) {
        if (e.isEnvironmental())
            throw;
    }
    for (auto& [handle, state] : saved) { // all saved before anything was applied
        if (state)
            w.runs[handle] = std::move(*state);
        else
            w.runs.erase(handle);
    }
    w.inserter.forgetCachedIds();
    batch = Batch{};
    return false;
}

void ResultWriter::processBatch(std::vector<Item>& items) {
    auto& w = *m_worker;
    Batch batch;
    std::vector<RunHandle> itemFailures;
    std::string itemError;
    DbErrorKind itemKind = DbErrorKind::Other;
    bool work = false;
    for (const auto& item : items)
        work = work || (!std::holds_alternative<FlushItem>(item.v) && !std::holds_alternative<StopItem>(item.v));

    if (work && w.stopped) {
        std::vector<RunHandle> runs;
        for (auto& item : items) {
            if (auto run = runOf(item.v)) {
                const bool fresh = !w.runs[run->value].damaged;
                damage(*run, "results database stopped");
                if (fresh)
                    runs.push_back(*run);
            }
            if (auto* begin = std::get_if<BeginItem>(&item.v))
                begin->id.set_value(0);
        }
        if (!runs.empty())
            reportError(DbErrorKind::Corrupt, "results database is damaged; nothing more is written", runs);
    } else if (work) {
        try {
            std::optional<Transaction> tx(std::in_place, w.connection);
            if (!applyAll(items, batch)) {
                // A record broke a constraint: everything is undone and written again, each record in a
                // savepoint, so that record alone is lost.
                tx.reset();
                tx.emplace(w.connection);
                for (auto& item : items) {
                    if (std::holds_alternative<FlushItem>(item.v) || std::holds_alternative<StopItem>(item.v))
                        continue;
                    try {
                        Savepoint sp(w.connection, "record");
                        applyItem(item, batch);
                        sp.release();
                    } catch (const DbError& e) {
                        if (e.isEnvironmental())
                            throw;
                        // One bad record: only it is undone; its run is damaged (and its cached ids may be gone).
                        w.inserter.forgetCachedIds();
                        if (auto run = runOf(item.v)) {
                            damage(*run, e.what());
                            itemFailures.push_back(*run);
                        }
                        itemError = e.what();
                        itemKind = e.kind();
                    }
                }
            }
            tx->commit();
            for (auto& [promise, id] : batch.ids)
                promise->set_value(id);
            std::lock_guard lock(m_statusMutex);
            ++m_status.commits;
            m_status.committedRuns += batch.runs;
            m_status.committedSteps += batch.steps;
            m_status.committedMeasurements += batch.measurements;
        } catch (const std::exception& e) {
            // The whole transaction is gone: every run it touched lost records.
            w.inserter.forgetCachedIds();
            const auto* dbError = dynamic_cast<const DbError*>(&e);
            const auto kind = dbError ? dbError->kind() : DbErrorKind::Other;
            std::string message = fmt::format("{} ({})", e.what(), toString(kind));
            if (message.rfind(m_path, 0) != 0)
                message = m_path + ": " + message;
            if (kind == DbErrorKind::Corrupt)
                w.stopped = true;
            std::vector<RunHandle> runs;
            for (auto handle : batch.begun)
                w.runs[handle].id = 0;
            for (auto& item : items) {
                if (auto* begin = std::get_if<BeginItem>(&item.v)) {
                    w.runs[begin->handle.value].id = 0;
                    try {
                        begin->id.set_value(0);
                    } catch (const std::future_error&) {
                        // already set (cannot happen before commit; kept defensive)
                    }
                }
                if (auto run = runOf(item.v)) {
                    if (!w.runs[run->value].damaged)
                        runs.push_back(*run);
                    damage(*run, message);
                }
            }
            reportError(kind, message, std::move(runs));
        }
        // Ids of runs whose begin record failed alone are 0 as well.
        for (auto& item : items)
            if (auto* begin = std::get_if<BeginItem>(&item.v))
                if (w.runs[begin->handle.value].id == 0 || w.runs[begin->handle.value].damaged)
                    try {
                        begin->id.set_value(0);
                    } catch (const std::future_error&) {
                    }
        if (!itemFailures.empty())
            reportError(itemKind, itemError, itemFailures);
    }
    // Forget finished runs so the map does not grow for the life of the station.
    for (auto& item : items)
        if (auto* end = std::get_if<RunEnd>(&item.v))
            w.runs.erase(end->run.value);
    const auto current = status();
    for (auto& item : items)
        if (auto* flush = std::get_if<FlushItem>(&item.v))
            flush->done.set_value(current);
}

} // namespace optiqual::db
