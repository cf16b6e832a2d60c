#pragma once
#include "sequences/Verdict.h"

#include <optional>
#include <string>

namespace optiqual::ui {

/// @brief A verdict as a small box of its colour (Palette's verdictColor, blue while running) with white text:
/// what a screenshot test finds by colour. @p fillCell: as wide as the table cell it is drawn in, else the text's.
void verdictChip(const std::optional<sequences::Verdict>& verdict, const std::string& text, bool fillCell = true);

} // namespace optiqual::ui
