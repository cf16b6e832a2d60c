#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::sequences {

struct Sequence;

/// @brief The longest serial number a unit may have (labels, MES fields and the database all hold it).
inline constexpr std::size_t kMaxSerialLength = 64;

/// @brief What is wrong with @p serial as a unit's serial number, or nothing: it must be 1–64 characters of
/// printable ASCII (no control characters, no bytes above 0x7E), with no space at either end.
std::optional<std::string> serialProblem(std::string_view serial);

/// @brief As above, and when @p sequence gives a `serial_patterns:` entry for @p partNumber, the serial must match
/// that regular expression as a whole (ECMAScript syntax).
std::optional<std::string> serialProblem(std::string_view serial, const Sequence& sequence,
                                         std::string_view partNumber);

} // namespace optiqual::sequences
