#pragma once
#include "db/MeasurementSeries.h"
#include "db/Statistics.h"

#include <vector>

namespace optiqual::db {

/// @brief Capability of one measurement definition.
struct CapabilityRow {
    MeasurementSeries series;
    Capability capability;
    bool belowTarget = false; ///< Cpk < 1.33
};

/// @brief What a capability report keeps besides the figures.
struct CapabilityOptions {
    /// The values themselves (histograms). Without them the figures are computed in passes over the database
    /// (CapabilityPasses) and memory does not grow with the history.
    bool keepValues = true;
};

/// @brief Capability of every measurement over the filter's runs, lowest Cpk first (those without Cpk last).
std::vector<CapabilityRow> queryCapability(const Connection& connection, const ReportFilter& filter,
                                           CapabilityOptions options = {});

} // namespace optiqual::db
