#pragma once
#include <stdexcept>
#include <string>

namespace optiqual::db {

/// @brief What went wrong with the results database, in the terms an operator or the engine acts on.
enum class DbErrorKind {
    Busy,       ///< locked by another connection or process past the busy timeout
    Full,       ///< disk full or the database size limit reached
    ReadOnly,   ///< file, directory or medium not writable
    Corrupt,    ///< not a database, or a damaged one; never repaired or replaced automatically
    NotFound,   ///< the file does not exist (and was not to be created)
    Schema,     ///< not an OptiQual database, or a schema version this build does not know
    Io,         ///< an operating-system I/O error
    Constraint, ///< a record broke a constraint (a bug or bad input, not the environment)
    Other,
};

/// @brief Short name of a kind: "locked", "disk full", "read-only", …
const char* toString(DbErrorKind kind);

/// @brief A results-database failure: the kind, the SQLite result code (0 when not from SQLite) and a message
/// that names the file and what was being done.
class DbError : public std::runtime_error {
public:
    DbError(DbErrorKind kind, int sqliteCode, const std::string& message);

    DbErrorKind kind() const { return m_kind; }
    int sqliteCode() const { return m_code; }
    /// @brief Environment trouble (locked, full, read-only, corrupt, I/O) rather than a problem with one record.
    bool isEnvironmental() const;

    /// @brief Maps an extended SQLite result code to a kind.
    static DbErrorKind kindOf(int sqliteCode);

private:
    DbErrorKind m_kind;
    int m_code;
};

} // namespace optiqual::db
