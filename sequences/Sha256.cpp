#include "sequences/Sha256.h"

#include <sodium/core.h>
#include <sodium/utils.h>
#include <stdexcept>

namespace optiqual::sequences {

Sha256::Sha256() {
    // Once per process, thread-safe; it picks the CPU's fastest implementation.
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium could not initialize");
    crypto_hash_sha256_init(&m_state);
}

void Sha256::update(std::string_view data) {
    crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

std::array<std::uint8_t, 32> Sha256::digest() {
    std::array<std::uint8_t, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256_final(&m_state, out.data());
    return out;
}

std::string Sha256::hex() {
    const auto bytes = digest();
    std::string text(2 * bytes.size() + 1, '\0');
    sodium_bin2hex(text.data(), text.size(), bytes.data(), bytes.size());
    text.pop_back();
    return text;
}

std::string Sha256::of(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.hex();
}

} // namespace optiqual::sequences
