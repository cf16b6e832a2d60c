#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::db {

/// Times in the database are UTC microseconds since the Unix epoch; reports show local time.

std::int64_t toMicros(std::chrono::system_clock::time_point t);
/// @brief Now, as stored: UTC microseconds since the Unix epoch.
std::int64_t nowMicros();
std::chrono::system_clock::time_point fromMicros(std::int64_t micros);

/// @brief "2026-11-24 08:31:05" in local time.
std::string formatLocal(std::int64_t micros);
/// @brief "2026-11-24T07:31:05.123456Z" (UTC, for machine-readable exports).
std::string formatUtc(std::int64_t micros);
/// @brief The local calendar day "2026-11-24".
std::string localDay(std::int64_t micros);
/// @brief The production shift by local time of day: "A" 06:00–14:00, "B" 14:00–22:00, "C" 22:00–06:00.
std::string shiftOf(std::int64_t micros);

/// @brief Parses a report bound: "2026-11-24" (local midnight), "2026-11-24T08:00[:00]" or with a space
/// (local), the same ending in "Z" (UTC), a Unix time "@1764000000", or an age before @p now such as
/// "30d", "2w", "12h", "90min". std::nullopt when none of these.
std::optional<std::int64_t> parseTimeBound(std::string_view text, std::int64_t nowMicros);

} // namespace optiqual::db
