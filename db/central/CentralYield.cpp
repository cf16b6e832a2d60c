#include "db/central/CentralYield.h"

#include "db/TimeText.h"
#include "db/YieldTally.h"
#include "db/central/PgConnection.h"

#include <cstdlib>
#include <map>

namespace optiqual::db::central {

namespace {

// The filter's window and part number as parameters $1-$3 (NULL when unset). PQexecParams plans with their
// values, so an unset one folds away and a set one uses the (started_at) and (part_id, started_at) indexes.
constexpr const char* kSelection =
    "r.outcome IS NOT NULL AND ($1::timestamptz IS NULL OR r.started_at >= $1::timestamptz) "
    "AND ($2::timestamptz IS NULL OR r.started_at < $2::timestamptz) "
    "AND ($3::text IS NULL OR r.part_id IN (SELECT id FROM part WHERE part_number = $3::text))";

std::vector<std::optional<std::string>> selectionParams(const ReportFilter& f) {
    return {f.hasSince() ? std::optional<std::string>(formatUtc(f.since)) : std::nullopt,
            f.hasUntil() ? std::optional<std::string>(formatUtc(f.until)) : std::nullopt, f.partNumber};
}

std::vector<std::int64_t> parseIntegerArray(const std::string& text) {
    std::vector<std::int64_t> out;
    const char* p = text.c_str();
    if (*p == '{')
        ++p;
    while (*p && *p != '}') {
        char* end = nullptr;
        out.push_back(std::strtoll(p, &end, 10));
        if (end == p)
            break;
        p = end;
        if (*p == ',')
            ++p;
    }
    return out;
}

} // namespace

YieldResult queryCentralYield(PgConnection& c, const ReportFilter& filter) {
    const auto params = selectionParams(filter);
    std::unordered_set<std::int64_t> testedBefore;
    if (filter.hasSince()) {
        const auto before = c.exec(std::string("SELECT DISTINCT h.unit_id FROM run h WHERE h.started_at < $1 "
                                               "AND h.outcome NOT IN (6, 7) AND h.unit_id IN (SELECT r.unit_id "
                                               "FROM run r WHERE ") +
                                       kSelection + ")",
                                   params);
        for (int i = 0; i < before.rows(); ++i)
            testedBefore.insert(before.integer(i, 0));
    }
    const auto runs = c.exec(std::string("SELECT r.unit_id, (extract(epoch FROM r.started_at) * 1000000)::bigint, "
                                         "r.outcome, r.judged_steps, r.passed_steps, r.first_tries::text, p.product, "
                                         "p.part_number, s.name, r.socket, u.lot, r.operator FROM run r "
                                         "JOIN part p ON p.id = r.part_id JOIN station s ON s.id = r.station_id "
                                         "JOIN unit u ON u.id = r.unit_id WHERE ") +
                                 kSelection + " ORDER BY r.unit_id, r.started_at, r.uuid",
                             params);
    YieldTally tally(std::move(testedBefore));
    std::map<std::vector<std::string>, std::uint32_t> groups;
    std::vector<std::vector<std::string>> groupKeys;
    std::map<std::string, std::int64_t> trySetIds;
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> trySets;
    std::vector<std::string> key;
    for (int i = 0; i < runs.rows(); ++i) {
        RunInfo r;
        r.id = i; // the query's order is the tally's
        r.unit = runs.integer(i, 0);
        r.started = runs.integer(i, 1);
        r.outcome = static_cast<sequences::Verdict>(runs.integer(i, 2));
        r.counted = countsForYield(r.outcome);
        r.judgedSteps = static_cast<std::int32_t>(runs.integer(i, 3));
        r.passedSteps = static_cast<std::int32_t>(runs.integer(i, 4));
        if (const auto tries = runs.text(i, 5); tries != "{}") {
            auto [it, added] = trySetIds.emplace(tries, static_cast<std::int64_t>(trySetIds.size()) + 1);
            if (added)
                trySets.emplace(it->second, parseIntegerArray(tries));
            r.firstTries = it->second;
        }
        key.clear();
        for (const auto k : filter.groupBy) {
            switch (k) {
            case GroupKey::Product:
                key.push_back(runs.text(i, 6));
                break;
            case GroupKey::PartNumber:
                key.push_back(runs.text(i, 7));
                break;
            case GroupKey::Station:
                key.push_back(runs.text(i, 8));
                break;
            case GroupKey::Socket:
                key.push_back(runs.text(i, 9));
                break;
            case GroupKey::Lot:
                key.push_back(runs.text(i, 10));
                break;
            case GroupKey::Operator:
                key.push_back(runs.text(i, 11));
                break;
            case GroupKey::Day:
                key.push_back(localDay(r.started));
                break;
            case GroupKey::Shift:
                key.push_back(shiftOf(r.started));
                break;
            }
        }
        auto [it, added] = groups.emplace(key, static_cast<std::uint32_t>(groupKeys.size()));
        if (added)
            groupKeys.push_back(key);
        r.group = it->second;
        tally.add(r);
    }
    return tally.result(filter.groupBy, groupKeys, trySets);
}

} // namespace optiqual::db::central
