#include "station/StationData.h"

#include <cmath>
#include <regex>
#include <yaml-cpp/yaml.h>

namespace optiqual::station {

const std::vector<double>* StationData::find(int socket, const std::string& name) const {
    if (auto it = m_values.find(name + "@" + std::to_string(socket)); it != m_values.end())
        return &it->second;
    if (auto it = m_values.find(name); it != m_values.end())
        return &it->second;
    return nullptr;
}

StationData StationData::read(const YAML::Node& node, const std::string& file,
                              std::vector<core::Diagnostic>& diagnostics) {
    StationData data;
    auto error = [&](const YAML::Node& at, std::string message) {
        const auto mark = at.Mark();
        diagnostics.push_back(
            {{file, mark.line < 0 ? 0 : mark.line + 1, mark.line < 0 ? 0 : mark.column + 1}, std::move(message)});
    };
    if (!node.IsMap()) {
        error(node, "station_data must be a mapping of name (or name@socket) to a number or a list of numbers");
        return data;
    }
    static const std::regex kKey("[A-Za-z_][A-Za-z0-9_]*(@[1-9][0-9]{0,2})?");
    auto number = [&](const YAML::Node& value, const std::string& key) -> std::optional<double> {
        try {
            if (value.IsScalar()) {
                const double v = value.as<double>();
                if (std::isfinite(v))
                    return v;
            }
        } catch (const YAML::Exception&) {
        }
        error(value, "station_data '" + key + "' must hold numbers, got '" +
                         (value.IsScalar() ? value.Scalar() : std::string("a non-scalar")) + "'");
        return std::nullopt;
    };
    for (const auto& kv : node) {
        if (!kv.first.IsScalar() || !std::regex_match(kv.first.Scalar(), kKey)) {
            error(kv.first, "station_data names are identifiers, optionally with @socket (tx_path_loss@2), not '" +
                                (kv.first.IsScalar() ? kv.first.Scalar() : std::string("a non-scalar")) + "'");
            continue;
        }
        const std::string key = kv.first.Scalar();
        std::vector<double> values;
        if (kv.second.IsSequence()) {
            for (const auto& item : kv.second)
                if (auto v = number(item, key))
                    values.push_back(*v);
            if (kv.second.size() == 0)
                error(kv.second, "station_data '" + key + "' is an empty list");
        } else if (auto v = number(kv.second, key)) {
            values.push_back(*v);
        }
        if (!values.empty())
            data.m_values[key] = std::move(values);
    }
    return data;
}

} // namespace optiqual::station
