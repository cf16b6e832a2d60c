#include "ui/SequenceTree.h"

#include "ui/Palette.h"
#include "ui/StretchTable.h"
#include "ui/Theme.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <imgui.h>

namespace optiqual::ui {

using sequences::Step;
using sequences::StepType;

namespace {

constexpr int kMaxCallDepth = 16; // a sub-sequence calling itself is refused by the validator; this keeps a bound

std::string lanesText(const sequences::LaneSpec& lanes) {
    if (lanes.dynamic())
        return fmt::format("lanes {}..{}", lanes.from->text, lanes.to ? lanes.to->text : "?");
    if (lanes.lanes.empty())
        return "";
    if (lanes.lanes.size() > 2 && lanes.lanes.back() - lanes.lanes.front() + 1 == int(lanes.lanes.size()))
        return fmt::format("lanes {}..{}", lanes.lanes.front(), lanes.lanes.back());
    return fmt::format("lanes {}", fmt::join(lanes.lanes, ", "));
}

std::string loopText(const sequences::ForEachSpec& f) {
    std::string values;
    if (f.from)
        values = fmt::format("{}..{}{}", f.from->text, f.to ? f.to->text : "?", f.step ? " step " + f.step->text : "");
    else
        for (std::size_t i = 0; i < f.values.size(); ++i)
            values += (i ? ", " : "") + f.values[i].text;
    return fmt::format("for {} in {}{}{}", f.variable, values, f.unit.empty() ? "" : " ", f.unit);
}

class Builder {
public:
    Builder(const sequences::Sequence& s, const std::string& partNumber)
        : m_sequence(s), m_partNumber(partNumber), m_limits(s.limitSetFor(partNumber)) {}

    void group(const char* name, const std::vector<Step>& steps) {
        if (steps.empty())
            return;
        lines.push_back({0, SequenceLine::Kind::Group, name,
                         fmt::format("{} step{}", steps.size(), steps.size() == 1 ? "" : "s"), "", false, false, ""});
        for (const auto& step : steps)
            add(step, 1, 0);
    }

    std::vector<SequenceLine> lines;

private:
    void add(const Step& step, int depth, int calls) {
        SequenceLine line;
        line.depth = depth;
        line.name = step.name;
        line.detail = std::string(step.type == StepType::Custom ? step.customType : sequences::toString(step.type));
        if (step.forEach && step.type == StepType::ForEach)
            line.detail = loopText(*step.forEach);
        else if (step.forEach && step.type == StepType::Sweep)
            line.detail = "sweep " + loopText(*step.forEach);
        else if (step.callSequence)
            line.detail = "call " + step.callSequence->subsequence;
        if (step.runMode != sequences::RunMode::Normal)
            line.runMode = std::string(sequences::toString(step.runMode));
        lines.push_back(std::move(line));
        for (const auto& m : step.measurements)
            measurement(m.name, m.limitName, m.inlineLimit, m.unit, m.lanes ? lanesText(*m.lanes) : "", depth + 1);
        if (step.sweep && step.sweep->crossing) {
            const auto& c = *step.sweep->crossing;
            measurement(c.name, c.limitName, c.inlineLimit, c.unit, "crossing", depth + 1);
        }
        if (step.stringCheck && !step.stringCheck->measurementName.empty())
            lines.push_back({depth + 1, SequenceLine::Kind::Measurement, step.stringCheck->measurementName, "text",
                             step.stringCheck->equals.empty() ? "matches " + step.stringCheck->pattern
                                                              : "= " + step.stringCheck->equals,
                             false, true, ""});
        if (step.forEach)
            for (const auto& inner : step.forEach->body)
                add(inner, depth + 1, calls);
        if (step.callSequence && calls < kMaxCallDepth)
            if (const auto* sub = m_sequence.subsequence(step.callSequence->subsequence))
                for (const auto& inner : sub->steps)
                    add(inner, depth + 1, calls + 1);
    }

    void measurement(const std::string& name, const std::string& limitName,
                     const std::optional<sequences::Limit>& inlineLimit, const std::string& unit,
                     const std::string& lanes, int depth) {
        SequenceLine line;
        line.depth = depth;
        line.kind = SequenceLine::Kind::Measurement;
        line.name = name;
        line.detail = lanes + (lanes.empty() || unit.empty() ? "" : ", ") + unit;
        const std::string& key = limitName.empty() ? name : limitName;
        std::optional<sequences::Limit> limit = inlineLimit;
        line.inlineLimit = inlineLimit.has_value();
        if (!limit && m_limits)
            if (auto it = m_limits->limits.find(key); it != m_limits->limits.end())
                limit = it->second;
        if (!limit) {
            line.limitMissing = true;
            line.limit = m_limits ? fmt::format("log only: no limit '{}' for {}", key, m_partNumber)
                                  : fmt::format("log only: no limit set for {}", m_partNumber);
        } else {
            if (limit->unit.empty())
                limit->unit = unit;
            line.limit = limit->comparator == sequences::Comparator::LOG ? "log only" : limit->describe();
        }
        lines.push_back(std::move(line));
    }

    const sequences::Sequence& m_sequence;
    const std::string& m_partNumber;
    const sequences::LimitSet* m_limits;
};

} // namespace

std::vector<SequenceLine> sequenceLines(const sequences::Sequence& sequence, const std::string& partNumber) {
    Builder b(sequence, partNumber);
    b.group("setup", sequence.setup);
    b.group("main", sequence.main);
    b.group("cleanup", sequence.cleanup);
    return std::move(b.lines);
}

SequenceTreeView::SequenceTreeView(std::shared_ptr<const sequences::Sequence> sequence, std::string partNumber)
    : m_sequence(std::move(sequence)), m_partNumber(std::move(partNumber)) {}

void SequenceTreeView::draw() {
    if (!m_sequence) {
        ImGui::TextDisabled("No sequence loaded.");
        return;
    }
    const auto& s = *m_sequence;
    ImGui::Text("%s %s", s.name.c_str(), s.version.c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    // The part numbers the sequence has limits for (its limit sets'), and those it lists.
    std::vector<std::string> parts;
    for (const auto& set : s.limitSets)
        if (std::find(parts.begin(), parts.end(), set.partNumber) == parts.end())
            parts.push_back(set.partNumber);
    for (const auto& pn : s.partNumbers)
        if (std::find(parts.begin(), parts.end(), pn) == parts.end())
            parts.push_back(pn);
    if (ImGui::BeginCombo("##tree part", m_partNumber.c_str())) {
        for (const auto& pn : parts)
            if (ImGui::Selectable(pn.c_str(), pn == m_partNumber))
                m_partNumber = pn;
        ImGui::EndCombo();
    }
    if (m_linesOf != m_partNumber) {
        m_lines = sequenceLines(s, m_partNumber);
        m_linesOf = m_partNumber;
    }
    const auto* set = s.limitSetFor(m_partNumber);
    ImGui::SameLine();
    if (set)
        ImGui::TextDisabled("limit set %s (%s)", set->identity().c_str(), set->hash.substr(0, 16).c_str());
    else
        ImGui::TextDisabled("no limit set for this part number: measurements without an inline limit are logged only");
    if (!beginStretchTable("sequence", {{"Step / measurement", 4.f}, {"Type, loop, lanes", 3.f}, {"Limit", 3.f}},
                           ImGui::GetContentRegionAvail()))
        return;
    ImGuiListClipper clipper;
    clipper.Begin(int(m_lines.size()));
    const float indent = ImGui::GetFontSize();
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const SequenceLine& line = m_lines[std::size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent * float(line.depth));
            if (line.kind == SequenceLine::Kind::Group)
                ImGui::TextColored(toImVec4(kWhite), "%s", line.name.c_str());
            else if (line.kind == SequenceLine::Kind::Measurement)
                ImGui::TextDisabled("• %s", line.name.c_str());
            else
                ImGui::TextUnformatted(line.name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(line.detail.c_str());
            if (!line.runMode.empty()) {
                ImGui::SameLine();
                ImGui::TextColored(toImVec4(kAbortedAmber), "[%s]", line.runMode.c_str());
            }
            ImGui::TableNextColumn();
            if (line.limitMissing)
                ImGui::TextColored(toImVec4(verdictTextColor(sequences::Verdict::Aborted)), "%s", line.limit.c_str());
            else
                ImGui::Text("%s%s", line.limit.c_str(), line.inlineLimit ? "  (inline)" : "");
        }
    }
    ImGui::EndTable();
}

} // namespace optiqual::ui
