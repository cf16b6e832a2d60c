// A socket tile's phase: a scan clears the last verdict at once; a finished unit's verdict stays until the next
// scan into that socket.
#include "ui/TileState.h"

#include <gtest/gtest.h>

using namespace optiqual::ui;
using optiqual::sequences::Verdict;
using optiqual::station::SocketView;

namespace {

SocketView view(std::uint64_t runId, const std::string& serial, bool active, Verdict verdict = Verdict::NotRun) {
    SocketView v;
    v.socket = 1;
    v.runId = runId;
    v.serial = serial;
    v.active = active;
    v.verdict = verdict;
    return v;
}

} // namespace

TEST(TileState, IdleUntilAScanThenStartingUntilTheRunShowsUp) {
    TileState tile;
    EXPECT_EQ(tile.phase(nullptr), TilePhase::Idle);
    tile.scanned("SN1", 0);
    EXPECT_EQ(tile.phase(nullptr), TilePhase::Starting);
    EXPECT_EQ(tile.pendingSerial(), "SN1");
    tile.observe(nullptr);
    EXPECT_EQ(tile.phase(nullptr), TilePhase::Starting) << "nothing ran yet";
    const SocketView running = view(1, "SN1", true);
    tile.observe(&running);
    EXPECT_EQ(tile.phase(&running), TilePhase::Running);
    EXPECT_FALSE(tile.pending());
}

TEST(TileState, AVerdictStaysUntilTheNextScanIntoThatSocket) {
    TileState tile;
    const SocketView passed = view(1, "SN1", false, Verdict::Pass);
    tile.observe(&passed);
    EXPECT_EQ(tile.phase(&passed), TilePhase::Finished);
    // Later snapshots of the same finished run keep showing it.
    for (int frame = 0; frame < 3; ++frame) {
        tile.observe(&passed);
        EXPECT_EQ(tile.phase(&passed), TilePhase::Finished);
    }
    tile.scanned("SN2", passed.runId);
    EXPECT_EQ(tile.phase(&passed), TilePhase::Starting) << "the old PASS goes the moment the next unit is scanned";
    tile.observe(&passed);
    EXPECT_EQ(tile.phase(&passed), TilePhase::Starting) << "the snapshot still shows run 1: not the scanned unit";
    const SocketView next = view(2, "SN2", true);
    tile.observe(&next);
    EXPECT_EQ(tile.phase(&next), TilePhase::Running);
    const SocketView failed = view(2, "SN2", false, Verdict::Fail);
    tile.observe(&failed);
    EXPECT_EQ(tile.phase(&failed), TilePhase::Finished);
}

TEST(TileState, ABatchsScanIsQueuedUntilStartAllThenStartsLikeAnyScan) {
    TileState tile;
    const SocketView passed = view(1, "SN0", false, Verdict::Pass);
    tile.observe(&passed);
    tile.scanned("SN1", 1, true);
    EXPECT_TRUE(tile.queued());
    EXPECT_EQ(tile.phase(&passed), TilePhase::Starting) << "the old verdict is gone at the scan";
    tile.observe(&passed);
    EXPECT_TRUE(tile.queued()) << "still waiting for Start all";
    tile.release();
    EXPECT_FALSE(tile.queued());
    EXPECT_TRUE(tile.pending());
    const SocketView running = view(2, "SN1", true);
    tile.observe(&running);
    EXPECT_EQ(tile.phase(&running), TilePhase::Running);
}

TEST(TileState, AQueuedUnitRemovedBeforeStartAllLeavesTheSocketIdle) {
    TileState tile;
    const SocketView passed = view(1, "SN0", false, Verdict::Pass);
    tile.observe(&passed);
    EXPECT_EQ(tile.removeQueued(), "") << "nothing queued: nothing removed";
    EXPECT_EQ(tile.phase(&passed), TilePhase::Finished);
    tile.scanned("SN1", 1, true);
    EXPECT_EQ(tile.removeQueued(), "SN1");
    EXPECT_FALSE(tile.pending());
    EXPECT_EQ(tile.phase(&passed), TilePhase::Idle) << "the verdict the scan cleared does not come back";
    tile.observe(&passed);
    EXPECT_EQ(tile.phase(&passed), TilePhase::Idle);
    // A starting unit (Start all pressed) is the engine's now: not removed this way.
    tile.scanned("SN2", 1, true);
    tile.release();
    EXPECT_EQ(tile.removeQueued(), "");
    EXPECT_EQ(tile.phase(&passed), TilePhase::Starting);
    const SocketView next = view(2, "SN2", false, Verdict::Fail);
    tile.observe(&next);
    EXPECT_EQ(tile.phase(&next), TilePhase::Finished) << "a later run shows as usual";
}
