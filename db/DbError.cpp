#include "db/DbError.h"

#include <sqlite3.h>

namespace optiqual::db {

const char* toString(DbErrorKind kind) {
    switch (kind) {
    case DbErrorKind::Busy:
        return "locked";
    case DbErrorKind::Full:
        return "disk full";
    case DbErrorKind::ReadOnly:
        return "read-only";
    case DbErrorKind::Corrupt:
        return "corrupt";
    case DbErrorKind::NotFound:
        return "not found";
    case DbErrorKind::Schema:
        return "schema";
    case DbErrorKind::Io:
        return "I/O error";
    case DbErrorKind::Constraint:
        return "constraint";
    case DbErrorKind::Other:
        break;
    }
    return "error";
}

DbError::DbError(DbErrorKind kind, int sqliteCode, const std::string& message)
    : std::runtime_error(message), m_kind(kind), m_code(sqliteCode) {}

bool DbError::isEnvironmental() const {
    return m_kind == DbErrorKind::Busy || m_kind == DbErrorKind::Full || m_kind == DbErrorKind::ReadOnly ||
           m_kind == DbErrorKind::Corrupt || m_kind == DbErrorKind::Io || m_kind == DbErrorKind::NotFound;
}

DbErrorKind DbError::kindOf(int code) {
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DbErrorKind::Busy;
    case SQLITE_FULL:
        return DbErrorKind::Full;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return DbErrorKind::ReadOnly;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return DbErrorKind::Corrupt;
    case SQLITE_CANTOPEN:
        return DbErrorKind::NotFound;
    case SQLITE_IOERR:
        return DbErrorKind::Io;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
        return DbErrorKind::Constraint;
    default:
        return DbErrorKind::Other;
    }
}

} // namespace optiqual::db
