// Focused tests of pattern registration and header matching.
#include "instruments/sim/scpi/ScpiCommandTree.h"

#include "instruments/sim/scpi/ScpiError.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {
namespace {

void noop(ScpiContext&) {}

/// Splits "SOUR2:VOLT" into keywords the way ScpiDevice hands them to the tree.
std::vector<std::string_view> keywords(std::string_view header) {
    std::vector<std::string_view> out;
    while (true) {
        const std::size_t colon = header.find(':');
        out.push_back(header.substr(0, colon));
        if (colon == std::string_view::npos) {
            return out;
        }
        header.remove_prefix(colon + 1);
    }
}

class ScpiCommandTreeTest : public testing::Test {
protected:
    const ScpiCommand* find(std::string_view header, bool query = false) {
        const std::vector<std::string_view> typed = keywords(header);
        return m_tree.find(typed, query, m_suffixes);
    }
    ScpiCommandTree m_tree;
    ScpiHeaderSuffixes m_suffixes;
};

TEST_F(ScpiCommandTreeTest, OptionalNodesAndSuffixesMapToPatternNodes) {
    m_tree.add("[SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", 1, 1, noop);
    for (std::string_view header :
         {"VOLT", "SOUR:VOLT", "VOLT:LEV", "SOUR:VOLT:IMM:AMPL", "source:voltage:amplitude", "VOLT:LEV:IMM:AMPL"}) {
        const ScpiCommand* command = find(header);
        ASSERT_NE(command, nullptr) << header;
        EXPECT_EQ(command->nodeCount, 5U);
        EXPECT_EQ(m_suffixes.values[0], 1) << header;
        EXPECT_FALSE(m_suffixes.given[0]) << header;
    }
    ASSERT_NE(find("SOUR3:VOLT:LEV"), nullptr);
    EXPECT_EQ(m_suffixes.values[0], 3);
    EXPECT_TRUE(m_suffixes.given[0]);
    EXPECT_EQ(find("VOLT:IMM:LEV"), nullptr) << "optional nodes keep their order";
    EXPECT_EQ(find("SOUR"), nullptr);
    EXPECT_EQ(find("VOLT", true), nullptr) << "query form not registered";
    EXPECT_EQ(find("VOLT3"), nullptr) << "suffix on a node without #";
    EXPECT_THROW(find("SOUR1234567890:VOLT"), ScpiError);
}

TEST_F(ScpiCommandTreeTest, SuffixesOfLaterNodes) {
    m_tree.add("SLOT#:SENSe#[:CHANnel#]:POWer?", 0, 0, noop);
    ASSERT_NE(find("SLOT2:SENS4:POW", true), nullptr);
    EXPECT_EQ(m_suffixes.count, 4U);
    EXPECT_EQ(m_suffixes.values[0], 2);
    EXPECT_EQ(m_suffixes.values[1], 4);
    EXPECT_EQ(m_suffixes.values[2], 1);
    ASSERT_NE(find("SLOT:SENS:CHAN2:POW", true), nullptr);
    EXPECT_EQ(m_suffixes.values[2], 2);
    EXPECT_TRUE(m_suffixes.given[2]);
    EXPECT_FALSE(m_suffixes.given[0]);
}

TEST_F(ScpiCommandTreeTest, ExactShortOrLongFormOnly) {
    m_tree.add("MEASure:VOLTage?", 0, 0, noop);
    EXPECT_NE(find("MEAS:VOLT", true), nullptr);
    EXPECT_NE(find("measure:voltage", true), nullptr);
    EXPECT_EQ(find("MEASU:VOLT", true), nullptr);
    EXPECT_EQ(find("MEA:VOLT", true), nullptr);
    EXPECT_EQ(find("MEASURES:VOLT", true), nullptr);
}

TEST_F(ScpiCommandTreeTest, SharedPrefixesAndBacktracking) {
    m_tree.add("OUTPut:PROTection:CLEar", 0, 0, noop);
    m_tree.add("OUTPut#[:STATe]", 1, 1, noop);
    m_tree.add("OUTPut#:DELay", 1, 1, noop);
    const ScpiCommand* clear = find("OUTP:PROT:CLE");
    ASSERT_NE(clear, nullptr);
    EXPECT_EQ(clear->pattern, "OUTPut:PROTection:CLEar");
    const ScpiCommand* state = find("OUTP");
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(state->pattern, "OUTPut#[:STATe]");
    const ScpiCommand* delay = find("OUTP2:DEL");
    ASSERT_NE(delay, nullptr);
    EXPECT_EQ(delay->pattern, "OUTPut#:DELay");
    EXPECT_EQ(m_suffixes.values[0], 2);
}

TEST_F(ScpiCommandTreeTest, CommonCommandsAndBracketStyles) {
    m_tree.add("*IDN?", 0, 0, noop);
    m_tree.add("[SOURce:]CURRent", 1, 1, noop);
    m_tree.add("[:SOURce]:POWer", 1, 1, noop);
    EXPECT_NE(find("*idn", true), nullptr);
    EXPECT_NE(find("CURR"), nullptr);
    EXPECT_NE(find("SOUR:CURR"), nullptr);
    EXPECT_NE(find("POW"), nullptr);
    EXPECT_NE(find("SOURCE:POWER"), nullptr);
    EXPECT_EQ(m_tree.size(), 3U);
}

TEST_F(ScpiCommandTreeTest, BadPatternsAndClashesThrow) {
    m_tree.add("MEASure:VOLTage[:DC]?", 0, 0, noop);
    EXPECT_THROW(m_tree.add("MEASure:VOLTage?", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("MEAS:VOLT?", 0, 0, noop), std::invalid_argument);
    EXPECT_NO_THROW(m_tree.add("MEASure:VOLTage", 0, 0, noop)) << "setting form is separate";
    EXPECT_THROW(m_tree.add("VOLTage[:LEVel", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("VOLTage::", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("VOLT-age", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("*IDN:FOO?", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("CURRent", 2, 1, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("CURRent", 0, 1, ScpiHandler{}), std::invalid_argument);
    EXPECT_THROW(m_tree.add("A[:B][:B]", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("VOLTage:", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("[SOURce:]", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("VOLTage:[:LEVel]", 0, 0, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("VOLTage LEVel", 0, 0, noop), std::invalid_argument);
    EXPECT_EQ(m_tree.size(), 2U) << "rejected patterns leave the tree untouched";
    m_tree.add("OUTPut#[:STATe]", 1, 1, noop);
    EXPECT_THROW(m_tree.add("OUTPut", 1, 1, noop), std::invalid_argument) << "typed OUTP would match both";
    EXPECT_THROW(m_tree.add("OUTP:STATE", 1, 1, noop), std::invalid_argument);
    EXPECT_THROW(m_tree.add("OUTPut:STATus", 1, 1, noop), std::invalid_argument) << "both shorten to STAT";
    EXPECT_NO_THROW(m_tree.add("OUTPut:DELay", 1, 1, noop));
    EXPECT_NO_THROW(m_tree.add("OUTPut#[:STATe]?", 0, 0, noop)) << "the query form is separate";
    EXPECT_EQ(find("A"), nullptr);
}

} // namespace
} // namespace optiqual::instruments::sim
