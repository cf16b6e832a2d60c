#include "db/central/CentralCapability.h"

#include "db/CapabilityTally.h"
#include "db/SpcTally.h"
#include "db/central/CentralValueScan.h"

namespace optiqual::db::central {

std::vector<CapabilityRow> queryCentralCapability(PgConnection& connection, const ReportFilter& filter,
                                                  CapabilityOptions options) {
    return tallyCapability(CentralValueScan(connection, filter), options);
}

std::vector<SpcChart> queryCentralSpc(PgConnection& connection, const ReportFilter& filter, SpcOptions options) {
    return tallySpc(CentralValueScan(connection, filter), options);
}

} // namespace optiqual::db::central
