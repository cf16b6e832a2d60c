#include "db/YieldTally.h"

#include <algorithm>
#include <map>

namespace optiqual::db {

namespace {

struct Accumulator {
    YieldRow row;
    std::unordered_map<std::int64_t, std::int64_t> firstTrySets; // try_set → first runs that went that way
};

/// Counts runs into the accumulators one unit at a time: the runs must come grouped by unit, each unit's in time
/// order (start, then id). Nothing is kept beyond the current unit.
class UnitCounter {
public:
    UnitCounter(std::vector<Accumulator>& byGroup, Accumulator& total, const std::unordered_set<std::int64_t>& before)
        : m_byGroup(byGroup), m_total(total), m_testedBefore(before) {}

    void add(const RunInfo& r) {
        if (!m_started || r.unit != m_unit) {
            flush();
            m_started = true;
            m_unit = r.unit;
            m_firstSeen = m_testedBefore.contains(r.unit); // units tested before the window had their first run
        }
        if (m_byGroup.size() <= r.group)
            m_byGroup.resize(r.group + 1);
        for (const int g : {static_cast<int>(r.group), kTotal}) {
            auto& a = g == kTotal ? m_total : m_byGroup[static_cast<std::size_t>(g)];
            if (!r.counted) {
                ++a.row.abortedRuns;
                continue;
            }
            ++a.row.runs;
            auto u = std::find_if(m_unitGroups.begin(), m_unitGroups.end(),
                                  [&](const UnitInGroup& x) { return x.group == g; });
            if (u == m_unitGroups.end())
                u = m_unitGroups.insert(m_unitGroups.end(), UnitInGroup{g});
            u->lastPassed = sequences::isGood(r.outcome);
            if (!m_firstSeen) {
                ++a.row.firstRunUnits;
                a.row.firstPassUnits += sequences::isGood(r.outcome);
                if (r.firstTries != 0)
                    ++a.firstTrySets[r.firstTries];
            } else {
                u->retested = true;
            }
            a.row.stepExecutions += r.judgedSteps;
            a.row.stepPasses += r.passedSteps;
        }
        if (r.counted)
            m_firstSeen = true;
    }

    /// Counts the last unit in.
    void flush() {
        for (const auto& u : m_unitGroups) {
            auto& a = u.group == kTotal ? m_total : m_byGroup[static_cast<std::size_t>(u.group)];
            ++a.row.units;
            a.row.finalPassUnits += u.lastPassed;
            a.row.retestedUnits += u.retested;
        }
        m_unitGroups.clear();
    }

private:
    static constexpr int kTotal = -1;
    /// The current unit's standing in one group (or the total).
    struct UnitInGroup {
        int group = kTotal;
        bool lastPassed = false;
        bool retested = false;
    };

    std::vector<Accumulator>& m_byGroup;
    Accumulator& m_total;
    const std::unordered_set<std::int64_t>& m_testedBefore;
    bool m_started = false;
    std::int64_t m_unit = 0;
    bool m_firstSeen = false;
    std::vector<UnitInGroup> m_unitGroups;
};

void addInto(Accumulator& to, const Accumulator& from) {
    auto& t = to.row;
    const auto& f = from.row;
    t.units += f.units;
    t.firstRunUnits += f.firstRunUnits;
    t.firstPassUnits += f.firstPassUnits;
    t.finalPassUnits += f.finalPassUnits;
    t.retestedUnits += f.retestedUnits;
    t.runs += f.runs;
    t.abortedRuns += f.abortedRuns;
    t.stepExecutions += f.stepExecutions;
    t.stepPasses += f.stepPasses;
    for (const auto& [set, runs] : from.firstTrySets)
        to.firstTrySets[set] += runs;
}

void finish(Accumulator& a, const std::unordered_map<std::int64_t, std::vector<std::int64_t>>& trySets) {
    auto& r = a.row;
    // Rolled throughput yield over step definitions, from the first tries of each first run.
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> firstTries; // step def → (tried, passed)
    for (const auto& [set, runs] : a.firstTrySets)
        for (const auto packed : trySets.at(set)) {
            auto& tp = firstTries[packed >> 1];
            tp.first += runs;
            tp.second += (packed & 1) ? runs : 0;
        }
    auto share = [](std::int64_t num, std::int64_t den) -> std::optional<double> {
        if (den == 0)
            return std::nullopt;
        return static_cast<double>(num) / static_cast<double>(den);
    };
    r.firstPassYield = share(r.firstPassUnits, r.firstRunUnits);
    r.finalYield = share(r.finalPassUnits, r.units);
    r.retestRate = share(r.retestedUnits, r.units);
    r.stepYield = share(r.stepPasses, r.stepExecutions);
    if (!firstTries.empty()) {
        double rty = 1;
        for (const auto& [def, tp] : firstTries)
            rty *= static_cast<double>(tp.second) / static_cast<double>(tp.first);
        r.rolledThroughputYield = rty;
    }
}

} // namespace

struct YieldTally::State {
    explicit State(std::unordered_set<std::int64_t> before)
        : testedBefore(std::move(before)), counter(byGroup, total, testedBefore) {}
    std::unordered_set<std::int64_t> testedBefore;
    std::vector<Accumulator> byGroup;
    Accumulator total;
    UnitCounter counter;
};

YieldTally::YieldTally(std::unordered_set<std::int64_t> testedBefore)
    : m_state(std::make_unique<State>(std::move(testedBefore))) {}

YieldTally::~YieldTally() = default;

void YieldTally::add(const RunInfo& run) {
    m_state->counter.add(run);
}

void YieldTally::absorb(YieldTally& other, const std::vector<std::uint32_t>& groupOf) {
    auto& from = *other.m_state;
    from.counter.flush();
    auto& to = *m_state;
    for (std::size_t g = 0; g < from.byGroup.size(); ++g) {
        const auto target = groupOf.at(g);
        if (to.byGroup.size() <= target)
            to.byGroup.resize(target + 1);
        addInto(to.byGroup[target], from.byGroup[g]);
    }
    addInto(to.total, from.total);
}

YieldResult YieldTally::result(std::vector<GroupKey> groupBy, const std::vector<std::vector<std::string>>& groupKeys,
                               const std::unordered_map<std::int64_t, std::vector<std::int64_t>>& trySets) {
    auto& st = *m_state;
    st.counter.flush();
    st.byGroup.resize(groupKeys.size());
    YieldResult result;
    result.groupBy = std::move(groupBy);
    // Rows sorted by their key values, as the key strings compare.
    std::vector<std::uint32_t> order(groupKeys.size());
    for (std::uint32_t g = 0; g < order.size(); ++g)
        order[g] = g;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return groupKeys[a] < groupKeys[b]; });
    for (const auto g : order) {
        auto& acc = st.byGroup[g];
        acc.row.key = groupKeys[g];
        finish(acc, trySets);
        result.rows.push_back(acc.row);
    }
    finish(st.total, trySets);
    st.total.row.key = {"all"};
    result.total = st.total.row;
    return result;
}

void sortForTally(std::vector<RunInfo>& runs) {
    std::sort(runs.begin(), runs.end(), [](const RunInfo& a, const RunInfo& b) {
        return a.unit != b.unit ? a.unit < b.unit : (a.started != b.started ? a.started < b.started : a.id < b.id);
    });
}

} // namespace optiqual::db
