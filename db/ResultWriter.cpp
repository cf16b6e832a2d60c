#include "db/ResultWriter.h"

#include "db/RecordInserter.h"
#include "db/Savepoint.h"
#include "db/Transaction.h"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
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
struct EndItem {
    RunEnd end;
    std::promise<bool> durable;
};
struct FlushItem {
    std::promise<WriterStatus> done;
};
struct StopItem {};

} // namespace

struct ResultWriter::Item {
    std::variant<BeginItem, StepItem, EndItem, AuditEvent, InstrumentItem, FlushItem, StopItem> v;
};

struct ResultWriter::RunState {
    std::int64_t id = 0;
    int nextMeasurement = 1;
    bool damaged = false;
    std::string damage;
};

/// What one transaction did, applied to the shared status only once it commits.
struct ResultWriter::Batch {
    std::unordered_map<std::uint64_t, std::int64_t> ids; // run handle → database id of the runs begun
    std::uint64_t runs = 0, steps = 0, measurements = 0;
};

/// How applyBatch() ended: committed (possibly without some records that broke a constraint), or not at all.
struct ResultWriter::BatchOutcome {
    enum class Result { Committed, RolledBack, Refused };
    Result result = Result::Committed;
    Batch batch;
    DbErrorKind kind = DbErrorKind::Other; ///< of the failure (RolledBack, Refused) or of the last bad record
    std::string message;
    std::vector<std::pair<RunHandle, std::string>> badRecords; ///< committed without these runs' records
};

/// The writer thread's own state: its connection, statements and the runs it knows.
struct ResultWriter::Worker {
    Worker(Connection c, std::string owner) : connection(std::move(c)), inserter(connection, std::move(owner)) {}
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
    // Locked before recovery looks at owners, and before any run of ours exists: no window where another
    // process could take one of our runs for an orphan.
    auto owner = OwnerLock::acquire(path);
    const int recovered = store.recoverOpenRuns(options.station);
    if (recovered > 0)
        spdlog::warn("results database {}: {} run(s) left open by a previous stop marked ABORTED (station stopped)",
                     path.string(), recovered);
    OwnerLock::sweep(path);
    auto connection = store.releaseConnection();
    return std::unique_ptr<ResultWriter>(
        new ResultWriter(std::move(connection), std::move(options), recovered, std::move(owner)));
}

ResultWriter::ResultWriter(Connection connection, WriterOptions options, int recovered, OwnerLock owner)
    : m_options(std::move(options)), m_path(connection.path()), m_recovered(recovered), m_owner(std::move(owner)),
      m_worker(std::make_unique<Worker>(std::move(connection), m_owner.token())) {
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
        item.uuid = item.start.uuid.empty() ? m_uuids.next() : item.start.uuid;
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

std::shared_future<bool> ResultWriter::finishRun(RunEnd end) {
    {
        std::lock_guard lock(m_queueMutex);
        m_nextStep.erase(end.run.value);
    }
    EndItem item{std::move(end), {}};
    auto durable = item.durable.get_future().share();
    push(Item{std::move(item)});
    return durable;
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

bool ResultWriter::stepStored(RunHandle run, int seq) const {
    std::lock_guard lock(m_statusMutex);
    if (m_damaged.contains(run.value))
        return false;
    const auto it = m_storedStep.find(run.value);
    return it != m_storedStep.end() && it->second >= seq;
}

bool ResultWriter::runIntact(RunHandle run) const {
    std::lock_guard lock(m_statusMutex);
    return !m_damaged.contains(run.value);
}

void ResultWriter::threadMain() {
    std::vector<Item> taken;
    std::vector<Item> records;
    std::vector<std::promise<WriterStatus>> flushes;
    bool stop = false;
    while (!stop) {
        {
            std::unique_lock lock(m_queueMutex);
            m_wake.wait(lock, [&] { return !m_queue.empty(); });
            taken.swap(m_queue);
        }
        m_space.notify_all();
        for (auto& item : taken) {
            if (auto* flush = std::get_if<FlushItem>(&item.v))
                flushes.push_back(std::move(flush->done));
            else if (std::holds_alternative<StopItem>(item.v))
                stop = true;
            else
                records.push_back(std::move(item));
        }
        taken.clear();
        if (!records.empty()) {
            auto outcome = applyBatch(records);
            settle(records, outcome);
            records.clear();
        }
        // Everything queued before a flush was in this batch, so its answer includes it.
        if (!flushes.empty()) {
            const auto current = status();
            for (auto& done : flushes)
                done.set_value(current);
            flushes.clear();
        }
    }
}

bool ResultWriter::damage(RunHandle run, const std::string& message) {
    auto& state = m_worker->runs[run.value];
    if (state.damaged)
        return false;
    state.damaged = true;
    state.damage = message;
    std::lock_guard lock(m_statusMutex);
    m_damaged.insert(run.value);
    return true;
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

namespace {

std::optional<RunHandle>
runOf(const std::variant<BeginItem, StepItem, EndItem, AuditEvent, InstrumentItem, FlushItem, StopItem>& v) {
    if (auto* b = std::get_if<BeginItem>(&v))
        return b->handle;
    if (auto* s = std::get_if<StepItem>(&v))
        return s->step.run;
    if (auto* e = std::get_if<EndItem>(&v))
        return e->end.run;
    return std::nullopt;
}

} // namespace

void ResultWriter::applyItem(Item& item, Batch& batch) {
    auto& w = *m_worker;
    if (auto* begin = std::get_if<BeginItem>(&item.v)) {
        auto inserted = w.inserter.insertRun(begin->start, begin->uuid);
        w.runs[begin->handle.value].id = inserted.id;
        batch.ids[begin->handle.value] = inserted.id;
        ++batch.runs;
    } else if (auto* step = std::get_if<StepItem>(&item.v)) {
        auto& state = w.runs[step->step.run.value];
        if (state.damaged || state.id == 0)
            return; // the run is already reported; storing part of it would make it look whole
        w.inserter.insertStep(state.id, step->seq, state.nextMeasurement, step->step);
        ++batch.steps;
        batch.measurements += step->step.measurements.size();
    } else if (auto* ending = std::get_if<EndItem>(&item.v)) {
        const auto& end = ending->end;
        auto it = w.runs.find(end.run.value);
        if (it == w.runs.end() || it->second.id == 0)
            return;
        auto& state = it->second;
        if (state.damaged)
            w.inserter.finishRun(state.id, sequences::Verdict::Error, end.endedAt,
                                 "results incomplete: " + state.damage);
        else
            w.inserter.finishRun(state.id, end.outcome, end.endedAt, end.abortReason);
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

bool ResultWriter::applyAll(std::vector<Item>& records, Batch& batch) {
    // A savepoint per record is costly (SQLite copies each page the record changes to a sub-journal), so the
    // batch is first applied without them. Only the writer-thread state applyItem() changes is saved.
    auto& w = *m_worker;
    std::vector<std::pair<std::uint64_t, std::optional<RunState>>> saved;
    for (const auto& item : records) {
        const auto run = runOf(item.v);
        if (!run || (!saved.empty() && saved.back().first == run->value))
            continue;
        const auto it = w.runs.find(run->value);
        saved.emplace_back(run->value, it == w.runs.end() ? std::nullopt : std::optional<RunState>(it->second));
    }
    try {
        for (auto& item : records)
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

void ResultWriter::applyEach(std::vector<Item>& records, Batch& batch, BatchOutcome& outcome) {
    auto& w = *m_worker;
    for (auto& item : records) {
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
                outcome.badRecords.emplace_back(*run, e.what());
                // Later records of the run are skipped like those of any damaged run.
                damage(*run, e.what());
            }
            outcome.kind = e.kind();
            outcome.message = e.what();
        }
    }
}

ResultWriter::BatchOutcome ResultWriter::applyBatch(std::vector<Item>& records) {
    auto& w = *m_worker;
    BatchOutcome outcome;
    if (w.stopped) {
        outcome.result = BatchOutcome::Result::Refused;
        outcome.kind = DbErrorKind::Corrupt;
        outcome.message = "results database is damaged; nothing more is written";
        return outcome;
    }
    try {
        std::optional<Transaction> tx(std::in_place, w.connection);
        if (!applyAll(records, outcome.batch)) {
            // A record broke a constraint: everything is undone and written again, each record in a savepoint,
            // so that record alone is lost.
            tx.reset();
            tx.emplace(w.connection);
            applyEach(records, outcome.batch, outcome);
        }
        tx->commit();
        return outcome;
    } catch (const std::exception& e) {
        // The whole transaction is gone: every run it touched lost records.
        w.inserter.forgetCachedIds();
        const auto* dbError = dynamic_cast<const DbError*>(&e);
        outcome.result = BatchOutcome::Result::RolledBack;
        outcome.kind = dbError ? dbError->kind() : DbErrorKind::Other;
        outcome.message = fmt::format("{} ({})", e.what(), toString(outcome.kind));
        if (outcome.message.rfind(m_path, 0) != 0)
            outcome.message = m_path + ": " + outcome.message;
        if (outcome.kind == DbErrorKind::Corrupt)
            w.stopped = true;
        outcome.batch = Batch{};
        outcome.badRecords.clear();
        return outcome;
    }
}

void ResultWriter::settle(std::vector<Item>& records, BatchOutcome& outcome) {
    auto& w = *m_worker;
    const bool committed = outcome.result == BatchOutcome::Result::Committed;
    if (committed) {
        {
            std::lock_guard lock(m_statusMutex);
            ++m_status.commits;
            m_status.committedRuns += outcome.batch.runs;
            m_status.committedSteps += outcome.batch.steps;
            m_status.committedMeasurements += outcome.batch.measurements;
            // Steps are queued and committed in order, so a run's newest committed step stands for all before it.
            for (const auto& item : records)
                if (const auto* step = std::get_if<StepItem>(&item.v)) {
                    int& stored = m_storedStep[step->step.run.value];
                    stored = std::max(stored, step->seq);
                }
        }
        if (!outcome.badRecords.empty()) {
            std::vector<RunHandle> runs;
            for (const auto& [run, message] : outcome.badRecords)
                if (std::find(runs.begin(), runs.end(), run) == runs.end())
                    runs.push_back(run);
            reportError(outcome.kind, outcome.message, std::move(runs));
        }
        if (m_options.onCommit) {
            try {
                m_options.onCommit(status());
            } catch (...) {
                // An observer's failure must not take the writer down.
            }
        }
    } else {
        // Nothing of the batch is stored: runs begun in it do not exist, and every run it touched is damaged.
        std::vector<RunHandle> runs;
        for (auto& item : records) {
            if (auto* begin = std::get_if<BeginItem>(&item.v))
                w.runs[begin->handle.value].id = 0;
            if (auto run = runOf(item.v); run && damage(*run, outcome.message))
                runs.push_back(*run);
        }
        if (!runs.empty() || outcome.result == BatchOutcome::Result::RolledBack)
            reportError(outcome.kind, outcome.message, std::move(runs));
    }
    // Each promise once: a run's id when its start is stored, then whether the whole run is.
    for (auto& item : records) {
        if (auto* begin = std::get_if<BeginItem>(&item.v)) {
            const auto id = outcome.batch.ids.find(begin->handle.value);
            begin->id.set_value(committed && id != outcome.batch.ids.end() ? id->second : 0);
        } else if (auto* ending = std::get_if<EndItem>(&item.v)) {
            const auto it = w.runs.find(ending->end.run.value);
            ending->durable.set_value(committed && it != w.runs.end() && it->second.id != 0 && !it->second.damaged);
            w.runs.erase(ending->end.run.value); // finished: the map does not grow for the life of the station
            std::lock_guard lock(m_statusMutex);
            m_storedStep.erase(ending->end.run.value);
        }
    }
}

} // namespace optiqual::db
