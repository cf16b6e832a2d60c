// Scan decisions: where a serial goes, and each refusal with the reason the operator reads.
#include "ui/SerialCheck.h"

#include "sequences/Sequence.h"
#include "sequences/SerialNumber.h"

#include <gtest/gtest.h>

using namespace optiqual::ui;
using optiqual::sequences::Verdict;
using optiqual::station::FinishedUnit;
using optiqual::station::SocketView;
using optiqual::station::StationSnapshot;

namespace {

struct Station {
    StationSnapshot snapshot;
    std::vector<TileState> tiles = std::vector<TileState>(3);

    void running(int socket, const std::string& serial) {
        SocketView v;
        v.socket = socket;
        v.runId = std::uint64_t(10 + socket);
        v.serial = serial;
        v.active = true;
        snapshot.sockets.push_back(v);
    }
    void passed(int socket, const std::string& serial) {
        FinishedUnit f;
        f.socket = socket;
        f.serial = serial;
        f.verdict = Verdict::Pass;
        snapshot.finished.push_back(f);
    }
};

} // namespace

TEST(SerialCheck, AcceptsATrimmedSerialIntoTheSelectedSocketWhenFree) {
    Station st;
    const auto d = decideScan("  XPO-1\r\n", 2, st.snapshot, st.tiles);
    EXPECT_EQ(d.refusal, "");
    EXPECT_EQ(d.serial, "XPO-1");
    EXPECT_EQ(d.socket, 2);
}

TEST(SerialCheck, ABusySelectedSocketSendsTheUnitToTheFirstFreeOne) {
    Station st;
    st.running(1, "XPO-A");
    st.tiles[1].scanned("XPO-B", 0); // socket 2 just took a scan
    const auto d = decideScan("XPO-C", 1, st.snapshot, st.tiles);
    EXPECT_EQ(d.refusal, "");
    EXPECT_EQ(d.socket, 3);
}

TEST(SerialCheck, RefusesEmptyRunningStartingPassedAndAFullStationWithTheReason) {
    Station st;
    st.running(1, "XPO-A");
    st.tiles[1].scanned("XPO-B", 0);
    st.passed(3, "XPO-P");
    EXPECT_EQ(decideScan(" \t", 1, st.snapshot, st.tiles).refusal,
              "no serial: scan the unit's label or type its serial");
    EXPECT_EQ(decideScan("XPO-A", 3, st.snapshot, st.tiles).refusal, "XPO-A is already under test on socket 1");
    EXPECT_EQ(decideScan("XPO-B", 3, st.snapshot, st.tiles).refusal, "XPO-B is already starting on socket 2");
    EXPECT_EQ(decideScan("XPO-P", 3, st.snapshot, st.tiles).refusal,
              "XPO-P already passed on socket 3: a passed unit is not tested again");
    EXPECT_EQ(decideScan("XPO-P", 3, st.snapshot, st.tiles).socket, 0);
    st.running(3, "XPO-C");
    EXPECT_EQ(decideScan("XPO-D", 1, st.snapshot, st.tiles).refusal, "every socket is busy: wait for a verdict");
}

TEST(SerialCheck, AFailedUnitMayBeRetested) {
    Station st;
    FinishedUnit f;
    f.socket = 1;
    f.serial = "XPO-F";
    f.verdict = Verdict::Fail;
    st.snapshot.finished.push_back(f);
    EXPECT_EQ(decideScan("XPO-F", 1, st.snapshot, st.tiles).refusal, "");
}

TEST(SerialCheck, RefusesASerialThatBreaksThePartsRulesBeforeChoosingASocket) {
    Station st;
    optiqual::sequences::Sequence sequence;
    sequence.serialPatterns["XPO-1280-LC"] = "XPO[0-9]{6}";
    const SerialRule rule = [&](std::string_view serial) {
        return optiqual::sequences::serialProblem(serial, sequence, "XPO-1280-LC");
    };
    EXPECT_EQ(decideScan("XPO123456", 1, st.snapshot, st.tiles, rule).socket, 1);
    const ScanDecision wrong = decideScan("XPO12", 1, st.snapshot, st.tiles, rule);
    EXPECT_EQ(wrong.socket, 0);
    EXPECT_NE(wrong.refusal.find("serial refused: "), std::string::npos) << wrong.refusal;
    EXPECT_NE(wrong.refusal.find("XPO[0-9]{6}"), std::string::npos) << wrong.refusal;
    const ScanDecision control = decideScan(std::string("XPO\x01") + "23456", 1, st.snapshot, st.tiles, rule);
    EXPECT_EQ(control.socket, 0);
}
