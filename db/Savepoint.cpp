#include "db/Savepoint.h"

#include "db/Connection.h"

#include <utility>

namespace optiqual::db {

Savepoint::Savepoint(Connection& connection, std::string_view name)
    : m_connection(connection), m_begin("SAVEPOINT "), m_release("RELEASE "), m_rollback("ROLLBACK TO ") {
    m_begin += name;
    m_release += name;
    m_rollback += name;
    m_connection.execCached(m_begin);
}

Savepoint::~Savepoint() {
    if (!m_open || !m_connection.inTransaction())
        return;
    try {
        m_connection.execCached(m_rollback);
        m_connection.execCached(m_release);
    } catch (...) {
        // The enclosing transaction is then rolled back by its owner.
    }
}

void Savepoint::release() {
    m_connection.execCached(m_release);
    m_open = false;
}

} // namespace optiqual::db
