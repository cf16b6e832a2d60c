#pragma once

namespace optiqual::db::central {

class PgConnection;

/// @brief The central store's schema (docs/central-store.md): the station model keyed by run UUID, plus station
/// identity and upload metadata. Migrations run in one transaction under an advisory lock, so two stations or
/// two operators migrating at once cannot interleave.
/// @brief A central database's schema as the uploader sees it: its version and the format of the rows stations
/// write into it (0: no schema, or a newer schema that does not say).
struct CentralSchemaState {
    int version = 0;
    int writeFormat = 0;
};

class CentralSchema {
public:
    static int latestVersion();
    /// @brief The format of the rows this build's uploader writes. A migration that only adds indexes (or anything
    /// else stations do not write) keeps the format, so stations one schema version behind the server, or ahead of
    /// it, keep uploading through a fleet's rolling upgrade.
    static int writeFormat();
    /// @brief The version and write format of @p connection's schema; unlike currentVersion() a newer schema is not
    /// an error here (it says its write format in its schema_version row).
    static CentralSchemaState inspect(PgConnection& connection);
    /// @brief Throws CentralError, naming both formats and what to do, unless this build's uploader may write into
    /// @p connection's schema.
    static void checkWritable(PgConnection& connection);
    /// @brief 0 on an empty database; throws CentralError when the database holds a newer schema.
    static int currentVersion(PgConnection& connection);
    /// @brief Brings the schema to version @p target (the latest when negative; an older one makes stores as
    /// earlier builds left them, for migration tests) and makes sure the measurement table has partitions for the
    /// months around today (13 back, 3 ahead); returns the version it started from.
    static int migrate(PgConnection& connection, int target = -1);
};

} // namespace optiqual::db::central
