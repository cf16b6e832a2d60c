#pragma once
#include <cstdint>
#include <string>

namespace optiqual::ui {

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
};

} // namespace optiqual::ui
