#include "db/Savepoint.h"

#include "db/Connection.h"

#include <utility>

namespace optiqual::db {

Savepoint::Savepoint(Connection& connection, std::string name) : m_connection(connection), m_name(std::move(name)) {
    m_connection.exec("SAVEPOINT " + m_name);
}

Savepoint::~Savepoint() {
    if (!m_open || !m_connection.inTransaction())
        return;
    try {
        m_connection.exec("ROLLBACK TO " + m_name);
        m_connection.exec("RELEASE " + m_name);
    } catch (...) {
        // The enclosing transaction is then rolled back by its owner.
    }
}

void Savepoint::release() {
    m_connection.exec("RELEASE " + m_name);
    m_open = false;
}

} // namespace optiqual::db
