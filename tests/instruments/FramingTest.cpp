#include "instruments/Framing.h"

#include <gtest/gtest.h>

using namespace optiqual::instruments;

TEST(Framing, FindsTerminator) {
    EXPECT_EQ(findMessageEnd("+5.0E+00\n", "\n"), 8u);
    EXPECT_EQ(findMessageEnd("abc", "\n"), std::nullopt);
    EXPECT_EQ(findMessageEnd("23.0,25.0\r\nnext", "\r\n"), 9u);
    EXPECT_EQ(findMessageEnd("23.0\r", "\r\n"), std::nullopt);
}

TEST(Framing, SkipsDefiniteBlockContainingTerminator) {
    const std::string reply = std::string("#14a\nb;\n");
    EXPECT_EQ(findMessageEnd(reply, "\n"), 7u);
    EXPECT_EQ(findMessageEnd("#14a\nb", "\n"), std::nullopt) << "block incomplete";
    EXPECT_EQ(findMessageEnd("#2", "\n"), std::nullopt) << "header incomplete";
}

TEST(Framing, SkipsQuotedStrings) {
    EXPECT_EQ(findMessageEnd("-222,\"Data; out\"\n", "\n"), 16u);
    EXPECT_EQ(findMessageEnd("\"a#19\"\n", "\n"), 6u);
}

TEST(Framing, HashInsideTokenIsNotABlock) {
    EXPECT_EQ(findMessageEnd("SN#12\n", "\n"), 5u);
}

// Issue 7 defect 5: a peer cannot make a session buffer without bound.
TEST(Framing, RefusesMessagesBeyondTheLimit) {
    EXPECT_EQ(findMessageEnd("0123456789\n", "\n", 10), 10u) << "exactly the limit";
    EXPECT_THROW(findMessageEnd("01234567890\n", "\n", 10), MessageTooLong);
    EXPECT_EQ(findMessageEnd("0123456789", "\n", 10), std::nullopt) << "may still end";
    EXPECT_EQ(findMessageEnd("0123456789\r", "\r\n", 10), std::nullopt) << "half a terminator";
    EXPECT_THROW(findMessageEnd("01234567890", "\n", 10), MessageTooLong) << "cannot end within the limit";
    // A block declaring more than the limit is refused from its header, before its bytes arrive.
    EXPECT_THROW(findMessageEnd("#9999999999", "\n", 1000), MessageTooLong);
    EXPECT_THROW(findMessageEnd("DATA #9999999999", "\n"), MessageTooLong) << "the default limit";
    EXPECT_EQ(findMessageEnd("#15abcde\n", "\n", 10), 8u);
    try {
        findMessageEnd("#9999999999", "\n", 1000);
    } catch (const MessageTooLong& e) {
        EXPECT_STREQ(e.what(), "a block of 999999999 bytes exceeds the 1000-byte message limit");
    }
}

TEST(Framing, FormatsAndParsesBlocks) {
    EXPECT_EQ(formatDefiniteBlock("Hello world!"), "#212Hello world!");
    auto block = parseBlock("#212Hello world!");
    ASSERT_TRUE(block);
    EXPECT_EQ(block->payload, "Hello world!");
    EXPECT_EQ(block->consumed, 16u);
    auto indefinite = parseBlock("#0raw bytes");
    ASSERT_TRUE(indefinite);
    EXPECT_EQ(indefinite->payload, "raw bytes");
    std::string why;
    EXPECT_FALSE(parseBlock("#3ab", &why));
    EXPECT_FALSE(parseBlock("#15abc", &why));
    EXPECT_EQ(why, "block shorter than its header says");
    EXPECT_FALSE(parseBlock("123", &why));
}
