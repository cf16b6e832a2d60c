#pragma once
#include "db/Records.h"
#include "db/StationUsers.h"
#include "station/ManualCommand.h"
#include "station/RunOverrides.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief The outcome of a manual instrument command, published by the I/O thread for the panel to show.
struct ManualResult {
    std::uint64_t seq = 0; ///< 1, 2, … per command sent
    station::ManualCommand command;
    bool ok = false;
    std::string text; ///< what the instrument reads or was set to, or why it failed (or was refused)
};

/// @brief The commands the panel sends to the station. Every call returns at once: an implementation hands the
/// command to the engine's own thread and never waits for it (the panel sees the outcome in a later snapshot).
class StationControl {
public:
    virtual ~StationControl() = default;
    /// @brief Queues the unit @p serial on socket @p socket: it starts when the socket is free.
    virtual void start(int socket, std::string serial) = 0;
    /// @brief Lets socket @p socket's current step finish, then runs cleanup.
    virtual void terminate(int socket) = 0;
    /// @brief Cancels socket @p socket's current step at once; cleanup and safe state still run.
    virtual void abort(int socket) = 0;
    /// @brief Answers prompt @p promptId (already validated against its spec by the panel).
    virtual void answer(std::uint64_t promptId, std::string text) = 0;
    /// @brief Executes @p command for @p user (whose role is @p role) off the UI thread and audits it with
    /// @p reason; the outcome shows in lastManual().
    virtual void manual(station::ManualCommand command, std::string user, db::Role role, std::string reason) = 0;
    /// @brief The newest manual command's outcome (null before the first): one atomic load, never a wait.
    virtual std::shared_ptr<const ManualResult> lastManual() const { return nullptr; }
    /// @brief Starts one batch (the batch process model): socket i+1 tests @p serials[i]; the batch starts and ends
    /// together.
    virtual void startBatch(std::vector<std::string> serials) = 0;
    /// @brief The engineering overrides units started from now on run under (null or empty: none), and the audit
    /// row of the change (its station is filled in). A unit already running keeps its own.
    virtual void setOverrides(std::shared_ptr<const station::RunOverrides> overrides, db::AuditEvent audit) = 0;
    /// @brief The overrides units started now would run under (null: none). For the UI thread, which sets them.
    virtual std::shared_ptr<const station::RunOverrides> overrides() const = 0;
};

} // namespace optiqual::ui
