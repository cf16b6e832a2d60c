#include "instruments/ScpiNumber.h"

#include <clocale>
#include <cmath>
#include <gtest/gtest.h>
#include <locale>

using namespace optiqual::instruments;

TEST(ScpiNumber, ParsesNrForms) {
    EXPECT_EQ(parseScpiDouble("+5.00000000E+00"), 5.0);
    EXPECT_EQ(parseScpiDouble("-2.00000000E+001"), -20.0);
    EXPECT_EQ(parseScpiDouble("+1.55000000E-006"), 1.55e-6);
    EXPECT_EQ(parseScpiDouble("  42 \r"), 42.0);
    EXPECT_EQ(parseScpiDouble("0.5"), 0.5);
    EXPECT_FALSE(parseScpiDouble(""));
    EXPECT_FALSE(parseScpiDouble("5V"));
    EXPECT_FALSE(parseScpiDouble("1,5"));
    EXPECT_FALSE(parseScpiDouble("+"));
}

TEST(ScpiNumber, NotANumberMarker) {
    EXPECT_TRUE(std::isnan(*parseScpiDouble("9.91E37")));
    EXPECT_TRUE(std::isnan(*parseScpiDouble("+9.9E+37")));
    EXPECT_TRUE(std::isnan(*parseScpiDouble("1e999")));
}

TEST(ScpiNumber, Integers) {
    EXPECT_EQ(parseScpiInteger("+0"), 0);
    EXPECT_EQ(parseScpiInteger("-222"), -222);
    EXPECT_EQ(parseScpiInteger("+1.00000000E+00"), 1);
    EXPECT_FALSE(parseScpiInteger("1.5"));
    EXPECT_FALSE(parseScpiInteger("x"));
}

TEST(ScpiNumber, Booleans) {
    EXPECT_EQ(parseScpiBool("1"), true);
    EXPECT_EQ(parseScpiBool("on"), true);
    EXPECT_EQ(parseScpiBool("OFF"), false);
    EXPECT_EQ(parseScpiBool("+0"), false);
    EXPECT_FALSE(parseScpiBool("YES"));
}

TEST(ScpiNumber, Lists) {
    auto values = parseScpiDoubleList("+2.61950000E+01,+2.70000000E+01, 3");
    ASSERT_TRUE(values);
    EXPECT_EQ(*values, (std::vector<double>{26.195, 27.0, 3.0}));
    EXPECT_FALSE(parseScpiDoubleList("1,,2"));
    EXPECT_TRUE(parseScpiDoubleList("")->empty());
}

// A decimal-comma locale must not change how instrument replies parse (libsigrok tests the same).
TEST(ScpiNumber, IndependentOfDecimalCommaLocale) {
    const char* previous = std::setlocale(LC_ALL, nullptr);
    std::string saved = previous ? previous : "C";
    if (!std::setlocale(LC_ALL, "de_DE.UTF-8"))
        GTEST_FAIL() << "de_DE.UTF-8 locale missing: run scripts/install-deps.sh";
    std::locale::global(std::locale("de_DE.UTF-8"));
    EXPECT_EQ(*std::localeconv()->decimal_point, ',') << "locale did not switch to decimal comma";
    EXPECT_EQ(parseScpiDouble("+1.25000000E+00"), 1.25);
    EXPECT_FALSE(parseScpiDouble("1,25"));
    EXPECT_EQ(*parseScpiDoubleList("1.5,2.5"), (std::vector<double>{1.5, 2.5}));
    std::locale::global(std::locale::classic());
    std::setlocale(LC_ALL, saved.c_str());
}
