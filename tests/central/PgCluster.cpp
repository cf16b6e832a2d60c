#include "tests/central/PgCluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace optiqual::test {

namespace {

/// A port nobody listens on now: bind port 0 on loopback, read what the kernel chose, release it.
int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("no free loopback port");
    }
    const int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

std::string fileText(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

/// A program of the PostgreSQL 15 installation (Debian keeps them out of PATH).
std::string pgProgram(const char* name) {
    return (std::filesystem::path(OPTIQUAL_PG_BINDIR) / name).string();
}

} // namespace

int runProgram(std::vector<std::string> argv, const std::filesystem::path& log, const std::string& user) {
    if (!user.empty() && ::geteuid() == 0)
        argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", user, "--"});
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (auto& a : argv)
        args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return -1000;
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

PgCluster::PgCluster(Options options) : m_options(options) {
    std::string pattern = (std::filesystem::temp_directory_path() / "optiqual-pg-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    m_dir = pattern;
    if (::geteuid() == 0) {
        const passwd* pg = ::getpwnam("postgres");
        if (!pg || ::chown(m_dir.c_str(), pg->pw_uid, pg->pw_gid) != 0)
            throw std::runtime_error("running as root needs the 'postgres' user (Debian postgresql-15) to own " +
                                     m_dir.string());
    }
    const auto log = m_dir / "initdb.log";
    if (runProgram({pgProgram("initdb"), "-D", (m_dir / "data").string(), "-A", "trust", "-U", "optiqual", "-E", "UTF8",
                    "--no-sync", "--no-instructions"},
                   log, "postgres") != 0)
        throw std::runtime_error("initdb failed: " + fileText(log));
    if (m_options.tls)
        makeCertificates();
    start();
}

void PgCluster::makeCertificates() const {
    // Made by the server's user: the server refuses a key that others can read, or that it does not own.
    const auto log = m_dir / "openssl.log";
    for (const char* name : {"server", "other"}) {
        const std::string base = (m_dir / name).string();
        if (runProgram({"/usr/bin/openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-newkey", "rsa:2048",
                        "-subj", std::string("/CN=127.0.0.1/O=optiqual test ") + name, "-keyout", base + ".key", "-out",
                        base + ".crt"},
                       log, "postgres") != 0)
            throw std::runtime_error("openssl req failed: " + fileText(log));
    }
}

PgCluster::~PgCluster() {
    if (m_running)
        pgctl({"stop", "-m", "immediate"});
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

int PgCluster::pgctl(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{pgProgram("pg_ctl"), "-D", (m_dir / "data").string(), "-w"};
    argv.insert(argv.end(), args.begin(), args.end());
    return runProgram(argv, m_dir / "pg_ctl.log", "postgres");
}

void PgCluster::start() {
    // A port picked now may be taken before the server binds it: a few tries, each on a new port.
    for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
        if (m_port == 0 || attempt > 0)
            m_port = freeLoopbackPort();
        // fsync off: a test cluster need not survive a power cut. synchronous_commit stays on: a COMMIT the server
        // acknowledges must survive the server being killed, which the delivery tests rely on (with it off, a
        // killed server lost acknowledged runs).
        const std::string options = "-p " + std::to_string(m_port) + " -k " + m_dir.string() +
                                    " -c listen_addresses=127.0.0.1 -c fsync=off "
                                    "-c full_page_writes=off -c max_connections=40" +
                                    (m_options.tls ? " -c ssl=on -c ssl_cert_file=" + serverCertificate().string() +
                                                         " -c ssl_key_file=" + (m_dir / "server.key").string()
                                                   : std::string());
        m_running = pgctl({"-l", (m_dir / "server.log").string(), "-o", options, "start"}) == 0;
    }
    if (!m_running)
        throw std::runtime_error("PostgreSQL did not start: " + fileText(m_dir / "server.log"));
}

void PgCluster::kill() {
    if (m_running && pgctl({"stop", "-m", "immediate"}) == 0)
        m_running = false;
}

std::string PgCluster::url(const std::string& database) const {
    return "postgresql://optiqual@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

std::string PgCluster::createDatabase(const std::string& name) {
    const auto log = m_dir / "createdb.log";
    if (runProgram({pgProgram("createdb"), "-h", "127.0.0.1", "-p", std::to_string(m_port), "-U", "optiqual", name},
                   log) != 0)
        throw std::runtime_error("createdb " + name + " failed: " + fileText(log));
    return url(name);
}

} // namespace optiqual::test
