#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief What a fault does to the exchange it hits.
enum class FaultKind {
    Latency,       ///< reply after an added delay
    NoReply,       ///< process the message but send nothing back
    Disconnect,    ///< close the connection instead of replying
    Garbage,       ///< reply with bytes that are not the answer
    PartialReply,  ///< send half the reply and no terminator
    SpuriousError, ///< push an entry into the error queue
    Reset,         ///< the instrument returns to its power-on defaults before the message (a power glitch)
};

/// @brief Parses a fault kind's name (faultKindNames()); nullopt otherwise.
std::optional<FaultKind> parseFaultKind(std::string_view text);
const char* toString(FaultKind kind);
/// @brief "latency, no_reply, …": every kind's name, for messages and docs.
std::string faultKindNames();

/// @brief One fault rule of a simulated instrument. A rule looks at messages that contain @c match
/// (case-insensitive; empty matches all). It skips the first @c after of them, then hits every @c every-th
/// (0: only once), each hit subject to @c probability (drawn from the simulator's seeded generator).
struct FaultRule {
    FaultKind kind = FaultKind::Latency;
    std::string match;
    unsigned after = 0;
    unsigned every = 1;
    double probability = 1.0;
    std::chrono::milliseconds latency{0};
    int errorCode = -300;
    std::string errorText = "Device specific error";
};

/// @brief The faults hitting one message.
struct FaultDecision {
    std::chrono::milliseconds latency{0};
    bool noReply = false;
    bool disconnect = false;
    bool garbage = false;
    bool partial = false;
    bool reset = false;
    std::vector<const FaultRule*> spuriousErrors;
};

/// @brief Applies a list of rules to a stream of messages, deterministically for a given seed.
class FaultInjector {
public:
    explicit FaultInjector(std::vector<FaultRule> rules = {}, std::uint64_t seed = 1);
    FaultDecision decide(std::string_view message);
    bool empty() const { return m_rules.empty(); }

private:
    std::vector<FaultRule> m_rules;
    std::vector<unsigned> m_seen;
    std::vector<bool> m_spent;
    std::mt19937_64 m_random;
};

} // namespace optiqual::instruments::sim
