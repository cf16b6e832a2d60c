#include "db/SpcReport.h"

#include "db/SpcTally.h"
#include "db/ValueScan.h"

namespace optiqual::db {

std::vector<SpcChart> querySpc(const Connection& connection, const ReportFilter& filter, SpcOptions options) {
    return tallySpc(ValueScan(connection, filter), options);
}

std::string describeRules(std::uint8_t bits) {
    std::string out;
    for (int rule = 1; rule <= 4; ++rule)
        if (bits & (1 << (rule - 1))) {
            if (!out.empty())
                out += ",";
            out += std::to_string(rule);
        }
    return out;
}

} // namespace optiqual::db
