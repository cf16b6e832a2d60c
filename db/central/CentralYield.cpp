#include "db/central/CentralYield.h"

#include "db/TimeText.h"
#include "db/YieldTally.h"
#include "db/central/CentralFilter.h"
#include "db/central/PgArray.h"
#include "db/central/PgConnection.h"
#include "db/central/PgCursor.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <unordered_map>

namespace optiqual::db::central {

YieldResult queryCentralYield(PgConnection& c, const ReportFilter& filter) {
    const auto params = selectionParams(filter);
    const auto needs = [&](GroupKey k) {
        return std::find(filter.groupBy.begin(), filter.groupBy.end(), k) != filter.groupBy.end();
    };
    // Names of the few parts and stations, read once; runs carry their ids.
    std::unordered_map<long long, std::pair<std::string, std::string>> parts; // id → (product, part number)
    std::unordered_map<long long, std::string> stations;
    {
        const auto p = c.exec("SELECT id, product, part_number FROM part");
        for (int i = 0; i < p.rows(); ++i)
            parts[p.integer(i, 0)] = {p.text(i, 1), p.text(i, 2)};
        const auto st = c.exec("SELECT id, name FROM station");
        for (int i = 0; i < st.rows(); ++i)
            stations[st.integer(i, 0)] = st.text(i, 1);
    }
    std::unordered_set<std::int64_t> testedBefore;
    if (filter.hasSince()) {
        // Driven by the window's runs, each asking the run_yield index for an earlier counted run of its unit.
        const auto before = c.exec(std::string("SELECT DISTINCT r.unit_id FROM run r WHERE ") + runSelection() +
                                       " AND EXISTS (SELECT 1 FROM run h WHERE h.unit_id = r.unit_id "
                                       "AND h.started_at < $1 AND h.outcome NOT IN (6, 7))",
                                   params);
        for (int i = 0; i < before.rows(); ++i)
            testedBefore.insert(before.integer(i, 0));
    }
    YieldTally tally(std::move(testedBefore));
    const bool byClock = needs(GroupKey::Day) || needs(GroupKey::Shift);
    // Group keys are coded as numbers while the runs stream in (ids of parts and stations, sockets, interned text)
    // and named once at the end.
    std::vector<std::string> names;
    std::unordered_map<std::string, std::int64_t> nameIds;
    const auto intern = [&](const std::string& text) {
        auto [it, added] = nameIds.emplace(text, static_cast<std::int64_t>(names.size()));
        if (added)
            names.push_back(text);
        return it->second;
    };
    // Parts and stations as name ids, once: a run's key is then its ids looked up, not text hashed.
    std::unordered_map<long long, std::pair<std::int64_t, std::int64_t>> partNames; // → (product, part number)
    std::unordered_map<long long, std::int64_t> stationNames;
    for (const auto& [id, names2] : parts)
        partNames[id] = {intern(names2.first), intern(names2.second)};
    for (const auto& [id, name] : stations)
        stationNames[id] = intern(name);
    std::map<std::vector<std::int64_t>, std::uint32_t> groups;
    std::vector<std::vector<std::int64_t>> groupCodes;
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> trySets;
    {
        const auto sets = c.exec("SELECT id, tries::text FROM try_set");
        for (int i = 0; i < sets.rows(); ++i)
            trySets.emplace(sets.integer(i, 0), parseIntegerArray(sets.text(i, 1)));
    }
    std::vector<std::int64_t> code;
    std::int64_t ordinal = 0;
    // Only the columns the grouping needs: the server's cost is mostly turning each column of each row into its
    // output form, so a constant placeholder column costs as much as a real one (11 columns took 1.7× the time of
    // 6 for a year of runs). The (unit_id, started_at, uuid) order is the run_yield index's, which holds every
    // column read here but the operator; the start time is converted only when grouping by day or shift needs it.
    std::string select = "SELECT r.unit_id, r.outcome, r.judged_steps, r.passed_steps, coalesce(r.first_tries, 0)";
    int columns = 5;
    const auto column = [&](bool needed, const char* expression) {
        if (!needed)
            return -1;
        select += ", ";
        select += expression;
        return columns++;
    };
    const int startedColumn = column(byClock, "(extract(epoch FROM r.started_at) * 1000000)::bigint");
    const int partColumn = column(needs(GroupKey::Product) || needs(GroupKey::PartNumber), "r.part_id");
    const int stationColumn = column(needs(GroupKey::Station), "r.station_id");
    const int socketColumn = column(needs(GroupKey::Socket), "r.socket");
    const int lotColumn = column(needs(GroupKey::Lot), "(SELECT u.lot FROM unit u WHERE u.id = r.unit_id)");
    const int operatorColumn = column(needs(GroupKey::Operator), "r.operator");
    streamCursor(c, select + " FROM run r WHERE " + runSelection() + " ORDER BY r.unit_id, r.started_at, r.uuid",
                 params, [&](const PgResult& runs) {
                     for (int i = 0; i < runs.rows(); ++i) {
                         RunInfo r;
                         r.id = ordinal++; // the query's order is the tally's
                         r.unit = runs.integer(i, 0);
                         r.started = startedColumn < 0 ? 0 : runs.integer(i, startedColumn);
                         r.outcome = static_cast<sequences::Verdict>(runs.integer(i, 1));
                         r.counted = countsForYield(r.outcome);
                         r.judgedSteps = static_cast<std::int32_t>(runs.integer(i, 2));
                         r.passedSteps = static_cast<std::int32_t>(runs.integer(i, 3));
                         r.firstTries = runs.integer(i, 4);
                         code.clear();
                         for (const auto k : filter.groupBy) {
                             switch (k) {
                             case GroupKey::Product:
                                 code.push_back(partNames[runs.integer(i, partColumn)].first);
                                 break;
                             case GroupKey::PartNumber:
                                 code.push_back(partNames[runs.integer(i, partColumn)].second);
                                 break;
                             case GroupKey::Station:
                                 code.push_back(stationNames[runs.integer(i, stationColumn)]);
                                 break;
                             case GroupKey::Socket:
                                 code.push_back(intern(std::to_string(runs.integer(i, socketColumn))));
                                 break;
                             case GroupKey::Lot:
                                 code.push_back(intern(runs.text(i, lotColumn)));
                                 break;
                             case GroupKey::Operator:
                                 code.push_back(intern(runs.text(i, operatorColumn)));
                                 break;
                             case GroupKey::Day:
                                 code.push_back(intern(localDay(r.started)));
                                 break;
                             case GroupKey::Shift:
                                 code.push_back(intern(shiftOf(r.started)));
                                 break;
                             }
                         }
                         auto it = groups.find(code); // find first: emplace would build a node per run
                         if (it == groups.end()) {
                             it = groups.emplace(code, static_cast<std::uint32_t>(groupCodes.size())).first;
                             groupCodes.push_back(code);
                         }
                         r.group = it->second;
                         tally.add(r);
                     }
                 });
    std::vector<std::vector<std::string>> groupKeys;
    for (const auto& g : groupCodes) {
        auto& named = groupKeys.emplace_back();
        for (const auto id : g)
            named.push_back(names[static_cast<std::size_t>(id)]);
    }
    return tally.result(filter.groupBy, groupKeys, trySets);
}

} // namespace optiqual::db::central
