#include "db/MeasurementSeries.h"

#include "db/ChunkedValues.h"
#include "db/ValueScan.h"

namespace optiqual::db {

std::vector<MeasurementSeries> loadMeasurementSeries(const Connection& c, const ReportFilter& filter) {
    const ValueScan scan(c, filter);
    auto series = scan.series();
    std::vector<ChunkedValues> chunks(series.size());
    scan.forEach([&](std::size_t s, double value, const ValueRun&) { chunks[s].push(value); });
    for (std::size_t s = 0; s < series.size(); ++s)
        series[s].values = chunks[s].take();
    std::erase_if(series, [](const MeasurementSeries& s) { return s.values.empty(); });
    return series;
}

} // namespace optiqual::db
