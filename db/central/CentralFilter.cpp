#include "db/central/CentralFilter.h"

#include "db/TimeText.h"

namespace optiqual::db::central {

const char* runSelection() {
    return "r.outcome IS NOT NULL AND ($1::timestamptz IS NULL OR r.started_at >= $1::timestamptz) "
           "AND ($2::timestamptz IS NULL OR r.started_at < $2::timestamptz) "
           "AND ($3::text IS NULL OR r.part_id IN (SELECT id FROM part WHERE part_number = $3::text)) "
           "AND ($4::text IS NULL OR r.station_id = (SELECT id FROM station WHERE name = $4::text))";
}

std::vector<std::optional<std::string>> selectionParams(const ReportFilter& f) {
    return {f.hasSince() ? std::optional<std::string>(formatUtc(f.since)) : std::nullopt,
            f.hasUntil() ? std::optional<std::string>(formatUtc(f.until)) : std::nullopt, f.partNumber, f.station};
}

std::string parameter(std::size_t number) {
    return "$" + std::to_string(number);
}

} // namespace optiqual::db::central
