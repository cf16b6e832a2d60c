#include "core/Quantity.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual::core;

TEST(Quantity, LinearConversionsWithinADimension) {
    EXPECT_DOUBLE_EQ(convert(3300, "mV", "V"), 3.3);
    EXPECT_DOUBLE_EQ(convert(1.5, "A", "mA"), 1500);
    EXPECT_DOUBLE_EQ(convert(250, "uA", "mA"), 0.25);
    EXPECT_DOUBLE_EQ(convert(2, "min", "s"), 120);
    EXPECT_DOUBLE_EQ(convert(1, "h", "min"), 60);
    EXPECT_DOUBLE_EQ(convert(500, "ms", "us"), 500000);
    EXPECT_DOUBLE_EQ(convert(1310, "nm", "m"), 1.31e-6);
    EXPECT_DOUBLE_EQ(convert(1.31, "um", "nm"), 1310);
    EXPECT_DOUBLE_EQ(convert(53.125, "GHz", "Hz"), 53.125e9);
    EXPECT_DOUBLE_EQ(convert(1.5, "bar", "kPa"), 150);
    EXPECT_DOUBLE_EQ(convert(80, "Pa", "mbar"), 0.8);
    EXPECT_DOUBLE_EQ(convert(1, "mbarL/s", "Pa.m3/s"), 0.1);
    EXPECT_DOUBLE_EQ(convert(50, "%", ""), 0.5);
    EXPECT_DOUBLE_EQ(convert(0.25, "", "%"), 25);
    EXPECT_DOUBLE_EQ(convert(1500, "mW", "W"), 1.5);
    EXPECT_DOUBLE_EQ(convert(120, "L/h", "L/min"), 2);
    EXPECT_DOUBLE_EQ(convert(0.04, "K/W", "degC/W"), 0.04);
}

TEST(Quantity, TemperatureIsAffine) {
    EXPECT_DOUBLE_EQ(convert(25, "degC", "K"), 298.15);
    EXPECT_DOUBLE_EQ(convert(0, "K", "degC"), -273.15);
    EXPECT_DOUBLE_EQ(convert(-40, "degC", "degC"), -40);
    EXPECT_DOUBLE_EQ(convert(2, "degC/min", "K/s"), 2.0 / 60);
}

TEST(Quantity, DecibelMilliwattIsLogarithmicPower) {
    EXPECT_NEAR(convert(1, "mW", "dBm"), 0.0, 1e-12);
    EXPECT_NEAR(convert(1e-3, "W", "dBm"), 0.0, 1e-12);
    EXPECT_NEAR(convert(10, "dBm", "mW"), 10.0, 1e-12);
    EXPECT_NEAR(convert(-2.9, "dBm", "W"), 1e-3 * std::pow(10, -0.29), 1e-15);
    EXPECT_NEAR(convert(20, "dBm", "dBW"), -10, 1e-12);
    EXPECT_NEAR(convert(4.0, "dBm", "uW"), 2511.886431509580, 1e-9);
    // Round trip through the linear unit.
    EXPECT_NEAR(convert(convert(-7.3, "dBm", "nW"), "nW", "dBm"), -7.3, 1e-12);
    // No power has no decibel value: it reads as -inf (and fails any lower limit), and comes back as 0 W.
    EXPECT_TRUE(std::isinf(convert(0, "W", "dBm")));
    EXPECT_LT(convert(0, "W", "dBm"), 0);
    EXPECT_LT(convert(-1e-9, "W", "dBm"), -1e300);
    EXPECT_DOUBLE_EQ(convert(-INFINITY, "dBm", "W"), 0);
}

TEST(Quantity, IncompatibleOrUnknownUnitsThrow) {
    EXPECT_THROW(convert(1, "V", "A"), UnitError);
    EXPECT_THROW(convert(1, "dB", "dBm"), UnitError); // a ratio is not an absolute power
    EXPECT_THROW(convert(1, "dB", ""), UnitError);    // nor silently a plain ratio: use db_to_ratio()
    EXPECT_THROW(convert(1, "degC", "W"), UnitError);
    EXPECT_THROW(convert(1, "Vx", "V"), UnitError);
    try {
        convert(1, "V", "A");
        FAIL();
    } catch (const UnitError& e) {
        EXPECT_STREQ(e.what(), "cannot convert V (voltage) to A (current)");
    }
    EXPECT_FALSE(compatible("V", "A"));
    EXPECT_TRUE(compatible("W", "dBm"));
    EXPECT_FALSE(compatible("W", "nope"));
}

TEST(Quantity, AliasesFindTheCanonicalUnit) {
    EXPECT_EQ(findUnit("\xC2\xB0"
                       "C")
                  ->symbol,
              "degC");
    EXPECT_EQ(findUnit("\xC2\xB5"
                       "A")
                  ->symbol,
              "uA");
    EXPECT_EQ(findUnit("\xCE\xBC"
                       "W")
                  ->symbol,
              "uW");
    EXPECT_EQ(findUnit("mbar*L/s")->symbol, "mbarL/s");
    EXPECT_EQ(findUnit("1")->symbol, "");
    EXPECT_EQ(findUnit(""), findUnit("1"));
    EXPECT_EQ(findUnit("v"), nullptr); // case matters: m is metre, M would be mega
    EXPECT_EQ(findUnit("Mm"), nullptr);
}

TEST(Quantity, EveryUnitTheDomainNeedsIsKnown) {
    for (const char* symbol :
         {"V",   "mV", "A", "mA", "uA", "W",  "mW",  "uW",    "dBm", "dB",  "degC", "K",       "s", "ms", "us",
          "min", "h",  "m", "nm", "um", "Hz", "GHz", "L/min", "kPa", "bar", "Pa",   "mbarL/s", "%", ""})
        EXPECT_NE(findUnit(symbol), nullptr) << symbol;
    // Every canonical symbol is found by its own name and converts to itself exactly.
    for (const Unit& u : allUnits()) {
        EXPECT_EQ(findUnit(u.symbol), &u);
        EXPECT_DOUBLE_EQ(convert(12.5, u.symbol, u.symbol), 12.5) << u.symbol;
    }
}

TEST(Quantity, ParsesNumbersWithUnits) {
    auto q = Quantity::parse("48 V");
    ASSERT_TRUE(q);
    EXPECT_DOUBLE_EQ(q->value(), 48);
    EXPECT_EQ(q->symbol(), "V");
    EXPECT_EQ(Quantity::parse("3300mV")->to("V").value(), 3.3);
    EXPECT_DOUBLE_EQ(Quantity::parse("+4.0 dBm")->value(), 4.0);
    EXPECT_DOUBLE_EQ(Quantity::parse("-2.9dBm")->value(), -2.9);
    EXPECT_EQ(Quantity::parse("2.4e-4")->symbol(), "");
    EXPECT_EQ(Quantity::parse(" 1.5 L/min ")->symbol(), "L/min");
    EXPECT_FALSE(Quantity::parse("48 Vx"));
    EXPECT_FALSE(Quantity::parse("V"));
    EXPECT_FALSE(Quantity::parse(""));
    EXPECT_FALSE(Quantity::parse("vcc * 2"));
    EXPECT_EQ(Quantity(3.3, "V").toString(), "3.3 V");
    EXPECT_EQ(Quantity(50, "%").toString(), "50%");
    EXPECT_EQ(Quantity(1e-6, "mbarL/s").toString(), "1e-06 mbarL/s");
    EXPECT_EQ(Quantity(0.001, "W").to("dBm").toString(), "0 dBm");
    EXPECT_THROW(Quantity(1, "furlong"), UnitError);
    EXPECT_THROW(Quantity(1, "V").to("A"), UnitError);
}

TEST(Quantity, PrecomputedConversionMatchesConvert) {
    const UnitConversion w2dbm("W", "dBm");
    EXPECT_FALSE(w2dbm.identity());
    EXPECT_TRUE(UnitConversion("V", "V").identity());
    for (double w : {1e-6, 1e-3, 0.5, 2.0})
        EXPECT_DOUBLE_EQ(w2dbm.apply(w), convert(w, "W", "dBm"));
    EXPECT_THROW(UnitConversion("V", "A"), UnitError);
}
