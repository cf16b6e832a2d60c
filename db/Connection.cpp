#include "db/Connection.h"

#include "db/DbError.h"

#include <sqlite3.h>
#include <system_error>
#include <utility>

namespace optiqual::db {

Connection Connection::open(const std::filesystem::path& path, OpenAccess access) {
    Connection c;
    c.m_path = path.string();
    const bool memory = c.m_path == ":memory:";
    std::error_code ec;
    if (!memory && access != OpenAccess::ReadWriteCreate && !std::filesystem::exists(path, ec))
        throw DbError(DbErrorKind::NotFound, SQLITE_CANTOPEN, c.m_path + ": no such results database");
    int flags = SQLITE_OPEN_NOMUTEX; // one thread at a time per connection, by design
    switch (access) {
    case OpenAccess::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case OpenAccess::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case OpenAccess::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    const int rc = sqlite3_open_v2(c.m_path.c_str(), &c.m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = c.m_db ? sqlite3_errmsg(c.m_db) : sqlite3_errstr(rc);
        throw DbError(DbError::kindOf(rc), rc, c.m_path + ": cannot open: " + msg);
    }
    sqlite3_extended_result_codes(c.m_db, 1);
    return c;
}

void Connection::FinalizeStatement::operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
}

Connection::~Connection() {
    close();
}

void Connection::close() noexcept {
    m_cached.clear(); // finalized before the connection closes
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

Connection::Connection(Connection&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)), m_cached(std::move(other.m_cached)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_cached = std::move(other.m_cached);
    }
    return *this;
}

void Connection::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const int code = sqlite3_extended_errcode(m_db);
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw DbError(DbError::kindOf(code), code, m_path + ": " + msg);
    }
}

void Connection::execCached(std::string_view sql) {
    sqlite3_stmt* statement = nullptr;
    for (const auto& [text, cached] : m_cached)
        if (text == sql) {
            statement = cached.get();
            break;
        }
    if (!statement) {
        const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                          &statement, nullptr);
        if (rc != SQLITE_OK) {
            const int code = sqlite3_extended_errcode(m_db);
            throw DbError(DbError::kindOf(code), code, m_path + ": " + sqlite3_errmsg(m_db));
        }
        m_cached.emplace_back(std::string(sql), std::unique_ptr<sqlite3_stmt, FinalizeStatement>(statement));
    }
    int rc = SQLITE_ROW;
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(statement);
    if (rc != SQLITE_DONE) {
        const int code = sqlite3_extended_errcode(m_db);
        std::string msg = sqlite3_errmsg(m_db);
        sqlite3_reset(statement);
        throw DbError(DbError::kindOf(code), code, m_path + ": " + msg);
    }
    sqlite3_reset(statement);
}

Statement Connection::prepare(std::string_view sql) const {
    try {
        return Statement(m_db, sql);
    } catch (const DbError& e) {
        throw DbError(e.kind(), e.sqliteCode(), m_path + ": " + e.what());
    }
}

std::int64_t Connection::queryInt(std::string_view sql) const {
    auto st = prepare(sql);
    return st.step() ? st.getInt(0) : 0;
}

std::string Connection::queryText(std::string_view sql) const {
    auto st = prepare(sql);
    return st.step() ? st.getText(0) : std::string();
}

std::int64_t Connection::lastInsertRowid() const {
    return sqlite3_last_insert_rowid(m_db);
}

bool Connection::inTransaction() const {
    return m_db && sqlite3_get_autocommit(m_db) == 0;
}

bool Connection::isReadOnly() const {
    return sqlite3_db_readonly(m_db, "main") == 1;
}

void Connection::rethrowWithPath(const std::exception& error, std::string_view doing) const {
    std::string prefix = m_path + ": ";
    if (!doing.empty())
        prefix += std::string(doing) + ": ";
    if (const auto* db = dynamic_cast<const DbError*>(&error)) {
        std::string what = db->what();
        if (what.rfind(m_path + ": ", 0) == 0)
            what.erase(0, m_path.size() + 2);
        throw DbError(db->kind(), db->sqliteCode(), prefix + what);
    }
    throw DbError(DbErrorKind::Other, 0, prefix + error.what());
}

} // namespace optiqual::db
