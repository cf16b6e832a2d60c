#include "db/central/PgConnection.h"

#include "db/central/CentralError.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <libpq-fe.h>
#include <regex>
#include <utility>
#include <vector>

namespace optiqual::db::central {

namespace {

/// libpq's message on one line (it puts hints on a second, tab-indented one), without its trailing newline.
std::string trimmed(const char* message) {
    std::string text;
    for (const char* p = message ? message : ""; *p; ++p) {
        if (*p == '\n') {
            while (p[1] == '\t' || p[1] == ' ')
                ++p;
            if (p[1] != '\0')
                text += "; ";
        } else {
            text += *p;
        }
    }
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

} // namespace

PgResult::~PgResult() {
    if (m_result)
        PQclear(m_result);
}

PgResult::PgResult(PgResult&& other) noexcept : m_result(std::exchange(other.m_result, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        if (m_result)
            PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

int PgResult::rows() const {
    return m_result ? PQntuples(m_result) : 0;
}

bool PgResult::isNull(int row, int column) const {
    return PQgetisnull(m_result, row, column) != 0;
}

std::string PgResult::text(int row, int column) const {
    return {PQgetvalue(m_result, row, column), static_cast<std::size_t>(PQgetlength(m_result, row, column))};
}

std::optional<std::string> PgResult::optionalText(int row, int column) const {
    if (isNull(row, column))
        return std::nullopt;
    return text(row, column);
}

long long PgResult::integer(int row, int column) const {
    const char* v = PQgetvalue(m_result, row, column);
    if (PQfformat(m_result, column) == 0)
        return std::strtoll(v, nullptr, 10);
    // Binary: a big-endian int2, int4 or int8.
    std::uint64_t bits = 0;
    const int length = PQgetlength(m_result, row, column);
    for (int i = 0; i < length; ++i)
        bits = bits << 8 | static_cast<unsigned char>(v[i]);
    if (length == 2)
        return static_cast<std::int16_t>(bits);
    if (length == 4)
        return static_cast<std::int32_t>(bits);
    return static_cast<long long>(bits);
}

double PgResult::real(int row, int column) const {
    const char* v = PQgetvalue(m_result, row, column);
    if (PQfformat(m_result, column) == 0)
        return std::strtod(v, nullptr);
    // Binary: a big-endian IEEE 754 float8 or float4.
    std::uint64_t bits = 0;
    const int length = PQgetlength(m_result, row, column);
    for (int i = 0; i < length; ++i)
        bits = bits << 8 | static_cast<unsigned char>(v[i]);
    if (length == 4)
        return std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    return std::bit_cast<double>(bits);
}

std::string_view PgResult::bytes(int row, int column) const {
    return {PQgetvalue(m_result, row, column), static_cast<std::size_t>(PQgetlength(m_result, row, column))};
}

PgConnection PgConnection::open(const std::string& url) {
    // Later keywords win (libpq, PQconnectdbParams): the defaults come first, the URL expanded last.
    const std::array<const char*, 4> keys{"connect_timeout", "application_name", "dbname", nullptr};
    const std::array<const char*, 4> values{"10", "optiqual", url.c_str(), nullptr};
    PgConnection c;
    c.m_conn = PQconnectdbParams(keys.data(), values.data(), 1);
    if (c.m_conn == nullptr)
        throw CentralError("", redactUrl(url) + ": out of memory connecting to PostgreSQL");
    if (PQstatus(c.m_conn) != CONNECTION_OK)
        throw CentralError("", "cannot connect to " + redactUrl(url) + ": " + trimmed(PQerrorMessage(c.m_conn)));
    const char* host = PQhost(c.m_conn);
    c.m_where = "postgresql://" + std::string(host ? host : "") + ":" + PQport(c.m_conn) + "/" + PQdb(c.m_conn);
    // Quiet: the server's NOTICEs (e.g. "relation already exists, skipping") are not the station's business.
    PQsetNoticeProcessor(
        c.m_conn, [](void*, const char*) {}, nullptr);
    return c;
}

PgConnection PgConnection::openAnother() const {
    // The options this connection was made with, as libpq resolved them (password included: never shown).
    PQconninfoOption* options = PQconninfo(m_conn);
    if (options == nullptr)
        throw CentralError("", m_where + ": out of memory reading the connection's options");
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o)
        if (o->val != nullptr) {
            keys.push_back(o->keyword);
            values.push_back(o->val);
        }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PgConnection c;
    c.m_conn = PQconnectdbParams(keys.data(), values.data(), 0);
    PQconninfoFree(options);
    if (c.m_conn == nullptr)
        throw CentralError("", m_where + ": out of memory connecting to PostgreSQL");
    if (PQstatus(c.m_conn) != CONNECTION_OK)
        throw CentralError("", "cannot connect to " + m_where + ": " + trimmed(PQerrorMessage(c.m_conn)));
    c.m_where = m_where;
    PQsetNoticeProcessor(
        c.m_conn, [](void*, const char*) {}, nullptr);
    return c;
}

PgConnection::~PgConnection() {
    if (m_conn)
        PQfinish(m_conn);
}

PgConnection::PgConnection(PgConnection&& other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr)), m_where(std::move(other.m_where)) {}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
    if (this != &other) {
        if (m_conn)
            PQfinish(m_conn);
        m_conn = std::exchange(other.m_conn, nullptr);
        m_where = std::move(other.m_where);
    }
    return *this;
}

void PgConnection::fail(const std::string& doing, pg_result* result) const {
    std::string state;
    std::string message;
    if (result) {
        if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE))
            state = s;
        message = trimmed(PQresultErrorMessage(result));
        PQclear(result);
    }
    if (message.empty())
        message = trimmed(PQerrorMessage(m_conn));
    if (PQstatus(m_conn) != CONNECTION_OK)
        state.clear(); // the connection itself is gone: whatever the statement was, retry later
    throw CentralError(state, m_where + ": " + doing + ": " + message);
}

PgResult PgConnection::exec(std::string_view sql) {
    PGresult* r = PQexec(m_conn, std::string(sql).c_str());
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        fail(std::string(sql.substr(0, sql.find_first_of("(\n"))), r);
    return PgResult(r);
}

void PgConnection::rollbackQuietly() noexcept {
    if (m_conn != nullptr && PQstatus(m_conn) == CONNECTION_OK)
        PQclear(PQexec(m_conn, "ROLLBACK"));
}

PgResult PgConnection::execBinary(std::string_view sql) {
    PGresult* r = PQexecParams(m_conn, std::string(sql).c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1);
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        fail(std::string(sql.substr(0, sql.find_first_of("(\n"))), r);
    return PgResult(r);
}

void PgConnection::execRepeated(std::string_view sql, int depth, const std::function<bool(PgResult&&)>& onResult) {
    const std::string text(sql);
    const std::string doing = text.substr(0, text.find_first_of("(\n"));
    if (PQenterPipelineMode(m_conn) != 1)
        fail(doing, nullptr);
    // Leaves pipeline mode whatever happened: a sync point, every result up to it read (after a failure the runs
    // behind it come back aborted), so the connection takes ordinary commands (a ROLLBACK) again.
    const auto leave = [this] {
        if (PQpipelineSync(m_conn) == 1)
            for (PGresult* r = nullptr; (r = PQgetResult(m_conn)) != nullptr || PQstatus(m_conn) == CONNECTION_OK;) {
                const bool synced = r != nullptr && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
                PQclear(r);
                if (synced)
                    break;
            }
        PQexitPipelineMode(m_conn);
    };
    int inFlight = 0;
    const auto send = [&] {
        if (PQsendQueryParams(m_conn, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1) != 1 ||
            PQsendFlushRequest(m_conn) != 1 || PQflush(m_conn) != 0)
            fail(doing, nullptr);
        ++inFlight;
    };
    try {
        bool more = true;
        for (int i = 0; i < depth; ++i)
            send();
        while (inFlight > 0) {
            PGresult* r = PQgetResult(m_conn);
            if (r == nullptr) {
                if (PQstatus(m_conn) != CONNECTION_OK)
                    fail(doing, nullptr);
                continue; // the end of one run's results
            }
            if (PQresultStatus(r) != PGRES_TUPLES_OK)
                fail(doing, r);
            --inFlight;
            PgResult result(r);
            more = more && result.rows() > 0;
            if (more)
                send();
            if (result.rows() > 0 && !onResult(std::move(result)))
                more = false;
        }
    } catch (...) {
        leave();
        throw;
    }
    leave();
}

PgResult PgConnection::exec(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params)
        values.push_back(p ? p->c_str() : nullptr);
    PGresult* r = PQexecParams(m_conn, std::string(sql).c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        fail(std::string(sql.substr(0, sql.find_first_of("(\n"))), r);
    return PgResult(r);
}

void PgConnection::copyIn(std::string_view copySql, std::string_view rows) {
    const std::string doing(copySql.substr(0, copySql.find('(')));
    PGresult* r = PQexec(m_conn, std::string(copySql).c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN)
        fail(doing, r);
    PQclear(r);
    // Chunks below libpq's int length; a blocking connection waits for room rather than returning 0.
    constexpr std::size_t kChunk = 1 << 20;
    for (std::size_t at = 0; at < rows.size(); at += kChunk) {
        const auto piece = rows.substr(at, kChunk);
        if (PQputCopyData(m_conn, piece.data(), static_cast<int>(piece.size())) != 1)
            fail(doing, nullptr);
    }
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        fail(doing, nullptr);
    PGresult* end = PQgetResult(m_conn);
    const bool ok = PQresultStatus(end) == PGRES_COMMAND_OK;
    if (!ok) {
        // Drain what follows so the connection can run the ROLLBACK.
        while (PGresult* more = PQgetResult(m_conn))
            PQclear(more);
        fail(doing, end);
    }
    PQclear(end);
    while (PGresult* more = PQgetResult(m_conn))
        PQclear(more);
}

std::string PgConnection::copyOut(std::string_view copySql) {
    const std::string doing(copySql.substr(0, copySql.find('(')));
    PGresult* r = PQexec(m_conn, std::string(copySql).c_str());
    if (PQresultStatus(r) != PGRES_COPY_OUT)
        fail(doing, r);
    PQclear(r);
    std::string rows;
    char* buffer = nullptr;
    int length = 0;
    while ((length = PQgetCopyData(m_conn, &buffer, 0)) > 0) {
        rows.append(buffer, static_cast<std::size_t>(length));
        PQfreemem(buffer);
    }
    PGresult* end = PQgetResult(m_conn);
    if (length == -2 || PQresultStatus(end) != PGRES_COMMAND_OK)
        fail(doing, end);
    PQclear(end);
    while (PGresult* more = PQgetResult(m_conn))
        PQclear(more);
    return rows;
}

std::string redactUrl(const std::string& url) {
    static const std::regex userinfo(R"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)");
    static const std::regex parameter(R"((password\s*=\s*)('[^']*'|[^&\s]*))");
    std::string out = std::regex_replace(url, userinfo, "$1:***@");
    return std::regex_replace(out, parameter, "$1***");
}

bool isCentralUrl(std::string_view db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

void appendCopyField(std::string& out, std::string_view text) {
    for (const char ch : text) {
        switch (ch) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += ch;
        }
    }
}

} // namespace optiqual::db::central
