#pragma once
#include "core/Diagnostic.h"

#include <map>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace optiqual::station {

/// @brief What a station knows about itself that sequences read by name (`station_data:` in the station file,
/// docs/station-config.md): its calibration table (path losses), which DAQ channel or switch output belongs to
/// which socket, the power of its reference source. Each entry is a number or a table (a list, read as `name(i)`),
/// for every socket (`name`) or for one (`name@2`, which wins over `name` on socket 2).
class StationData {
public:
    /// @brief The values of @p name on @p socket, or null when the station has none.
    const std::vector<double>* find(int socket, const std::string& name) const;
    bool empty() const { return m_values.empty(); }
    const std::map<std::string, std::vector<double>>& entries() const { return m_values; }

    /// @brief Reads a `station_data:` mapping; problems go to @p diagnostics as file:line:column messages.
    static StationData read(const YAML::Node& node, const std::string& file,
                            std::vector<core::Diagnostic>& diagnostics);

private:
    std::map<std::string, std::vector<double>> m_values; ///< keyed as written ("tx_path_loss@1")
};

} // namespace optiqual::station
