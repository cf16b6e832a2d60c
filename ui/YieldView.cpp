#include "ui/YieldView.h"

#include "db/Statistics.h"
#include "db/TimeText.h"
#include "ui/HistoryView.h"
#include "ui/Palette.h"
#include "ui/QueryStatus.h"
#include "ui/StretchTable.h"

#include <algorithm>
#include <fmt/format.h>

namespace optiqual::ui {

namespace {

std::string percent(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f} %", *v * 100) : std::string("—");
}

} // namespace

void YieldView::draw(DatabaseWorker& worker, const Fonts& fonts, std::int64_t refresh) {
    if (const auto history = worker.history().latest(); history && history->value)
        m_partNumbers = history->value->partNumbers;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("##yield part", m_partNumber.empty() ? "every part number" : m_partNumber.c_str())) {
        if (ImGui::Selectable("every part number", m_partNumber.empty()))
            m_partNumber.clear();
        for (const auto& pn : m_partNumbers)
            if (ImGui::Selectable(pn.c_str(), pn == m_partNumber))
                m_partNumber = pn;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##yield range", kHistoryRanges.at(std::size_t(m_range)).name)) {
        for (std::size_t i = 0; i < kHistoryRanges.size(); ++i)
            if (ImGui::Selectable(kHistoryRanges[i].name, int(i) == m_range))
                m_range = int(i);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("per day", !m_byLot))
        m_byLot = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("per lot", m_byLot))
        m_byLot = true;

    // The time range is an age: resolved when asked, so the request does not change with every frame's clock.
    YieldFilter wanted;
    wanted.partNumber = m_partNumber;
    wanted.byLot = m_byLot;
    if (!m_asked || wanted.partNumber != m_askedFilter.partNumber || wanted.byLot != m_askedFilter.byLot ||
        m_range != m_askedRange || refresh != m_askedRefresh) {
        const auto hours = kHistoryRanges.at(std::size_t(m_range)).hours;
        if (hours > 0)
            wanted.since = db::nowMicros() - hours * 3'600'000'000LL;
        worker.requestYield(wanted);
        m_asked = true;
        m_askedFilter = wanted;
        m_askedRange = m_range;
        m_askedRefresh = refresh;
    }
    const auto answer = worker.yield().latest();
    drawQueryStatus("Yield", worker.yield(), answer.get());
    if (!answer || !answer->value)
        return;
    const YieldDashboard& d = *answer->value;
    if (m_pointsOf != answer) {
        m_pointsOf = answer;
        m_points = trendPoints(d.trend);
    }
    const auto& t = d.trend.total;
    ImGui::PushFont(fonts.large);
    ImGui::Text("FPY %s", percent(t.firstPassYield).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::Text("final %s · retest %s · step yield %s · RTY %s · %lld units, %lld runs (%lld aborted)",
                percent(t.finalYield).c_str(), percent(t.retestRate).c_str(), percent(t.stepYield).c_str(),
                percent(t.rolledThroughputYield).c_str(), static_cast<long long>(t.units),
                static_cast<long long>(t.runs), static_cast<long long>(t.abortedRuns));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    drawTrendChart(m_points, t.firstPassYield, m_byLot ? "lot" : "day (local)",
                   ImVec2(avail.x, std::max(160.f, avail.y * 0.45f)));
    const ImVec2 rest = ImGui::GetContentRegionAvail();
    const float half = (rest.x - ImGui::GetStyle().ItemSpacing.x) / 2;
    drawParetoChart(d.pareto, 10, ImVec2(half, rest.y));
    ImGui::SameLine();
    drawCapability(d, ImVec2(half, rest.y));
}

void YieldView::drawCapability(const YieldDashboard& d, ImVec2 size) {
    if (!beginStretchTable("capability",
                           {{"Measurement (lowest Cpk first)", 3.2f},
                            {"n", 0.8f},
                            {"Mean", 1.9f},
                            {"Cpk", 0.8f},
                            {"Ppk", 0.8f},
                            {"Outside", 0.8f}},
                           size))
        return;
    ImGuiListClipper clipper;
    clipper.Begin(int(d.capability.size()));
    auto figure = [](const std::optional<double>& v) { return v ? fmt::format("{:.2f}", *v) : std::string("—"); };
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& row = d.capability[std::size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.series.label().c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", row.capability.n);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(
                fmt::format("{:.4g}{}{}", row.capability.mean, row.series.unit.empty() ? "" : " ", row.series.unit)
                    .c_str());
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text,
                                  toImVec4(row.belowTarget ? verdictTextColor(sequences::Verdict::Fail)
                                                           : verdictTextColor(sequences::Verdict::Pass)));
            ImGui::TextUnformatted(figure(row.capability.cpk).c_str());
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(figure(row.capability.ppk).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", row.capability.outside);
        }
    }
    ImGui::EndTable();
}

} // namespace optiqual::ui
