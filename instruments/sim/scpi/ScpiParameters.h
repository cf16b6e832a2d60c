#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

/// @file Decoding of one SCPI / IEEE 488.2 parameter token. Every function throws ScpiError with the
/// standard code on bad input, so a handler can simply call it and let ScpiDevice report the error.

namespace optiqual::instruments::sim {

/// @brief How to decode a numeric parameter: its base unit and the accepted range.
///
/// @c unit is the unit mnemonic without multiplier, e.g. "V", "A", "W", "DBM", "HZ", "M", "S", "OHM"; empty
/// means the parameter takes no unit (a suffix then gives -138 Suffix not allowed). MIN/MAX/DEF select
/// @c min, @c max and @c def.
struct NumberSpec {
    std::string_view unit;
    double min;
    double max;
    double def;
};

/// @brief What kind of numeric program data a token holds.
enum class NumericKind { Value, Minimum, Maximum, Default, Infinity, NegativeInfinity, NotANumber };

/// @brief A numeric token split into its number and its (unconverted) suffix.
struct NumericToken {
    NumericKind kind = NumericKind::Value;
    double mantissa = 0.0;   ///< the number as written (only for Value)
    std::string_view suffix; ///< unit with optional multiplier, as typed; empty when none
};

/// @brief Most channels one channel list may expand to; more gives -223 Too much data.
inline constexpr std::size_t kMaxChannelListEntries = 10000;

/// @brief Splits a numeric token: NR1/NR2/NR3 with optional sign (`+5`, `-1.5`, `.5`, `1.2E-3`), optional
/// white space and a suffix (`5 MV`, `1550NM`), non-decimal `#H1F` / `#Q17` / `#B101`, and the words
/// MIN/MINimum, MAX/MAXimum, DEF/DEFault, INF, NINF, NAN.
/// Throws -104 Data type error for other character data, strings, blocks and lists; -120 Numeric data error
/// for a malformed number; -222 for a number beyond the range of double.
NumericToken parseNumericToken(std::string_view token);

/// @brief The factor a suffix applies with respect to @p unit: 1 when the suffix is empty or equals the unit,
/// else a multiplier prefix EX PE T G MA(mega) K M(milli) U N P F A followed by the unit; MHZ is megahertz
/// and MOHM megohm. Case-insensitive. Throws -138 when @p unit is empty but a suffix was given, -131 for any
/// other suffix.
/// @return the signed decimal exponent, e.g. -9 for "NM" with unit "M".
int unitExponent(std::string_view suffix, std::string_view unit);

/// @brief Decodes a number in the unit of @p spec (`1550NM` with unit M gives 1.55e-6), resolving
/// MIN/MAX/DEF; INF and NINF give ±infinity and NAN a quiet NaN. Throws -222 Data out of range outside
/// [min, max]; NAN is accepted only when the range is unbounded on both sides.
double parseNumber(std::string_view token, const NumberSpec& spec);

/// @brief Decodes a boolean: ON / OFF (exact words, any case) or a number, rounded, non-zero meaning true
/// (IEEE 488.2). Throws -224 for other words, -104 for strings, blocks and lists, -138 for a suffix.
bool parseBoolean(std::string_view token);

/// @brief Matches character data against @p choices written SCPI-style ("IMMediate") and returns the
/// matching choice's short form in capitals ("IMM"). Throws -104 for strings, blocks and lists, -224 when
/// nothing matches.
std::string parseEnumeration(std::string_view token, std::initializer_list<std::string_view> choices);

/// @brief The short form of a SCPI mnemonic in capitals ("IMMediate" → "IMM").
std::string shortFormOf(std::string_view mnemonic);

/// @brief Decodes string data in single or double quotes, a doubled quote standing for one. Throws -104 when
/// the token is not quoted, -151 Invalid string data when it is malformed (unterminated, text after the
/// closing quote).
std::string parseString(std::string_view token);

/// @brief Decodes a channel list `(@1)`, `(@1,3,4:6)`, `(@101:110)`; ranges may descend (`(@6:4)` is 6,5,4);
/// `(@)` is an empty list. Throws -104 when the token is not a list, -224 for bad syntax, -223 past
/// kMaxChannelListEntries channels.
std::vector<int> parseChannelList(std::string_view token);

/// @brief Decodes an IEEE 488.2 block: definite `#<n><len><bytes>` or indefinite `#0<bytes>`. Leading white
/// space is skipped; the bytes are returned exactly. Throws -104 when the token is not a block, -161 Invalid
/// block data when the header or the length is wrong.
std::string parseBlock(std::string_view token);

} // namespace optiqual::instruments::sim
