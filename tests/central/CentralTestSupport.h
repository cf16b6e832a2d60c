#pragma once
#include "db/Records.h"

#include <filesystem>
#include <string>
#include <vector>

namespace optiqual::test {

/// @brief Writes @p runs finished runs of station @p station into the results file @p file through the real
/// writer: numeric steps with lanes and conditions, a text measurement, a NaN reading, a trace, an audit event,
/// a failing unit every fifth, and one run from two years ago (outside the central store's month partitions).
/// Returns the runs' UUIDs in order.
std::vector<std::string> writeStationRuns(const std::filesystem::path& file, const std::string& station, int runs,
                                          const std::string& serialPrefix);

} // namespace optiqual::test
