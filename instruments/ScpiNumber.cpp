#include "instruments/ScpiNumber.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace optiqual::instruments {

std::string_view trimBlanks(std::string_view text) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

std::optional<double> parseScpiDouble(std::string_view text) {
    text = trimBlanks(text);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (text.empty())
        return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ptr != text.data() + text.size())
        return std::nullopt;
    if (ec == std::errc::result_out_of_range)
        return std::numeric_limits<double>::quiet_NaN();
    if (ec != std::errc())
        return std::nullopt;
    if (std::fabs(value) >= 9.9e37)
        return std::numeric_limits<double>::quiet_NaN();
    return value;
}

std::optional<long long> parseScpiInteger(std::string_view text) {
    text = trimBlanks(text);
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+')
        digits.remove_prefix(1);
    long long value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc() && ptr == digits.data() + digits.size() && !digits.empty())
        return value;
    auto d = parseScpiDouble(text);
    if (!d || std::isnan(*d) || std::trunc(*d) != *d || std::fabs(*d) > 9.2e18)
        return std::nullopt;
    return static_cast<long long>(*d);
}

std::optional<bool> parseScpiBool(std::string_view text) {
    text = trimBlanks(text);
    auto equalsNoCase = [](std::string_view a, std::string_view b) {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::toupper(static_cast<unsigned char>(a[i])) != b[i])
                return false;
        return true;
    };
    if (text == "1" || text == "+1" || equalsNoCase(text, "ON"))
        return true;
    if (text == "0" || text == "+0" || equalsNoCase(text, "OFF"))
        return false;
    return std::nullopt;
}

std::optional<std::vector<double>> parseScpiDoubleList(std::string_view text) {
    std::vector<double> values;
    text = trimBlanks(text);
    if (text.empty())
        return values;
    std::size_t pos = 0;
    while (true) {
        auto comma = text.find(',', pos);
        auto v =
            parseScpiDouble(text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        if (!v)
            return std::nullopt;
        values.push_back(*v);
        if (comma == std::string_view::npos)
            return values;
        pos = comma + 1;
    }
}

} // namespace optiqual::instruments
