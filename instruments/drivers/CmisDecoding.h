#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>

/// @file Decoding of the CMIS fields a module host board's driver reads through its register access: identity text,
/// firmware revision, the page 00h checksum and the duration codes of page 01h. Addresses and encodings from
/// CMIS 5.2 as sonic-platform-common maps them (docs/fixture.md appendix A; /work/shared/reference/domain.md §3, §7).

namespace optiqual::instruments::cmis {

inline constexpr int kPageAdvertising = 0x00; ///< page 00h: identity (not banked)
inline constexpr int kPageTiming = 0x01;      ///< page 01h: advertising, durations (not banked)
inline constexpr int kActiveFirmware = 39;    ///< lower page 39–40: active firmware major, minor
inline constexpr int kChecksumFirst = 128;    ///< page 00h checksum covers 128–221 …
inline constexpr int kChecksum = 222;         ///< … and is stored in 222
inline constexpr int kVendorName = 129;       ///< page 00h, 16 ASCII characters each
inline constexpr int kPartNumber = 148;
inline constexpr int kSerialNumber = 166;
inline constexpr int kTextLength = 16;
inline constexpr int kDataPathDurations = 144; ///< page 01h: bits 7–4 DPDeinit, 3–0 DPInit
inline constexpr int kModuleDurations = 167;   ///< page 01h: bits 7–4 ModulePwrDn, 3–0 ModulePwrUp

/// @brief An identity field (vendor name, part number, serial number): ASCII padded with spaces (or NULs, which
/// some modules use); returns it without the padding at its end.
std::string decodeText(std::span<const std::uint8_t> field);

/// @brief The upper bound in seconds of CMIS duration code @p code (the low nibble; CMIS 5.2 MaxDuration coding:
/// 0 <1 ms, 1 <5 ms, 2 <10 ms, 3 <50 ms, 4 <100 ms, 5 <500 ms, 6 <1 s, 7 <5 s, 8 <10 s, 9 <1 min, 10 <5 min,
/// 11 <10 min, 12 <50 min, 13 ≥50 min, taken as 100 min as sonic-platform-common does); std::nullopt for the
/// reserved codes 14 and 15.
std::optional<double> durationUpperSeconds(std::uint8_t code);

/// @brief "major.minor" of lower page bytes 39–40: 2, 4 → "2.4".
std::string firmwareVersion(std::uint8_t major, std::uint8_t minor);

/// @brief The low 8 bits of the sum of @p bytes (the CMIS page checksum).
std::uint8_t checksum(std::span<const std::uint8_t> bytes);

} // namespace optiqual::instruments::cmis
