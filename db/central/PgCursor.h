#pragma once
#include "db/central/PgConnection.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::db::central {

/// @brief Streams the rows of @p query (with parameters $1, $2, … from @p params) through a server-side cursor in a
/// read-only transaction, in binary batches of 20,000 rows, to @p onBatch: a report over a year of a fleet (millions
/// of runs, hundreds of millions of values) never sits in memory. A fetching thread keeps the next batch coming while
/// @p onBatch handles the last one (a queue of at most two). An exception from either side ends the transaction
/// and is rethrown here; the connection is left outside any transaction.
void streamCursor(PgConnection& connection, std::string_view query,
                  const std::vector<std::optional<std::string>>& params,
                  const std::function<void(const PgResult&)>& onBatch);

} // namespace optiqual::db::central
