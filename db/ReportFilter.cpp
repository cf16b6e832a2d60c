#include "db/ReportFilter.h"

#include "db/Statement.h"

#include <array>

namespace optiqual::db {

namespace {
constexpr std::array<std::string_view, 8> kKeyNames{"product", "part-number", "station", "socket",
                                                    "lot",     "operator",    "day",     "shift"};
}

std::string_view toString(GroupKey key) {
    return kKeyNames[static_cast<std::size_t>(key)];
}

std::optional<std::vector<GroupKey>> parseGroupKeys(std::string_view text, std::string* bad) {
    std::vector<GroupKey> keys;
    while (!text.empty()) {
        const auto comma = text.find(',');
        auto name = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        if (name.empty())
            continue;
        if (name == "part" || name == "pn" || name == "part_number")
            name = "part-number";
        bool found = false;
        for (std::size_t i = 0; i < kKeyNames.size(); ++i)
            if (kKeyNames[i] == name) {
                keys.push_back(static_cast<GroupKey>(i));
                found = true;
            }
        if (!found) {
            if (bad)
                *bad = std::string(name);
            return std::nullopt;
        }
    }
    return keys;
}

namespace {

std::string selection(const ReportFilter& f, const char* alias) {
    std::string sql;
    auto add = [&](std::string_view condition) {
        sql += sql.empty() ? "" : " AND ";
        sql += alias;
        sql += condition;
    };
    if (f.hasSince())
        add(".started_at >= ?1");
    if (f.hasUntil())
        add(".started_at < ?2");
    if (f.partNumber)
        add(".part_id IN (SELECT id FROM part WHERE part_number = ?3)");
    return sql;
}

} // namespace

std::string ReportFilter::runCondition() const {
    auto sql = selection(*this, "r");
    return sql.empty() ? "r.outcome IS NOT NULL" : "r.outcome IS NOT NULL AND " + sql;
}

std::string ReportFilter::valuesCondition() const {
    auto sql = selection(*this, "v");
    return sql.empty() ? "1" : sql;
}

void ReportFilter::bind(Statement& statement) const {
    if (hasSince())
        statement.bind(1, since);
    if (hasUntil())
        statement.bind(2, until);
    if (partNumber)
        statement.bind(3, *partNumber);
}

} // namespace optiqual::db
