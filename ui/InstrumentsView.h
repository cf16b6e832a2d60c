#pragma once
#include "station/StationSnapshot.h"

namespace optiqual::ui {

/// @brief The station's instruments as the engine last reported them: name, connected, identity or last error.
void drawInstruments(const station::StationSnapshot& snapshot);

} // namespace optiqual::ui
