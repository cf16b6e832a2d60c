#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace optiqual::sequences {

/// @brief SHA-256 (FIPS 180-4) of text, for the content hash of sequence files and limit sets stored with every
/// result. Incremental: update() any number of times, then hex() or digest() once.
class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    std::array<std::uint8_t, 32> digest();
    /// @brief The digest as 64 lower-case hex digits.
    std::string hex();

    /// @brief One-shot convenience: hex digest of @p data.
    static std::string of(std::string_view data);

private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0; ///< bytes hashed so far
};

} // namespace optiqual::sequences
