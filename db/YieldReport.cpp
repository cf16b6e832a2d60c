#include "db/YieldReport.h"

#include "db/Connection.h"
#include "db/ReportSummaries.h"
#include "db/TimeText.h"
#include "db/YieldTally.h"
#include "sequences/Verdict.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace optiqual::db {

namespace {

using sequences::Verdict;

/// Interns text so that group keys are compared as small numbers while the runs are read.
class Names {
public:
    int id(const std::string& text) {
        auto [it, added] = m_ids.emplace(text, static_cast<int>(m_names.size()));
        if (added)
            m_names.push_back(text);
        return it->second;
    }
    const std::string& name(int id) const { return m_names[static_cast<std::size_t>(id)]; }

private:
    std::unordered_map<std::string, int> m_ids;
    std::vector<std::string> m_names;
};

/// Maps each run's group-key values to a group number.
class Groups {
public:
    Groups(const Connection& c, std::vector<GroupKey> keys) : m_keys(std::move(keys)) {
        auto parts = c.prepare("SELECT id, product, part_number FROM part");
        while (parts.step())
            m_parts[parts.getInt(0)] = {m_names.id(parts.getText(1)), m_names.id(parts.getText(2))};
        auto stations = c.prepare("SELECT id, name FROM station");
        while (stations.step())
            m_stations[stations.getInt(0)] = m_names.id(stations.getText(1));
    }
    bool needs(GroupKey key) const { return std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end(); }

    /// The group of a run; @p lot and @p operatorName are read only when grouped by.
    std::uint32_t of(std::int64_t partId, std::int64_t stationId, int socket, const std::string& lot,
                     const std::string& operatorName, std::int64_t started) {
        if (m_keys.empty()) {
            if (m_groups.empty())
                m_groups.emplace(std::vector<int>{}, 0);
            return 0;
        }
        m_code.clear();
        for (auto k : m_keys) {
            switch (k) {
            case GroupKey::Product:
                m_code.push_back(m_parts[partId].first);
                break;
            case GroupKey::PartNumber:
                m_code.push_back(m_parts[partId].second);
                break;
            case GroupKey::Station:
                m_code.push_back(m_stations[stationId]);
                break;
            case GroupKey::Socket:
                m_code.push_back(m_names.id(std::to_string(socket)));
                break;
            case GroupKey::Lot:
                m_code.push_back(m_names.id(lot));
                break;
            case GroupKey::Operator:
                m_code.push_back(m_names.id(operatorName));
                break;
            case GroupKey::Day:
                m_code.push_back(clock(started).first);
                break;
            case GroupKey::Shift:
                m_code.push_back(clock(started).second);
                break;
            }
        }
        if (auto it = m_groups.find(m_code); it != m_groups.end())
            return it->second;
        return m_groups.emplace(m_code, static_cast<std::uint32_t>(m_groups.size())).first->second;
    }

    /// Every group's key values, by group number.
    std::vector<std::vector<std::string>> keys() const {
        std::vector<std::vector<std::string>> out(m_groups.size());
        for (const auto& [code, group] : m_groups)
            for (int id : code)
                out[group].push_back(m_names.name(id));
        return out;
    }

private:
    /// Local day and shift of a time, cached per quarter hour: every time zone's offset has been a multiple of
    /// 15 minutes for decades, so a day or shift boundary never falls inside one (localtime per run is slow).
    std::pair<int, int> clock(std::int64_t micros) {
        constexpr std::int64_t kQuarter = 15LL * 60 * 1000000;
        const std::int64_t bucket = micros >= 0 ? micros / kQuarter : -((-micros + kQuarter - 1) / kQuarter);
        auto it = m_clock.find(bucket);
        if (it == m_clock.end())
            it = m_clock.emplace(bucket, std::pair{m_names.id(localDay(micros)), m_names.id(shiftOf(micros))}).first;
        return it->second;
    }

    std::vector<GroupKey> m_keys;
    Names m_names;
    std::unordered_map<std::int64_t, std::pair<int, int>> m_parts; // part → (product, part number)
    std::unordered_map<std::int64_t, int> m_stations;
    std::unordered_map<std::int64_t, std::pair<int, int>> m_clock;
    std::map<std::vector<int>, std::uint32_t> m_groups;
    std::vector<int> m_code;
};

} // namespace

YieldResult queryYield(const Connection& c, const ReportFilter& filter) {
    const std::string cond = filter.runCondition();
    Groups groups(c, filter.groupBy);
    const bool byLot = groups.needs(GroupKey::Lot);
    const bool byOperator = groups.needs(GroupKey::Operator);
    // Units tested before the window have had their first run already.
    std::unordered_set<std::int64_t> testedBefore;
    if (filter.hasSince()) {
        auto st = c.prepare("SELECT DISTINCT h.unit_id FROM run h WHERE h.unit_id IN (SELECT r.unit_id FROM run r "
                            "WHERE " +
                            cond +
                            ") AND h.started_at < ?1 AND h.outcome IS NOT NULL "
                            "AND h.outcome NOT IN (6, 7)");
        filter.bind(st);
        while (st.step())
            testedBefore.insert(st.getInt(0));
    }
    YieldTally tally(std::move(testedBefore));

    // Without a time window the runs are read in the counter's order from the run_yield index, which holds every
    // column read here (the unit table is joined, and the operator read, only when grouped by them): one scan, no
    // sort, nothing kept. A window's runs come through the time indexes and are sorted here.
    const bool whole = !filter.hasSince() && !filter.hasUntil();
    auto st = c.prepare(std::string("SELECT r.unit_id, r.started_at, r.id, r.outcome, r.part_id, r.station_id, "
                                    "r.socket, r.judged_steps, r.passed_steps, r.first_tries, ") +
                        (byOperator ? "r.operator, " : "'', ") + (byLot ? "u.lot " : "'' ") + "FROM run r " +
                        (whole ? "INDEXED BY run_yield " : "") + (byLot ? "JOIN unit u ON u.id = r.unit_id " : "") +
                        "WHERE " + cond + (whole ? " ORDER BY r.unit_id, r.started_at, r.id" : ""));
    filter.bind(st);
    std::vector<RunInfo> window;
    std::string lot, operatorName;
    while (st.step()) {
        RunInfo r;
        r.unit = st.getInt(0);
        r.started = st.getInt(1);
        r.id = st.getInt(2);
        r.outcome = static_cast<Verdict>(st.getInt(3));
        r.counted = countsForYield(r.outcome);
        r.judgedSteps = static_cast<std::int32_t>(st.getInt(7));
        r.passedSteps = static_cast<std::int32_t>(st.getInt(8));
        r.firstTries = st.getOptionalInt(9).value_or(0);
        if (byOperator)
            operatorName = st.getText(10);
        if (byLot)
            lot = st.getText(11);
        r.group = groups.of(st.getInt(4), st.getInt(5), static_cast<int>(st.getInt(6)), lot, operatorName, r.started);
        if (whole)
            tally.add(r);
        else
            window.push_back(r);
    }
    sortForTally(window);
    for (const auto& r : window)
        tally.add(r);

    std::unordered_map<std::int64_t, std::vector<std::int64_t>> trySets;
    {
        auto sets = c.prepare("SELECT id, tries FROM try_set");
        while (sets.step())
            trySets.emplace(sets.getInt(0), ReportSummaries::unpackIds(sets.getBlob(1)));
    }
    return tally.result(filter.groupBy, groups.keys(), trySets);
}

} // namespace optiqual::db
