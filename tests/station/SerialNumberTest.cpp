// Issue 7 defect 6: serial numbers are validated before anything opens (length, printable, the sequence's optional
// per-part pattern), and `optiqual lot` never generates a serial the database already holds.
#include "sequences/SerialNumber.h"

#include "db/Connection.h"
#include "sequences/SequenceFile.h"
#include "station/InstrumentMethods.h"
#include "station/cli/Commands.h"
#include "tests/db/DbTestSupport.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>

using namespace optiqual;
using namespace optiqual::station::cli;
using optiqual::db::test::TempDir;

namespace {

const char* kSequence = R"(name: serial test
version: 1
part_numbers: [PN-1, PN-2]
serial_patterns: {PN-2: "XP-[0-9]{4}"}
instruments: {psu: PowerSupply}
main:
  - name: Output off
    type: action
    call: psu.setOutput
    args: {channel: 1, on: false}
)";

class Serials : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(sequence) << kSequence;
        options.station =
            (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "station" / "configs" / "sim-xpo.yaml").string();
        options.sequence = sequence.string();
        options.db = db.string();
        options.timeScale = 1000;
        options.autoAnswer = true;
        options.progress = "none";
    }

    std::vector<std::string> serialsInDb() const {
        auto c = db::Connection::open(db, db::OpenAccess::ReadOnly);
        auto st = c.prepare("SELECT u.serial FROM run r JOIN unit u ON u.id = r.unit_id ORDER BY r.id");
        std::vector<std::string> out;
        while (st.step())
            out.push_back(st.getText(0));
        return out;
    }

    TempDir dir;
    std::filesystem::path sequence = dir / "serials.yaml";
    std::filesystem::path db = dir / "results.db";
    RunCommandOptions options;
};

} // namespace

TEST(SerialNumber, EmptyLongAndControlCharactersAreRefused) {
    using sequences::serialProblem;
    EXPECT_FALSE(serialProblem("XPO-000123"));
    EXPECT_FALSE(serialProblem(std::string(sequences::kMaxSerialLength, 'A')));
    EXPECT_TRUE(serialProblem(""));
    EXPECT_TRUE(serialProblem(std::string(sequences::kMaxSerialLength + 1, 'A')));
    EXPECT_TRUE(serialProblem(std::string(5000, 'A')));
    EXPECT_TRUE(serialProblem("SN\x01"
                              "1"));
    EXPECT_TRUE(serialProblem("SN\n1"));
    EXPECT_TRUE(serialProblem("SN\x7F"));
    EXPECT_TRUE(serialProblem("SN\xC3\xA9"));
    EXPECT_TRUE(serialProblem(" SN1"));
    EXPECT_TRUE(serialProblem("SN1 "));
}

TEST_F(Serials, TheSequencesPatternIsCheckedPerPart) {
    const auto seq = sequences::loadSequence(sequence.string(), station::InstrumentMethods::builtin());
    EXPECT_FALSE(sequences::serialProblem("anything-goes", seq, "PN-1")) << "PN-1 has no pattern";
    EXPECT_FALSE(sequences::serialProblem("XP-0042", seq, "PN-2"));
    const auto problem = sequences::serialProblem("XP-42", seq, "PN-2");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("XP-[0-9]{4}"), std::string::npos) << *problem;
}

TEST_F(Serials, APatternThatIsNoRegexOrForAnUnknownPartFailsCheck) {
    std::ofstream(sequence) << "name: s\nversion: 1\npart_numbers: [PN-1]\nserial_patterns: {PN-1: \"XP-[0-9\", "
                               "PN-9: \"X\"}\nmain:\n  - {name: w, type: wait, duration: 1 s}\n";
    const auto diagnostics = sequences::checkSequenceFile(sequence.string(), station::InstrumentMethods::builtin());
    ASSERT_EQ(diagnostics.size(), 2u);
    EXPECT_NE(diagnostics[0].message.find("not a regular expression"), std::string::npos) << diagnostics[0].message;
    EXPECT_EQ(diagnostics[0].where.line, 4);
    EXPECT_NE(diagnostics[1].message.find("'PN-9'"), std::string::npos) << diagnostics[1].message;
}

TEST_F(Serials, RunRefusesBadSerialsBeforeAnythingIsStored) {
    for (const std::string& bad :
         {std::string(), std::string(5000, '7'), std::string("SN\x1b[2J"), std::string(" SN")}) {
        options.serials = {"GOOD-1", bad};
        EXPECT_EQ(runRun(options), kExitBadInput) << "serial of " << bad.size() << " bytes";
    }
    options.partNumber = "PN-2";
    options.serials = {"XP-12"};
    EXPECT_EQ(runRun(options), kExitBadInput) << "PN-2's serial pattern";
    EXPECT_FALSE(std::filesystem::exists(db)) << "a refused serial leaves no trace, not even a database";
    options.serials = {"XP-0012"};
    EXPECT_EQ(runRun(options), kExitOk);
    EXPECT_EQ(serialsInDb(), std::vector<std::string>{"XP-0012"});
}

TEST_F(Serials, ALotRunTwiceWithTheSameSeedGetsNewSerials) {
    options.count = 2;
    options.seed = 42;
    ASSERT_EQ(runLot(options), kExitOk);
    ASSERT_EQ(runLot(options), kExitOk);
    const auto serials = serialsInDb();
    EXPECT_EQ(serials,
              (std::vector<std::string>{"LOT0042-00001", "LOT0042-00002", "LOT0042.2-00001", "LOT0042.2-00002"}));
    EXPECT_EQ(std::set<std::string>(serials.begin(), serials.end()).size(), serials.size())
        << "a serial tested twice would be a retest counted as first pass";
}

TEST_F(Serials, ALotNamedAgainIsRefused) {
    options.count = 2;
    options.lot = "LOT-A";
    ASSERT_EQ(runLot(options), kExitOk);
    EXPECT_EQ(runLot(options), kExitBadInput);
    EXPECT_EQ(serialsInDb().size(), 2u) << "nothing of the refused lot is stored";
    options.lot = "LOT-B";
    EXPECT_EQ(runLot(options), kExitOk);
    EXPECT_EQ(serialsInDb().size(), 4u);
    options.lot = "LOT\x01";
    EXPECT_EQ(runLot(options), kExitBadInput);
}
