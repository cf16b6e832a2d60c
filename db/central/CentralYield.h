#pragma once
#include "db/ReportFilter.h"
#include "db/YieldReport.h"

namespace optiqual::db::central {

class PgConnection;

/// @brief Yield over the central store's runs, every station's (`--by station` compares them): the station's
/// definitions (YieldReport.h) computed by the same YieldTally from the summaries each run carries.
YieldResult queryCentralYield(PgConnection& connection, const ReportFilter& filter);

} // namespace optiqual::db::central
