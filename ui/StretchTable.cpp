#include "ui/StretchTable.h"

namespace optiqual::ui {

bool beginStretchTable(const char* id, std::initializer_list<TableColumn> columns, ImVec2 size) {
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags, size))
        return false;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const auto& column : columns)
        ImGui::TableSetupColumn(column.name, ImGuiTableColumnFlags_WidthStretch, column.weight);
    ImGui::TableHeadersRow();
    return true;
}

} // namespace optiqual::ui
