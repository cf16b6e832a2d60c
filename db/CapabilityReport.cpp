#include "db/CapabilityReport.h"

#include "db/ValueScan.h"

#include <algorithm>

namespace optiqual::db {

namespace {

std::vector<CapabilityRow> computeRows(std::vector<MeasurementSeries> series, std::vector<Capability> capabilities) {
    std::vector<CapabilityRow> rows;
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (capabilities[i].n == 0)
            continue;
        CapabilityRow row;
        row.capability = capabilities[i];
        row.belowTarget = row.capability.cpk && *row.capability.cpk < kCpkTarget;
        row.series = std::move(series[i]);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const CapabilityRow& a, const CapabilityRow& b) {
        if (a.capability.cpk.has_value() != b.capability.cpk.has_value())
            return a.capability.cpk.has_value();
        return a.capability.cpk && *a.capability.cpk < *b.capability.cpk;
    });
    return rows;
}

} // namespace

std::vector<CapabilityRow> queryCapability(const Connection& connection, const ReportFilter& filter,
                                           CapabilityOptions options) {
    if (options.keepValues) {
        auto series = loadMeasurementSeries(connection, filter);
        std::vector<Capability> capabilities;
        for (const auto& s : series)
            capabilities.push_back(computeCapability(s.values, s.lsl, s.usl));
        return computeRows(std::move(series), std::move(capabilities));
    }
    const ValueScan scan(connection, filter);
    std::vector<CapabilityPasses> passes;
    for (const auto& s : scan.series())
        passes.emplace_back(s.lsl, s.usl);
    scan.forEach([&](std::size_t s, double v, std::int64_t, std::int64_t) { passes[s].first(v); });
    int needed = 1;
    for (const auto& p : passes)
        needed = std::max(needed, p.passesNeeded());
    if (needed >= 2)
        scan.forEach([&](std::size_t s, double v, std::int64_t, std::int64_t) { passes[s].second(v); });
    if (needed >= 3)
        scan.forEach([&](std::size_t s, double v, std::int64_t, std::int64_t) {
            if (passes[s].passesNeeded() >= 3)
                passes[s].third(v);
        });
    std::vector<Capability> capabilities;
    for (const auto& p : passes)
        capabilities.push_back(p.result());
    return computeRows(scan.series(), std::move(capabilities));
}

} // namespace optiqual::db
