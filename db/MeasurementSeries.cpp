#include "db/MeasurementSeries.h"

#include "db/ValueScan.h"

#include <memory>

namespace optiqual::db {

std::vector<MeasurementSeries> loadMeasurementSeries(const Connection& c, const ReportFilter& filter) {
    const ValueScan scan(c, filter);
    auto series = scan.series();
    // Gathered in fixed-size chunks and copied once into exactly sized vectors: a doubling vector would hold up
    // to twice the values (and three times while it grows).
    constexpr std::size_t kChunk = 1 << 16;
    std::vector<std::vector<std::unique_ptr<double[]>>> chunks(series.size());
    std::vector<std::size_t> counts(series.size(), 0);
    scan.forEach([&](std::size_t s, double value, std::int64_t, std::int64_t) {
        const auto at = counts[s]++ % kChunk;
        if (at == 0)
            chunks[s].push_back(std::make_unique_for_overwrite<double[]>(kChunk));
        chunks[s].back()[at] = value;
    });
    for (std::size_t s = 0; s < series.size(); ++s) {
        auto& values = series[s].values;
        values.reserve(counts[s]);
        for (std::size_t k = 0; k < chunks[s].size(); ++k)
            values.insert(values.end(), chunks[s][k].get(),
                          chunks[s][k].get() + std::min(kChunk, counts[s] - k * kChunk));
        chunks[s].clear();
    }
    std::erase_if(series, [](const MeasurementSeries& s) { return s.values.empty(); });
    return series;
}

} // namespace optiqual::db
