#include "db/CapabilityReport.h"

#include "db/CapabilityTally.h"
#include "db/ValueScan.h"

namespace optiqual::db {

std::vector<CapabilityRow> queryCapability(const Connection& connection, const ReportFilter& filter,
                                           CapabilityOptions options) {
    return tallyCapability(ValueScan(connection, filter), options);
}

} // namespace optiqual::db
