#include "db/central/CentralYieldShard.h"

#include "db/TimeText.h"
#include "db/central/CentralFilter.h"
#include "db/central/PgArray.h"
#include "db/central/PgConnection.h"
#include "db/central/PgCursor.h"

#include <algorithm>

namespace optiqual::db::central {

YieldNames YieldNames::read(PgConnection& c) {
    YieldNames n;
    const auto p = c.exec("SELECT id, product, part_number FROM part");
    for (int i = 0; i < p.rows(); ++i)
        n.parts[p.integer(i, 0)] = {p.text(i, 1), p.text(i, 2)};
    const auto st = c.exec("SELECT id, name FROM station");
    for (int i = 0; i < st.rows(); ++i)
        n.stations[st.integer(i, 0)] = st.text(i, 1);
    const auto sets = c.exec("SELECT id, tries::text FROM try_set");
    for (int i = 0; i < sets.rows(); ++i)
        n.trySets.emplace(sets.integer(i, 0), parseIntegerArray(sets.text(i, 1)));
    return n;
}

CentralYieldShard::CentralYieldShard(const YieldNames& names, std::unordered_set<std::int64_t> testedBefore)
    : m_names(names), m_tally(std::move(testedBefore)) {}

std::int64_t CentralYieldShard::intern(const std::string& text) {
    auto [it, added] = m_textIds.emplace(text, static_cast<std::int64_t>(m_texts.size()));
    if (added)
        m_texts.push_back(text);
    return it->second;
}

void CentralYieldShard::stream(PgConnection& c, const ReportFilter& filter, std::int64_t firstUnit,
                               std::int64_t lastUnit) {
    const auto needs = [&](GroupKey k) {
        return std::find(filter.groupBy.begin(), filter.groupBy.end(), k) != filter.groupBy.end();
    };
    const bool byClock = needs(GroupKey::Day) || needs(GroupKey::Shift);
    // Parts and stations as text ids, once: a run's key is then its ids looked up, not text hashed.
    std::unordered_map<long long, std::pair<std::int64_t, std::int64_t>> partTexts; // → (product, part number)
    std::unordered_map<long long, std::int64_t> stationTexts;
    for (const auto& [id, texts] : m_names.parts)
        partTexts[id] = {intern(texts.first), intern(texts.second)};
    for (const auto& [id, name] : m_names.stations)
        stationTexts[id] = intern(name);
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
    auto params = selectionParams(filter);
    const auto first = parameter(params.size() + 1);
    const auto last = parameter(params.size() + 2);
    params.emplace_back(std::to_string(firstUnit));
    params.emplace_back(std::to_string(lastUnit));
    std::vector<std::int64_t> code;
    std::int64_t ordinal = 0;
    streamCursor(c,
                 select + " FROM run r WHERE " + runSelection() + " AND r.unit_id BETWEEN " + first + " AND " + last +
                     " ORDER BY r.unit_id, r.started_at, r.uuid",
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
                                 code.push_back(partTexts[runs.integer(i, partColumn)].first);
                                 break;
                             case GroupKey::PartNumber:
                                 code.push_back(partTexts[runs.integer(i, partColumn)].second);
                                 break;
                             case GroupKey::Station:
                                 code.push_back(stationTexts[runs.integer(i, stationColumn)]);
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
                         auto it = m_groups.find(code); // find first: emplace would build a node per run
                         if (it == m_groups.end()) {
                             it = m_groups.emplace(code, static_cast<std::uint32_t>(m_groupCodes.size())).first;
                             m_groupCodes.push_back(code);
                         }
                         r.group = it->second;
                         m_tally.add(r);
                     }
                 });
}

std::uint32_t CentralYieldShard::groupOf(const std::vector<std::string>& key) {
    std::vector<std::int64_t> codes;
    for (const auto& text : key)
        codes.push_back(intern(text));
    auto [it, added] = m_groups.emplace(codes, static_cast<std::uint32_t>(m_groupCodes.size()));
    if (added)
        m_groupCodes.push_back(codes);
    return it->second;
}

void CentralYieldShard::absorb(CentralYieldShard& other) {
    std::vector<std::uint32_t> groupMap;
    for (const auto& codes : other.m_groupCodes) {
        std::vector<std::string> key;
        for (const auto id : codes)
            key.push_back(other.m_texts[static_cast<std::size_t>(id)]);
        groupMap.push_back(groupOf(key));
    }
    m_tally.absorb(other.m_tally, groupMap);
}

YieldResult CentralYieldShard::result(const ReportFilter& filter) {
    std::vector<std::vector<std::string>> groupKeys;
    for (const auto& g : m_groupCodes) {
        auto& named = groupKeys.emplace_back();
        for (const auto id : g)
            named.push_back(m_texts[static_cast<std::size_t>(id)]);
    }
    return m_tally.result(filter.groupBy, groupKeys, m_names.trySets);
}

} // namespace optiqual::db::central
