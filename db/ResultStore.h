#pragma once
#include "db/Connection.h"
#include "db/Records.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace optiqual::db {

/// @brief How far a commit is durable before it counts as done.
enum class Durability {
    Off,    ///< no fsync: only for generating test data
    Normal, ///< WAL + synchronous=NORMAL: survives a crash or kill of the process, not a power cut
    Full,   ///< WAL + synchronous=FULL: survives a power cut too (one fsync per group commit)
};

/// @brief How to open a results database.
struct StoreOptions {
    OpenAccess access = OpenAccess::ReadOnly;
    bool migrate = false; ///< apply forward migrations (the writer and `db migrate` do; reports refuse old files)
    std::chrono::milliseconds busyTimeout{2000};
    Durability durability = Durability::Full;
    std::int64_t maxPageCount = 0; ///< >0: cap the file at this many pages (quotas; forces SQLITE_FULL in tests)
};

/// @brief What `optiqual db verify` found.
struct VerifyReport {
    int schemaVersion = 0;
    /// PRAGMA integrity_check lines other than "ok", and the damage that stopped any check part way
    std::vector<std::string> integrityProblems;
    std::vector<std::string> orphans; ///< rows whose parent is missing (first 100)
    std::int64_t orphanCount = 0;
    std::int64_t openRuns = 0; ///< runs without an outcome (running now, or left by a crash)
    std::int64_t runs = 0;
    std::int64_t measurements = 0;
    bool ok() const { return integrityProblems.empty() && orphanCount == 0; }
};

/// @brief The results database file: opens it (never creating it unless asked, never replacing a damaged
/// one), checks and migrates its schema, recovers runs left open by a crash and verifies its integrity.
/// Owns one connection; the writer takes it over, reports query through it.
class ResultStore {
public:
    /// @brief Opens @p path. Throws DbError: NotFound, Corrupt ("file is not a database…", file untouched),
    /// ReadOnly (writing asked for but the file or directory refuses), Schema (not OptiQual's, older without
    /// @c migrate, or newer than this build), Busy.
    static ResultStore open(const std::filesystem::path& path, const StoreOptions& options);
    /// @brief A private, migrated in-memory database (tests, previews).
    static ResultStore openMemory();

    /// @brief Marks runs without an outcome whose owner is gone (OwnerLock) as Aborted with reason "station
    /// stopped" (at the time of their last step); runs of a live writer, in this process or another, are left
    /// alone. Only runs of @p station, or of every station when empty. @return how many.
    int recoverOpenRuns(const std::string& station = {});
    /// @brief Integrity check (quick_check when @p quick), foreign-key orphans, counts.
    VerifyReport verify(bool quick = false) const;

    int schemaVersion() const { return m_version; }
    /// @brief The version found before open() migrated (equal to schemaVersion() when nothing was applied).
    int versionBeforeOpen() const { return m_versionBefore; }
    Connection& connection() { return m_connection; }
    const Connection& connection() const { return m_connection; }
    /// @brief Gives the connection away (to the writer thread); the store is empty afterwards.
    Connection releaseConnection() { return std::move(m_connection); }

private:
    explicit ResultStore(Connection connection) : m_connection(std::move(connection)) {}
    void configure(const StoreOptions& options);

    Connection m_connection;
    int m_version = 0;
    int m_versionBefore = 0;
};

} // namespace optiqual::db
