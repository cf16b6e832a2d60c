#pragma once
#include "instruments/sim/scpi/ScpiParameters.h"

#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief Most nodes a command pattern may have (`[SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]` has 5).
inline constexpr std::size_t kMaxScpiPatternNodes = 16;

/// @brief The numeric suffix of each node of a matched pattern, indexed by the node's position in the
/// pattern (optional nodes included). Nodes typed without a suffix, and omitted optional nodes, hold 1.
struct ScpiHeaderSuffixes {
    std::array<int, kMaxScpiPatternNodes> values{};
    std::array<bool, kMaxScpiPatternNodes> given{};
    std::size_t count = 0; ///< number of nodes in the pattern
};

/// @brief What a command handler sees of one program message unit: header suffixes, parameters, and where
/// its reply goes.
///
/// Parameter accessors decode on demand and throw ScpiError (-109 for a missing parameter, or the
/// decoder's code); ScpiDevice turns that into an error-queue entry. The context only refers to the
/// message being processed, so it must not outlive the handler call.
class ScpiContext {
public:
    ScpiContext(bool query, std::span<const std::string_view> params, const ScpiHeaderSuffixes& suffixes)
        : m_query(query), m_params(params), m_suffixes(suffixes) {}

    /// @brief True for the query form (header ending in `?`).
    bool isQuery() const { return m_query; }

    /// @brief The numeric suffix typed on node @p patternNodeIndex of the registered pattern (0-based,
    /// optional nodes counted), 1 when not typed. Throws std::out_of_range past the pattern's nodes.
    int suffix(std::size_t patternNodeIndex) const;
    /// @brief Whether node @p patternNodeIndex was typed with an explicit suffix (`OUTP1` vs `OUTP`).
    bool suffixGiven(std::size_t patternNodeIndex) const;

    std::size_t paramCount() const { return m_params.size(); }
    /// @brief Parameter @p index as typed, white space trimmed (blocks exact). Throws -109 past the end.
    std::string_view rawParam(std::size_t index) const;

    /// @brief See parseNumber().
    double number(std::size_t index, const NumberSpec& spec) const;
    /// @brief The answer to a setting's query: @p current, or the spec's minimum, maximum or default when parameter
    /// @p index names MIN, MAX or DEF (`:SENS1:POW:WAV? MAX`). Any other parameter gives -224.
    double valueOrLimit(std::size_t index, const NumberSpec& spec, double current) const;
    /// @brief See parseBoolean().
    bool boolean(std::size_t index) const;
    /// @brief See parseEnumeration(); returns the matching choice's short form in capitals.
    std::string enumeration(std::size_t index, std::initializer_list<std::string_view> choices) const;
    /// @brief See parseString().
    std::string string(std::size_t index) const;
    /// @brief See parseChannelList().
    std::vector<int> channelList(std::size_t index) const;
    /// @brief See parseBlock().
    std::string block(std::size_t index) const;

    /// @brief Sets the response of this unit (without terminator). A handler replies at most once; a second
    /// call throws std::logic_error. A setting command may reply too, for instruments that answer commands.
    void reply(std::string text);
    bool hasReply() const { return m_hasReply; }
    /// @brief Moves the reply out (used by ScpiDevice).
    std::string takeReply() { return std::move(m_reply); }

private:
    bool m_query;
    std::span<const std::string_view> m_params;
    const ScpiHeaderSuffixes& m_suffixes;
    bool m_hasReply = false;
    std::string m_reply;
};

} // namespace optiqual::instruments::sim
