#pragma once
namespace optiqual::db {

class Connection;

/// @brief A write transaction (RAII): BEGIN IMMEDIATE on construction — so a lock conflict shows at the start,
/// not halfway — COMMIT on commit(), ROLLBACK when destroyed uncommitted. The three statements are prepared once
/// per connection (Connection::execCached).
class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    /// @brief Rolls back now (no-op if SQLite already rolled the transaction back after an error).
    void rollback() noexcept;

private:
    Connection& m_connection;
    bool m_open = true;
};

} // namespace optiqual::db
