#include "core/EnumNames.h"

#include <gtest/gtest.h>

namespace optiqual::core {
namespace {

enum class Fruit { Apple, Pear, Plum };

constexpr EnumNames<Fruit, 3> kFruit({"apple", "pear", "plum"});

TEST(EnumNames, EachValueRoundTripsThroughItsName) {
    for (auto fruit : {Fruit::Apple, Fruit::Pear, Fruit::Plum})
        EXPECT_EQ(kFruit.find(kFruit.name(fruit)), fruit);
    static_assert(kFruit.find("plum") == Fruit::Plum);
}

TEST(EnumNames, AnUnknownNameOrValueIsSaid) {
    EXPECT_EQ(kFruit.find("Apple"), std::nullopt); // exact names only
    EXPECT_EQ(kFruit.find(""), std::nullopt);
    EXPECT_STREQ(kFruit.name(static_cast<Fruit>(7)), "unknown");
}

TEST(EnumNames, ATableMissingANameIsRefused) {
    EXPECT_THROW((EnumNames<Fruit, 3>({"apple", "pear"})), std::logic_error);
}

} // namespace
} // namespace optiqual::core
