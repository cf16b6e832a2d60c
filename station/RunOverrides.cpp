#include "station/RunOverrides.h"

#include <fmt/format.h>
#include <stdexcept>

namespace optiqual::station {

using sequences::RunMode;

const StepOverride* RunOverrides::find(const sequences::Step& step) const {
    for (const auto& o : steps)
        if (o.step == &step)
            return &o;
    return nullptr;
}

std::string RunOverrides::banner() const {
    if (empty())
        return {};
    int forced = 0;
    int skipped = 0;
    int normal = 0; // a step the file skips or forces, run normally
    for (const auto& o : steps)
        ++(o.mode == RunMode::Skip ? skipped : o.mode == RunMode::Normal ? normal : forced);
    std::string parts;
    auto add = [&parts](const std::string& part) { parts += (parts.empty() ? "" : ", ") + part; };
    if (forced > 0)
        add(fmt::format("{} step{} forced", forced, forced == 1 ? "" : "s"));
    if (skipped > 0)
        add(fmt::format("{} step{} skipped", skipped, skipped == 1 ? "" : "s"));
    if (normal > 0)
        add(fmt::format("{} step{} run normally", normal, normal == 1 ? "" : "s"));
    if (!limitSet.empty())
        add("limit set " + limitSet);
    return "ENGINEERING OVERRIDES: " + parts;
}

const sequences::LimitSet* chooseLimitSet(const sequences::Sequence& sequence, std::string_view partNumber,
                                          std::string_view revision, const RunOverrides* overrides) {
    if (!overrides || overrides->limitSet.empty())
        return sequence.limitSetFor(partNumber, revision);
    for (const auto& set : sequence.limitSets)
        if (set.identity() == overrides->limitSet) {
            if (set.partNumber != partNumber)
                throw std::invalid_argument(
                    fmt::format("the chosen limit set {} is not part number {}'s", overrides->limitSet, partNumber));
            return &set;
        }
    throw std::invalid_argument(
        fmt::format("the chosen limit set {} is not in sequence {}", overrides->limitSet, sequence.name));
}

} // namespace optiqual::station
