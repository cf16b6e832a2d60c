#pragma once
#include "db/CapabilityReport.h"
#include "db/ReportFilter.h"
#include "db/SpcReport.h"

#include <vector>

namespace optiqual::db::central {

class PgConnection;

/// @brief Capability of every measurement over every station's runs in the central store (`--by station`: of each
/// station's), computed by the station's own CapabilityTally from the values CentralValueScan streams.
std::vector<CapabilityRow> queryCentralCapability(PgConnection& connection, const ReportFilter& filter,
                                                  CapabilityOptions options = {});

/// @brief Control charts of every measurement over every station's runs in the central store (`--by station`: of
/// each station's), computed by the station's own SpcTally; points name their run by UUID (SpcPoint::runUuid).
std::vector<SpcChart> queryCentralSpc(PgConnection& connection, const ReportFilter& filter, SpcOptions options = {});

} // namespace optiqual::db::central
