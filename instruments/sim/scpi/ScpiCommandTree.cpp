#include "instruments/sim/scpi/ScpiCommandTree.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <set>
#include <stdexcept>
#include <utility>

namespace optiqual::instruments::sim {
namespace {

constexpr std::size_t kMaxOptionalNodes = 8;
constexpr std::size_t kMaxSuffixDigits = 9; // fits an int

[[noreturn]] void badPattern(std::string_view pattern, std::string_view why) {
    throw std::invalid_argument("SCPI pattern '" + std::string(pattern) + "': " + std::string(why));
}

bool isKeywordChar(char c) {
    return isAsciiAlpha(c) || isAsciiDigit(c) || c == '_';
}

/// Compares a typed keyword with a form already in upper case.
bool equalsUpper(std::string_view typed, std::string_view upper) {
    if (typed.size() != upper.size()) {
        return false;
    }
    for (std::size_t i = 0; i < typed.size(); ++i) {
        if (toUpperAscii(typed[i]) != upper[i]) {
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<ScpiCommandTree::PatternNode> ScpiCommandTree::parsePattern(std::string_view pattern, bool& query) {
    std::string_view text = trimScpi(pattern);
    query = !text.empty() && text.back() == '?';
    if (query) {
        text.remove_suffix(1);
    }
    std::vector<PatternNode> nodes;
    std::size_t pos = !text.empty() && text.front() == ':' ? 1 : 0;
    while (pos < text.size()) {
        PatternNode node;
        bool colonInsideBracket = false; // "[SOURce:]VOLTage": the separator sits inside the brackets
        if (text[pos] == '[') {
            node.optional = true;
            ++pos;
            if (pos < text.size() && text[pos] == ':') {
                ++pos;
            }
        }
        const std::size_t start = pos;
        if (pos < text.size() && text[pos] == '*') {
            ++pos;
        }
        while (pos < text.size() && isKeywordChar(text[pos])) {
            ++pos;
        }
        const std::string_view keyword = text.substr(start, pos - start);
        if (keyword.empty() || keyword == "*" || !(isAsciiAlpha(keyword.front()) || keyword.front() == '*')) {
            badPattern(pattern, "empty or invalid keyword");
        }
        if (keyword.front() == '*' && (text.find(':') != std::string_view::npos || node.optional)) {
            badPattern(pattern, "a common command is a single mandatory node");
        }
        if (pos < text.size() && text[pos] == '#') {
            node.numericSuffix = true;
            ++pos;
        }
        if (node.optional) {
            if (pos < text.size() && text[pos] == ':') {
                colonInsideBracket = true;
                ++pos;
            }
            if (pos >= text.size() || text[pos] != ']') {
                badPattern(pattern, "'[' without ']'");
            }
            ++pos;
        }
        for (char c : keyword) {
            node.longForm += toUpperAscii(c);
            if (!isAsciiLower(c)) {
                node.shortForm += c;
            }
        }
        nodes.push_back(std::move(node));

        // What may follow a node: the end, ":" and a node, or an optional node.
        if (pos == text.size()) {
            if (colonInsideBracket) {
                badPattern(pattern, "no node after '[...:]'");
            }
            break;
        }
        if (text[pos] == ':' && !colonInsideBracket) {
            ++pos;
            if (pos == text.size() || text[pos] == ':' || text[pos] == '[') {
                badPattern(pattern, "empty node");
            }
        } else if (text[pos] != '[' && !colonInsideBracket) {
            badPattern(pattern, "unexpected character");
        }
    }
    if (nodes.empty()) {
        badPattern(pattern, "no nodes");
    }
    if (nodes.size() > kMaxScpiPatternNodes) {
        badPattern(pattern, "too many nodes");
    }
    return nodes;
}

bool ScpiCommandTree::overlaps(const TrieNode& existing, const PatternNode& node) {
    // Some typed keyword would match both: they share a form. The suffix flag does not separate them, since
    // "OUTP" matches "OUTPut" and "OUTPut#" alike.
    return existing.shortForm == node.shortForm || existing.shortForm == node.longForm ||
           existing.longForm == node.shortForm || existing.longForm == node.longForm;
}

std::int32_t ScpiCommandTree::findClash(std::uint32_t at, const std::vector<PatternNode>& nodes,
                                        std::span<const std::uint8_t> path, bool query) const {
    if (path.empty()) {
        return m_nodes[at].leaf[query ? 1 : 0];
    }
    for (std::uint32_t child : m_nodes[at].children) {
        if (overlaps(m_nodes[child], nodes[path.front()])) {
            const std::int32_t leaf = findClash(child, nodes, path.subspan(1), query);
            if (leaf >= 0) {
                return leaf;
            }
        }
    }
    return -1;
}

std::int32_t ScpiCommandTree::findChild(std::uint32_t parent, const PatternNode& node) const {
    for (std::uint32_t child : m_nodes[parent].children) {
        const TrieNode& candidate = m_nodes[child];
        if (candidate.longForm == node.longForm && candidate.shortForm == node.shortForm &&
            candidate.numericSuffix == node.numericSuffix) {
            return static_cast<std::int32_t>(child);
        }
    }
    return -1;
}

void ScpiCommandTree::add(std::string_view pattern, std::size_t minParams, std::size_t maxParams, ScpiHandler handler) {
    bool query = false;
    const std::vector<PatternNode> nodes = parsePattern(pattern, query);
    if (minParams > maxParams) {
        badPattern(pattern, "minParams > maxParams");
    }
    if (!handler) {
        badPattern(pattern, "no handler");
    }
    std::vector<std::size_t> optional;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].optional) {
            optional.push_back(i);
        }
    }
    if (optional.size() > kMaxOptionalNodes) {
        badPattern(pattern, "too many optional nodes");
    }

    // Every present/absent combination of the optional nodes is one header form.
    std::vector<std::vector<std::uint8_t>> expansions;
    const std::size_t combinations = std::size_t{1} << optional.size();
    for (std::size_t mask = 0; mask < combinations; ++mask) {
        std::vector<std::uint8_t> path;
        std::size_t bit = 0;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (!nodes[i].optional || (mask >> bit++) & 1U) {
                path.push_back(static_cast<std::uint8_t>(i));
            }
        }
        if (!path.empty()) {
            expansions.push_back(std::move(path));
        }
    }

    // Check every form before inserting any, so a rejected pattern leaves the tree untouched.
    std::set<std::string> seen;
    for (const auto& path : expansions) {
        std::string key;
        for (std::uint8_t index : path) {
            key += nodes[index].shortForm + ':';
        }
        if (!seen.insert(key).second) {
            badPattern(pattern, "optional nodes make two identical forms");
        }
        const std::int32_t existing = findClash(0, nodes, path, query);
        if (existing >= 0) {
            const ScpiCommand& other = m_commands[m_leaves[static_cast<std::size_t>(existing)].command];
            badPattern(pattern, "clashes with '" + other.pattern + "'");
        }
    }

    const auto commandIndex = static_cast<std::uint32_t>(m_commands.size());
    m_commands.push_back(
        ScpiCommand{std::string(trimScpi(pattern)), query, nodes.size(), minParams, maxParams, std::move(handler)});
    for (const auto& path : expansions) {
        std::uint32_t at = 0;
        Leaf leaf;
        leaf.command = commandIndex;
        for (std::size_t depth = 0; depth < path.size(); ++depth) {
            const PatternNode& node = nodes[path[depth]];
            leaf.patternNode[depth] = path[depth];
            const std::int32_t child = findChild(at, node);
            if (child >= 0) {
                at = static_cast<std::uint32_t>(child);
                continue;
            }
            TrieNode created;
            created.shortForm = node.shortForm;
            created.longForm = node.longForm;
            created.numericSuffix = node.numericSuffix;
            m_nodes.push_back(std::move(created));
            const auto createdIndex = static_cast<std::uint32_t>(m_nodes.size() - 1);
            m_nodes[at].children.push_back(createdIndex);
            at = createdIndex;
        }
        m_leaves.push_back(leaf);
        m_nodes[at].leaf[query ? 1 : 0] = static_cast<std::int32_t>(m_leaves.size() - 1);
    }
}

bool ScpiCommandTree::nodeMatches(const TrieNode& node, const TypedKeyword& typed) {
    if (node.numericSuffix) {
        return equalsUpper(typed.stem, node.shortForm) || equalsUpper(typed.stem, node.longForm);
    }
    return equalsUpper(typed.full, node.shortForm) || equalsUpper(typed.full, node.longForm);
}

std::int32_t ScpiCommandTree::descend(std::uint32_t node, std::span<const TypedKeyword> typed, std::size_t depth,
                                      bool query, std::uint32_t* path) const {
    if (depth == typed.size()) {
        return m_nodes[node].leaf[query ? 1 : 0];
    }
    // Backtracking matters only when two children accept the same keyword (e.g. "OUTPut" and "OUTPut#").
    for (std::uint32_t child : m_nodes[node].children) {
        if (nodeMatches(m_nodes[child], typed[depth])) {
            path[depth] = child;
            const std::int32_t leaf = descend(child, typed, depth + 1, query, path);
            if (leaf >= 0) {
                return leaf;
            }
        }
    }
    return -1;
}

const ScpiCommand* ScpiCommandTree::find(std::span<const std::string_view> keywords, bool query,
                                         ScpiHeaderSuffixes& suffixes) const {
    if (keywords.empty() || keywords.size() > kMaxScpiPatternNodes) {
        return nullptr;
    }
    std::array<TypedKeyword, kMaxScpiPatternNodes> typed;
    for (std::size_t i = 0; i < keywords.size(); ++i) {
        TypedKeyword& t = typed[i];
        t.full = keywords[i];
        std::size_t stemEnd = t.full.size();
        while (stemEnd > 0 && isAsciiDigit(t.full[stemEnd - 1])) {
            --stemEnd;
        }
        t.stem = t.full.substr(0, stemEnd);
        const std::string_view digits = t.full.substr(stemEnd);
        if (!digits.empty() && stemEnd > 0) {
            if (digits.size() > kMaxSuffixDigits) {
                throw ScpiError(-114);
            }
            int value = 0;
            for (char c : digits) {
                value = value * 10 + (c - '0');
            }
            t.suffix = value;
            t.hasSuffix = true;
        }
    }
    std::array<std::uint32_t, kMaxScpiPatternNodes> path{};
    const std::int32_t leafIndex =
        descend(0, std::span<const TypedKeyword>(typed.data(), keywords.size()), 0, query, path.data());
    if (leafIndex < 0) {
        return nullptr;
    }
    const Leaf& leaf = m_leaves[static_cast<std::size_t>(leafIndex)];
    const ScpiCommand& command = m_commands[leaf.command];
    suffixes.count = command.nodeCount;
    suffixes.values.fill(1);
    suffixes.given.fill(false);
    for (std::size_t depth = 0; depth < keywords.size(); ++depth) {
        if (m_nodes[path[depth]].numericSuffix && typed[depth].hasSuffix) {
            suffixes.values[leaf.patternNode[depth]] = typed[depth].suffix;
            suffixes.given[leaf.patternNode[depth]] = true;
        }
    }
    return &command;
}

} // namespace optiqual::instruments::sim
