#pragma once
#include "station/StationSnapshot.h"

namespace optiqual::ui {

/// @brief The station's log lines (the snapshot keeps the most recent ones), filterable by level, newest at the
/// bottom and followed while the view is scrolled to the end.
class LogView {
public:
    void draw(const station::StationSnapshot& snapshot);

private:
    int m_minLevel = 2; ///< spdlog level: info and above
};

} // namespace optiqual::ui
