#pragma once
#include "db/ParetoReport.h"
#include "db/ReportFilter.h"

namespace optiqual::db::central {

class PgConnection;

/// @brief Root causes of failure over every station's runs in the central store: the station's definitions
/// (ParetoReport.h) computed by the same ParetoTally from the failing rows of the runs with failures.
ParetoResult queryCentralPareto(PgConnection& connection, const ReportFilter& filter);

} // namespace optiqual::db::central
