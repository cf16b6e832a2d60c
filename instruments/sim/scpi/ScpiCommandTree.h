#pragma once
#include "instruments/sim/scpi/ScpiContext.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief Executes one command. Throws ScpiError to report an error; replies through the context.
using ScpiHandler = std::function<void(ScpiContext&)>;

/// @brief One registered command form (the query and the setting form of a header are separate commands).
struct ScpiCommand {
    std::string pattern;       ///< as registered, e.g. "[SOURce#]:VOLTage[:LEVel]?"
    bool query = false;        ///< registered with a trailing '?'
    std::size_t nodeCount = 0; ///< nodes in the pattern, optional ones included
    std::size_t minParams = 0;
    std::size_t maxParams = 0;
    ScpiHandler handler;
};

/// @brief The registered command headers of one simulated instrument, and the matching of typed headers.
///
/// Pattern syntax: nodes separated by `:`; `[...]` marks an optional node (`[SOURce#]:VOLTage[:LEVel]`,
/// `[SOURce:]VOLTage` and `[:SOURce]:VOLTage` are all accepted); capitals are the short form; `#` after a
/// keyword accepts a numeric suffix (1 when omitted); a trailing `?` registers the query form. Common
/// commands are single nodes such as `*IDN?`.
///
/// A typed keyword matches a node only when it equals, ignoring case, exactly the short or exactly the long
/// form (`MEASU` matches nothing). A numeric suffix typed on a node registered without `#` does not match
/// either, so the header is simply undefined (-113); -114 Header suffix out of range is reserved for a
/// suffix too long to be a number (more than 9 digits) — handlers throw -114 for values they do not support.
///
/// Optional nodes are expanded at registration into every present/absent combination and stored in a trie
/// of precomputed upper-case forms, so matching is a short walk with no allocation.
class ScpiCommandTree {
public:
    /// @brief Registers @p pattern. Throws std::invalid_argument for a malformed pattern, more than
    /// kMaxScpiPatternNodes nodes or 8 optional nodes, minParams > maxParams, an empty handler, or when some
    /// typed header could match both this and an earlier registration of the same form (query or setting),
    /// e.g. `MEAS:VOLT?` after `MEASure:VOLTage[:DC]?`.
    void add(std::string_view pattern, std::size_t minParams, std::size_t maxParams, ScpiHandler handler);

    /// @brief Finds the command for the typed @p keywords (the full path: no ':' and no '?', each with any
    /// numeric suffix, e.g. {"SOUR2", "VOLT"}) and fills @p suffixes for its pattern. Returns nullptr when no
    /// command matches; throws ScpiError(-114) for an unreadable suffix. The pointer stays valid while the
    /// tree lives.
    const ScpiCommand* find(std::span<const std::string_view> keywords, bool query, ScpiHeaderSuffixes& suffixes) const;

    /// @brief Number of registered commands.
    std::size_t size() const { return m_commands.size(); }

private:
    struct PatternNode {
        std::string shortForm; ///< upper case
        std::string longForm;  ///< upper case
        bool numericSuffix = false;
        bool optional = false;
    };
    struct TrieNode {
        std::string shortForm;
        std::string longForm;
        bool numericSuffix = false;
        std::vector<std::uint32_t> children;
        std::int32_t leaf[2] = {-1, -1}; ///< index into m_leaves, [0] setting form, [1] query form
    };
    struct Leaf {
        std::uint32_t command = 0;
        /// Pattern node index of each trie level along this expansion.
        std::array<std::uint8_t, kMaxScpiPatternNodes> patternNode{};
    };
    struct TypedKeyword {
        std::string_view full;
        std::string_view stem; ///< without trailing digits
        int suffix = 1;
        bool hasSuffix = false;
    };

    static std::vector<PatternNode> parsePattern(std::string_view pattern, bool& query);
    static bool nodeMatches(const TrieNode& node, const TypedKeyword& typed);
    static bool overlaps(const TrieNode& existing, const PatternNode& node);
    std::int32_t findChild(std::uint32_t parent, const PatternNode& node) const;
    /// The leaf of an existing command that some typed header of @p path would also reach, or -1.
    std::int32_t findClash(std::uint32_t at, const std::vector<PatternNode>& nodes, std::span<const std::uint8_t> path,
                           bool query) const;
    std::int32_t descend(std::uint32_t node, std::span<const TypedKeyword> typed, std::size_t depth, bool query,
                         std::uint32_t* path) const;

    std::vector<TrieNode> m_nodes{TrieNode{}}; ///< [0] is the root
    std::vector<Leaf> m_leaves;
    std::deque<ScpiCommand> m_commands; ///< deque: find() hands out stable pointers
};

} // namespace optiqual::instruments::sim
