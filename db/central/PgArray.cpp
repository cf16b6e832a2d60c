#include "db/central/PgArray.h"

#include "core/NumberText.h"

#include <cmath>
#include <cstdlib>

namespace optiqual::db::central {

namespace {

/// Calls @p parse(begin, &end) for each element of "{a,b,c}" and keeps what it returns.
template <typename T, typename Parse> std::vector<T> parseArray(std::string_view text, Parse parse) {
    const std::string copy(text); // strtod and strtoll need a terminated string
    std::vector<T> out;
    const char* p = copy.c_str();
    if (*p == '{')
        ++p;
    while (*p && *p != '}') {
        char* end = nullptr;
        out.push_back(parse(p, &end));
        if (end == p)
            break;
        p = end;
        if (*p == ',')
            ++p;
    }
    return out;
}

template <typename T, typename Text> std::string writeArray(const std::vector<T>& values, Text text) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += ',';
        out += text(values[i]);
    }
    return out + "}";
}

} // namespace

std::string pgFloat(double v) {
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "Infinity" : "-Infinity";
    return core::shortestText(v);
}

std::string floatArray(const std::vector<double>& values) {
    return writeArray(values, pgFloat);
}

std::string integerArray(const std::vector<long long>& values) {
    return writeArray(values, [](long long v) { return std::to_string(v); });
}

std::vector<double> parseFloatArray(std::string_view text) {
    return parseArray<double>(text, [](const char* p, char** end) { return std::strtod(p, end); });
}

std::vector<std::int64_t> parseIntegerArray(std::string_view text) {
    return parseArray<std::int64_t>(text, [](const char* p, char** end) { return std::strtoll(p, end, 10); });
}

} // namespace optiqual::db::central
