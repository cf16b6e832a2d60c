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

namespace {
struct KindName {
    FaultKind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {
    {FaultKind::Latency, "latency"},
    {FaultKind::NoReply, "no_reply"},
    {FaultKind::Disconnect, "disconnect"},
    {FaultKind::Garbage, "garbage"},
    {FaultKind::PartialReply, "partial_reply"},
    {FaultKind::SpuriousError, "spurious_error"},
    {FaultKind::Reset, "reset"},
};
} // namespace

std::optional<FaultKind> parseFaultKind(std::string_view text) {
    for (const KindName& k : kKindNames)
        if (text == k.name)
            return k.kind;
    return std::nullopt;
}

const char* toString(FaultKind kind) {
    for (const KindName& k : kKindNames)
        if (k.kind == kind)
            return k.name;
    return "fault";
}

std::string faultKindNames() {
    std::string out;
    for (const KindName& k : kKindNames)
        out += (out.empty() ? "" : ", ") + std::string(k.name);
    return out;
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
        case FaultKind::Reset:
            d.reset = true;
            break;
        }
    }
    return d;
}

} // namespace optiqual::instruments::sim
