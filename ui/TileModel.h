#pragma once
#include "sequences/Verdict.h"
#include "station/Durability.h"
#include "station/StationSnapshot.h"
#include "ui/Palette.h"
#include "ui/TileState.h"

#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief Everything one socket tile draws, as text and numbers: built from the snapshot without a window, so
/// what an operator reads is tested without rendering.
struct TileModel {
    int socket = 0;
    TilePhase phase = TilePhase::Idle;
    std::string serial;
    std::string partNumber;
    std::string state; ///< the big word: PASS, FAIL, ERROR, ABORTED, TERMINATED, DONE, TESTING, STARTING, QUEUED, READY
    Rgb color;         ///< the big word's fill
    std::string where; ///< "Temperature corners › 70 °C › 52 V › Input power" (running), the first failure (ended)
    std::string detail;    ///< a wait's reading, a plain wait's time, or a prompt
    float progress = -1;   ///< 0…1 of the planned steps; -1: unknown
    std::string steps;     ///< "12/40"
    std::string elapsed;   ///< "1:23"
    std::string remaining; ///< "ETA 2:10", "ETA unknown"; empty once ended
    bool prompt = false;   ///< an operator prompt is open on this socket
    std::string banner;    ///< "ENGINEERING OVERRIDES: …" while overrides are set at the panel ("" none)
};

/// @brief The tile of socket @p socket at @p now. With @p durability, an ended unit's verdict shows only once its
/// results are stored (SAVING until then; NOT SAVED when the database lost them), as on the terminal.
TileModel buildTile(int socket, const station::StationSnapshot& snapshot, const TileState& tile, station::WallTime now,
                    const station::DurabilityQuery& durability = {});

/// @brief One tile per socket (1…@p tiles.size()).
std::vector<TileModel> buildTiles(const station::StationSnapshot& snapshot, const std::vector<TileState>& tiles,
                                  station::WallTime now, const station::DurabilityQuery& durability = {});

} // namespace optiqual::ui
