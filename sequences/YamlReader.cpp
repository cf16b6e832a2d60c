#include "sequences/YamlReader.h"

#include "core/Quantity.h"
#include "core/Units.h"
#include "sequences/Spelling.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace optiqual::sequences {

YAML::Node YamlReader::Fields::get(std::string_view key) const {
    const Entry* e = find(key);
    return e ? e->value : YAML::Node(YAML::NodeType::Undefined);
}

bool YamlReader::Fields::has(std::string_view key) const {
    return find(key) != nullptr;
}

const YamlReader::Fields::Entry* YamlReader::Fields::find(std::string_view key) const {
    for (const Entry& e : entries)
        if (e.key == key)
            return &e;
    return nullptr;
}

YamlReader::YamlReader(std::string file, const std::string& text, std::vector<core::Diagnostic>& diagnostics)
    : m_file(std::move(file)), m_text(text), m_diagnostics(diagnostics) {}

core::SourceLocation YamlReader::at(const YAML::Node& node) const {
    if (node.IsDefined() && node.IsNull())
        for (const auto& [empty, where] : m_emptyValues)
            if (empty.is(node))
                return where;
    const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
    if (mark.line < 0)
        return {m_file, 0, 0};
    return {m_file, mark.line + 1, mark.column + 1};
}

core::SourceLocation YamlReader::contentAt(const YAML::Node& node) const {
    core::SourceLocation where = at(node);
    if (!node.IsDefined() || !node.IsScalar() || where.line == 0)
        return where;
    const auto pos = static_cast<std::size_t>(node.Mark().pos);
    if (pos >= m_text.size())
        return where;
    const char c = m_text[pos];
    if (c == '"' || c == '\'') {
        ++where.column;
    } else if (c == '|' || c == '>') {
        // Block scalar: the content begins on the first non-blank line after the indicator line.
        std::size_t i = m_text.find('\n', pos);
        while (i != std::string::npos && i + 1 < m_text.size()) {
            ++where.line;
            std::size_t j = i + 1;
            while (j < m_text.size() && m_text[j] == ' ')
                ++j;
            if (j < m_text.size() && m_text[j] != '\n') {
                where.column = static_cast<int>(j - i);
                break;
            }
            i = j;
        }
    }
    return where;
}

void YamlReader::error(const core::SourceLocation& where, std::string message) {
    m_diagnostics.push_back({where, std::move(message)});
}

void YamlReader::error(const YAML::Node& node, std::string message) {
    error(at(node), std::move(message));
}

bool YamlReader::expectMap(const YAML::Node& node, std::string_view what) {
    if (node.IsMap())
        return true;
    error(node, std::string(what) + " must be a mapping (key: value lines)");
    return false;
}

bool YamlReader::expectSequence(const YAML::Node& node, std::string_view what) {
    if (node.IsSequence())
        return true;
    error(node, std::string(what) + " must be a list");
    return false;
}

bool YamlReader::expectScalar(const YAML::Node& node, std::string_view what) {
    if (node.IsScalar())
        return true;
    if (node.IsNull())
        error(node, std::string(what) + " has no value");
    else
        error(node, std::string(what) + " must be a single value, not a " + (node.IsMap() ? "mapping" : "list"));
    return false;
}

YamlReader::Fields YamlReader::namedEntries(const YAML::Node& map, std::string_view what) {
    return readFields(map, what, nullptr, {});
}

YamlReader::Fields YamlReader::fields(const YAML::Node& map, std::string_view what,
                                      const std::vector<std::string>& allowed,
                                      const std::vector<std::string>& elsewhere) {
    return readFields(map, what, &allowed, elsewhere);
}

YamlReader::Fields YamlReader::readFields(const YAML::Node& map, std::string_view what,
                                          const std::vector<std::string>* allowed,
                                          const std::vector<std::string>& elsewhere) {
    Fields out;
    if (!expectMap(map, what))
        return out;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const YAML::Node key = it->first;
        const YAML::Node value = it->second;
        if (!key.IsScalar()) {
            error(key, "a key in " + std::string(what) + " must be a plain name");
            continue;
        }
        const std::string name = key.Scalar();
        if (value.IsNull() && value.Mark().line != key.Mark().line) {
            core::SourceLocation where = at(key);
            where.column += static_cast<int>(name.size()) + 1; // just after the ':'
            m_emptyValues.emplace_back(value, where);
        }
        if (out.has(name)) {
            error(key, (allowed ? "duplicate field '" : "duplicate name '") + name + "' in " + std::string(what));
            continue;
        }
        if (allowed && std::find(allowed->begin(), allowed->end(), name) == allowed->end()) {
            out.rejected.push_back(name);
            if (std::find(elsewhere.begin(), elsewhere.end(), name) != elsewhere.end())
                error(key, "field '" + name + "' does not apply to " + std::string(what));
            else
                error(key, "unknown field '" + name + "' in " + std::string(what) + didYouMean(name, *allowed));
            continue;
        }
        out.entries.push_back({name, key, value});
    }
    return out;
}

std::optional<std::string> YamlReader::text(const YAML::Node& node, std::string_view what) {
    if (!expectScalar(node, what))
        return std::nullopt;
    return node.Scalar();
}

bool YamlReader::isIdentifier(std::string_view t) {
    if (t.empty() || std::isdigit(static_cast<unsigned char>(t.front())))
        return false;
    return std::all_of(t.begin(), t.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::optional<std::string> YamlReader::identifier(const YAML::Node& node, std::string_view what) {
    auto t = text(node, what);
    if (!t)
        return std::nullopt;
    if (!isIdentifier(*t)) {
        error(contentAt(node),
              std::string(what) + " '" + *t + "' must be an identifier (a letter or '_', then letters, digits or '_')");
        return std::nullopt;
    }
    return t;
}

std::optional<double> YamlReader::number(const YAML::Node& node, std::string_view what) {
    auto t = text(node, what);
    if (!t)
        return std::nullopt;
    std::string_view s = *t;
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || !std::isfinite(value)) {
        error(contentAt(node), std::string(what) + " must be a number, not '" + *t + "'");
        return std::nullopt;
    }
    return value;
}

std::optional<int> YamlReader::integer(const YAML::Node& node, std::string_view what) {
    auto t = text(node, what);
    if (!t)
        return std::nullopt;
    int value = 0;
    auto [ptr, ec] = std::from_chars(t->data(), t->data() + t->size(), value);
    if (ec != std::errc() || ptr != t->data() + t->size() || t->empty()) {
        error(contentAt(node), std::string(what) + " must be a whole number, not '" + *t + "'");
        return std::nullopt;
    }
    return value;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what) {
    auto t = text(node, what);
    if (!t)
        return std::nullopt;
    if (*t == "true" || *t == "yes" || *t == "on")
        return true;
    if (*t == "false" || *t == "no" || *t == "off")
        return false;
    error(contentAt(node), std::string(what) + " must be true or false, not '" + *t + "'");
    return std::nullopt;
}

std::optional<std::chrono::nanoseconds> YamlReader::duration(const YAML::Node& node, std::string_view what) {
    auto t = text(node, what);
    if (!t)
        return std::nullopt;
    if (auto d = core::parseDuration(*t))
        return d;
    double bare = 0;
    auto [ptr, ec] = std::from_chars(t->data(), t->data() + t->size(), bare);
    if (ec == std::errc() && ptr == t->data() + t->size())
        error(contentAt(node),
              std::string(what) + " '" + *t + "' needs a unit (ns, us, ms, s, min, h), e.g. '" + *t + "s'");
    else
        error(contentAt(node), std::string(what) + " must be a duration such as '30s' or '2 min', not '" + *t + "'");
    return std::nullopt;
}

std::optional<std::string> YamlReader::unit(const YAML::Node& node, std::string_view what) {
    if (node.IsNull() && node.Tag().empty())
        return std::string(); // `unit:` with nothing: dimensionless
    auto t = text(node, what);
    if (!t)
        return std::nullopt;
    const core::Unit* u = core::findUnit(*t);
    if (!u) {
        std::vector<std::string> symbols;
        for (const core::Unit& known : core::allUnits())
            symbols.emplace_back(known.symbol);
        error(contentAt(node), "unknown unit '" + *t + "'" + didYouMean(*t, symbols));
        return std::nullopt;
    }
    return std::string(u->symbol);
}

std::optional<Expression> YamlReader::expression(const YAML::Node& node, std::string_view what) {
    auto t = text(node, what);
    if (!t)
        return std::nullopt;
    return Expression{*t, contentAt(node)};
}

} // namespace optiqual::sequences
