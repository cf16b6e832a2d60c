#include "db/YieldReport.h"

#include "db/Connection.h"
#include "db/TimeText.h"
#include "sequences/Verdict.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace optiqual::db {

namespace {

using sequences::Verdict;

struct RunInfo {
    std::int64_t id = 0;
    std::int64_t unit = 0;
    Verdict outcome = Verdict::NotRun;
    std::int64_t started = 0;
    std::string product, partNumber, station, lot, operatorName;
    int socket = 0;
    bool counted = false;
    std::vector<std::pair<std::int64_t, Verdict>> steps; // (step definition, outcome) in order
};

bool countsForYield(Verdict v) {
    return v != Verdict::Aborted && v != Verdict::Terminated;
}
bool judged(Verdict v) {
    return v == Verdict::Pass || v == Verdict::Fail || v == Verdict::Error;
}

std::string keyValue(const RunInfo& r, GroupKey k) {
    switch (k) {
    case GroupKey::Product:
        return r.product;
    case GroupKey::PartNumber:
        return r.partNumber;
    case GroupKey::Station:
        return r.station;
    case GroupKey::Socket:
        return std::to_string(r.socket);
    case GroupKey::Lot:
        return r.lot;
    case GroupKey::Operator:
        return r.operatorName;
    case GroupKey::Day:
        return localDay(r.started);
    case GroupKey::Shift:
        return shiftOf(r.started);
    }
    return {};
}

struct UnitInGroup {
    bool lastPassed = false;
    bool retested = false;
};

struct Accumulator {
    YieldRow row;
    std::unordered_map<std::int64_t, UnitInGroup> units;
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> firstTries; // step def → (tried, passed)
};

void finish(Accumulator& a) {
    auto& r = a.row;
    r.units = static_cast<std::int64_t>(a.units.size());
    for (const auto& [unit, u] : a.units) {
        r.finalPassUnits += u.lastPassed;
        r.retestedUnits += u.retested;
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
    if (!a.firstTries.empty()) {
        double rty = 1;
        for (const auto& [def, tp] : a.firstTries)
            rty *= static_cast<double>(tp.second) / static_cast<double>(tp.first);
        r.rolledThroughputYield = rty;
    }
}

} // namespace

YieldResult queryYield(const Connection& c, const ReportFilter& filter) {
    const std::string cond = filter.runCondition();
    std::vector<RunInfo> runs;
    std::unordered_map<std::int64_t, std::size_t> index;
    {
        auto st = c.prepare("SELECT r.id, r.unit_id, r.outcome, r.started_at, p.product, p.part_number, s.name, "
                            "r.socket, u.lot, r.operator FROM run r JOIN part p ON p.id = r.part_id "
                            "JOIN unit u ON u.id = r.unit_id JOIN station s ON s.id = r.station_id WHERE " +
                            cond);
        filter.bind(st);
        while (st.step()) {
            RunInfo r;
            r.id = st.getInt(0);
            r.unit = st.getInt(1);
            r.outcome = static_cast<Verdict>(st.getInt(2));
            r.started = st.getInt(3);
            r.product = st.getText(4);
            r.partNumber = st.getText(5);
            r.station = st.getText(6);
            r.socket = static_cast<int>(st.getInt(7));
            r.lot = st.getText(8);
            r.operatorName = st.getText(9);
            r.counted = countsForYield(r.outcome);
            index[r.id] = runs.size();
            runs.push_back(std::move(r));
        }
    }
    // Units tested before the window have had their first run already.
    std::unordered_set<std::int64_t> testedBefore;
    if (filter.since != std::numeric_limits<std::int64_t>::min()) {
        auto st = c.prepare("SELECT DISTINCT h.unit_id FROM run h WHERE h.unit_id IN (SELECT r.unit_id FROM run r "
                            "WHERE " +
                            cond +
                            ") AND h.started_at < ?1 AND h.outcome IS NOT NULL "
                            "AND h.outcome NOT IN (6, 7)");
        filter.bind(st);
        while (st.step())
            testedBefore.insert(st.getInt(0));
    }
    {
        auto st = c.prepare("SELECT s.run_id, s.step_def_id, s.outcome FROM run r JOIN step s ON s.run_id = r.id "
                            "WHERE " +
                            cond + " AND r.outcome NOT IN (6, 7)");
        filter.bind(st);
        while (st.step())
            if (auto it = index.find(st.getInt(0)); it != index.end())
                runs[it->second].steps.emplace_back(st.getInt(1), static_cast<Verdict>(st.getInt(2)));
    }
    // Per unit, runs in time order; the unit's first counted run (if it is in the window).
    std::sort(runs.begin(), runs.end(), [](const RunInfo& a, const RunInfo& b) {
        return a.unit != b.unit ? a.unit < b.unit : (a.started != b.started ? a.started < b.started : a.id < b.id);
    });

    YieldResult result;
    result.groupBy = filter.groupBy;
    std::map<std::vector<std::string>, Accumulator> groups;
    Accumulator total;
    for (std::size_t i = 0; i < runs.size();) {
        std::size_t end = i;
        while (end < runs.size() && runs[end].unit == runs[i].unit)
            ++end;
        const bool hadFirstRun = testedBefore.contains(runs[i].unit);
        bool firstSeen = hadFirstRun;
        for (std::size_t j = i; j < end; ++j) {
            const auto& r = runs[j];
            std::vector<std::string> key;
            for (auto k : filter.groupBy)
                key.push_back(keyValue(r, k));
            for (Accumulator* a : {&groups[key], &total}) {
                if (!r.counted) {
                    ++a->row.abortedRuns;
                    continue;
                }
                ++a->row.runs;
                auto& u = a->units[r.unit];
                u.lastPassed = sequences::isGood(r.outcome);
                if (!firstSeen) {
                    ++a->row.firstRunUnits;
                    a->row.firstPassUnits += sequences::isGood(r.outcome);
                    std::unordered_set<std::int64_t> tried;
                    for (const auto& [def, v] : r.steps)
                        if (judged(v) && tried.insert(def).second) {
                            auto& tp = a->firstTries[def];
                            ++tp.first;
                            tp.second += v == Verdict::Pass;
                        }
                } else {
                    u.retested = true;
                }
                for (const auto& [def, v] : r.steps)
                    if (judged(v)) {
                        ++a->row.stepExecutions;
                        a->row.stepPasses += v == Verdict::Pass;
                    }
            }
            if (r.counted)
                firstSeen = true;
        }
        i = end;
    }
    for (auto& [key, acc] : groups) {
        acc.row.key = key;
        finish(acc);
        result.rows.push_back(acc.row);
    }
    finish(total);
    total.row.key = {"all"};
    result.total = total.row;
    return result;
}

} // namespace optiqual::db
