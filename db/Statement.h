#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace optiqual::db {

/// @brief A prepared SQLite statement (RAII). Parameters are 1-based as in SQL (`?1`), columns 0-based.
/// step() returns true while there is a row; errors throw DbError naming the statement's purpose.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    /// @brief Binds text; the statement keeps its own copy.
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bindBlob(int index, const void* data, std::size_t bytes);
    Statement& bindNull(int index);
    template <typename T> Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    bool prepared() const { return m_stmt != nullptr; }

    /// @brief Runs to the next row: true if there is one, false when done.
    bool step();
    /// @brief Runs a statement that returns no rows (or ignores them), then resets it for reuse.
    void run();
    /// @brief Resets for another execution and clears the bindings.
    void reset();

    bool isNull(int column) const;
    std::int64_t getInt(int column) const;
    double getDouble(int column) const;
    std::string getText(int column) const;
    std::optional<std::int64_t> getOptionalInt(int column) const;
    std::optional<double> getOptionalDouble(int column) const;
    std::optional<std::string> getOptionalText(int column) const;
    /// @brief The bytes of a BLOB column (valid until the next step or reset).
    std::string_view getBlob(int column) const;

private:
    [[noreturn]] void fail(int code) const;

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace optiqual::db
