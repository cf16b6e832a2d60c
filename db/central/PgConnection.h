#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace optiqual::db::central {

/// @brief One result of a PostgreSQL command (RAII over PGresult). Rows and columns are 0-based.
class PgResult {
public:
    explicit PgResult(pg_result* result) : m_result(result) {}
    ~PgResult();
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    int rows() const;
    bool isNull(int row, int column) const;
    std::string text(int row, int column) const;
    std::optional<std::string> optionalText(int row, int column) const;
    /// @brief An integer column, in text or binary format.
    long long integer(int row, int column) const;
    /// @brief A float8 (or float4) column, in text or binary format.
    double real(int row, int column) const;
    /// @brief A column's bytes as they came (binary format: a uuid's 16 bytes), valid while the result lives.
    std::string_view bytes(int row, int column) const;

private:
    pg_result* m_result = nullptr;
};

/// @brief A connection to the central PostgreSQL store (RAII over libpq's PGconn), in text protocol. Every failure
/// throws CentralError with the server's SQLSTATE and a message naming the server (password never shown).
class PgConnection {
public:
    /// @brief Connects to @p url, a libpq connection URI or key=value string ("postgresql://user@host:port/db",
    /// TLS options such as sslmode=verify-full pass through). Defaults, which the URL overrides: connect_timeout
    /// 10 s, application_name optiqual.
    static PgConnection open(const std::string& url);
    /// @brief A second connection to the same server with the same options (user, password, TLS), for work done
    /// beside this one (a report's shards).
    PgConnection openAnother() const;

    PgConnection() = default;
    ~PgConnection();
    PgConnection(PgConnection&& other) noexcept;
    PgConnection& operator=(PgConnection&& other) noexcept;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// @brief Runs one or more statements without parameters.
    PgResult exec(std::string_view sql);
    /// @brief Runs one statement with text parameters ($1, $2, …; std::nullopt is NULL).
    PgResult exec(std::string_view sql, const std::vector<std::optional<std::string>>& params);
    /// @brief Runs one statement without parameters, its rows in binary format: integer() reads int2/int4/int8
    /// without parsing text; text columns come as their bytes; real() must not be used on them.
    PgResult execBinary(std::string_view sql);
    /// @brief Runs @p sql (no parameters, rows in binary format) over and over, @p depth runs in flight at once
    /// (libpq's pipeline mode: the server starts the next run while this side reads the last one), handing each
    /// result to @p onResult until a run returns no rows or @p onResult returns false. For FETCH from a cursor.
    void execRepeated(std::string_view sql, int depth, const std::function<bool(PgResult&&)>& onResult);
    /// @brief ROLLBACK after a failure inside a transaction; nothing when the connection is gone (the server
    /// rolled back on its own then).
    void rollbackQuietly() noexcept;
    /// @brief COPY … FROM STDIN with @p rows in COPY text format (tab-separated, one line per row).
    void copyIn(std::string_view copySql, std::string_view rows);
    /// @brief COPY … TO STDOUT: the rows in COPY text format.
    std::string copyOut(std::string_view copySql);
    /// @brief The server as shown in messages: host, port and database, never the password.
    const std::string& where() const { return m_where; }
    bool isOpen() const { return m_conn != nullptr; }

private:
    [[noreturn]] void fail(const std::string& doing, pg_result* result) const;

    pg_conn* m_conn = nullptr;
    std::string m_where;
};

/// @brief @p url with any password replaced by "***" (URI user:password@ and password= parameters).
std::string redactUrl(const std::string& url);

/// @brief True when @p db names a PostgreSQL server rather than a file ("postgresql://", "postgres://").
bool isCentralUrl(std::string_view db);

/// @brief @p text escaped for a COPY text-format field (backslash, tab, newline, carriage return).
void appendCopyField(std::string& out, std::string_view text);
/// @brief The COPY text-format NULL marker.
inline constexpr std::string_view kCopyNull = "\\N";

} // namespace optiqual::db::central
