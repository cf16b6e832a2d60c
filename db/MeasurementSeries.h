#pragma once
#include "db/ReportFilter.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::db {

class Connection;

/// @brief One measurement definition (step path, name, unit, limits) with its numeric values in time order.
struct MeasurementSeries {
    std::int64_t defId = 0;
    std::string stepPath;
    std::string name;
    std::string unit;
    std::string comparator;
    std::optional<double> lsl; ///< the low limit when the comparator uses it
    std::optional<double> usl;
    std::vector<double> values; ///< empty when a report streams them instead (ValueScan)
    std::string group;          ///< the station with `--by station` on the central store; empty otherwise

    std::string label() const { return stepPath + "/" + name; }
};

/// @brief Numeric values of every measurement definition over the filter's runs (aborted and terminated left
/// out), ordered by run start then measurement order; filter.measurement keeps labels containing it. Definitions
/// without values are left out.
std::vector<MeasurementSeries> loadMeasurementSeries(const Connection& connection, const ReportFilter& filter);

} // namespace optiqual::db
