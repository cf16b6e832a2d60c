#include "sequences/Sequence.h"

#include <array>

namespace optiqual::sequences {

namespace {
// Index = StepType value. "custom" is what a registered type is called in messages; `type: custom` itself is not
// a step type (a custom step names its registered type).
constexpr std::array<std::string_view, 12> kStepTypeNames{"action", "measure",    "pass_fail", "string",
                                                          "wait",   "wait_until", "for_each",  "call",
                                                          "prompt", "compute",    "sweep",     "custom"};
} // namespace

std::string_view toString(StepType t) {
    return kStepTypeNames[static_cast<std::size_t>(t)];
}

std::optional<StepType> parseStepType(std::string_view text) {
    for (std::size_t i = 0; i + 1 < kStepTypeNames.size(); ++i)
        if (kStepTypeNames[i] == text)
            return static_cast<StepType>(i);
    return std::nullopt;
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
