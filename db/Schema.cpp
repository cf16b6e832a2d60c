#include "db/Schema.h"

#include "db/Connection.h"
#include "db/DbError.h"
#include "db/ReportSummaries.h"
#include "db/TimeText.h"
#include "db/Transaction.h"

#include <array>
#include <chrono>
#include <string>

namespace optiqual::db {

namespace {

struct Migration {
    int version;
    const char* description;
    const char* sql;
    /// Fills what the SQL added from the rows already there (same transaction); may be null.
    void (*backfill)(Connection&) = nullptr;
    /// Runs after the backfill: indexes over what it filled are built once instead of updated per row.
    const char* after = nullptr;
};

// Times are integer microseconds since the Unix epoch (UTC); outcomes are sequences::Verdict values.
// Definitions (step_def, measurement_def) are shared across runs so a measurement row holds only numbers:
// the row count is in the tens of millions and its size decides report speed.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE station (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    hostname TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE instrument (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES station(id),
    role TEXT NOT NULL,
    model TEXT NOT NULL,
    idn TEXT NOT NULL,
    serial TEXT NOT NULL,
    firmware TEXT NOT NULL,
    calibration_due TEXT,
    resource TEXT NOT NULL DEFAULT '',
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    identity TEXT NOT NULL UNIQUE
);
CREATE TABLE part (
    id INTEGER PRIMARY KEY,
    part_number TEXT NOT NULL,
    revision TEXT NOT NULL DEFAULT '',
    product TEXT NOT NULL DEFAULT '',
    UNIQUE (part_number, revision)
);
CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    part_id INTEGER NOT NULL REFERENCES part(id),
    lot TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE sequence_version (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    content TEXT NOT NULL
);
CREATE TABLE limit_set (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    content TEXT NOT NULL DEFAULT ''
);
CREATE TABLE run (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    part_id INTEGER NOT NULL REFERENCES part(id),
    station_id INTEGER NOT NULL REFERENCES station(id),
    socket INTEGER NOT NULL,
    operator TEXT NOT NULL,
    sequence_version_id INTEGER NOT NULL REFERENCES sequence_version(id),
    limit_set_id INTEGER REFERENCES limit_set(id),
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    outcome INTEGER,
    attempt INTEGER NOT NULL,
    abort_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX run_part_time ON run (part_id, started_at);
CREATE INDEX run_time ON run (started_at);
CREATE INDEX run_unit ON run (unit_id, started_at);
CREATE INDEX run_open ON run (station_id) WHERE outcome IS NULL;
CREATE TABLE run_instrument (
    run_id INTEGER NOT NULL REFERENCES run(id),
    instrument_id INTEGER NOT NULL REFERENCES instrument(id),
    PRIMARY KEY (run_id, instrument_id)
) WITHOUT ROWID;
CREATE TABLE step_def (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    UNIQUE (path, name, type)
);
CREATE TABLE step (
    run_id INTEGER NOT NULL REFERENCES run(id),
    seq INTEGER NOT NULL,
    step_def_id INTEGER NOT NULL REFERENCES step_def(id),
    outcome INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    duration_us INTEGER NOT NULL,
    error TEXT,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE measurement_def (
    id INTEGER PRIMARY KEY,
    step_def_id INTEGER NOT NULL REFERENCES step_def(id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    comparator TEXT NOT NULL,
    low REAL,
    high REAL,
    nominal REAL,
    identity BLOB NOT NULL UNIQUE
);
CREATE TABLE measurement (
    run_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    step_seq INTEGER NOT NULL,
    def_id INTEGER NOT NULL REFERENCES measurement_def(id),
    value REAL,
    outcome INTEGER NOT NULL,
    lane INTEGER,
    text TEXT,
    PRIMARY KEY (run_id, seq),
    FOREIGN KEY (run_id, step_seq) REFERENCES step(run_id, seq)
) WITHOUT ROWID;
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    station_id INTEGER REFERENCES station(id),
    run_id INTEGER REFERENCES run(id),
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_time ON audit (at);
CREATE INDEX audit_run ON audit (run_id) WHERE run_id IS NOT NULL;
)sql";

// Version 2: measurement conditions (deduplicated sets such as {"temperature_c":70,"vcc_v":3.3}) and traces.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE condition_set (
    id INTEGER PRIMARY KEY,
    conditions TEXT NOT NULL UNIQUE
);
ALTER TABLE measurement ADD COLUMN condition_id INTEGER REFERENCES condition_set(id);
CREATE TABLE trace (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    step_seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    x_name TEXT NOT NULL,
    x_unit TEXT NOT NULL,
    y_name TEXT NOT NULL,
    y_unit TEXT NOT NULL,
    points INTEGER NOT NULL,
    x BLOB NOT NULL,
    y BLOB NOT NULL,
    FOREIGN KEY (run_id, step_seq) REFERENCES step(run_id, seq)
);
CREATE INDEX trace_step ON trace (run_id, step_seq);
)sql";

// Version 3: the writer that owns an open run (OwnerLock's token), so crash recovery aborts only runs whose
// owner is gone. Runs written before have no owner and are recovered as before.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE run ADD COLUMN owner TEXT;
)sql";

// Version 4: per-run summaries that reports over the whole history read instead of every step and measurement
// row (ReportSummaries): failing-row count, judged/passed step executions and first tries on the run (the
// partial index finds the runs Pareto needs), and each counted run's numeric values packed in report order.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE try_set (
    id INTEGER PRIMARY KEY,
    tries BLOB NOT NULL UNIQUE
);
CREATE TABLE value_layout (
    id INTEGER PRIMARY KEY,
    defs BLOB NOT NULL UNIQUE
);
ALTER TABLE run ADD COLUMN failures INTEGER;
ALTER TABLE run ADD COLUMN judged_steps INTEGER;
ALTER TABLE run ADD COLUMN passed_steps INTEGER;
ALTER TABLE run ADD COLUMN first_tries INTEGER REFERENCES try_set(id);
CREATE TABLE run_values (
    started_at INTEGER NOT NULL,
    run_id INTEGER NOT NULL REFERENCES run(id),
    part_id INTEGER NOT NULL,
    layout_id INTEGER NOT NULL REFERENCES value_layout(id),
    vals BLOB NOT NULL,
    PRIMARY KEY (started_at, run_id)
) WITHOUT ROWID;
)sql";

void backfillSummaries(Connection& connection) {
    ReportSummaries::backfill(connection);
}

// run_yield holds every column yield reads, in the order it reads them (a unit's runs in time order): a report
// over the whole history scans it alone and needs no sort. It starts with run_unit's columns and replaces it.
constexpr const char* kVersion4Indexes = R"sql(
CREATE INDEX run_failing ON run (started_at) WHERE failures > 0;
DROP INDEX run_unit;
CREATE INDEX run_yield ON run (unit_id, started_at, id, outcome, part_id, station_id, socket, judged_steps,
    passed_steps, first_tries);
)sql";

// Version 5: the outbox of the central store (docs/central-store.md). A run enters it in the transaction that
// finishes it, whichever code finishes it (the writer, crash recovery, an import): the triggers are the one rule.
// Runs finished before version 5 enter it pending, so the first sync sends the station's whole history.
constexpr const char* kVersion5 = R"sql(
CREATE TABLE outbox (
    run_id INTEGER PRIMARY KEY REFERENCES run(id),
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'quarantined')),
    enqueued_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    payload_hash TEXT,
    payload_schema TEXT,
    done_at INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, run_id) WHERE state = 'pending';
CREATE TRIGGER run_finished_enters_outbox AFTER UPDATE OF outcome ON run
WHEN OLD.outcome IS NULL AND NEW.outcome IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO outbox (run_id, enqueued_at) VALUES (NEW.id, coalesce(NEW.ended_at, NEW.started_at));
END;
CREATE TRIGGER run_inserted_finished_enters_outbox AFTER INSERT ON run
WHEN NEW.outcome IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO outbox (run_id, enqueued_at) VALUES (NEW.id, coalesce(NEW.ended_at, NEW.started_at));
END;
INSERT INTO outbox (run_id, enqueued_at)
    SELECT id, coalesce(ended_at, started_at) FROM run WHERE outcome IS NOT NULL ORDER BY id;
)sql";

// Version 6: the station's users (docs/panel.md, sign-in): the role decides what the panel lets them do; the password
// is kept only as libsodium's crypto_pwhash_str text (algorithm, parameters, salt and hash). Who did what stays in
// the audit table (version 1), by name.
constexpr const char* kVersion6 = R"sql(
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('operator', 'technician', 'engineer')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

const std::array<Migration, 6> kMigrations{{
    {1, "stations, instruments, units, sequences, limit sets, runs, steps, measurements, audit", kVersion1},
    {2, "measurement conditions and traces", kVersion2},
    {3, "run owner (crash recovery checks the owner is gone)", kVersion3},
    {4, "report summaries: failures, step counts and first tries per run; run values in report order", kVersion4,
     backfillSummaries, kVersion4Indexes},
    {5, "outbox: finished runs waiting for, sent to or quarantined by the central store", kVersion5},
    {6, "users: panel sign-in with a role and a crypto_pwhash password hash", kVersion6},
}};

} // namespace

int Schema::latestVersion() {
    return kMigrations.back().version;
}

int Schema::currentVersion(const Connection& connection) {
    // sqlite_schema is read first: on a file that is not a database this is where SQLITE_NOTADB shows.
    const auto tables = connection.queryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
    const auto hasVersion =
        connection.queryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
    if (hasVersion == 0) {
        if (tables != 0)
            throw DbError(DbErrorKind::Schema, 0,
                          connection.path() + ": not an OptiQual results database (no schema_version table)");
        return 0;
    }
    return static_cast<int>(connection.queryInt("SELECT coalesce(max(version), 0) FROM schema_version"));
}

int Schema::migrate(Connection& connection, int target) {
    if (target < 0)
        target = latestVersion();
    const int from = currentVersion(connection);
    if (from > latestVersion())
        throw DbError(DbErrorKind::Schema, 0,
                      connection.path() + ": schema version " + std::to_string(from) +
                          " is newer than this OptiQual understands (" + std::to_string(latestVersion()) +
                          "); use a newer optiqual");
    for (const auto& m : kMigrations) {
        if (m.version <= from || m.version > target)
            continue;
        Transaction tx(connection);
        connection.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        "applied_at INTEGER NOT NULL, description TEXT NOT NULL)");
        connection.exec(m.sql);
        if (m.backfill)
            m.backfill(connection);
        if (m.after)
            connection.exec(m.after);
        auto st =
            connection.prepare("INSERT INTO schema_version (version, applied_at, description) VALUES (?1, ?2, ?3)");
        st.bind(1, m.version).bind(2, nowMicros()).bind(3, m.description);
        st.run();
        tx.commit();
    }
    return from;
}

std::vector<std::string> Schema::describe() {
    std::vector<std::string> out;
    for (const auto& m : kMigrations)
        out.push_back(std::to_string(m.version) + ": " + m.description);
    return out;
}

} // namespace optiqual::db
