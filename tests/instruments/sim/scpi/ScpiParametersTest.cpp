// Focused tests of the parameter decoders, the reply formatters and the error texts.
#include "instruments/sim/scpi/ScpiParameters.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <clocale>
#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr NumberSpec kVolts{"V", -10.0, 10.0, 1.0};
constexpr NumberSpec kMetres{"M", 0.0, 1.0, 0.0};
constexpr NumberSpec kUnitless{"", -kInf, kInf, 0.0};

/// The SCPI code @p f throws, or 0 when it does not throw.
int codeOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ScpiError& e) {
        return e.code();
    }
    return 0;
}

TEST(ScpiNumber, Forms) {
    EXPECT_DOUBLE_EQ(parseNumber("5", kVolts), 5.0);
    EXPECT_DOUBLE_EQ(parseNumber("+5", kVolts), 5.0);
    EXPECT_DOUBLE_EQ(parseNumber("-5", kVolts), -5.0);
    EXPECT_DOUBLE_EQ(parseNumber("2.25", kVolts), 2.25);
    EXPECT_DOUBLE_EQ(parseNumber(".5", kVolts), 0.5);
    EXPECT_DOUBLE_EQ(parseNumber("5.", kVolts), 5.0);
    EXPECT_DOUBLE_EQ(parseNumber("-.5", kVolts), -0.5);
    EXPECT_DOUBLE_EQ(parseNumber("1.5E+00", kVolts), 1.5);
    EXPECT_DOUBLE_EQ(parseNumber("15e-1", kVolts), 1.5);
    EXPECT_DOUBLE_EQ(parseNumber("  7  ", kVolts), 7.0);
    EXPECT_DOUBLE_EQ(parseNumber("#H0A", kUnitless), 10.0);
    EXPECT_DOUBLE_EQ(parseNumber("#q17", kUnitless), 15.0);
    EXPECT_DOUBLE_EQ(parseNumber("#B101", kUnitless), 5.0);
}

TEST(ScpiNumber, UnitsAndMultipliers) {
    EXPECT_EQ(parseNumber("1550NM", kMetres), 1.55e-6); // exact: the prefix divides
    EXPECT_EQ(parseNumber("1550 nm", kMetres), 1.55e-6);
    EXPECT_EQ(parseNumber("1.55UM", kMetres), 1.55e-6);
    EXPECT_EQ(parseNumber("0.5M", kMetres), 0.5); // suffix equal to the unit: x1
    EXPECT_EQ(parseNumber("5MM", kMetres), 5e-3);
    EXPECT_EQ(parseNumber("5 MV", kVolts), 5e-3);
    EXPECT_EQ(parseNumber("5mv", kVolts), 5e-3);
    EXPECT_EQ(parseNumber("2KV", NumberSpec{"V", 0, kInf, 0}), 2000.0);
    EXPECT_EQ(parseNumber("2000000UV", kVolts), 2.0);
    EXPECT_EQ(parseNumber("5MA", NumberSpec{"A", 0, 10, 0}), 5e-3);
    EXPECT_EQ(parseNumber("5A", NumberSpec{"A", 0, 10, 0}), 5.0);
    EXPECT_EQ(parseNumber("1MAA", NumberSpec{"A", 0, 1e7, 0}), 1e6);
    EXPECT_EQ(parseNumber("100MS", NumberSpec{"S", 0, 10, 0}), 0.1);
    EXPECT_EQ(parseNumber("-20DBM", NumberSpec{"DBM", -100, 30, 0}), -20.0);
    EXPECT_EQ(parseNumber("10MHZ", NumberSpec{"HZ", 0, 1e12, 0}), 1e7);
    EXPECT_EQ(parseNumber("10mhz", NumberSpec{"HZ", 0, 1e12, 0}), 1e7);
    EXPECT_EQ(parseNumber("3GHZ", NumberSpec{"HZ", 0, 1e12, 0}), 3e9);
    EXPECT_EQ(parseNumber("2MOHM", NumberSpec{"OHM", 0, 1e9, 0}), 2e6);
    EXPECT_EQ(parseNumber("2KOHM", NumberSpec{"OHM", 0, 1e9, 0}), 2e3);
    EXPECT_EQ(parseNumber("1EXV", NumberSpec{"V", 0, kInf, 0}), 1e18);
    EXPECT_EQ(parseNumber("1PEV", NumberSpec{"V", 0, kInf, 0}), 1e15);
    EXPECT_EQ(parseNumber("1TV", NumberSpec{"V", 0, kInf, 0}), 1e12);
    EXPECT_EQ(parseNumber("1PV", kVolts), 1e-12);
    EXPECT_EQ(parseNumber("1FV", kVolts), 1e-15);
    EXPECT_EQ(parseNumber("1AV", kVolts), 1e-18);
    EXPECT_EQ(parseNumber("1NV", kVolts), 1e-9);
}

TEST(ScpiNumber, SuffixErrors) {
    EXPECT_EQ(codeOf([] { parseNumber("5A", kVolts); }), -131);
    EXPECT_EQ(codeOf([] { parseNumber("5XV", kVolts); }), -131);
    EXPECT_EQ(codeOf([] { parseNumber("5 MV", kUnitless); }), -138);
    EXPECT_EQ(codeOf([] { parseNumber("5E", kVolts); }), -131);
    EXPECT_EQ(codeOf([] { parseNumber("5V2", kVolts); }), -120);
}

TEST(ScpiNumber, SpecialValues) {
    EXPECT_EQ(parseNumber("MIN", kVolts), -10.0);
    EXPECT_EQ(parseNumber("minimum", kVolts), -10.0);
    EXPECT_EQ(parseNumber("MAX", kVolts), 10.0);
    EXPECT_EQ(parseNumber("MAXimum", kVolts), 10.0);
    EXPECT_EQ(parseNumber("DEF", kVolts), 1.0);
    EXPECT_EQ(parseNumber("DEFAULT", kVolts), 1.0);
    EXPECT_EQ(parseNumber("INF", kUnitless), kInf);
    EXPECT_EQ(parseNumber("NINF", kUnitless), -kInf);
    EXPECT_TRUE(std::isnan(parseNumber("NAN", kUnitless)));
    EXPECT_EQ(codeOf([] { parseNumber("MINI", kVolts); }), -104);
    EXPECT_EQ(codeOf([] { parseNumber("INF", kVolts); }), -222);
    EXPECT_EQ(codeOf([] { parseNumber("NAN", kVolts); }), -222);
}

TEST(ScpiNumber, RangeAndBadData) {
    EXPECT_EQ(parseNumber("10", kVolts), 10.0);
    EXPECT_EQ(parseNumber("-10", kVolts), -10.0);
    EXPECT_EQ(codeOf([] { parseNumber("10.001", kVolts); }), -222);
    EXPECT_EQ(codeOf([] { parseNumber("-11", kVolts); }), -222);
    EXPECT_EQ(codeOf([] { parseNumber("1e999", kVolts); }), -222);
    EXPECT_EQ(codeOf([] { parseNumber("-5", NumberSpec{"V", 0.0, kInf, 0.0}); }), -222);
    EXPECT_EQ(codeOf([] { parseNumber("5", NumberSpec{"V", -kInf, 0.0, 0.0}); }), -222);
    EXPECT_EQ(parseNumber("6.18000000000001", NumberSpec{"V", 0.0, 6.18, 0.0}), 6.18) << "rounding slack";
    EXPECT_EQ(codeOf([] { parseNumber("", kVolts); }), -120);
    EXPECT_EQ(codeOf([] { parseNumber("+", kVolts); }), -120);
    EXPECT_EQ(codeOf([] { parseNumber("-.", kVolts); }), -120);
    EXPECT_EQ(codeOf([] { parseNumber("1.2.3", kVolts); }), -120);
    EXPECT_EQ(codeOf([] { parseNumber("1e+", kVolts); }), -120);
    EXPECT_EQ(codeOf([] { parseNumber("+ 5", kVolts); }), -120);
    EXPECT_EQ(codeOf([] { parseNumber("#H1G", kUnitless); }), -120);
    EXPECT_EQ(codeOf([] { parseNumber("ABC", kVolts); }), -104);
    EXPECT_EQ(codeOf([] { parseNumber("'5'", kVolts); }), -104);
    EXPECT_EQ(codeOf([] { parseNumber("(@1)", kVolts); }), -104);
    EXPECT_EQ(codeOf([] { parseNumber("#15hello", kVolts); }), -104);
}

TEST(ScpiNumber, TokenKeepsTheSuffixForDualUnitCommands) {
    const NumericToken watts = parseNumericToken("1.5 mW");
    EXPECT_EQ(watts.kind, NumericKind::Value);
    EXPECT_EQ(watts.mantissa, 1.5);
    EXPECT_EQ(watts.suffix, "mW");
    EXPECT_EQ(unitExponent(watts.suffix, "W"), -3);
    EXPECT_EQ(parseNumericToken("max").kind, NumericKind::Maximum);
}

TEST(ScpiNumber, IgnoresTheCLocale) {
    if (std::setlocale(LC_ALL, "de_DE.UTF-8") == nullptr && std::setlocale(LC_ALL, "de_DE.utf8") == nullptr) {
        GTEST_SKIP() << "no de_DE locale installed";
    }
    const double value = parseNumber("1.5", kVolts);
    const std::string text = formatNr3(1.5);
    std::setlocale(LC_ALL, "C");
    EXPECT_EQ(value, 1.5);
    EXPECT_EQ(text, "+1.50000000E+00");
}

TEST(ScpiBoolean, Forms) {
    EXPECT_TRUE(parseBoolean("ON"));
    EXPECT_TRUE(parseBoolean("on"));
    EXPECT_FALSE(parseBoolean("OFF"));
    EXPECT_FALSE(parseBoolean("Off"));
    EXPECT_TRUE(parseBoolean("1"));
    EXPECT_FALSE(parseBoolean("0"));
    EXPECT_TRUE(parseBoolean("5"));
    EXPECT_TRUE(parseBoolean("-1"));
    EXPECT_TRUE(parseBoolean("0.6"));  // rounds to 1
    EXPECT_FALSE(parseBoolean("0.4")); // rounds to 0
    EXPECT_TRUE(parseBoolean("1E0"));
    EXPECT_EQ(codeOf([] { parseBoolean("ONN"); }), -224);
    EXPECT_EQ(codeOf([] { parseBoolean("TRUE"); }), -224);
    EXPECT_EQ(codeOf([] { parseBoolean("O"); }), -224);
    EXPECT_EQ(codeOf([] { parseBoolean("'ON'"); }), -104);
    EXPECT_EQ(codeOf([] { parseBoolean("1V"); }), -138);
    EXPECT_EQ(codeOf([] { parseBoolean("1..0"); }), -120);
}

TEST(ScpiEnumeration, ShortAndLongForms) {
    EXPECT_EQ(parseEnumeration("IMM", {"IMMediate", "MINimum"}), "IMM");
    EXPECT_EQ(parseEnumeration("immediate", {"IMMediate", "MINimum"}), "IMM");
    EXPECT_EQ(parseEnumeration("Minimum", {"IMMediate", "MINimum"}), "MIN");
    EXPECT_EQ(parseEnumeration("BUS", {"IMMediate", "BUS"}), "BUS");
    EXPECT_EQ(parseEnumeration("  bus ", {"IMMediate", "BUS"}), "BUS");
    EXPECT_EQ(codeOf([] { parseEnumeration("IMMED", {"IMMediate", "MINimum"}); }), -224);
    EXPECT_EQ(codeOf([] { parseEnumeration("IM", {"IMMediate", "MINimum"}); }), -224);
    EXPECT_EQ(codeOf([] { parseEnumeration("5", {"IMMediate", "MINimum"}); }), -224);
    EXPECT_EQ(codeOf([] { parseEnumeration("'IMM'", {"IMMediate", "MINimum"}); }), -104);
    EXPECT_EQ(shortFormOf("IMMediate"), "IMM");
    EXPECT_TRUE(matchesMnemonic("meas", "MEASure"));
    EXPECT_TRUE(matchesMnemonic("MEASURE", "MEASure"));
    EXPECT_FALSE(matchesMnemonic("MEASU", "MEASure"));
    EXPECT_FALSE(matchesMnemonic("MEA", "MEASure"));
}

TEST(ScpiString, QuotesAndEscapes) {
    EXPECT_EQ(parseString("'abc'"), "abc");
    EXPECT_EQ(parseString("\"abc\""), "abc");
    EXPECT_EQ(parseString("''"), "");
    EXPECT_EQ(parseString("'it''s'"), "it's");
    EXPECT_EQ(parseString(R"("say ""hi""")"), R"(say "hi")");
    EXPECT_EQ(parseString(R"('a "b" c')"), R"(a "b" c)");
    EXPECT_EQ(parseString("'a,b;c'"), "a,b;c");
    EXPECT_EQ(codeOf([] { parseString("'abc"); }), -151);
    EXPECT_EQ(codeOf([] { parseString("'abc\""); }), -151);
    EXPECT_EQ(codeOf([] { parseString("'a'b"); }), -151);
    EXPECT_EQ(codeOf([] { parseString("'"); }), -151);
    EXPECT_EQ(codeOf([] { parseString("abc"); }), -104);
}

TEST(ScpiChannelList, Forms) {
    EXPECT_EQ(parseChannelList("(@1)"), (std::vector<int>{1}));
    EXPECT_EQ(parseChannelList("(@1,3,4:6)"), (std::vector<int>{1, 3, 4, 5, 6}));
    EXPECT_EQ(parseChannelList("(@101:110)"), (std::vector<int>{101, 102, 103, 104, 105, 106, 107, 108, 109, 110}));
    EXPECT_EQ(parseChannelList("(@6:4)"), (std::vector<int>{6, 5, 4}));
    EXPECT_EQ(parseChannelList("(@ 2 : 3 , 1 )"), (std::vector<int>{2, 3, 1}));
    EXPECT_EQ(parseChannelList("(@)"), std::vector<int>{});
    EXPECT_EQ(parseChannelList("(@5:5)"), (std::vector<int>{5}));
}

TEST(ScpiChannelList, Errors) {
    EXPECT_EQ(codeOf([] { parseChannelList("1"); }), -104);
    EXPECT_EQ(codeOf([] { parseChannelList("'(@1)'"); }), -104);
    EXPECT_EQ(codeOf([] { parseChannelList("(1,2)"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@1,2"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@1,,2)"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@1:)"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@-1)"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@1 2)"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@1:2:3)"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@1234567890)"); }), -224);
    EXPECT_EQ(codeOf([] { parseChannelList("(@1:100000)"); }), -223);
}

TEST(ScpiBlock, DefiniteAndIndefinite) {
    EXPECT_EQ(parseBlock("#212Hello world!"), "Hello world!");
    EXPECT_EQ(parseBlock("#10"), "");
    EXPECT_EQ(parseBlock("#0raw bytes "), "raw bytes ");
    EXPECT_EQ(parseBlock(std::string("#14a\0b\n", 7)), std::string("a\0b\n", 4));
    EXPECT_EQ(parseBlock("#3005ab cd"), "ab cd");
    EXPECT_EQ(codeOf([] { parseBlock("#15abc"); }), -161);
    EXPECT_EQ(codeOf([] { parseBlock("#13abcd"); }), -161);
    EXPECT_EQ(codeOf([] { parseBlock("#2x5abcde"); }), -161);
    EXPECT_EQ(codeOf([] { parseBlock("#9"); }), -161);
    EXPECT_EQ(codeOf([] { parseBlock("#"); }), -161);
    EXPECT_EQ(codeOf([] { parseBlock("#HFF"); }), -104);
    EXPECT_EQ(codeOf([] { parseBlock("'abc'"); }), -104);
}

TEST(ScpiFormat, Nr3) {
    EXPECT_EQ(formatNr3(5.0), "+5.00000000E+00");
    EXPECT_EQ(formatNr3(-0.0123), "-1.23000000E-02");
    EXPECT_EQ(formatNr3(0.0), "+0.00000000E+00");
    EXPECT_EQ(formatNr3(-0.0), "+0.00000000E+00");
    EXPECT_EQ(formatNr3(1e100), "+1.00000000E+100");
    EXPECT_EQ(formatNr3(1.55e-6, 8, 3), "+1.55000000E-006");
    EXPECT_EQ(formatNr3Exp3(-20.0), "-2.00000000E+001");
    EXPECT_EQ(formatNr3(1.5, 3), "+1.500E+00");
    EXPECT_EQ(formatNr3(std::nan("")), "+9.91000000E+37");
    EXPECT_EQ(formatNr3(kInf), "+9.90000000E+37");
    EXPECT_EQ(formatNr3(-kInf), "-9.90000000E+37");
}

TEST(ScpiFormat, OtherResponses) {
    EXPECT_EQ(formatNr1(0), "0");
    EXPECT_EQ(formatNr1(-350), "-350");
    EXPECT_EQ(formatNr1(0, true), "+0");
    EXPECT_EQ(formatNr1(-5, true), "-5");
    EXPECT_EQ(formatNr2(5.0, 3), "5.000");
    EXPECT_EQ(formatNr2(-1.26, 1), "-1.3");
    EXPECT_EQ(formatNr2(std::nan(""), 3), "9.91E+37");
    EXPECT_EQ(formatString(R"(a "b")"), R"("a ""b""")");
    EXPECT_EQ(formatBlock("Hello world!"), "#212Hello world!");
    EXPECT_EQ(formatBlock(""), "#10");
    EXPECT_EQ(formatChannelList(std::vector<int>{1, 2, 5}), "(@1,2,5)");
}

TEST(ScpiErrorText, StandardAndFallback) {
    EXPECT_EQ(standardErrorText(0), "No error");
    EXPECT_EQ(standardErrorText(-100), "Command error");
    EXPECT_EQ(standardErrorText(-113), "Undefined header");
    EXPECT_EQ(standardErrorText(-222), "Data out of range");
    EXPECT_EQ(standardErrorText(-350), "Queue overflow");
    EXPECT_EQ(standardErrorText(-440), "Query UNTERMINATED after indefinite response");
    EXPECT_EQ(standardErrorText(-199), "Command error");
    EXPECT_EQ(standardErrorText(-299), "Execution error");
    EXPECT_EQ(standardErrorText(-399), "Device specific error");
    EXPECT_EQ(standardErrorText(-499), "Query error");
    EXPECT_EQ(standardErrorText(42), "Device specific error");
    EXPECT_EQ(esrBitForErrorCode(-113), 32);
    EXPECT_EQ(esrBitForErrorCode(-222), 16);
    EXPECT_EQ(esrBitForErrorCode(-350), 8);
    EXPECT_EQ(esrBitForErrorCode(7), 8);
    EXPECT_EQ(esrBitForErrorCode(-420), 4);
    EXPECT_EQ(esrBitForErrorCode(0), 0);
    EXPECT_EQ(esrBitForErrorCode(-2000000000), 0);
}

TEST(ScpiErrorText, ErrorObject) {
    const ScpiError standard(-222, "40 V > 6.18 V");
    EXPECT_EQ(standard.text(), "Data out of range");
    EXPECT_EQ(standard.detail(), "40 V > 6.18 V");
    EXPECT_STREQ(standard.what(), R"(-222,"Data out of range;40 V > 6.18 V")");
    const ScpiError device(304, "Volt and curr in incompatible states");
    EXPECT_EQ(device.text(), "Volt and curr in incompatible states");
    EXPECT_EQ(device.detail(), "");
}

TEST(ScpiText, Helpers) {
    EXPECT_EQ(trimScpi(" \t\r abc \n"), "abc");
    EXPECT_TRUE(equalsIgnoreCase("VoLt", "volt"));
    EXPECT_FALSE(equalsIgnoreCase("VOLT", "VOL"));
}

} // namespace
} // namespace optiqual::instruments::sim
