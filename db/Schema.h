#pragma once
#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief The results schema as an ordered list of forward migrations (docs/results-schema.md).
///
/// Version 0 is an empty file. Each migration runs in its own transaction and records itself in
/// `schema_version`, so an interrupted migration leaves the file at the previous version. There are no
/// down-migrations: an older OptiQual refuses a newer file rather than guess.
class Schema {
public:
    /// @brief The version this build writes and reads.
    static int latestVersion();
    /// @brief 0 for an empty database; throws DbError(Schema) if the file holds tables but is not OptiQual's.
    static int currentVersion(const Connection& connection);
    /// @brief Applies the migrations after the current version up to @p target (latest by default).
    /// @return the version before migrating. Throws DbError(Schema) if the file is newer than this build.
    static int migrate(Connection& connection, int target = -1);
    /// @brief One line per migration: "1: …".
    static std::vector<std::string> describe();
};

} // namespace optiqual::db
