#include "instruments/drivers/PsuCommandText.h"

#include <array>
#include <charconv>

namespace optiqual::instruments::psu {

std::string number(double value) {
    // 10 significant digits: well past any supply's resolution, and short of the binary noise that shortest
    // round-trip form would print for sums such as 0.1 + 0.2.
    constexpr int kSignificantDigits = 10;
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value == 0.0 ? 0.0 : value,
                                      std::chars_format::general, kSignificantDigits);
    return std::string(buffer.data(), result.ptr);
}

std::string channelList(int channel) {
    return "(@" + std::to_string(channel) + ")";
}

} // namespace optiqual::instruments::psu
