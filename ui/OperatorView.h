#pragma once
#include "station/Durability.h"
#include "station/StationSnapshot.h"
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
    OperatorView(int sockets, StationControl& control, SerialRule rule = {}, station::DurabilityQuery durability = {});

    /// @brief Draws the view in @p height pixels. @p dialogOpen: another dialog has the keyboard.
    void draw(const station::StationSnapshot& snapshot, station::WallTime now, const Fonts& fonts, float height,
              bool dialogOpen);

    /// @brief A scan, as Enter in the field does it: decided against @p snapshot, then sent or refused.
    void scan(const std::string& text, const station::StationSnapshot& snapshot);

    int selectedSocket() const { return m_selected; }
    const std::vector<TileState>& tiles() const { return m_tiles; }
    bool abortConfirmOpen() const { return m_confirmAbort != 0; }

private:
    void drawControls(const station::StationSnapshot& snapshot, const Fonts& fonts, bool dialogOpen);
    void drawAbortConfirm(const station::StationSnapshot& snapshot, const Fonts& fonts);

    StationControl& m_control;
    SerialRule m_rule;
    station::DurabilityQuery m_durability;
    std::vector<TileState> m_tiles;
    SerialEntry m_entry;
    int m_selected = 1;
    int m_confirmAbort = 0; ///< the socket whose abort waits for confirmation (0: none)
};

} // namespace optiqual::ui
