#include "core/Uuid.h"

#include <algorithm>
#include <cerrno>
#include <fmt/format.h>
#include <sys/random.h>
#include <system_error>

namespace optiqual::core {

void osRandom(void* out, std::size_t n) {
    auto* p = static_cast<unsigned char*>(out);
    while (n > 0) {
        const ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            throw std::system_error(errno, std::generic_category(), "getrandom");
        }
        p += got;
        n -= std::size_t(got);
    }
}

std::string formatUuidV7(std::uint64_t unixMs, std::uint32_t counter, std::uint64_t random) {
    const std::uint64_t ms = unixMs & 0xffffffffffffULL;
    return fmt::format("{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}", ms >> 16, ms & 0xffff, counter & 0xfff,
                       0x8000 | ((random >> 48) & 0x3fff), random & 0xffffffffffffULL);
}

std::optional<std::uint64_t> uuidV7Milliseconds(const std::string& text) {
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-' || text[14] != '7')
        return std::nullopt;
    const char variant = text[19];
    if (variant != '8' && variant != '9' && variant != 'a' && variant != 'b')
        return std::nullopt;
    std::uint64_t ms = 0;
    for (std::size_t i = 0; i < 13; ++i) {
        if (i == 8)
            continue;
        const char c = text[i];
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0)
            return std::nullopt;
        ms = ms << 4 | std::uint64_t(digit);
    }
    return ms;
}

std::string UuidV7Generator::next() {
    return next(std::chrono::system_clock::now());
}

std::string UuidV7Generator::next(std::chrono::system_clock::time_point now) {
    struct {
        std::uint64_t tail;
        std::uint16_t start;
    } fresh{};
    osRandom(&fresh, sizeof fresh);
    const auto ms = std::uint64_t(std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count()));
    std::lock_guard lock(m_mutex);
    if (ms > m_lastMs) {
        m_lastMs = ms;
        m_counter = fresh.start & 0x7ff; // below 2048: at least 2048 more in this millisecond
    } else if (++m_counter > 0xfff) {
        // The clock stood still (or went back) and the counter ran out: move the timestamp on, never back.
        ++m_lastMs;
        m_counter = fresh.start & 0x7ff;
    }
    return formatUuidV7(m_lastMs, m_counter, fresh.tail);
}

} // namespace optiqual::core
