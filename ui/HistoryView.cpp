#include "ui/HistoryView.h"

#include "db/TimeText.h"
#include "sequences/Limit.h"
#include "station/StepPosition.h"
#include "ui/Palette.h"
#include "ui/QueryStatus.h"
#include "ui/StretchTable.h"
#include "ui/VerdictChip.h"

#include <algorithm>
#include <fmt/format.h>

namespace optiqual::ui {

using sequences::Verdict;

namespace {

struct VerdictChoice {
    const char* name;
    std::optional<Verdict> verdict;
};
constexpr std::array<VerdictChoice, 7> kVerdicts{{{"any verdict", std::nullopt},
                                                  {"PASS", Verdict::Pass},
                                                  {"FAIL", Verdict::Fail},
                                                  {"ERROR", Verdict::Error},
                                                  {"ABORTED", Verdict::Aborted},
                                                  {"TERMINATED", Verdict::Terminated},
                                                  {"running / open", Verdict::NotRun}}};

std::string duration(std::int64_t startedAt, std::optional<std::int64_t> endedAt) {
    if (!endedAt)
        return "—";
    const double s = double(*endedAt - startedAt) / 1e6;
    if (s < 120)
        return fmt::format("{:.1f} s", s);
    if (s < 7200)
        return fmt::format("{:.1f} min", s / 60);
    return fmt::format("{:.1f} h", s / 3600);
}

std::string outcomeName(const std::optional<Verdict>& v) {
    return v ? std::string(sequences::toString(*v)) : std::string("RUNNING");
}

} // namespace

db::HistoryFilter historyFilter(const HistoryInputs& in, std::int64_t nowMicros) {
    db::HistoryFilter f;
    f.serial = in.serial;
    f.partNumber = in.partNumber;
    f.verdict = in.verdict;
    const auto& range = kHistoryRanges.at(std::size_t(std::clamp(in.range, 0, int(kHistoryRanges.size()) - 1)));
    if (range.hours > 0)
        f.since = nowMicros - range.hours * 3'600'000'000LL;
    return f;
}

std::vector<DetailLine> detailLines(const db::RunDetail& detail) {
    std::vector<DetailLine> lines;
    for (const auto& step : detail.steps) {
        lines.push_back({&step, nullptr});
        for (const auto& m : step.measurements)
            lines.push_back({&step, &m});
    }
    return lines;
}

std::string limitText(const db::MeasurementDetail& m) {
    const auto comparator = sequences::parseComparator(m.comparator);
    if (!comparator)
        return m.comparator;
    if (*comparator == sequences::Comparator::LOG)
        return "log only";
    sequences::Limit limit;
    limit.comparator = *comparator;
    limit.low = m.low;
    limit.high = m.high;
    limit.nominal = m.nominal;
    limit.unit = m.unit;
    return limit.describe();
}

void HistoryView::draw(DatabaseWorker& worker, const Fonts& fonts, std::int64_t refresh) {
    const auto answer = worker.history().latest();
    const db::HistoryList* list = answer && answer->value ? answer->value.get() : nullptr;
    drawFilters(list);
    // A changed filter (a keystroke in the serial field included) supersedes the query still running.
    if (!m_asked || !(m_inputs == m_askedInputs) || refresh != m_askedRefresh) {
        worker.requestHistory(historyFilter(m_inputs, db::nowMicros()));
        m_asked = true;
        m_askedInputs = m_inputs;
        m_askedRefresh = refresh;
    }
    drawQueryStatus("History", worker.history(), answer.get());
    if (!list) {
        if (!answer)
            ImGui::TextDisabled("Reading %s …", worker.database().c_str());
        return;
    }
    if (!m_clicked)
        m_selected = list->rows.empty() ? 0 : list->rows.front().id; // the newest run, until one is clicked
    // A new list (another filter, or runs stored since) may mean the selected run changed too: read it again.
    if (answer != m_listShown) {
        m_listShown = answer;
        m_detailAsked = 0;
    }
    drawList(worker, *list, std::max(120.f, ImGui::GetContentRegionAvail().y * 0.45f));
    drawDetail(worker, fonts);
}

void HistoryView::drawFilters(const db::HistoryList* list) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::InputTextWithHint("##serial", "serial contains…", m_serial.data(), m_serial.size()))
        m_inputs.serial = m_serial.data();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("##part", m_inputs.partNumber.empty() ? "every part number" : m_inputs.partNumber.c_str())) {
        if (ImGui::Selectable("every part number", m_inputs.partNumber.empty()))
            m_inputs.partNumber.clear();
        if (list)
            for (const auto& pn : list->partNumbers)
                if (ImGui::Selectable(pn.c_str(), pn == m_inputs.partNumber))
                    m_inputs.partNumber = pn;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    const auto verdict = std::find_if(kVerdicts.begin(), kVerdicts.end(),
                                      [&](const VerdictChoice& c) { return c.verdict == m_inputs.verdict; });
    if (ImGui::BeginCombo("##verdict", verdict == kVerdicts.end() ? "" : verdict->name)) {
        for (const auto& c : kVerdicts)
            if (ImGui::Selectable(c.name, c.verdict == m_inputs.verdict))
                m_inputs.verdict = c.verdict;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##range", kHistoryRanges.at(std::size_t(m_inputs.range)).name)) {
        for (std::size_t i = 0; i < kHistoryRanges.size(); ++i)
            if (ImGui::Selectable(kHistoryRanges[i].name, int(i) == m_inputs.range))
                m_inputs.range = int(i);
        ImGui::EndCombo();
    }
    if (list) {
        ImGui::SameLine();
        if (std::int64_t(list->rows.size()) < list->total)
            ImGui::Text("%lld runs, the newest %zu listed", static_cast<long long>(list->total), list->rows.size());
        else
            ImGui::Text("%lld run%s", static_cast<long long>(list->total), list->total == 1 ? "" : "s");
    }
}

void HistoryView::drawList(DatabaseWorker& worker, const db::HistoryList& list, float height) {
    if (!beginStretchTable("history",
                           {{"Started", 1.6f},
                            {"Serial", 1.6f},
                            {"Part", 1.3f},
                            {"Verdict", 1.f},
                            {"Duration", 0.8f},
                            {"First failure", 3.5f}},
                           ImVec2(0, height)))
        return;
    ImGuiListClipper clipper;
    clipper.Begin(int(list.rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const db::HistoryRow& row = list.rows[std::size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            const std::string started = db::formatLocal(row.startedAt);
            if (ImGui::Selectable(started.c_str(), row.id == m_selected, ImGuiSelectableFlags_SpanAllColumns)) {
                m_selected = row.id;
                m_clicked = true;
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.serial.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.partNumber.c_str());
            ImGui::TableNextColumn();
            verdictChip(row.outcome, outcomeName(row.outcome));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(duration(row.startedAt, row.endedAt).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.firstFailure.c_str());
        }
    }
    ImGui::EndTable();
    if (m_selected != 0 && m_selected != m_detailAsked) {
        worker.requestRun(m_selected);
        m_detailAsked = m_selected;
    }
}

void HistoryView::drawDetail(DatabaseWorker& worker, const Fonts& fonts) {
    const auto answer = worker.run().latest();
    if (worker.run().inFlight())
        ImGui::TextDisabled("reading run %lld…", static_cast<long long>(m_detailAsked));
    if (!answer)
        return;
    if (!answer->value) {
        ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(verdictTextColor(Verdict::Fail)));
        ImGui::TextWrapped("Run detail: %s", answer->error.c_str());
        ImGui::PopStyleColor();
        return;
    }
    const db::RunDetail& d = *answer->value;
    if (m_linesOf != answer) {
        m_linesOf = answer;
        m_lines = detailLines(d);
    }
    const auto& s = d.summary;
    ImGui::PushFont(fonts.large);
    ImGui::Text("%s", s.serial.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    verdictChip(s.outcome, outcomeName(s.outcome), false);
    ImGui::SameLine();
    ImGui::TextWrapped("%s %s  ·  run %lld, attempt %d  ·  %s, %s  ·  station %s socket %d  ·  %s %s  ·  limits %s",
                       s.partNumber.c_str(), s.revision.c_str(), static_cast<long long>(s.id), s.attempt,
                       db::formatLocal(s.startedAt).c_str(), duration(s.startedAt, s.endedAt).c_str(),
                       s.station.c_str(), s.socket, s.sequenceName.c_str(), s.sequenceVersion.c_str(),
                       s.limitSetName.empty() ? "—" : s.limitSetName.c_str());
    if (!s.abortReason.empty())
        ImGui::TextDisabled("%s", s.abortReason.c_str());
    if (!beginStretchTable("run detail",
                           {{"Step / measurement", 4.f},
                            {"Lane", 0.5f},
                            {"Value", 1.3f},
                            {"Limits", 2.f},
                            {"Outcome", 1.f},
                            {"Duration", 0.8f}},
                           ImGui::GetContentRegionAvail()))
        return;
    ImGuiListClipper clipper;
    clipper.Begin(int(m_lines.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const DetailLine& line = m_lines[std::size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (!line.measurement) {
                const auto& st = *line.step;
                ImGui::TextUnformatted(st.path.c_str());
                ImGui::TableNextColumn();
                ImGui::TableNextColumn();
                if (!st.error.empty())
                    ImGui::TextUnformatted(st.error.c_str());
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s", st.type.c_str());
                ImGui::TableNextColumn();
                verdictChip(st.outcome, std::string(sequences::toString(st.outcome)));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(fmt::format("{:.3f} s", double(st.durationUs) / 1e6).c_str());
                continue;
            }
            const auto& m = *line.measurement;
            ImGui::Indent();
            ImGui::TextUnformatted(m.name.c_str());
            ImGui::Unindent();
            ImGui::TableNextColumn();
            if (m.lane)
                ImGui::Text("%d", *m.lane);
            ImGui::TableNextColumn();
            const std::string value = m.text ? *m.text : m.value ? station::withUnit(*m.value, m.unit, 4) : "—";
            ImGui::TextUnformatted(value.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(limitText(m).c_str());
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(verdictTextColor(m.outcome)));
            ImGui::TextUnformatted(std::string(sequences::toString(m.outcome)).c_str());
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
        }
    }
    ImGui::EndTable();
}

} // namespace optiqual::ui
