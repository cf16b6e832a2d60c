#include "instruments/sim/world/CmisF16.h"

#include <cmath>

namespace optiqual::instruments::sim {

namespace {

constexpr int kExponentBias = 24;
constexpr int kMaxExponent = 31;
constexpr int kMantissaBits = 11;
constexpr std::uint32_t kMaxMantissa = (1U << kMantissaBits) - 1U;

double scaleFor(int exponent) {
    return std::pow(10.0, exponent - kExponentBias);
}

} // namespace

std::uint16_t encodeCmisF16(double value) {
    // NaN fails every comparison, so it lands here with zero and the negatives.
    if (!(value > 0.0))
        return 0;
    for (int exponent = 0; exponent <= kMaxExponent; ++exponent) {
        // Rounding can carry a mantissa of 2047.6 up to 2048; the loop then moves on to the next exponent.
        const double mantissa = std::round(value / scaleFor(exponent));
        if (mantissa <= static_cast<double>(kMaxMantissa))
            return static_cast<std::uint16_t>((static_cast<std::uint32_t>(exponent) << kMantissaBits) |
                                              static_cast<std::uint32_t>(mantissa));
    }
    return 0xFFFF;
}

double decodeCmisF16(std::uint16_t raw) {
    const auto mantissa = static_cast<double>(raw & kMaxMantissa);
    const int exponent = raw >> kMantissaBits;
    return mantissa * scaleFor(exponent);
}

} // namespace optiqual::instruments::sim
