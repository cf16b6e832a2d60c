#include "core/NumberText.h"

#include <array>
#include <charconv>

namespace optiqual::core {

std::string shortestText(double v) {
    // 32 characters hold any double's shortest form (at most 24: sign, 17 digits, point, exponent).
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
    return ec == std::errc() ? std::string(buffer.data(), end) : std::string("?");
}

} // namespace optiqual::core
