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
    /// Only this station's runs (`--station NAME`; the central store: a station's file holds its own runs only).
    std::optional<std::string> station;
    std::vector<GroupKey> groupBy;
    std::optional<std::string> measurement;

    /// @brief SQL condition on run alias `r`: finished runs, with parameters ?1 (since), ?2 (until) and ?3 (part
    /// number) each only when set, so that a report over the whole history scans the table instead of walking an
    /// index over all of it; written so the (part_id, started_at) and (started_at) indexes apply to windows.
    std::string runCondition() const;
    /// @brief The same selection on `run_values` alias `v` (which holds finished runs only).
    std::string valuesCondition() const;
    /// @brief Binds the parameters the conditions use.
    void bind(Statement& statement) const;
    bool hasSince() const { return since != std::numeric_limits<std::int64_t>::min(); }
    bool hasUntil() const { return until != std::numeric_limits<std::int64_t>::max(); }
};

} // namespace optiqual::db
