#pragma once

namespace optiqual::db::central {

class PgConnection;

/// @brief The central store's schema (docs/central-store.md): the station model keyed by run UUID, plus station
/// identity and upload metadata. Migrations run in one transaction under an advisory lock, so two stations or
/// two operators migrating at once cannot interleave.
class CentralSchema {
public:
    static int latestVersion();
    /// @brief 0 on an empty database; throws CentralError when the database holds a newer schema.
    static int currentVersion(PgConnection& connection);
    /// @brief Brings the schema to version @p target (the latest when negative; an older one makes stores as
    /// earlier builds left them, for migration tests) and makes sure the measurement table has partitions for the
    /// months around today (13 back, 3 ahead); returns the version it started from.
    static int migrate(PgConnection& connection, int target = -1);
};

} // namespace optiqual::db::central
