#include "sequences/Sequence.h"

#include <array>

namespace optiqual::sequences {

namespace {

constexpr std::array<std::pair<RunMode, std::string_view>, 4> kRunModes{{
    {RunMode::Normal, "normal"},
    {RunMode::Skip, "skip"},
    {RunMode::ForcePass, "force_pass"},
    {RunMode::ForceFail, "force_fail"},
}};

} // namespace

const std::vector<StepTypeInfo>& stepTypes() {
    using T = StepType;
    static const std::vector<StepTypeInfo> kTable{
        {T::Action, "action", {"call", "args"}},
        {T::Measure, "measure", {"measurements"}},
        {T::PassFail, "pass_fail", {"call", "args", "condition"}},
        {T::String, "string", {"call", "args", "value", "equals", "pattern", "measurement"}},
        {T::Wait, "wait", {"duration"}},
        {T::WaitUntil, "wait_until", {"read", "args", "target", "tolerance", "unit", "stable_for", "poll"}},
        {T::ForEach, "for_each", {"variable", "values", "range", "unit", "steps"}},
        {T::Call, "call", {"subsequence", "args"}},
        {T::Prompt, "prompt", {"kind", "message", "min", "max", "pattern", "store_as", "image"}},
        {T::Compute, "compute", {"measurements"}},
        {T::Sweep,
         "sweep",
         {"variable", "values", "range", "unit", "steps", "x", "x_name", "x_unit", "y", "until", "trace", "crossing"}},
        {T::Custom, "custom", {"args"}},
    };
    return kTable;
}

const StepTypeInfo& info(StepType t) {
    for (const StepTypeInfo& row : stepTypes())
        if (row.type == t)
            return row;
    return stepTypes().back(); // unreachable: every enumerator has its row (SequenceModel test)
}

std::string_view toString(StepType t) {
    return info(t).name;
}

std::optional<StepType> parseStepType(std::string_view text) {
    for (const StepTypeInfo& row : stepTypes())
        if (row.type != StepType::Custom && row.name == text)
            return row.type;
    return std::nullopt;
}

std::string_view toString(RunMode mode) {
    for (const auto& [m, name] : kRunModes)
        if (m == mode)
            return name;
    return "?";
}

std::optional<RunMode> parseRunMode(std::string_view text) {
    for (const auto& [m, name] : kRunModes)
        if (name == text)
            return m;
    return std::nullopt;
}

std::vector<std::string> runModeNames() {
    std::vector<std::string> names;
    for (const auto& [m, name] : kRunModes)
        names.emplace_back(name);
    return names;
}

const LimitSet* Sequence::limitSetFor(std::string_view partNumber, std::string_view revision) const {
    // An exact part number + revision wins; otherwise the part number's revision-independent set.
    const LimitSet* generic = nullptr;
    for (const LimitSet& set : limitSets) {
        if (set.partNumber != partNumber)
            continue;
        if (!revision.empty() && set.revision == revision)
            return &set;
        if (set.revision.empty())
            generic = &set;
    }
    return generic;
}

const Role* Sequence::role(std::string_view roleName) const {
    for (const Role& r : roles)
        if (r.name == roleName)
            return &r;
    return nullptr;
}

std::vector<std::string> Sequence::stationDataNames() const {
    std::vector<std::string> names;
    for (const auto& d : stationData)
        names.push_back(d.name);
    return names;
}

const Subsequence* Sequence::subsequence(std::string_view subName) const {
    for (const Subsequence& s : subsequences)
        if (s.name == subName)
            return &s;
    return nullptr;
}

} // namespace optiqual::sequences
