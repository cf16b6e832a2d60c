#include "db/Transaction.h"

#include "db/Connection.h"

namespace optiqual::db {

Transaction::Transaction(Connection& connection) : m_connection(connection) {
    m_connection.execCached("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    rollback();
}

void Transaction::commit() {
    m_connection.execCached("COMMIT");
    m_open = false;
}

void Transaction::rollback() noexcept {
    if (!m_open)
        return;
    m_open = false;
    if (!m_connection.inTransaction())
        return; // SQLite already rolled back (e.g. after SQLITE_FULL in some statements)
    try {
        m_connection.execCached("ROLLBACK");
    } catch (...) {
        // Nothing more can be done; the connection reports the state on its next use.
    }
}

} // namespace optiqual::db
