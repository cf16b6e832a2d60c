#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace optiqual::test {

/// @brief A throw-away PostgreSQL 15 cluster for tests: initdb in a temporary directory, the server on a free
/// loopback port (trust authentication, fsync off), stopped and removed at scope end. When the tests run as root
/// (CI), the server runs as the unprivileged `postgres` user, as PostgreSQL requires.
class PgCluster {
public:
    /// @brief What the server offers besides plain TCP.
    struct Options {
        /// TLS (ssl=on) with a self-signed certificate for CN 127.0.0.1 made at start with `openssl req`
        /// (serverCertificate()); a second, unrelated one is made beside it (otherCertificate()).
        bool tls = false;
    };
    PgCluster() : PgCluster(Options{}) {}
    explicit PgCluster(Options options);
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    /// @brief A URL for database @p database (created by createDatabase, or "postgres").
    std::string url(const std::string& database = "postgres") const;
    /// @brief Creates an empty database and returns its URL.
    std::string createDatabase(const std::string& name);
    /// @brief Stops the server at once, as a crash or a pulled cable would (pg_ctl stop -m immediate).
    void kill();
    /// @brief Starts it again on the same port.
    void start();
    int port() const { return m_port; }
    /// @brief The server's certificate (with Options::tls): a root that verifies it.
    std::filesystem::path serverCertificate() const { return m_dir / "server.crt"; }
    /// @brief A self-signed certificate that did not sign the server's: a wrong root.
    std::filesystem::path otherCertificate() const { return m_dir / "other.crt"; }

private:
    int pgctl(const std::vector<std::string>& args) const;

    void makeCertificates() const;

    Options m_options;
    std::filesystem::path m_dir;
    int m_port = 0;
    bool m_running = false;
};

/// @brief Runs @p argv (as user @p user when given and the process is root); its output appended to @p log.
/// Returns the exit status, -signal when killed.
int runProgram(std::vector<std::string> argv, const std::filesystem::path& log, const std::string& user = "");

} // namespace optiqual::test
