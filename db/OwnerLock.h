#pragma once
#include <filesystem>
#include <string>

namespace optiqual::db {

/// @brief Proof that a result writer is alive, visible to every process on the same database: a lock file
/// `<database>-owners/<token>` held with flock() for the writer's life. Each run records its owner's token; crash
/// recovery marks a run aborted only when its owner's lock can be taken, i.e. the owner is gone.
///
/// The kernel drops an flock() lock when its file is closed, including when the process exits, crashes or is
/// killed with SIGKILL, so a dead owner can never look alive and a token is never reused. The lock belongs to
/// the open file, not the process: a second writer in the same process is told apart from the first.
class OwnerLock {
public:
    /// @brief Creates and locks a fresh token for @p database. Throws DbError (ReadOnly, Io) when the lock
    /// directory cannot be written. An in-memory database gets an unlocked token (no other process can see it).
    static OwnerLock acquire(const std::filesystem::path& database);
    /// @brief Whether the writer that took @p token on @p database still holds its lock (in any process). An
    /// empty token (runs written before owners were recorded) has no live owner.
    static bool alive(const std::filesystem::path& database, const std::string& token);
    /// @brief Removes the lock files of owners that are gone (left by crashes). @return how many.
    static int sweep(const std::filesystem::path& database);

    OwnerLock() = default;
    ~OwnerLock();
    OwnerLock(OwnerLock&& other) noexcept;
    OwnerLock& operator=(OwnerLock&& other) noexcept;
    OwnerLock(const OwnerLock&) = delete;
    OwnerLock& operator=(const OwnerLock&) = delete;

    /// @brief "host-pid-random": unique across hosts and restarts, and says where the owner ran.
    const std::string& token() const { return m_token; }

private:
    void release() noexcept;

    int m_fd = -1;
    std::filesystem::path m_file;
    std::string m_token;
};

} // namespace optiqual::db
