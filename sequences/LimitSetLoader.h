#pragma once
#include "sequences/Sequence.h"
#include "sequences/YamlReader.h"

#include <string>
#include <vector>

namespace optiqual::sequences {

/// @brief Reads limit sets (a sequence's `limits:` list or a limits file) and computes their hashes.
///
/// ```yaml
/// limits:
///   - part_number: XPO-DR8-1600
///     revision: B                     # optional
///     limits:
///       tx_power: {comparator: GELE, low: -2.9, high: 4.0, unit: dBm}
///       ber: {high: 2.4e-4, unit: ""}  # comparator inferred: LE
/// ```
class LimitSetLoader {
public:
    explicit LimitSetLoader(YamlReader& reader) : m_reader(reader) {}

    /// @brief The sets of a `limits:` list, each with its hash.
    std::vector<LimitSet> readSets(const YAML::Node& list);
    /// @brief One limit: `{comparator, low, high, nominal, unit}`. The comparator, when absent, follows from the
    /// bounds given: low+high GELE, low GE, high LE, nominal EQ, none LOG. Locations go to @p fieldWhere under
    /// "<prefix>low" etc.
    std::optional<Limit> readLimit(const YAML::Node& node, const std::string& what, const std::string& prefix,
                                   std::map<std::string, core::SourceLocation>& fieldWhere);

    /// @brief SHA-256 of the set's canonical text (part number, revision, each limit sorted by name with its
    /// comparator, bounds as shortest round-trip numbers, unit): stable across formatting and key order.
    static std::string hash(const LimitSet& set);

private:
    YamlReader& m_reader;
};

} // namespace optiqual::sequences
