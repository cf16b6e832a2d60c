#include "db/Statement.h"

#include "db/DbError.h"

#include <sqlite3.h>
#include <utility>

namespace optiqual::db {

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    const int rc =
        sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        throw DbError(DbError::kindOf(rc), rc,
                      std::string(sqlite3_errmsg(db)) + " (preparing: " + std::string(sql.substr(0, 80)) + ")");
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

void Statement::fail(int code) const {
    std::string what = sqlite3_errmsg(m_db);
    const char* sql = sqlite3_sql(m_stmt);
    if (sql)
        what += " (in: " + std::string(sql).substr(0, 80) + ")";
    throw DbError(DbError::kindOf(code), code, what);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (const int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (const int rc = sqlite3_bind_double(m_stmt, index, value); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (const int rc = sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t bytes) {
    if (const int rc = sqlite3_bind_blob64(m_stmt, index, data, bytes, SQLITE_TRANSIENT); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (const int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    // Reset first so the statement does not keep a read transaction open while the error travels up.
    const int code = sqlite3_extended_errcode(m_db);
    std::string what = sqlite3_errmsg(m_db);
    sqlite3_reset(m_stmt);
    const char* sql = sqlite3_sql(m_stmt);
    if (sql)
        what += " (in: " + std::string(sql).substr(0, 80) + ")";
    throw DbError(DbError::kindOf(code), code, what);
}

void Statement::run() {
    while (step()) {
    }
    sqlite3_reset(m_stmt);
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::getInt(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::getDouble(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::getText(int column) const {
    const auto* text = sqlite3_column_text(m_stmt, column);
    if (!text)
        return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::optional<std::int64_t> Statement::getOptionalInt(int column) const {
    if (isNull(column))
        return std::nullopt;
    return getInt(column);
}

std::optional<double> Statement::getOptionalDouble(int column) const {
    if (isNull(column))
        return std::nullopt;
    return getDouble(column);
}

std::optional<std::string> Statement::getOptionalText(int column) const {
    if (isNull(column))
        return std::nullopt;
    return getText(column);
}

std::string_view Statement::getBlob(int column) const {
    const void* data = sqlite3_column_blob(m_stmt, column);
    if (!data)
        return {};
    return {static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

} // namespace optiqual::db
