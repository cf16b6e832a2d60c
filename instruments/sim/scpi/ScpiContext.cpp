#include "instruments/sim/scpi/ScpiContext.h"

#include "instruments/sim/scpi/ScpiError.h"

#include <stdexcept>
#include <utility>

namespace optiqual::instruments::sim {

int ScpiContext::suffix(std::size_t patternNodeIndex) const {
    if (patternNodeIndex >= m_suffixes.count) {
        throw std::out_of_range("ScpiContext::suffix: pattern has no node " + std::to_string(patternNodeIndex));
    }
    return m_suffixes.values[patternNodeIndex];
}

bool ScpiContext::suffixGiven(std::size_t patternNodeIndex) const {
    if (patternNodeIndex >= m_suffixes.count) {
        throw std::out_of_range("ScpiContext::suffixGiven: pattern has no node " + std::to_string(patternNodeIndex));
    }
    return m_suffixes.given[patternNodeIndex];
}

std::string_view ScpiContext::rawParam(std::size_t index) const {
    if (index >= m_params.size()) {
        throw ScpiError(-109);
    }
    return m_params[index];
}

double ScpiContext::number(std::size_t index, const NumberSpec& spec) const {
    return parseNumber(rawParam(index), spec);
}

bool ScpiContext::boolean(std::size_t index) const {
    return parseBoolean(rawParam(index));
}

std::string ScpiContext::enumeration(std::size_t index, std::initializer_list<std::string_view> choices) const {
    return parseEnumeration(rawParam(index), choices);
}

std::string ScpiContext::string(std::size_t index) const {
    return parseString(rawParam(index));
}

std::vector<int> ScpiContext::channelList(std::size_t index) const {
    return parseChannelList(rawParam(index));
}

std::string ScpiContext::block(std::size_t index) const {
    return parseBlock(rawParam(index));
}

void ScpiContext::reply(std::string text) {
    if (m_hasReply) {
        throw std::logic_error("ScpiContext::reply called twice");
    }
    m_hasReply = true;
    m_reply = std::move(text);
}

double ScpiContext::valueOrLimit(std::size_t index, const NumberSpec& spec, double current) const {
    if (paramCount() <= index)
        return current;
    const std::string which = enumeration(index, {"MINimum", "MAXimum", "DEFault"});
    return which == "MIN" ? spec.min : which == "MAX" ? spec.max : spec.def;
}

} // namespace optiqual::instruments::sim
