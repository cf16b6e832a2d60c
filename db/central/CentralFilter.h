#pragma once
#include "db/ReportFilter.h"

#include <optional>
#include <string>
#include <vector>

namespace optiqual::db::central {

/// @brief A report filter's selection on the central store's run alias `r`: finished runs, started in the window,
/// of the part number, of the station, as parameters $1 (since), $2 (until), $3 (part number) and $4 (station
/// name), NULL when unset. libpq plans
/// each statement with its values, so an unset one folds away and a set one uses the time and part indexes.
const char* runSelection();
/// @brief The values of $1–$4 for @p filter.
std::vector<std::optional<std::string>> selectionParams(const ReportFilter& filter);
/// @brief The placeholder of parameter @p number ("$4"), for conditions added after the selection's.
std::string parameter(std::size_t number);

} // namespace optiqual::db::central
