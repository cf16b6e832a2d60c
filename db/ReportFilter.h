#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::db {

class Statement;

/// @brief What yield rows are grouped by (`--by`).
enum class GroupKey { Product, PartNumber, Station, Socket, Lot, Operator, Day, Shift };

std::string_view toString(GroupKey key);
/// @brief "station,day" → keys; std::nullopt (and @p bad set) for an unknown name.
std::optional<std::vector<GroupKey>> parseGroupKeys(std::string_view text, std::string* bad = nullptr);

/// @brief Which runs a report covers: started in [since, until), optionally of one part number, and for
/// capability and SPC optionally one measurement (substring of "step path/measurement name").
struct ReportFilter {
    std::int64_t since = std::numeric_limits<std::int64_t>::min(); ///< UTC µs
    std::int64_t until = std::numeric_limits<std::int64_t>::max();
    std::optional<std::string> partNumber;
    std::vector<GroupKey> groupBy;
    std::optional<std::string> measurement;

    /// @brief SQL condition on run alias `r` using parameters ?1 (since), ?2 (until) and ?3 (part number, only
    /// when set); written so the (part_id, started_at) and (started_at) indexes apply.
    std::string runCondition() const;
    void bind(Statement& statement) const;
};

} // namespace optiqual::db
