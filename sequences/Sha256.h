#pragma once
#include <array>
#include <cstdint>
#include <sodium/crypto_hash_sha256.h>
#include <string>
#include <string_view>

namespace optiqual::sequences {

/// @brief SHA-256 (FIPS 180-4, libsodium's crypto_hash_sha256) of text, for the content hash of sequence files and
/// limit sets stored with every result. Incremental: update() any number of times, then hex() or digest() once.
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
    crypto_hash_sha256_state m_state;
};

} // namespace optiqual::sequences
