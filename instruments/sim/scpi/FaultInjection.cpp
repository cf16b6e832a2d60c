#include "instruments/sim/scpi/FaultInjection.h"

#include <algorithm>
#include <cctype>

namespace optiqual::instruments::sim {

namespace {
bool containsNoCase(std::string_view haystack, std::string_view needle) {
    if (needle.empty())
        return true;
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b));
    });
    return it != haystack.end();
}
} // namespace

std::optional<FaultKind> parseFaultKind(std::string_view text) {
    if (text == "latency")
        return FaultKind::Latency;
    if (text == "no_reply")
        return FaultKind::NoReply;
    if (text == "disconnect")
        return FaultKind::Disconnect;
    if (text == "garbage")
        return FaultKind::Garbage;
    if (text == "partial_reply")
        return FaultKind::PartialReply;
    if (text == "spurious_error")
        return FaultKind::SpuriousError;
    return std::nullopt;
}

const char* toString(FaultKind kind) {
    switch (kind) {
    case FaultKind::Latency:
        return "latency";
    case FaultKind::NoReply:
        return "no_reply";
    case FaultKind::Disconnect:
        return "disconnect";
    case FaultKind::Garbage:
        return "garbage";
    case FaultKind::PartialReply:
        return "partial_reply";
    case FaultKind::SpuriousError:
        return "spurious_error";
    }
    return "fault";
}

FaultInjector::FaultInjector(std::vector<FaultRule> rules, std::uint64_t seed)
    : m_rules(std::move(rules)), m_seen(m_rules.size(), 0), m_spent(m_rules.size(), false), m_random(seed) {}

FaultDecision FaultInjector::decide(std::string_view message) {
    FaultDecision d;
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        const FaultRule& rule = m_rules[i];
        if (m_spent[i] || !containsNoCase(message, rule.match))
            continue;
        const unsigned n = m_seen[i]++;
        if (n < rule.after)
            continue;
        const unsigned k = n - rule.after;
        if (rule.every == 0) {
            m_spent[i] = true;
        } else if (k % rule.every != 0) {
            continue;
        }
        if (rule.probability < 1.0 && std::uniform_real_distribution<double>(0.0, 1.0)(m_random) >= rule.probability)
            continue;
        switch (rule.kind) {
        case FaultKind::Latency:
            d.latency += rule.latency;
            break;
        case FaultKind::NoReply:
            d.noReply = true;
            break;
        case FaultKind::Disconnect:
            d.disconnect = true;
            break;
        case FaultKind::Garbage:
            d.garbage = true;
            break;
        case FaultKind::PartialReply:
            d.partial = true;
            break;
        case FaultKind::SpuriousError:
            d.spuriousErrors.push_back(&rule);
            break;
        }
    }
    return d;
}

} // namespace optiqual::instruments::sim
