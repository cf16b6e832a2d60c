#pragma once
#include "db/Records.h"
#include "db/central/Uploader.h"

#include <filesystem>
#include <string>
#include <vector>

namespace optiqual::test {

/// @brief Writes @p runs finished runs of station @p station into the results file @p file through the real
/// writer: numeric steps with lanes and conditions, a text measurement, a NaN reading, a trace, an audit event,
/// a failing unit every fifth, an instrument ERROR every seventh, and one run from two years ago (outside the central
/// store's month partitions). With @p retestFailures, each unit that did not pass is tested again an hour later and
/// passes (a retest). Returns the runs' UUIDs in order.
std::vector<std::string> writeStationRuns(const std::filesystem::path& file, const std::string& station, int runs,
                                          const std::string& serialPrefix, bool retestFailures = false);

/// @brief Writes @p runs finished runs of station @p station for capability and SPC: step main/optics/tx_power with
/// a two-sided measurement that drifts by @p drift a run plus noise (seeded by the station's name), a one-sided one,
/// a logged one without limits and a NaN reading; part XPO-400G-FR4 every third run (XPO-800G-DR8 otherwise), run 3
/// aborted (never counted), run 1 two years before the others. Returns the runs' UUIDs in order.
std::vector<std::string> writeDriftingRuns(const std::filesystem::path& file, const std::string& station, int runs,
                                           const std::string& serialPrefix, double drift);

/// @brief Every run @p uuids names, read from the station file and from the central store at @p url: the same
/// payload hash (the whole test record), the same steps, some measurements (GoogleTest expectations).
void expectSameOnBothSides(const std::filesystem::path& file, const std::string& url,
                           const std::vector<std::string>& uuids);

class PgCluster;

/// @brief Creates database @p name on @p cluster with the central schema migrated in; returns its URL.
std::string createCentralDatabase(PgCluster& cluster, const std::string& name);

/// @brief Opens the station file @p file read-write and sends every run due to the central store at @p url, @p batch
/// runs a transaction (one Uploader::sendDue()).
db::central::UploadProgress uploadStationFile(const std::filesystem::path& file, const std::string& url, int batch);

/// @brief `SELECT count(*)` of @p table at @p url.
long long centralCount(const std::string& url, const std::string& table);

} // namespace optiqual::test
