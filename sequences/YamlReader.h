#pragma once
#include "core/Diagnostic.h"
#include "sequences/Sequence.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace optiqual::sequences {

/// @brief Reads YAML nodes of one file into model values: every value gets its 1-based file:line:column, every
/// problem becomes a Diagnostic (collected, never thrown), so one pass reports all of them.
class YamlReader {
public:
    /// @brief The entries of one mapping, keys checked against the allowed ones.
    struct Fields {
        struct Entry {
            std::string key;
            YAML::Node keyNode;
            YAML::Node value;
        };
        std::vector<Entry> entries;
        std::vector<std::string> rejected; ///< keys reported as unknown or misplaced

        /// @brief The value of @p key, or an invalid (!IsDefined()) node.
        YAML::Node get(std::string_view key) const;
        bool has(std::string_view key) const;
        const Entry* find(std::string_view key) const;
    };

    /// @brief @p text is the file's content (to place quoted and block scalars' content exactly).
    YamlReader(std::string file, const std::string& text, std::vector<core::Diagnostic>& diagnostics);

    const std::string& file() const { return m_file; }
    /// @brief Where @p node starts (its first character, quote or indicator included).
    core::SourceLocation at(const YAML::Node& node) const;
    /// @brief Where a scalar's content starts: after an opening quote; the first content line of a block scalar.
    core::SourceLocation contentAt(const YAML::Node& node) const;

    void error(const core::SourceLocation& where, std::string message);
    void error(const YAML::Node& node, std::string message);

    /// @brief The mapping's entries; reports a node that is not a mapping ("@p what must be a mapping"), duplicate
    /// keys, and keys not in @p allowed ("unknown field 'x' in @p what", with a suggestion). Unknown keys that are
    /// in @p elsewhere get "field 'x' does not apply to @p what" instead. Unknown/duplicate entries are dropped.
    Fields fields(const YAML::Node& map, std::string_view what, const std::vector<std::string>& allowed,
                  const std::vector<std::string>& elsewhere = {});

    /// @brief A mapping whose keys are names chosen by the author (parameters, roles, limits): reports a node that
    /// is not a mapping, non-scalar and duplicate keys.
    Fields namedEntries(const YAML::Node& map, std::string_view what);

    bool expectMap(const YAML::Node& node, std::string_view what);
    bool expectSequence(const YAML::Node& node, std::string_view what);
    bool expectScalar(const YAML::Node& node, std::string_view what);

    std::optional<std::string> text(const YAML::Node& node, std::string_view what);
    /// @brief A name usable in expressions: a letter or '_' then letters, digits, '_'.
    std::optional<std::string> identifier(const YAML::Node& node, std::string_view what);
    std::optional<double> number(const YAML::Node& node, std::string_view what);
    std::optional<int> integer(const YAML::Node& node, std::string_view what);
    std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
    /// @brief "30s", "2 min", "1.5h", "250ms" (core::parseDuration); a bare number is rejected (no unit).
    std::optional<std::chrono::nanoseconds> duration(const YAML::Node& node, std::string_view what);
    /// @brief A unit symbol known to core::findUnit ("" is dimensionless).
    std::optional<std::string> unit(const YAML::Node& node, std::string_view what);
    /// @brief A scalar as an expression, located at its content.
    std::optional<Expression> expression(const YAML::Node& node, std::string_view what);

    static bool isIdentifier(std::string_view text);

private:
    Fields readFields(const YAML::Node& map, std::string_view what, const std::vector<std::string>* allowed,
                      const std::vector<std::string>& elsewhere);

    std::string m_file;
    const std::string& m_text;
    std::vector<core::Diagnostic>& m_diagnostics;
    /// yaml-cpp places an empty value (`key:`) at the next token, often on the next line: such values are
    /// located just after their key instead.
    std::vector<std::pair<YAML::Node, core::SourceLocation>> m_emptyValues;
};

} // namespace optiqual::sequences
