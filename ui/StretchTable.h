#pragma once
#include <imgui.h>
#include <initializer_list>

namespace optiqual::ui {

/// @brief A column of a stretch table: its header and its share of the width.
struct TableColumn {
    const char* name;
    float weight;
};

/// @brief Begins the panel's list table: scrolling, resizable, rows banded, the header row frozen, every column
/// stretched to its weight. False when the table is not visible (then there is nothing to end); otherwise the caller
/// fills the rows and calls ImGui::EndTable().
bool beginStretchTable(const char* id, std::initializer_list<TableColumn> columns, ImVec2 size);

} // namespace optiqual::ui
