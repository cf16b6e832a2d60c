#include "instruments/sim/scpi/ScpiParameters.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>

namespace optiqual::instruments::sim {
namespace {

constexpr int kDataTypeError = -104;
constexpr int kNumericDataError = -120;
constexpr int kInvalidSuffix = -131;
constexpr int kSuffixNotAllowed = -138;
constexpr int kInvalidStringData = -151;
constexpr int kInvalidBlockData = -161;
constexpr int kDataOutOfRange = -222;
constexpr int kTooMuchData = -223;
constexpr int kIllegalParameterValue = -224;

struct Multiplier {
    std::string_view prefix;
    int exponent;
};

// SCPI-99 volume 1, 7.7.3: the multiplier mnemonics. "MA" is mega because "M" alone is milli.
constexpr std::array kMultipliers{
    Multiplier{"EX", 18}, Multiplier{"PE", 15}, Multiplier{"T", 12},  Multiplier{"G", 9},
    Multiplier{"MA", 6},  Multiplier{"K", 3},   Multiplier{"M", -3},  Multiplier{"U", -6},
    Multiplier{"N", -9},  Multiplier{"P", -12}, Multiplier{"F", -15}, Multiplier{"A", -18},
};

/// The kind of program data a token starts like, judged by its first character (IEEE 488.2 7.7).
enum class DataShape { Empty, Character, Numeric, NonDecimal, String, Block, List };

DataShape shapeOf(std::string_view token) {
    if (token.empty()) {
        return DataShape::Empty;
    }
    const char c = token.front();
    if (isAsciiAlpha(c)) {
        return DataShape::Character;
    }
    if (c == '\'' || c == '"') {
        return DataShape::String;
    }
    if (c == '(') {
        return DataShape::List;
    }
    if (c == '#') {
        return token.size() > 1 && isAsciiDigit(token[1]) ? DataShape::Block : DataShape::NonDecimal;
    }
    return DataShape::Numeric;
}

bool isCharacterData(std::string_view token) {
    for (char c : token) {
        if (!isAsciiAlpha(c) && !isAsciiDigit(c) && c != '_') {
            return false;
        }
    }
    return !token.empty();
}

NumericToken parseNonDecimal(std::string_view token) {
    // token is "#H...", "#Q..." or "#B..."; 488.2 allows no suffix after these.
    if (token.size() < 3) {
        throw ScpiError(kNumericDataError);
    }
    unsigned base = 0;
    switch (toUpperAscii(token[1])) {
    case 'H':
        base = 16;
        break;
    case 'Q':
        base = 8;
        break;
    case 'B':
        base = 2;
        break;
    default:
        throw ScpiError(kNumericDataError);
    }
    std::uint64_t value = 0;
    for (char c : token.substr(2)) {
        unsigned digit = 0;
        if (isAsciiDigit(c)) {
            digit = static_cast<unsigned>(c - '0');
        } else if (toUpperAscii(c) >= 'A' && toUpperAscii(c) <= 'F') {
            digit = static_cast<unsigned>(toUpperAscii(c) - 'A' + 10);
        } else {
            throw ScpiError(kNumericDataError);
        }
        if (digit >= base || value > (std::numeric_limits<std::uint64_t>::max() - digit) / base) {
            throw ScpiError(kNumericDataError);
        }
        value = value * base + digit;
    }
    NumericToken result;
    result.mantissa = static_cast<double>(value);
    return result;
}

NumericToken parseCharacterNumber(std::string_view token) {
    struct Word {
        std::string_view mnemonic;
        NumericKind kind;
    };
    static constexpr std::array kWords{
        Word{"MINimum", NumericKind::Minimum},       Word{"MAXimum", NumericKind::Maximum},
        Word{"DEFault", NumericKind::Default},       Word{"INF", NumericKind::Infinity},
        Word{"NINF", NumericKind::NegativeInfinity}, Word{"NAN", NumericKind::NotANumber},
    };
    for (const Word& word : kWords) {
        if (matchesMnemonic(token, word.mnemonic)) {
            NumericToken result;
            result.kind = word.kind;
            return result;
        }
    }
    throw ScpiError(kDataTypeError);
}

std::size_t skipDigits(std::string_view text, std::size_t pos) {
    while (pos < text.size() && isAsciiDigit(text[pos])) {
        ++pos;
    }
    return pos;
}

bool inRange(double& value, double min, double max) {
    // A value a rounding step outside a limit (e.g. 6.18 computed as 6180 MV) counts as the limit.
    // Only finite magnitudes count: an unbounded side must not make the slack infinite.
    auto finite = [](double x) { return std::isfinite(x) ? std::fabs(x) : 0.0; };
    const double slack = 1e-12 * std::max({finite(min), finite(max), std::fabs(value)});
    if (value < min) {
        if (value < min - slack) {
            return false;
        }
        value = min;
    }
    if (value > max) {
        if (value > max + slack) {
            return false;
        }
        value = max;
    }
    return true;
}

/// Applies a decimal exponent so that exact inputs stay exact: 1550 / 1e9 is the double nearest 1.55e-6,
/// where 1550 * 1e-9 is not.
double scaleByPowerOfTen(double value, int exponent) {
    double factor = 1.0;
    for (int i = 0; i < std::abs(exponent); ++i) {
        factor *= 10.0;
    }
    return exponent < 0 ? value / factor : value * factor;
}

} // namespace

NumericToken parseNumericToken(std::string_view token) {
    token = trimScpi(token);
    switch (shapeOf(token)) {
    case DataShape::Empty:
        throw ScpiError(kNumericDataError, "empty number");
    case DataShape::Character:
        return parseCharacterNumber(token);
    case DataShape::NonDecimal:
        return parseNonDecimal(token);
    case DataShape::String:
    case DataShape::Block:
    case DataShape::List:
        throw ScpiError(kDataTypeError);
    case DataShape::Numeric:
        break;
    }

    std::size_t pos = 0;
    if (token[pos] == '+' || token[pos] == '-') {
        ++pos;
    }
    const std::size_t intStart = pos;
    pos = skipDigits(token, pos);
    std::size_t digits = pos - intStart;
    if (pos < token.size() && token[pos] == '.') {
        const std::size_t fracStart = ++pos;
        pos = skipDigits(token, pos);
        digits += pos - fracStart;
    }
    if (digits == 0) {
        throw ScpiError(kNumericDataError);
    }
    // An 'E' is an exponent only when digits follow (after an optional sign); otherwise it starts a suffix,
    // as in "1EXV" (exa-volt) or a unit that happens to begin with E.
    if (pos < token.size() && (token[pos] == 'E' || token[pos] == 'e')) {
        std::size_t exp = pos + 1;
        if (exp < token.size() && (token[exp] == '+' || token[exp] == '-')) {
            ++exp;
        }
        const std::size_t expDigitsEnd = skipDigits(token, exp);
        if (expDigitsEnd > exp) {
            pos = expDigitsEnd;
        } else if (exp > pos + 1) {
            throw ScpiError(kNumericDataError); // "1E+" with no exponent digits
        }
    }
    // from_chars takes no leading '+'.
    const std::size_t numberStart = token.front() == '+' ? 1 : 0;
    const std::string_view number = token.substr(numberStart, pos - numberStart);

    NumericToken result;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), result.mantissa);
    if (ec == std::errc::result_out_of_range) {
        throw ScpiError(kDataOutOfRange);
    }
    if (ec != std::errc{} || end != number.data() + number.size()) {
        throw ScpiError(kNumericDataError);
    }

    std::string_view suffix = token.substr(pos);
    while (!suffix.empty() && isScpiWhitespace(suffix.front())) {
        suffix.remove_prefix(1);
    }
    for (char c : suffix) {
        if (!isAsciiAlpha(c)) {
            throw ScpiError(kNumericDataError);
        }
    }
    result.suffix = suffix;
    return result;
}

int unitExponent(std::string_view suffix, std::string_view unit) {
    if (suffix.empty()) {
        return 0;
    }
    if (unit.empty()) {
        throw ScpiError(kSuffixNotAllowed);
    }
    if (equalsIgnoreCase(suffix, unit)) {
        return 0;
    }
    if (equalsIgnoreCase(unit, "HZ") && equalsIgnoreCase(suffix, "MHZ")) {
        return 6;
    }
    if (equalsIgnoreCase(unit, "OHM") && equalsIgnoreCase(suffix, "MOHM")) {
        return 6;
    }
    if (suffix.size() > unit.size() && equalsIgnoreCase(suffix.substr(suffix.size() - unit.size()), unit)) {
        const std::string_view prefix = suffix.substr(0, suffix.size() - unit.size());
        for (const Multiplier& multiplier : kMultipliers) {
            if (equalsIgnoreCase(prefix, multiplier.prefix)) {
                return multiplier.exponent;
            }
        }
    }
    throw ScpiError(kInvalidSuffix);
}

double parseNumber(std::string_view token, const NumberSpec& spec) {
    const NumericToken parsed = parseNumericToken(token);
    double value = 0.0;
    switch (parsed.kind) {
    case NumericKind::Minimum:
        return spec.min;
    case NumericKind::Maximum:
        return spec.max;
    case NumericKind::Default:
        return spec.def;
    case NumericKind::Infinity:
        value = std::numeric_limits<double>::infinity();
        break;
    case NumericKind::NegativeInfinity:
        value = -std::numeric_limits<double>::infinity();
        break;
    case NumericKind::NotANumber:
        if (std::isinf(spec.min) && std::isinf(spec.max)) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        throw ScpiError(kDataOutOfRange);
    case NumericKind::Value:
        value = scaleByPowerOfTen(parsed.mantissa, unitExponent(parsed.suffix, spec.unit));
        break;
    }
    if (std::isinf(value)) {
        // Infinity compares exactly; the slack in inRange would turn inf - inf into NaN.
        if (value < spec.min || value > spec.max) {
            throw ScpiError(kDataOutOfRange);
        }
        return value;
    }
    if (!inRange(value, spec.min, spec.max)) {
        throw ScpiError(kDataOutOfRange);
    }
    return value;
}

bool parseBoolean(std::string_view token) {
    token = trimScpi(token);
    switch (shapeOf(token)) {
    case DataShape::Character:
        if (equalsIgnoreCase(token, "ON")) {
            return true;
        }
        if (equalsIgnoreCase(token, "OFF")) {
            return false;
        }
        throw ScpiError(kIllegalParameterValue);
    case DataShape::String:
    case DataShape::Block:
    case DataShape::List:
        throw ScpiError(kDataTypeError);
    case DataShape::Empty:
    case DataShape::Numeric:
    case DataShape::NonDecimal:
        break;
    }
    const NumericToken parsed = parseNumericToken(token);
    if (!parsed.suffix.empty()) {
        throw ScpiError(kSuffixNotAllowed);
    }
    return std::round(parsed.mantissa) != 0.0;
}

std::string shortFormOf(std::string_view mnemonic) {
    std::string result;
    for (char c : mnemonic) {
        if (!isAsciiLower(c)) {
            result += c;
        }
    }
    return result;
}

std::string parseEnumeration(std::string_view token, std::initializer_list<std::string_view> choices) {
    token = trimScpi(token);
    switch (shapeOf(token)) {
    case DataShape::String:
    case DataShape::Block:
    case DataShape::List:
        throw ScpiError(kDataTypeError);
    default:
        break;
    }
    if (isCharacterData(token)) {
        for (std::string_view choice : choices) {
            if (matchesMnemonic(token, choice)) {
                return shortFormOf(choice);
            }
        }
    }
    throw ScpiError(kIllegalParameterValue);
}

std::string parseString(std::string_view token) {
    token = trimScpi(token);
    if (shapeOf(token) != DataShape::String) {
        throw ScpiError(kDataTypeError);
    }
    const char quote = token.front();
    std::string result;
    result.reserve(token.size());
    for (std::size_t i = 1; i < token.size(); ++i) {
        const char c = token[i];
        if (c != quote) {
            result += c;
        } else if (i + 1 < token.size() && token[i + 1] == quote) {
            result += quote;
            ++i;
        } else if (i + 1 == token.size()) {
            return result;
        } else {
            throw ScpiError(kInvalidStringData, "text after the closing quote");
        }
    }
    throw ScpiError(kInvalidStringData, "unterminated string");
}

std::vector<int> parseChannelList(std::string_view token) {
    token = trimScpi(token);
    if (shapeOf(token) != DataShape::List) {
        throw ScpiError(kDataTypeError);
    }
    if (token.size() < 3 || token[1] != '@' || token.back() != ')') {
        throw ScpiError(kIllegalParameterValue, "channel list must be (@...)");
    }
    std::string_view body = trimScpi(token.substr(2, token.size() - 3));
    std::vector<int> channels;
    if (body.empty()) {
        return channels;
    }
    auto readChannel = [](std::string_view& text) {
        text = trimScpi(text);
        const std::size_t end = skipDigits(text, 0);
        int value = 0;
        if (end == 0 || end > 9 || std::from_chars(text.data(), text.data() + end, value).ec != std::errc{}) {
            throw ScpiError(kIllegalParameterValue, "bad channel number");
        }
        text.remove_prefix(end);
        text = trimScpi(text);
        return value;
    };
    while (true) {
        const int first = readChannel(body);
        int last = first;
        if (!body.empty() && body.front() == ':') {
            body.remove_prefix(1);
            last = readChannel(body);
        }
        const std::size_t count = static_cast<std::size_t>(std::abs(last - first)) + 1;
        if (count > kMaxChannelListEntries - channels.size()) {
            throw ScpiError(kTooMuchData, "channel list too long");
        }
        const int step = last >= first ? 1 : -1;
        for (int channel = first;; channel += step) {
            channels.push_back(channel);
            if (channel == last) {
                break;
            }
        }
        if (body.empty()) {
            return channels;
        }
        if (body.front() != ',') {
            throw ScpiError(kIllegalParameterValue, "bad channel list separator");
        }
        body.remove_prefix(1);
    }
}

std::string parseBlock(std::string_view token) {
    while (!token.empty() && isScpiWhitespace(token.front())) {
        token.remove_prefix(1);
    }
    if (token.empty() || token.front() != '#') {
        throw ScpiError(kDataTypeError);
    }
    if (token.size() < 2 || !isAsciiDigit(token[1])) {
        throw ScpiError(token.size() < 2 ? kInvalidBlockData : kDataTypeError);
    }
    const std::size_t lengthDigits = static_cast<std::size_t>(token[1] - '0');
    if (lengthDigits == 0) {
        return std::string(token.substr(2)); // indefinite: everything up to the terminator
    }
    if (token.size() < 2 + lengthDigits) {
        throw ScpiError(kInvalidBlockData, "block length missing");
    }
    const std::string_view lengthText = token.substr(2, lengthDigits);
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(lengthText.data(), lengthText.data() + lengthText.size(), length);
    if (ec != std::errc{} || end != lengthText.data() + lengthText.size()) {
        throw ScpiError(kInvalidBlockData, "block length not a number");
    }
    const std::string_view rest = token.substr(2 + lengthDigits);
    if (rest.size() < length) {
        throw ScpiError(kInvalidBlockData, "block shorter than its length");
    }
    if (!trimScpi(rest.substr(length)).empty()) {
        throw ScpiError(kInvalidBlockData, "data after the block");
    }
    return std::string(rest.substr(0, length));
}

} // namespace optiqual::instruments::sim
