#pragma once
#include "core/Uuid.h"
#include "db/DbError.h"
#include "db/OwnerLock.h"
#include "db/Records.h"
#include "db/ResultStore.h"

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace optiqual::db {

/// @brief A failure to store results, with the runs it affected (their records are not all in the database).
struct WriteError {
    DbErrorKind kind = DbErrorKind::Other;
    std::string message;
    std::vector<RunHandle> runs;
};

/// @brief The writer's health and progress.
struct WriterStatus {
    bool healthy = true;  ///< no write has failed since open
    bool stopped = false; ///< the database is damaged: the writer no longer writes
    std::uint64_t errors = 0;
    std::string lastError;
    std::uint64_t commits = 0;
    std::uint64_t committedRuns = 0;
    std::uint64_t committedSteps = 0;
    std::uint64_t committedMeasurements = 0;
};

/// @brief How the writer opens and commits.
struct WriterOptions {
    std::string station; ///< crash recovery marks only this station's open runs ("" = every station's)
    Durability durability = Durability::Full;
    std::chrono::milliseconds busyTimeout{2000};
    std::size_t maxQueued = 0;     ///< 0: unbounded, producers never wait; >0: producers wait (bulk generators)
    std::int64_t maxPageCount = 0; ///< >0: file size cap in pages (quotas, disk-full tests)
    std::function<void(const WriteError&)> onError; ///< called on the writer thread
    /// Called on the writer thread after each commit, with the status including it (benchmarks time durability).
    std::function<void(const WriterStatus&)> onCommit;
};

/// @brief What beginRun() returns at once: the handle for later records, the run's UUID and a future of its
/// database id (0 when the run could not be stored).
struct RunTicket {
    RunHandle handle;
    std::string uuid;
    std::shared_future<std::int64_t> id;
};

/// @brief The asynchronous result writer: one thread owning the only write connection, fed through a queue
/// that producers (the engine's database sink) push into without waiting on the disk.
///
/// Whatever is queued when the thread wakes is committed as one transaction (group commit). The durability
/// contract (docs/results-schema.md): a step is durable (per WriterOptions::durability) once the first commit
/// that starts after it was queued completes — within one commit interval of its end, at most the commit already
/// in progress plus its own; finishRun()'s future tells when a whole run is. A record that breaks a constraint loses
/// only itself: the batch is then rolled back and applied again, each record in a savepoint. When the environment fails
/// (locked, disk full, read-only, I/O) the batch is rolled back and every run in it is reported through onError; such a
/// run is damaged: its later steps are not stored and its end is recorded as ERROR with reason "results incomplete: …",
/// so a half-written run is never presented as complete. A corrupt file stops all writing.
class ResultWriter {
public:
    /// @brief Opens (creating if missing, migrating forward), takes an owner lock (OwnerLock), recovers runs
    /// whose owner is gone (a crash or kill left them open), starts the thread. Throws DbError when the file
    /// cannot be used (corrupt, read-only, newer schema, locked).
    static std::unique_ptr<ResultWriter> open(const std::filesystem::path& path, WriterOptions options);
    /// @brief Commits everything queued, then stops the thread.
    ~ResultWriter();
    ResultWriter(const ResultWriter&) = delete;
    ResultWriter& operator=(const ResultWriter&) = delete;

    RunTicket beginRun(RunStart start);
    /// @brief Queues a finished step. @return its number within the run (1, 2, …).
    int recordStep(StepRecord step);
    /// @brief Queues the run's end. @return a future that becomes true once the end and every record of the
    /// run before it are committed, false when any of them could not be stored (the run is damaged). Show a
    /// unit's verdict only after it is ready: then what the operator saw is in the database.
    std::shared_future<bool> finishRun(RunEnd end);
    void recordAudit(AuditEvent event);
    /// @brief Records (or refreshes) an instrument of a station outside any run, e.g. at station start.
    void registerInstrument(StationInfo station, InstrumentInfo instrument);

    /// @brief Waits until everything queued before the call is committed or has failed.
    WriterStatus flush();
    WriterStatus status() const;
    /// @brief False once any record of the run failed to be stored.
    bool runIntact(RunHandle run) const;
    /// @brief Without waiting: whether step @p seq of @p run (recordStep()'s number) and every step of the run
    /// before it are committed, the run intact. A step's line may be shown once this is true (PlainProgress). False
    /// again once the run's end has been settled: ask finishRun()'s future then.
    bool stepStored(RunHandle run, int seq) const;
    /// @brief Runs marked aborted ("station stopped") when the file was opened.
    int recoveredRuns() const { return m_recovered; }
    const std::string& path() const { return m_path; }

private:
    struct Item;
    struct RunState;
    struct Batch;
    struct BatchOutcome;

    ResultWriter(Connection connection, WriterOptions options, int recovered, OwnerLock owner);
    void push(Item item);
    /// The thread: takes whatever is queued, applies and settles the records, then answers flushes and stops.
    void threadMain();
    /// Writes the records in one transaction; settles nothing (settle() does, once per promise).
    BatchOutcome applyBatch(std::vector<Item>& records);
    /// Applies the records without savepoints. False when a record broke a constraint: the caller rolls back and
    /// applies each record in its own savepoint (the writer-thread state and caches are already restored).
    bool applyAll(std::vector<Item>& records, Batch& batch);
    /// Applies each record in its own savepoint; a record that fails is undone alone and damages its run.
    void applyEach(std::vector<Item>& records, Batch& batch, BatchOutcome& outcome);
    void applyItem(Item& item, Batch& batch);
    /// The one place the records' promises are settled and failures reported.
    void settle(std::vector<Item>& records, BatchOutcome& outcome);
    /// Marks the run damaged; @return true when it was not before.
    bool damage(RunHandle run, const std::string& message);
    void reportError(DbErrorKind kind, const std::string& message, std::vector<RunHandle> runs);

    WriterOptions m_options;
    std::string m_path;
    int m_recovered = 0;
    OwnerLock m_owner; // held for the writer's life: other processes see its runs as live

    // Producer side.
    mutable std::mutex m_queueMutex;
    std::condition_variable m_wake;
    std::condition_variable m_space;
    std::vector<Item> m_queue;
    std::uint64_t m_nextHandle = 1;
    std::unordered_map<std::uint64_t, int> m_nextStep;
    core::UuidV7Generator m_uuids; // run identities: time-ordered, random bits from the OS (no seed to share)

    // Shared results.
    mutable std::mutex m_statusMutex;
    WriterStatus m_status;
    std::unordered_set<std::uint64_t> m_damaged;
    std::unordered_map<std::uint64_t, int> m_storedStep; // run handle → its last committed step number

    // Writer-thread only.
    struct Worker;
    std::unique_ptr<Worker> m_worker;
    std::thread m_thread;
};

} // namespace optiqual::db
