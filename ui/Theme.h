#pragma once
#include "ui/Palette.h"

#include <imgui.h>

namespace optiqual::ui {

/// @brief The panel's fonts: DejaVu Sans for text, bold for headings and the verdicts read from across the room.
struct Fonts {
    ImFont* body = nullptr;    ///< tables, logs, labels
    ImFont* large = nullptr;   ///< serials, the scan field, buttons
    ImFont* verdict = nullptr; ///< PASS / FAIL
};

/// @brief Loads the fonts into the current ImGui context's atlas (Debian fonts-dejavu-core; ImGui's own font,
/// scaled, when the files are missing) and applies the panel's style: large, touch-sized controls.
Fonts loadTheme();

inline ImU32 toImU32(Rgb c, unsigned char alpha = 0xff) {
    return IM_COL32(c.r, c.g, c.b, alpha);
}
inline ImVec4 toImVec4(Rgb c) {
    return ImVec4(float(c.r) / 255.f, float(c.g) / 255.f, float(c.b) / 255.f, 1.f);
}

} // namespace optiqual::ui
