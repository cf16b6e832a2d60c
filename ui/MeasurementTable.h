#pragma once
#include "station/StationSnapshot.h"

namespace optiqual::ui {

/// @brief The measurements of one socket's current (or last) unit: step, name, lane, value, limits, margin to
/// the nearer limit, outcome in colour. Rows are clipped to what is visible, so a run with thousands of
/// measurements costs a screenful per frame.
void drawMeasurementTable(const station::SocketView* socket);

/// @brief The distance from @p m's value to its nearer limit in its unit, positive inside the limits (std::nullopt:
/// no numeric limit). Pure, for tests.
std::optional<double> limitMargin(const sequences::Measurement& m);

} // namespace optiqual::ui
