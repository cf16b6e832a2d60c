#include "db/OwnerLock.h"

#include "db/DbError.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace optiqual::db {

namespace {

bool inMemory(const std::filesystem::path& database) {
    return database.string() == ":memory:";
}

std::filesystem::path directoryOf(const std::filesystem::path& database) {
    return database.string() + "-owners";
}

/// Tokens come back from the database file, which anyone may have edited: only plain names are looked up, so a
/// token can never reach a file outside the lock directory.
bool plainToken(const std::string& token) {
    if (token.empty() || token.size() > 128 || token.front() == '.')
        return false;
    for (const char c : token)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            return false;
    return true;
}

std::string hostName() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
        return "host";
    std::string out(host);
    for (char& c : out)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'))
            c = '_';
    return out;
}

std::uint64_t randomBits() {
    std::uint64_t bits = 0;
    auto* p = reinterpret_cast<unsigned char*>(&bits);
    std::size_t got = 0;
    while (got < sizeof bits) {
        const auto n = getrandom(p + got, sizeof bits - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw DbError(DbErrorKind::Io, 0, std::string("getrandom: ") + std::strerror(errno));
        }
        got += static_cast<std::size_t>(n);
    }
    return bits;
}

/// Opens an existing lock file; -1 when it is gone.
int openLock(const std::filesystem::path& file, int flags) {
    int fd = -1;
    do
        fd = ::open(file.c_str(), flags | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    return fd;
}

} // namespace

OwnerLock OwnerLock::acquire(const std::filesystem::path& database) {
    OwnerLock lock;
    lock.m_token = fmt::format("{}-{}-{:016x}", hostName(), ::getpid(), randomBits());
    if (inMemory(database))
        return lock;
    const auto dir = directoryOf(database);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw DbError(ec == std::errc::permission_denied || ec == std::errc::read_only_file_system
                          ? DbErrorKind::ReadOnly
                          : DbErrorKind::Io,
                      0, dir.string() + ": cannot create the writers' lock directory: " + ec.message());
    // Locked under a hidden name, then renamed into place: another process only ever sees the file locked.
    const auto hidden = dir / ("." + lock.m_token);
    const int fd = ::open(hidden.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw DbError(errno == EACCES || errno == EROFS ? DbErrorKind::ReadOnly : DbErrorKind::Io, 0,
                      hidden.string() + ": cannot create the writer's lock file: " + std::strerror(errno));
    lock.m_fd = fd;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::unlink(hidden.c_str());
        throw DbError(DbErrorKind::Io, 0, hidden.string() + ": cannot lock: " + std::strerror(err));
    }
    const std::string who = fmt::format("pid {} on {}\n", ::getpid(), hostName());
    if (::write(fd, who.data(), who.size()) < 0) {
        // Only a note for people looking at the directory; the lock is what counts.
    }
    lock.m_file = dir / lock.m_token;
    if (::rename(hidden.c_str(), lock.m_file.c_str()) != 0) {
        const int err = errno;
        ::unlink(hidden.c_str());
        throw DbError(DbErrorKind::Io, 0, lock.m_file.string() + ": cannot place the lock file: " + std::strerror(err));
    }
    return lock;
}

bool OwnerLock::alive(const std::filesystem::path& database, const std::string& token) {
    if (inMemory(database) || !plainToken(token))
        return false;
    const int fd = openLock(directoryOf(database) / token, O_RDONLY);
    if (fd < 0)
        return errno != ENOENT; // gone; any other error cannot prove the owner dead, so its runs are left alone
    // A shared probe: two processes recovering at once both see the owner gone instead of each other's probe.
    bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    if (held) {
        // A sweep() takes the lock of a gone owner only to unlink its file: a lock on an unlinked file is no owner.
        struct stat opened {};
        struct stat named {};
        held = ::fstat(fd, &opened) == 0 && ::stat((directoryOf(database) / token).c_str(), &named) == 0 &&
               opened.st_ino == named.st_ino && opened.st_dev == named.st_dev;
    }
    ::close(fd);
    return held;
}

int OwnerLock::sweep(const std::filesystem::path& database) {
    if (inMemory(database))
        return 0;
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directoryOf(database), ec)) {
        const auto name = entry.path().filename().string();
        if (!plainToken(name))
            continue;
        const int fd = openLock(entry.path(), O_RDONLY);
        if (fd < 0)
            continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::unlink(entry.path().c_str()) == 0)
            ++removed;
        ::close(fd);
    }
    return removed;
}

OwnerLock::~OwnerLock() {
    release();
}

OwnerLock::OwnerLock(OwnerLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_file(std::move(other.m_file)), m_token(std::move(other.m_token)) {}

OwnerLock& OwnerLock::operator=(OwnerLock&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_file = std::move(other.m_file);
        m_token = std::move(other.m_token);
    }
    return *this;
}

void OwnerLock::release() noexcept {
    if (m_fd < 0)
        return;
    // Unlinked while still locked, so no other process can take the name for a live owner in between.
    if (!m_file.empty())
        ::unlink(m_file.c_str());
    ::close(m_fd);
    m_fd = -1;
}

} // namespace optiqual::db
