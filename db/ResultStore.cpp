#include "db/ResultStore.h"

#include "db/DbError.h"
#include "db/OwnerLock.h"
#include "db/Schema.h"
#include "db/Transaction.h"

#include <sqlite3.h>

namespace optiqual::db {

namespace {

std::string syncPragma(Durability d) {
    switch (d) {
    case Durability::Off:
        return "PRAGMA synchronous = OFF";
    case Durability::Normal:
        return "PRAGMA synchronous = NORMAL";
    case Durability::Full:
        break;
    }
    return "PRAGMA synchronous = FULL";
}

} // namespace

ResultStore ResultStore::open(const std::filesystem::path& path, const StoreOptions& options) {
    ResultStore store(Connection::open(path, options.access));
    try {
        store.configure(options);
    } catch (const DbError& e) {
        if (e.kind() == DbErrorKind::Corrupt) {
            std::string what = e.what();
            throw DbError(DbErrorKind::Corrupt, e.sqliteCode(),
                          path.string() + ": file is not a database or is damaged; it was left untouched (" +
                              what.substr(what.rfind(": ") == std::string::npos ? 0 : what.rfind(": ") + 2) + ")");
        }
        throw;
    }
    return store;
}

ResultStore ResultStore::openMemory() {
    StoreOptions options;
    options.access = OpenAccess::ReadWriteCreate;
    options.migrate = true;
    return open(":memory:", options);
}

void ResultStore::configure(const StoreOptions& options) {
    auto& c = m_connection;
    const bool writable = options.access != OpenAccess::ReadOnly;
    sqlite3_busy_timeout(c.handle(), static_cast<int>(options.busyTimeout.count()));
    if (writable && c.isReadOnly())
        throw DbError(DbErrorKind::ReadOnly, SQLITE_READONLY,
                      c.path() + ": the database file is read-only (permissions or medium); results cannot be stored");
    // Reading the schema first: a garbage file fails here with SQLITE_NOTADB, before anything is written.
    m_versionBefore = Schema::currentVersion(c);
    m_version = m_versionBefore;
    // A file from a newer build is refused before anything below changes it (WAL mode is written to its header).
    const int latest = Schema::latestVersion();
    if (m_version > latest)
        throw DbError(DbErrorKind::Schema, 0,
                      c.path() + ": schema version " + std::to_string(m_version) +
                          " is newer than this OptiQual understands (" + std::to_string(latest) + ")");
    if (writable) {
        const std::string mode = c.queryText("PRAGMA journal_mode = WAL");
        if (mode != "wal" && !c.isMemory())
            throw DbError(DbErrorKind::ReadOnly, 0,
                          c.path() + ": cannot switch to WAL mode (journal_mode is '" + mode +
                              "'; is the directory writable?)");
        c.exec(syncPragma(options.durability));
        if (options.maxPageCount > 0)
            c.exec("PRAGMA max_page_count = " + std::to_string(options.maxPageCount));
    }
    c.exec("PRAGMA foreign_keys = ON");
    // No memory-mapped reads: every mapped page a scan touches stays in the process's resident memory, so a report
    // over the whole history would hold the whole file. Reports keep SQLite's small default page cache: their big
    // reads are sequential scans that a cache cannot help, and filling a large one costs more than the scan (the
    // operating system caches the file anyway). The writer keeps the index pages its lookups walk.
    if (writable)
        c.exec("PRAGMA cache_size = -65536");
    c.exec("PRAGMA mmap_size = 0");
    c.exec("PRAGMA temp_store = MEMORY");

    if (m_version < latest) {
        if (!writable || !options.migrate) {
            if (m_version == 0)
                throw DbError(DbErrorKind::Schema, 0, c.path() + ": empty file, not an OptiQual results database");
            throw DbError(DbErrorKind::Schema, 0,
                          c.path() + ": schema version " + std::to_string(m_version) + " is older than " +
                              std::to_string(latest) + "; run `optiqual db migrate`");
        }
        Schema::migrate(c);
        m_version = Schema::currentVersion(c);
    }
}

int ResultStore::recoverOpenRuns(const std::string& station) {
    auto& c = m_connection;
    // Taken first, even when nothing turns out to need recovery: a writer learns at once that another process
    // holds the file locked, not at its first commit.
    Transaction tx(c);
    // Another process may be writing runs of the same station right now: only runs whose owner is gone are
    // stopped. Runs written before owners were recorded (owner NULL) have no owner to ask.
    std::vector<std::string> gone;
    {
        auto st = c.prepare("SELECT DISTINCT coalesce(owner, '') FROM run WHERE outcome IS NULL AND "
                            "(?1 = '' OR station_id = (SELECT id FROM station WHERE name = ?1))");
        st.bind(1, station);
        while (st.step())
            if (auto owner = st.getText(0); !OwnerLock::alive(c.path(), owner))
                gone.push_back(std::move(owner));
    }
    auto st = c.prepare("UPDATE run SET outcome = ?2, abort_reason = 'station stopped', "
                        "ended_at = coalesce((SELECT max(s.started_at + s.duration_us) FROM step s WHERE s.run_id = "
                        "run.id), started_at) "
                        "WHERE outcome IS NULL AND (?1 = '' OR station_id = (SELECT id FROM station WHERE name = ?1)) "
                        "AND coalesce(owner, '') = ?3");
    int changed = 0;
    for (const auto& owner : gone) {
        st.bind(1, station).bind(2, static_cast<int>(sequences::Verdict::Aborted)).bind(3, owner);
        st.run();
        changed += sqlite3_changes(c.handle());
        st.reset();
    }
    tx.commit();
    return changed;
}

VerifyReport ResultStore::verify(bool quick) const {
    const auto& c = m_connection;
    VerifyReport report;
    report.schemaVersion = m_version;
    // A damaged page can stop any of the checks below part way (integrity_check lists what it found, then fails
    // with SQLITE_CORRUPT): that is a finding to report, not an error that hides the others.
    auto damageFound = [&](auto&& check) {
        try {
            check();
        } catch (const DbError& e) {
            if (e.kind() != DbErrorKind::Corrupt)
                throw;
            report.integrityProblems.emplace_back(e.what());
        }
    };
    damageFound([&] {
        auto st = c.prepare(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
        while (st.step()) {
            auto line = st.getText(0);
            if (line != "ok")
                report.integrityProblems.push_back(line);
        }
    });
    damageFound([&] {
        auto st = c.prepare("PRAGMA foreign_key_check");
        while (st.step()) {
            ++report.orphanCount;
            if (report.orphans.size() < 100) {
                std::string row = st.isNull(1) ? "" : " rowid " + std::to_string(st.getInt(1));
                report.orphans.push_back(st.getText(0) + row + ": missing parent in " + st.getText(2));
            }
        }
    });
    // A step, measurement or trace whose run is missing (the composite keys do not name run directly).
    damageFound([&] {
        auto st = c.prepare("SELECT 'step', run_id, count(*) FROM step WHERE run_id NOT IN (SELECT id FROM run) "
                            "GROUP BY run_id");
        while (st.step()) {
            report.orphanCount += st.getInt(2);
            if (report.orphans.size() < 100)
                report.orphans.push_back(std::to_string(st.getInt(2)) + " step rows of missing run " +
                                         std::to_string(st.getInt(1)));
        }
    });
    damageFound([&] { report.openRuns = c.queryInt("SELECT count(*) FROM run WHERE outcome IS NULL"); });
    damageFound([&] { report.runs = c.queryInt("SELECT count(*) FROM run"); });
    damageFound([&] { report.measurements = c.queryInt("SELECT count(*) FROM measurement"); });
    return report;
}

} // namespace optiqual::db
