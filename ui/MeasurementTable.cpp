#include "ui/MeasurementTable.h"

#include "station/StepPosition.h"
#include "ui/Palette.h"
#include "ui/StretchTable.h"
#include "ui/Theme.h"

#include <algorithm>
#include <fmt/format.h>

namespace optiqual::ui {

using sequences::Comparator;
using sequences::Measurement;

std::optional<double> limitMargin(const Measurement& m) {
    if (m.text || m.limit.comparator == Comparator::LOG)
        return std::nullopt;
    std::optional<double> margin;
    auto nearer = [&](double d) { margin = margin ? std::min(*margin, d) : d; };
    if (m.limit.low && sequences::needsLow(m.limit.comparator))
        nearer(m.value - *m.limit.low);
    if (m.limit.high && sequences::needsHigh(m.limit.comparator))
        nearer(*m.limit.high - m.value);
    return margin;
}

void drawMeasurementTable(const station::SocketView* socket) {
    if (!socket || socket->runId == 0) {
        ImGui::TextDisabled("No unit on this socket yet.");
        return;
    }
    const auto& rows = *socket->measurements;
    ImGui::Text("Socket %d  %s  %zu measurements", socket->socket, socket->serial.c_str(), rows.size());
    if (!beginStretchTable("measurements",
                           {{"Step", 3.f},
                            {"Measurement", 2.f},
                            {"Lane", 0.5f},
                            {"Value", 1.2f},
                            {"Limits", 2.f},
                            {"Margin", 1.f},
                            {"Outcome", 1.f}},
                           ImGui::GetContentRegionAvail()))
        return;
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& row = rows[std::size_t(i)];
            const Measurement& m = row.measurement;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.path.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.name.c_str());
            ImGui::TableNextColumn();
            if (m.lane)
                ImGui::Text("%d", *m.lane);
            ImGui::TableNextColumn();
            const std::string value = m.text ? *m.text : station::withUnit(m.value, m.limit.unit, 4);
            ImGui::TextUnformatted(value.c_str());
            ImGui::TableNextColumn();
            const std::string limits = m.limit.comparator == Comparator::LOG ? "log only" : m.limit.describe();
            ImGui::TextUnformatted(limits.c_str());
            ImGui::TableNextColumn();
            if (const auto margin = limitMargin(m))
                ImGui::Text("%+.4g", *margin);
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text,
                                  toImVec4(m.outcome == sequences::Verdict::Pass   ? Rgb{0x4c, 0xd9, 0x64}
                                           : m.outcome == sequences::Verdict::Fail ? Rgb{0xff, 0x5c, 0x5c}
                                                                                   : Rgb{0xc8, 0xc8, 0xc8}));
            ImGui::TextUnformatted(std::string(sequences::toString(m.outcome)).c_str());
            ImGui::PopStyleColor();
        }
    }
    // Follow the newest row while the view is at the bottom, as a log does.
    if (socket->active && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1)
        ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
}

} // namespace optiqual::ui
