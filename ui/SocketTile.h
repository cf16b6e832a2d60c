#pragma once
#include "ui/Theme.h"
#include "ui/TileModel.h"

#include <functional>

namespace optiqual::ui {

/// @brief Draws one socket's tile in a @p size area: socket and serial, the big coloured state, where the unit
/// is, progress, elapsed and ETA. Returns true when the operator clicked it (to select the socket). @p inside, when
/// set, draws more controls at the bottom of the tile (a QUEUED tile's Remove button).
bool drawSocketTile(const TileModel& tile, bool selected, const Fonts& fonts, ImVec2 size,
                    const std::function<void()>& inside = {});

} // namespace optiqual::ui
