#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace optiqual::core {

/// @brief UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then 74 bits that keep identifiers
/// unique across processes and stations. Text sorts in creation order, which keeps the indexes of a central store
/// append-only.
///
/// Of the 74 bits, the 12 of `rand_a` are a counter (RFC 9562 §6.2, method 1): it starts at a random value below
/// 2048 in each new millisecond and counts up within it, so identifiers from one generator are strictly increasing
/// even within a millisecond (past 4095 in one millisecond the timestamp moves on by one). The 62 bits of `rand_b`
/// come fresh from the operating system (getrandom(2)) for every identifier: there is no seed that two processes,
/// two stations or a forked child could share.
class UuidV7Generator {
public:
    /// @brief The next identifier, as lowercase 8-4-4-4-12 hex text. Thread-safe.
    std::string next();
    /// @brief The same at a given time (tests).
    std::string next(std::chrono::system_clock::time_point now);

private:
    std::mutex m_mutex;
    std::uint64_t m_lastMs = 0;
    std::uint32_t m_counter = 0;
};

/// @brief An identifier's text from its fields: @p unixMs (48 bits), @p counter (12 bits), @p random (62 bits).
std::string formatUuidV7(std::uint64_t unixMs, std::uint32_t counter, std::uint64_t random);

/// @brief The Unix time in milliseconds a version-7 identifier carries, or nothing when @p text is not one.
std::optional<std::uint64_t> uuidV7Milliseconds(const std::string& text);

/// @brief @p n bytes from the operating system's random source (getrandom(2)); throws std::system_error.
void osRandom(void* out, std::size_t n);

} // namespace optiqual::core
