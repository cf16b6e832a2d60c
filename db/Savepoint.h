#pragma once
#include <string>

namespace optiqual::db {

class Connection;

/// @brief A named savepoint inside a transaction (RAII): released on release(), rolled back to when destroyed
/// unreleased, so one bad record undoes only itself.
class Savepoint {
public:
    Savepoint(Connection& connection, std::string name);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;

    void release();

private:
    Connection& m_connection;
    std::string m_name;
    bool m_open = true;
};

} // namespace optiqual::db
