#include "db/CapabilityReport.h"

#include <algorithm>

namespace optiqual::db {

std::vector<CapabilityRow> queryCapability(const Connection& connection, const ReportFilter& filter) {
    std::vector<CapabilityRow> rows;
    for (auto& s : loadMeasurementSeries(connection, filter)) {
        CapabilityRow row;
        row.capability = computeCapability(s.values, s.lsl, s.usl);
        row.belowTarget = row.capability.cpk && *row.capability.cpk < kCpkTarget;
        row.series = std::move(s);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const CapabilityRow& a, const CapabilityRow& b) {
        if (a.capability.cpk.has_value() != b.capability.cpk.has_value())
            return a.capability.cpk.has_value();
        return a.capability.cpk && *a.capability.cpk < *b.capability.cpk;
    });
    return rows;
}

} // namespace optiqual::db
