#include "db/SpcReport.h"

#include "db/Statistics.h"

#include <algorithm>

namespace optiqual::db {

std::vector<SpcChart> querySpc(const Connection& connection, const ReportFilter& filter) {
    std::vector<SpcChart> charts;
    for (auto& s : loadMeasurementSeries(connection, filter)) {
        SpcChart chart;
        const auto cap = computeCapability(s.values, std::nullopt, std::nullopt);
        chart.center = cap.mean;
        chart.sigma = cap.sigmaWithin;
        chart.ucl = cap.mean + 3 * cap.sigmaWithin;
        chart.lcl = cap.mean - 3 * cap.sigmaWithin;
        chart.rules = westernElectric(s.values, chart.center, chart.sigma);
        chart.violations = std::count_if(chart.rules.begin(), chart.rules.end(), [](auto b) { return b != 0; });
        chart.series = std::move(s);
        charts.push_back(std::move(chart));
    }
    std::stable_sort(charts.begin(), charts.end(),
                     [](const SpcChart& a, const SpcChart& b) { return a.violations > b.violations; });
    return charts;
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
