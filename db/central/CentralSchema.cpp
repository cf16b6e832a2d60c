#include "db/central/CentralSchema.h"

#include "db/central/CentralError.h"
#include "db/central/PgConnection.h"

#include <array>
#include <cstddef>
#include <string>

namespace optiqual::db::central {

namespace {

// The station's model (db/Schema.cpp) keyed by run UUID instead of a local id. Times are timestamptz (µs, like
// the station's integers). Definitions are shared across runs and stations so a measurement row holds numbers.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE station (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    first_upload timestamptz NOT NULL DEFAULT now(),
    last_upload timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE part (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    part_number text NOT NULL,
    revision text NOT NULL,
    product text NOT NULL,
    UNIQUE (part_number, revision)
);
CREATE TABLE unit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial text NOT NULL UNIQUE,
    part_id integer NOT NULL REFERENCES part (id),
    lot text NOT NULL
);
CREATE TABLE sequence_version (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    version text NOT NULL,
    content_hash text NOT NULL UNIQUE,
    content text NOT NULL
);
CREATE TABLE limit_set (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    hash text NOT NULL UNIQUE,
    content text NOT NULL
);
CREATE TABLE step_def (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path text NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    UNIQUE (path, name, type)
);
CREATE TABLE measurement_def (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    step_def_id integer NOT NULL REFERENCES step_def (id),
    name text NOT NULL,
    unit text NOT NULL,
    comparator text NOT NULL,
    low double precision,
    high double precision,
    nominal double precision,
    CONSTRAINT measurement_def_identity UNIQUE NULLS NOT DISTINCT (step_def_id, name, unit, comparator, low, high,
        nominal)
);
CREATE TABLE condition_set (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conditions text NOT NULL UNIQUE
);
CREATE TABLE instrument (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station_id integer NOT NULL REFERENCES station (id),
    role text NOT NULL,
    model text NOT NULL,
    idn text NOT NULL,
    serial text NOT NULL,
    firmware text NOT NULL,
    calibration_due text,
    resource text NOT NULL,
    CONSTRAINT instrument_identity UNIQUE NULLS NOT DISTINCT (station_id, role, model, idn, serial, firmware,
        calibration_due, resource)
);
-- A run's first try of each step definition, (step_def.id << 1 | passed) sorted; shared by the runs that went
-- the same way, so yield reads an integer per run (the station's try_set).
CREATE TABLE try_set (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tries bigint[] NOT NULL UNIQUE
);
CREATE TABLE run (
    uuid uuid PRIMARY KEY,
    station_id integer NOT NULL REFERENCES station (id),
    unit_id bigint NOT NULL REFERENCES unit (id),
    part_id integer NOT NULL REFERENCES part (id),
    socket integer NOT NULL,
    operator text NOT NULL,
    sequence_version_id integer NOT NULL REFERENCES sequence_version (id),
    limit_set_id integer REFERENCES limit_set (id),
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    outcome smallint NOT NULL CHECK (outcome BETWEEN 0 AND 7),
    attempt integer NOT NULL CHECK (attempt >= 1),
    abort_reason text NOT NULL,
    -- Summaries the reports read instead of every step (as the station's run table, db/ReportSummaries.h):
    -- failing steps and measurements, judged and passed step executions, and the first judged try of each step
    -- definition (a try_set, NULL when no step was judged).
    failures integer NOT NULL,
    judged_steps integer NOT NULL,
    passed_steps integer NOT NULL,
    first_tries integer REFERENCES try_set (id),
    payload_hash text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_time ON run (started_at);
CREATE INDEX run_part_time ON run (part_id, started_at);
CREATE INDEX run_station_time ON run (station_id, started_at);
CREATE INDEX run_failing ON run (started_at) WHERE failures > 0; -- Pareto reads only these
-- Every column yield reads, in the order it reads them (a unit's runs in time order): a report over a long window
-- is an index-only scan with no sort, as the station's run_yield index does for its file.
CREATE INDEX run_yield ON run (unit_id, started_at, uuid) INCLUDE (outcome, judged_steps, passed_steps, part_id,
    station_id, socket, first_tries);
CREATE TABLE run_instrument (
    run_uuid uuid NOT NULL REFERENCES run (uuid) ON DELETE CASCADE,
    seq integer NOT NULL,
    instrument_id integer NOT NULL REFERENCES instrument (id),
    PRIMARY KEY (run_uuid, seq)
);
CREATE TABLE step (
    run_uuid uuid NOT NULL REFERENCES run (uuid) ON DELETE CASCADE,
    seq integer NOT NULL,
    step_def_id integer NOT NULL REFERENCES step_def (id),
    outcome smallint NOT NULL CHECK (outcome BETWEEN 0 AND 7),
    started_at timestamptz NOT NULL,
    duration_us bigint NOT NULL,
    error text,
    PRIMARY KEY (run_uuid, seq)
);
-- The big one (~20 measurements per step; 400 M rows for a year of a hundred stations): partitioned by month of
-- its run's start so a week's report reads one or two partitions and old months can be detached whole. No foreign
-- key to run: the uploader writes a run and its rows in one transaction, and a per-row check would double COPY.
CREATE TABLE measurement (
    run_uuid uuid NOT NULL,
    run_started_at timestamptz NOT NULL,
    seq integer NOT NULL,
    step_seq integer NOT NULL,
    def_id integer NOT NULL,
    value double precision,
    outcome smallint NOT NULL CHECK (outcome BETWEEN 0 AND 7),
    lane integer,
    text text,
    condition_id integer,
    PRIMARY KEY (run_uuid, seq, run_started_at)
) PARTITION BY RANGE (run_started_at);
CREATE TABLE measurement_default PARTITION OF measurement DEFAULT;
-- Makes the partition of the month starting at month_start (UTC) unless it exists. A month with rows already in
-- the default partition cannot be attached; it is skipped and its rows stay there, still found by every query.
CREATE FUNCTION ensure_measurement_month(month_start date) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    part text := format('measurement_%s', to_char(month_start, 'YYYY_MM'));
    low timestamptz := month_start::timestamp AT TIME ZONE 'UTC';
    high timestamptz := (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(part) IS NULL AND NOT EXISTS (
        SELECT 1 FROM measurement_default WHERE run_started_at >= low AND run_started_at < high) THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF measurement FOR VALUES FROM (%L) TO (%L)', part, low, high);
    END IF;
END
$fn$;
CREATE INDEX measurement_def_time ON measurement (def_id, run_started_at);
CREATE TABLE trace (
    run_uuid uuid NOT NULL REFERENCES run (uuid) ON DELETE CASCADE,
    seq integer NOT NULL,
    step_seq integer NOT NULL,
    name text NOT NULL,
    x_name text NOT NULL,
    x_unit text NOT NULL,
    y_name text NOT NULL,
    y_unit text NOT NULL,
    x double precision[] NOT NULL,
    y double precision[] NOT NULL,
    PRIMARY KEY (run_uuid, seq)
);
CREATE TABLE audit (
    run_uuid uuid NOT NULL REFERENCES run (uuid) ON DELETE CASCADE,
    seq integer NOT NULL,
    at timestamptz NOT NULL,
    user_name text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    old_value text,
    new_value text,
    reason text NOT NULL,
    PRIMARY KEY (run_uuid, seq)
);
)sql";

// Pareto reads only the failing steps and measurements of failing runs: with 100 M measurements a scan of the
// table for them took longer than the report's whole budget, so the few failing rows get indexes of their own.
constexpr const char* kVersion2 = R"sql(
CREATE INDEX step_failing ON step (run_uuid) WHERE outcome IN (4, 5);
CREATE INDEX measurement_failing ON measurement (run_uuid, run_started_at) WHERE outcome IN (4, 5);
)sql";

// Version 2's indexes named the failing rows but not what Pareto reads of them, so each of a year's failing rows cost
// a heap page read (400,000 runs: 400,000 scattered pages of a 100 M-row table, most of the report's time). Each now
// holds the columns its query reads (INCLUDE), so the reads are index-only scans of a few megabytes; the step's
// error text stays out (its length is unbounded, an index entry's is not) and is read by key for the few steps that
// need it (CentralPareto.cpp).
constexpr const char* kVersion3 = R"sql(
DROP INDEX run_failing;
CREATE INDEX run_failing ON run (started_at) INCLUDE (uuid, unit_id, outcome, part_id, station_id)
    WHERE failures > 0;
DROP INDEX step_failing;
CREATE INDEX step_failing ON step (run_uuid) INCLUDE (seq, step_def_id) WHERE outcome IN (4, 5);
DROP INDEX measurement_failing;
CREATE INDEX measurement_failing ON measurement (run_uuid, run_started_at) INCLUDE (step_seq, def_id)
    WHERE outcome IN (4, 5);
)sql";

struct Migration {
    int version;
    int writeFormat; ///< the format of the rows stations write once it is applied (raised only by table changes)
    const char* description;
    const char* sql;
};

const std::array<Migration, 3> kMigrations{{
    {1, 1, "stations, parts, units, sequences, limit sets, runs by UUID, steps, measurements by month, traces, audit",
     kVersion1},
    {2, 1, "indexes of the failing steps and measurements (Pareto)", kVersion2},
    {3, 1, "the failing runs', steps' and measurements' indexes hold what Pareto reads (index-only scans)", kVersion3},
}};

/// The month partitions from 13 months back to 3 ahead. The DDL is built on the server (format with %I and %L)
/// by ensure_measurement_month(), so no value is spliced into statement text here.
void ensurePartitions(PgConnection& c) {
    c.exec("SELECT ensure_measurement_month(m::date) FROM generate_series("
           "date_trunc('month', now() AT TIME ZONE 'UTC') - interval '13 months', "
           "date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months', interval '1 month') AS m");
}

} // namespace

int CentralSchema::latestVersion() {
    return kMigrations.back().version;
}

int CentralSchema::writeFormat() {
    return kMigrations.back().writeFormat;
}

CentralSchemaState CentralSchema::inspect(PgConnection& connection) {
    CentralSchemaState state;
    if (connection.exec("SELECT to_regclass('schema_version') IS NOT NULL").text(0, 0) != "t")
        return state;
    state.version =
        static_cast<int>(connection.exec("SELECT coalesce(max(version), 0) FROM schema_version").integer(0, 0));
    if (state.version == 0)
        return state;
    if (state.version <= latestVersion()) {
        state.writeFormat = kMigrations.at(static_cast<std::size_t>(state.version - 1)).writeFormat;
        return state;
    }
    // A newer build's schema: it recorded its write format (a build from before the column existed could not make
    // a newer schema than this one's).
    const auto format = connection.exec("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = "
                                        "current_schema() AND table_name = 'schema_version' AND "
                                        "column_name = 'write_format')");
    if (format.text(0, 0) == "t") {
        const auto r = connection.exec("SELECT write_format FROM schema_version WHERE version = $1",
                                       {std::to_string(state.version)});
        if (r.rows() == 1 && !r.isNull(0, 0))
            state.writeFormat = static_cast<int>(r.integer(0, 0));
    }
    return state;
}

void CentralSchema::checkWritable(PgConnection& connection) {
    const auto state = inspect(connection);
    if (state.version != 0 && state.writeFormat == writeFormat())
        return;
    std::string message = connection.where() + ": ";
    if (state.version == 0)
        message += "no central schema (run: optiqual db migrate --db URL)";
    else if (state.version < latestVersion())
        message += "central schema is at version " + std::to_string(state.version) + ", whose rows have format " +
                   std::to_string(state.writeFormat) + "; this OptiQual writes format " +
                   std::to_string(writeFormat()) + " (run: optiqual db migrate --db URL)";
    else
        message += "central schema version " + std::to_string(state.version) + " expects stations to write " +
                   (state.writeFormat == 0 ? std::string("a format it does not name")
                                           : "format " + std::to_string(state.writeFormat)) +
                   "; this OptiQual writes format " + std::to_string(writeFormat()) +
                   " (upgrade OptiQual on this station; its runs wait in the outbox meanwhile)";
    throw CentralError("", message);
}

int CentralSchema::currentVersion(PgConnection& connection) {
    const auto exists = connection.exec("SELECT to_regclass('schema_version') IS NOT NULL");
    if (exists.text(0, 0) != "t")
        return 0;
    const int version =
        static_cast<int>(connection.exec("SELECT coalesce(max(version), 0) FROM schema_version").integer(0, 0));
    if (version > latestVersion())
        throw CentralError("", connection.where() + ": central schema version " + std::to_string(version) +
                                   " is newer than this OptiQual understands (" + std::to_string(latestVersion()) +
                                   ")");
    return version;
}

int CentralSchema::migrate(PgConnection& connection, int target) {
    if (target < 0)
        target = latestVersion();
    connection.exec("BEGIN");
    try {
        // One migrator at a time, whichever station or shell started it (released at COMMIT/ROLLBACK).
        connection.exec("SELECT pg_advisory_xact_lock(7265843061)");
        connection.exec("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at "
                        "timestamptz NOT NULL DEFAULT now(), description text NOT NULL)");
        // Each version's write format, so that a build that does not know a newer version can tell whether it may
        // still upload into it (the stores of earlier builds get the column and their rows' formats here).
        connection.exec("ALTER TABLE schema_version ADD COLUMN IF NOT EXISTS write_format integer");
        const int from = currentVersion(connection);
        for (const auto& m : kMigrations) {
            if (m.version <= from || m.version > target)
                continue;
            connection.exec(m.sql);
            const std::string version = std::to_string(m.version);
            connection.exec("INSERT INTO schema_version (version, description, write_format) VALUES ($1, $2, $3)",
                            {version, std::string(m.description), std::to_string(m.writeFormat)});
        }
        for (const auto& m : kMigrations)
            connection.exec("UPDATE schema_version SET write_format = $2 WHERE version = $1 AND write_format IS NULL",
                            {std::to_string(m.version), std::to_string(m.writeFormat)});
        ensurePartitions(connection);
        connection.exec("COMMIT");
        return from;
    } catch (...) {
        connection.rollbackQuietly();
        throw;
    }
}

} // namespace optiqual::db::central
