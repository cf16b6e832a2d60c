#pragma once
#include "station/Durability.h"
#include "station/StationSnapshot.h"
#include "ui/ItemRects.h"
#include "ui/SerialCheck.h"
#include "ui/SerialEntry.h"
#include "ui/StationControl.h"
#include "ui/Theme.h"
#include "ui/TileState.h"

#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief The operator's view: the scan field with Start / Terminate / Abort, and one tile per socket. Enter in the
/// scan field starts the selected socket when it is free, else the next free one; a refused scan says why.
/// Abort asks for confirmation first and says that cleanup still runs.
class OperatorView {
public:
    /// @brief Scans are checked against @p rule (the part's serial rules) before they start a socket.
    /// Ended units show their verdict once @p durability says their results are stored.
    /// @p batch: the batch process model — a scan queues its unit in the next free socket (from socket 1 on) and
    /// Start all (F9) starts the queued units as one batch; scans while a batch runs are refused.
    OperatorView(int sockets, StationControl& control, SerialRule rule = {}, station::DurabilityQuery durability = {},
                 bool batch = false);

    /// @brief Draws the view in @p height pixels. @p dialogOpen: another dialog has the keyboard.
    void draw(const station::StationSnapshot& snapshot, station::WallTime now, const Fonts& fonts, float height,
              bool dialogOpen);

    /// @brief A scan, as Enter in the field does it: decided against @p snapshot, then sent or refused.
    void scan(const std::string& text, const station::StationSnapshot& snapshot);

    /// @brief Start all, as the button and F9 do it (batch model): the queued units start as one batch, or it is
    /// refused with the reason under the scan field.
    void startAll(const station::StationSnapshot& snapshot);
    /// @brief Takes the unit queued in @p socket out before Start all (batch model), as the tile's Remove button and
    /// Delete on the selected tile do: its serial is dropped, the tile is idle again, nothing reaches the engine or the
    /// database. Refused with the reason under the scan field when nothing is queued there.
    void removeQueued(int socket);
    /// @brief The scan field's last message (a refusal's reason, or where the serial went).
    const std::string& message() const { return m_entry.message(); }

    int selectedSocket() const { return m_selected; }
    const ItemRects& rects() const { return m_rects; }
    const std::vector<TileState>& tiles() const { return m_tiles; }
    bool abortConfirmOpen() const { return m_confirmAbort != 0; }
    /// @brief Whether the scan field had the keyboard in the last frame it was drawn.
    bool scanFieldActive() const { return m_scanFieldActive; }

private:
    void drawControls(const station::StationSnapshot& snapshot, const Fonts& fonts, bool dialogOpen);
    void drawAbortConfirm(const station::StationSnapshot& snapshot, const Fonts& fonts);
    /// The Remove button inside a QUEUED tile (drawn by drawSocketTile's @c inside callback).
    void drawRemoveButton(int socket);

    /// Why a scan or Start all must wait: a batch is starting or running ("" when none is).
    std::string batchBusy(const station::StationSnapshot& snapshot) const;

    StationControl& m_control;
    bool m_batch = false;
    ItemRects m_rects;
    SerialRule m_rule;
    station::DurabilityQuery m_durability;
    std::vector<TileState> m_tiles;
    SerialEntry m_entry;
    int m_selected = 1;
    bool m_scanFieldActive = false;
    int m_confirmAbort = 0;  ///< the socket whose abort waits for confirmation (0: none)
    int m_removeRequest = 0; ///< the socket whose Remove was pressed this frame (0: none)
};

} // namespace optiqual::ui
