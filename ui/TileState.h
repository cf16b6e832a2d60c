#pragma once
#include "station/StationSnapshot.h"

#include <cstdint>
#include <optional>
#include <string>

namespace optiqual::ui {

/// @brief What a socket tile shows.
enum class TilePhase {
    Idle,     ///< no unit yet
    Starting, ///< a serial was scanned into it; its run has not shown up in the snapshot yet
    Running,  ///< a unit is under test
    Finished, ///< the last unit's verdict, kept until the next serial is scanned into this socket
};

/// @brief The panel's own state of one socket on top of the station snapshot: a scan clears the last verdict at
/// once (the operator sees the socket took the serial), before the engine's RunStarted reaches the snapshot;
/// the verdict of a finished unit otherwise stays. Pure: a function of scans and snapshots, tested without a
/// window.
class TileState {
public:
    /// @brief @p serial was scanned into this socket while the snapshot showed run @p shownRunId there. @p queued: it
    /// waits for the batch's Start all (the batch process model).
    void scanned(std::string serial, std::uint64_t shownRunId, bool queued = false);
    /// @brief Start all was pressed: a queued serial is starting now.
    void release();
    /// @brief The operator took a queued unit out of its socket before Start all: its serial is dropped and the tile
    /// is idle again (the verdict the scan cleared stays cleared). Returns the serial removed ("" when nothing was
    /// queued here: a starting or running unit is not removed this way).
    std::string removeQueued();
    /// @brief Folds in the socket's view of a newer snapshot (null: the socket has not run anything yet).
    void observe(const station::SocketView* view);

    TilePhase phase(const station::SocketView* view) const;
    /// @brief The serial scanned and not started yet ("" when none).
    const std::string& pendingSerial() const;
    bool pending() const { return m_pending.has_value(); }
    /// @brief A serial waits in this socket for Start all.
    bool queued() const { return m_pending && m_pending->queued; }

private:
    struct Pending {
        std::string serial;
        std::uint64_t shownRunId = 0;
        bool queued = false;
    };
    std::optional<Pending> m_pending;
    std::uint64_t m_cleared = 0; ///< a finished run whose verdict a removed scan cleared (0: none)
};

} // namespace optiqual::ui
