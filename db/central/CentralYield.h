#pragma once
#include "db/ReportFilter.h"
#include "db/YieldReport.h"

namespace optiqual::db::central {

class PgConnection;

/// @brief Yield over the central store's runs, every station's (`--by station` compares them): the station's
/// definitions (YieldReport.h) computed by the same YieldTally from the summaries each run carries. The units are
/// split by id into @p shards ranges streamed at the same time on connections of their own (the first on
/// @p connection), whose counts are added: a unit's runs are all in one shard. 0: two shards when the planner
/// expects a million runs or more, otherwise one.
YieldResult queryCentralYield(PgConnection& connection, const ReportFilter& filter, int shards = 0);

} // namespace optiqual::db::central
