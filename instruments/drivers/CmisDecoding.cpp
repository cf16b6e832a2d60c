#include "instruments/drivers/CmisDecoding.h"

#include <array>
#include <numeric>

namespace optiqual::instruments::cmis {
namespace {

// Index = code; sonic-platform-common's DP_PATH_TIMINGS (in ms there).
constexpr std::array<double, 14> kUpperSeconds{0.001, 0.005, 0.01, 0.05,  0.1,   0.5,    1.0,
                                               5.0,   10.0,  60.0, 300.0, 600.0, 3000.0, 6000.0};

} // namespace

std::string decodeText(std::span<const std::uint8_t> field) {
    std::size_t end = field.size();
    while (end > 0 && (field[end - 1] == ' ' || field[end - 1] == '\0'))
        --end;
    return std::string(field.begin(), field.begin() + static_cast<std::ptrdiff_t>(end));
}

std::optional<double> durationUpperSeconds(std::uint8_t code) {
    if (code >= kUpperSeconds.size())
        return std::nullopt;
    return kUpperSeconds[code];
}

std::string firmwareVersion(std::uint8_t major, std::uint8_t minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::uint8_t checksum(std::span<const std::uint8_t> bytes) {
    return static_cast<std::uint8_t>(std::accumulate(bytes.begin(), bytes.end(), 0U) & 0xFFU);
}

} // namespace optiqual::instruments::cmis
