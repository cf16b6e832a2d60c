#include "db/TimeText.h"

#include "core/Units.h"

#include <charconv>
#include <ctime>
#include <fmt/format.h>

namespace optiqual::db {

namespace {

std::tm localTm(std::int64_t micros) {
    const std::time_t secs = static_cast<std::time_t>(micros >= 0 ? micros / 1000000 : (micros - 999999) / 1000000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    return tm;
}

bool parseInt(std::string_view text, int& out) {
    const auto* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && p == end;
}

/// "YYYY-MM-DD[(T| )HH:MM[:SS]][Z]"
std::optional<std::int64_t> parseDateTime(std::string_view text) {
    bool utc = false;
    if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) {
        utc = true;
        text.remove_suffix(1);
    }
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!parseInt(text.substr(0, 4), y) || !parseInt(text.substr(5, 2), mo) || !parseInt(text.substr(8, 2), d))
        return std::nullopt;
    if (text.size() > 10) {
        if ((text[10] != 'T' && text[10] != ' ') || text.size() < 16 || text[13] != ':')
            return std::nullopt;
        if (!parseInt(text.substr(11, 2), h) || !parseInt(text.substr(14, 2), mi))
            return std::nullopt;
        if (text.size() > 16) {
            if (text.size() != 19 || text[16] != ':' || !parseInt(text.substr(17, 2), s))
                return std::nullopt;
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    tm.tm_isdst = -1;
    const std::time_t t = utc ? timegm(&tm) : mktime(&tm);
    if (t == static_cast<std::time_t>(-1))
        return std::nullopt;
    return static_cast<std::int64_t>(t) * 1000000;
}

} // namespace

std::int64_t toMicros(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point fromMicros(std::int64_t micros) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::microseconds(micros)));
}

std::string formatLocal(std::int64_t micros) {
    const auto tm = localTm(micros);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

std::string formatUtc(std::int64_t micros) {
    const std::time_t secs = static_cast<std::time_t>(micros >= 0 ? micros / 1000000 : (micros - 999999) / 1000000);
    const auto frac = micros - static_cast<std::int64_t>(secs) * 1000000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

std::string localDay(std::int64_t micros) {
    const auto tm = localTm(micros);
    return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string shiftOf(std::int64_t micros) {
    const int hour = localTm(micros).tm_hour;
    if (hour >= 6 && hour < 14)
        return "A";
    if (hour >= 14 && hour < 22)
        return "B";
    return "C";
}

std::optional<std::int64_t> parseTimeBound(std::string_view text, std::int64_t nowMicros) {
    if (text.empty())
        return std::nullopt;
    // A bound outside years 0001..9999 is a typo, and beyond it the microsecond arithmetic would overflow.
    constexpr std::int64_t kLastSecond = 253402300799;  // 9999-12-31T23:59:59Z
    constexpr std::int64_t kFirstSecond = -62135596800; // 0001-01-01T00:00:00Z
    if (text.front() == '@') {
        std::int64_t secs = 0;
        const auto* end = text.data() + text.size();
        auto [p, ec] = std::from_chars(text.data() + 1, end, secs);
        if (ec != std::errc() || p != end || secs < kFirstSecond || secs > kLastSecond)
            return std::nullopt;
        return secs * 1000000;
    }
    if (auto dt = parseDateTime(text))
        return dt;
    // An age: days and weeks here, the rest through the shared duration parser.
    const char last = text.back();
    if (last == 'd' || last == 'w') {
        int n = 0;
        if (!parseInt(text.substr(0, text.size() - 1), n) || n < 0)
            return std::nullopt;
        const std::int64_t days = std::int64_t(n) * (last == 'd' ? 1 : 7);
        if (days > (kLastSecond - kFirstSecond) / 86400) // longer ago than the calendar reaches
            return std::nullopt;
        return nowMicros - days * 86400 * 1000000;
    }
    if (auto d = core::parseDuration(text))
        return nowMicros - std::chrono::duration_cast<std::chrono::microseconds>(*d).count();
    return std::nullopt;
}

} // namespace optiqual::db
