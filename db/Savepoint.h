#pragma once
#include <string>
#include <string_view>

namespace optiqual::db {

class Connection;

/// @brief A named savepoint inside a transaction (RAII): released on release(), rolled back to when destroyed
/// unreleased, so one bad record undoes only itself. Its statements are prepared once per connection and name
/// (Connection::execCached).
class Savepoint {
public:
    Savepoint(Connection& connection, std::string_view name);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;

    void release();

private:
    Connection& m_connection;
    std::string m_begin, m_release, m_rollback;
    bool m_open = true;
};

} // namespace optiqual::db
