#include "db/TimeText.h"

#include "core/Units.h"

#include <charconv>
#include <ctime>
#include <date/date.h>
#include <fmt/format.h>
#include <locale>
#include <sstream>

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

/// "YYYY-MM-DD[(T| )HH:MM[:SS]][Z]". Howard Hinnant's date library (Debian libhowardhinnant-date-dev; GCC 12 has no
/// std::chrono::parse) reads the fields and refuses impossible dates such as 2026-02-31, which mktime would
/// silently roll over into March.
std::optional<std::int64_t> parseDateTime(std::string_view text) {
    bool utc = false;
    if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) {
        utc = true;
        text.remove_suffix(1);
    }
    // Four-digit years only: "26-11-24" is a typo, not the year 26.
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    std::string form = "%Y-%m-%d";
    if (text.size() > 10) {
        if (text[10] != 'T' && text[10] != ' ')
            return std::nullopt;
        form += text[10];
        form += text.size() > 16 ? "%H:%M:%S" : "%H:%M";
    }
    std::istringstream in{std::string(text)};
    in.imbue(std::locale::classic());
    date::local_seconds t;
    in >> date::parse(form, t);
    if (in.fail() || in.peek() != std::char_traits<char>::eof())
        return std::nullopt;
    if (utc)
        return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    // Local wall time to UTC through the C library's time zone (TZ), as every local time in the reports.
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> hms{t - day};
    std::tm tm{};
    tm.tm_year = int(ymd.year()) - 1900;
    tm.tm_mon = static_cast<int>(unsigned(ymd.month())) - 1;
    tm.tm_mday = static_cast<int>(unsigned(ymd.day()));
    tm.tm_hour = static_cast<int>(hms.hours().count());
    tm.tm_min = static_cast<int>(hms.minutes().count());
    tm.tm_sec = static_cast<int>(hms.seconds().count());
    tm.tm_isdst = -1;
    const std::time_t secs = mktime(&tm);
    if (secs == static_cast<std::time_t>(-1))
        return std::nullopt;
    return static_cast<std::int64_t>(secs) * 1000000;
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

std::int64_t nowMicros() {
    return toMicros(std::chrono::system_clock::now());
}

std::string formatUtc(std::int64_t micros) {
    return date::format("%FT%TZ", date::sys_time<std::chrono::microseconds>{std::chrono::microseconds{micros}});
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
