#pragma once
#include <cstdint>

namespace optiqual::instruments::sim {

/// @brief CMIS "F16" number format, used on page 14h for bit-error ratios.
///
/// Bits 15–11 hold an unsigned exponent e (0–31), bits 10–0 an unsigned mantissa m (0–2047), and the value is
/// m × 10^(e − 24): the range runs from 1e-24 (0x0001) to 2047e7 (0xFFFF); 0x0000 is zero. The register holds
/// the word big-endian (high byte at the lower offset), like every multi-byte CMIS field.
///
/// encodeCmisF16() chooses the smallest exponent whose rounded mantissa still fits in 11 bits, which keeps the
/// most significant digits: any value from 1e-21 up to the range end is encoded with a relative error of at most
/// 0.5 / 205 ≈ 0.25 % (the mantissa is then at least 205). Values below the range round to zero or to a small
/// mantissa with exponent 0; zero, negative numbers and NaN encode as 0x0000; values above the range and
/// +infinity saturate to 0xFFFF.
std::uint16_t encodeCmisF16(double value);

/// @brief Decodes a CMIS F16 word: (raw & 0x7FF) × 10^((raw >> 11) − 24).
double decodeCmisF16(std::uint16_t raw);

} // namespace optiqual::instruments::sim
