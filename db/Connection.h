#pragma once
#include "db/Statement.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace optiqual::db {

/// @brief How a connection opens its file.
enum class OpenAccess {
    ReadOnly,        ///< reports, verify, export: never writes, never creates
    ReadWrite,       ///< an existing database only
    ReadWriteCreate, ///< the station's writer: creates the file when missing
};

/// @brief One SQLite connection (RAII), with extended result codes on. Not thread-safe: one thread at a time.
/// Errors throw DbError with the file name in the message. ":memory:" opens a private in-memory database.
class Connection {
public:
    Connection() = default;
    /// @brief Opens @p path; throws DbError (NotFound when missing and not to be created).
    static Connection open(const std::filesystem::path& path, OpenAccess access);

    ~Connection();
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// @brief Runs one or more statements without results.
    void exec(std::string_view sql);
    /// @brief Runs one statement without results (BEGIN, COMMIT, SAVEPOINT…) as exec() does, but prepares it only
    /// the first time: the connection keeps it for its life. Errors read exactly as exec()'s.
    void execCached(std::string_view sql);
    Statement prepare(std::string_view sql) const;
    /// @brief The first column of the first row as an integer (0 when no row).
    std::int64_t queryInt(std::string_view sql) const;
    std::string queryText(std::string_view sql) const;

    std::int64_t lastInsertRowid() const;
    bool inTransaction() const;
    /// @brief True when SQLite opened the file read-only although writing was asked for (permissions, medium).
    bool isReadOnly() const;
    bool isMemory() const { return m_path == ":memory:"; }
    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    /// @brief Rethrows @p error (a DbError) with "path: " in front, so messages say which file.
    [[noreturn]] void rethrowWithPath(const std::exception& error, std::string_view doing) const;

private:
    struct FinalizeStatement {
        void operator()(sqlite3_stmt* statement) const;
    };
    using CachedStatement = std::pair<std::string, std::unique_ptr<sqlite3_stmt, FinalizeStatement>>;

    void close() noexcept;

    sqlite3* m_db = nullptr;
    std::string m_path;
    std::vector<CachedStatement> m_cached; // a handful: looked up by text
};

} // namespace optiqual::db
