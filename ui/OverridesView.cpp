#include "ui/OverridesView.h"

#include "ui/Palette.h"

#include <algorithm>
#include <fmt/format.h>

namespace optiqual::ui {

using sequences::RunMode;

namespace {

constexpr RunMode kModes[] = {RunMode::Normal, RunMode::Skip, RunMode::ForcePass, RunMode::ForceFail};

void collect(const std::vector<sequences::Step>& steps, const std::string& prefix, std::vector<OverridableStep>& out) {
    for (const auto& step : steps) {
        std::string where = prefix + "/" + step.name;
        out.push_back({&step, where});
        // The loop's own path by value: pushing the body's steps may move the vector's elements.
        if (step.forEach)
            collect(step.forEach->body, where, out);
    }
}

/// The overrides now, as a copy to change (the control's are immutable: units may be running under them).
station::RunOverrides current(const StationControl& control) {
    const auto now = control.overrides();
    return now ? *now : station::RunOverrides{};
}

} // namespace

std::vector<OverridableStep> overridableSteps(const sequences::Sequence& sequence) {
    std::vector<OverridableStep> out;
    collect(sequence.setup, "setup", out);
    collect(sequence.main, "main", out);
    collect(sequence.cleanup, "cleanup", out);
    for (const auto& sub : sequence.subsequences)
        collect(sub.steps, "subsequence " + sub.name, out);
    return out;
}

OverridesView::OverridesView(std::shared_ptr<const sequences::Sequence> sequence, std::string partNumber)
    : m_sequence(std::move(sequence)), m_partNumber(std::move(partNumber)) {
    if (!m_sequence)
        return;
    m_steps = overridableSteps(*m_sequence);
    for (const auto& set : m_sequence->limitSets)
        if (set.partNumber == m_partNumber)
            m_sets.push_back(&set);
    if (const auto* own = m_sequence->limitSetFor(m_partNumber))
        m_defaultSet = own->identity();
}

bool OverridesView::allowed(const UserSession& session, const char* what) {
    m_done.clear();
    if (auto why = session.refusal(db::Role::Engineer, what)) {
        m_refusal = std::move(*why);
        return false;
    }
    const std::string why = reason();
    if (why.find_first_not_of(" \t") == std::string::npos) {
        m_refusal = fmt::format("{} needs a reason: say why in the reason field (it goes to the audit table)", what);
        return false;
    }
    m_refusal.clear();
    return true;
}

void OverridesView::applyRunMode(const UserSession& session, StationControl& control) {
    if (!allowed(session, "A run-mode override"))
        return;
    if (m_steps.empty()) {
        m_refusal = "no sequence loaded: no step to override";
        return;
    }
    const OverridableStep& chosen = m_steps[std::size_t(std::clamp(m_step, 0, int(m_steps.size()) - 1))];
    const RunMode mode = kModes[std::clamp(m_mode, 0, 3)];
    station::RunOverrides next = current(control);
    const station::StepOverride* before = next.find(*chosen.step);
    const RunMode was = before ? before->mode : chosen.step->runMode;
    std::erase_if(next.steps, [&](const station::StepOverride& o) { return o.step == chosen.step; });
    if (mode == was) {
        m_refusal = fmt::format("{} already runs {}: nothing to change", chosen.where, sequences::toString(mode));
        return;
    }
    // Back to the file's own run mode: the override goes; anything else replaces the step's override.
    if (mode != chosen.step->runMode)
        next.steps.push_back({chosen.step, chosen.where, mode, session.name(), reason()});
    db::AuditEvent audit;
    audit.at = std::chrono::system_clock::now();
    audit.user = session.name();
    audit.action = "override.run_mode";
    audit.target = chosen.where;
    audit.oldValue = std::string(sequences::toString(was));
    audit.newValue = fmt::format("{} (role: {})", sequences::toString(mode), db::toString(session.role()));
    audit.reason = reason();
    control.setOverrides(std::make_shared<const station::RunOverrides>(std::move(next)), std::move(audit));
    m_done = fmt::format("{}: {} for units started from now on", chosen.where, sequences::toString(mode));
}

void OverridesView::applyLimitSet(const UserSession& session, StationControl& control) {
    if (!allowed(session, "A limit-set choice"))
        return;
    if (m_set < 0 || m_set >= int(m_sets.size())) {
        m_refusal = "choose a limit set first";
        return;
    }
    const std::string chosen = m_sets[std::size_t(m_set)]->identity();
    station::RunOverrides next = current(control);
    const std::string was = next.limitSet.empty() ? m_defaultSet : next.limitSet;
    if (chosen == was) {
        m_refusal = fmt::format("units are already judged by limit set {}: nothing to change", chosen);
        return;
    }
    // The part's own set again: no override left.
    next.limitSet = chosen == m_defaultSet ? std::string() : chosen;
    next.limitSetBy = next.limitSet.empty() ? std::string() : session.name();
    next.limitSetReason = next.limitSet.empty() ? std::string() : reason();
    db::AuditEvent audit;
    audit.at = std::chrono::system_clock::now();
    audit.user = session.name();
    audit.action = "override.limit_set";
    audit.target = m_partNumber;
    audit.oldValue = was;
    audit.newValue = fmt::format("{} (role: {})", chosen, db::toString(session.role()));
    audit.reason = reason();
    control.setOverrides(std::make_shared<const station::RunOverrides>(std::move(next)), std::move(audit));
    m_done = fmt::format("limit set {} for units started from now on", chosen);
}

void OverridesView::clear(const UserSession& session, StationControl& control) {
    if (!allowed(session, "Clearing the overrides"))
        return;
    const auto now = control.overrides();
    if (!now || now->empty()) {
        m_refusal = "no overrides to clear";
        return;
    }
    db::AuditEvent audit;
    audit.at = std::chrono::system_clock::now();
    audit.user = session.name();
    audit.action = "override.clear";
    audit.target = m_partNumber;
    audit.oldValue = now->banner();
    audit.newValue = fmt::format("none (role: {})", db::toString(session.role()));
    audit.reason = reason();
    control.setOverrides(nullptr, std::move(audit));
    m_set = -1;
    m_done = "overrides cleared: units started from now on run as the sequence file says";
}

void OverridesView::draw(const UserSession& session, StationControl& control, const Fonts& fonts) {
    ImGui::PushFont(fonts.large);
    ImGui::TextUnformatted("Engineering overrides");
    ImGui::PopFont();
    const auto now = control.overrides();
    if (now && !now->empty()) {
        ImGui::TextColored(toImVec4(kAbortedAmber), "%s", now->banner().c_str());
        for (const auto& o : now->steps)
            ImGui::BulletText("%s: %s, by %s: %s", o.where.c_str(), std::string(sequences::toString(o.mode)).c_str(),
                              o.by.c_str(), o.reason.c_str());
        if (!now->limitSet.empty())
            ImGui::BulletText("limit set %s instead of %s, by %s: %s", now->limitSet.c_str(), m_defaultSet.c_str(),
                              now->limitSetBy.c_str(), now->limitSetReason.c_str());
    } else {
        ImGui::TextDisabled("None: units run as the sequence file says (limit set %s).",
                            m_defaultSet.empty() ? "none" : m_defaultSet.c_str());
    }
    ImGui::TextDisabled("Engineer only; each change needs a reason, is audited and applies to units started after it.");

    // Steps as a list, run modes and limit sets as radio buttons: one click each, no popup.
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Step");
    if (ImGui::BeginListBox("##steps", ImVec2(460, 6 * ImGui::GetTextLineHeightWithSpacing()))) {
        for (int i = 0; i < int(m_steps.size()); ++i) {
            const auto& s = m_steps[std::size_t(i)];
            if (ImGui::Selectable(s.where.c_str(), i == m_step))
                m_step = i;
            m_rects.note("step " + s.where);
        }
        ImGui::EndListBox();
        m_rects.note("list step"); // the list's frame: a script's `choose "step" …` scrolls an item into it
    }
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Run mode");
    for (int i = 0; i < 4; ++i) {
        const std::string name(sequences::toString(kModes[i]));
        ImGui::RadioButton(name.c_str(), &m_mode, i);
        m_rects.note("mode " + name);
    }
    if (ImGui::Button("Apply run mode"))
        applyRunMode(session, control);
    m_rects.note("Apply run mode");
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("Limit set (%s)", m_partNumber.c_str());
    for (int i = 0; i < int(m_sets.size()); ++i) {
        const std::string id = m_sets[std::size_t(i)]->identity();
        const std::string label = id == m_defaultSet ? id + " (the part's own)" : id;
        ImGui::RadioButton(label.c_str(), &m_set, i);
        m_rects.note("set " + id);
    }
    if (ImGui::Button("Apply limit set"))
        applyLimitSet(session, control);
    m_rects.note("Apply limit set");
    ImGui::EndGroup();

    ImGui::SetNextItemWidth(460);
    ImGui::InputTextWithHint("##reason", "reason (required, audited)", m_reason.data(), m_reason.size());
    m_rects.note("reason");
    ImGui::SameLine();
    if (ImGui::Button("Clear overrides"))
        clear(session, control);
    m_rects.note("Clear overrides");
    if (!m_refusal.empty())
        ImGui::TextColored(toImVec4(kFailRed), "%s", m_refusal.c_str());
    else if (!m_done.empty())
        ImGui::TextColored(toImVec4(kAbortedAmber), "%s", m_done.c_str());
    ImGui::Separator();
}

} // namespace optiqual::ui
