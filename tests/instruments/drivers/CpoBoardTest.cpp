// CPO-HB1 engine + ELSFP host board: byte-exact wire tests of the driver against docs/cpo-board.md (appendix C and
// the example session of §10), then the driver against the board simulator over loopback TCP with a scaled clock.
#include "core/Clock.h"
#include "instruments/InstrumentError.h"
#include "instruments/ScpiSession.h"
#include "instruments/drivers/OptiQualCpoBoard.h"
#include "instruments/sim/SimContext.h"
#include "instruments/sim/devices/CpoBoardSimulator.h"
#include "instruments/sim/scpi/SimServer.h"
#include "instruments/sim/world/CpoEngine.h"
#include "tests/instruments/drivers/FixtureTestSupport.h"
#include "tests/support/WireScript.h"

#include <boost/asio/io_context.hpp>
#include <cmath>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using optiqual::testing::fixture::expectInstrumentError;
using optiqual::testing::fixture::makeSession;

namespace {

constexpr const char* kIdn = "OptiQual,CPO-HB1,SIM0001,1.0.0";

std::vector<int> range(int first, int last) {
    std::vector<int> items;
    for (int i = first; i <= last; ++i)
        items.push_back(i);
    return items;
}

/// The driver against a scripted board: the programming guide's exchanges, byte for byte.
struct CpoWireBench {
    boost::asio::io_context io;
    WireScript script;
    OptiQualCpoBoard board;

    explicit CpoWireBench(std::vector<Exchange> exchanges, bool checked = false)
        : script(io, std::move(exchanges)), board(makeSession(io, script.resource(), checked)) {}

    template <typename T> T run(boost::asio::awaitable<T> work) { return runAwaitable(io, std::move(work)); }
    void run(boost::asio::awaitable<void> work) { runAwaitable(io, std::move(work)); }
};

} // namespace

// ---- byte-exact wire tests -------------------------------------------------------------------------------------

TEST(CpoBoardWire, ConnectIdentifiesTheBoardAndDrainsTheErrorQueue) {
    CpoWireBench bench(connectExchanges(kIdn));
    bench.run(bench.board.connect());
    EXPECT_EQ(bench.board.identity().model, "CPO-HB1");
    EXPECT_EQ(bench.board.instrumentClass(), InstrumentClass::EngineBoard);
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(CpoBoardWire, TheGuidesExampleSessionByteForByte) {
    // docs/cpo-board.md §10, after *IDN?: each driver call sends exactly the guide's line.
    CpoWireBench bench({{"ENG:ENAB ON", std::nullopt},
                        {"ENG:STAT?", "READY"},
                        {"ELS:INT?", "1"},
                        {"ELS:LAS:ENAB ON", std::nullopt},
                        {"ELS:LAS:STAT? (@1:2)", "1,1"},
                        {"ELS:LAS:CHEC ON", std::nullopt},
                        {"ELS:LAS:STAT? (@1:2)", "2,2"},
                        {"RING:TUNE (@1)", std::nullopt},
                        {"RING:LOCK? (@1)", "1"},
                        {"ELS:LAS:ENAB OFF", std::nullopt},
                        {"ENG:ENAB OFF", std::nullopt}});
    bench.run(bench.board.setEngineEnabled(true));
    EXPECT_EQ(bench.run(bench.board.engineState()), "ready");
    EXPECT_TRUE(bench.run(bench.board.interlockClosed()));
    bench.run(bench.board.setLasersEnabled(true, {}));
    EXPECT_EQ(bench.run(bench.board.laserState({1, 2})), (std::vector<double>{1, 1}));
    bench.run(bench.board.setFibreChecked(true, {}));
    EXPECT_EQ(bench.run(bench.board.laserState({1, 2})), (std::vector<double>{2, 2}));
    bench.run(bench.board.tuneRings({1}));
    EXPECT_EQ(bench.run(bench.board.ringLocked({1})), (std::vector<double>{1}));
    bench.run(bench.board.safeState()); // lasers first, then the engine (appendix C)
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(CpoBoardWire, EveryMethodSendsItsCommandWithItsListFolded) {
    CpoWireBench bench({{"ENG:PRES?", "1"},
                        {"ENG:TEMP?", "+4.21000000E+01"},
                        {"RING:HEAT? (@1:4,9)", "+1.0E-02,+2.0E-02,+3.0E-02,+4.0E-02,+5.0E-02"},
                        {"RX:PCUR? (@32)", "+1.20000000E-04"},
                        {"PRBS:STAR 7,(@1:32)", std::nullopt},
                        {"PRBS:BER? (@2,4)", "+1.5E-09,+9.91000000E+37"},
                        {"PRBS:STOP", std::nullopt},
                        {"ELS:PRES?", "1"},
                        {"ELS:VEND?", "\"OPTIQUAL SIM    \""},
                        {"ELS:PNUM?", "ELSFP-8VHP-1311"},
                        {"ELS:SNUM?", " ELS-CPO0000001 "},
                        {"ELS:LAS:ENAB ON,(@1,3,5:8)", std::nullopt},
                        {"ELS:LAS:CHEC OFF,(@8)", std::nullopt},
                        {"ELS:LAS:FAUL?", "0,0,0,0,0,0,0,1"},
                        {"ELS:POW? (@1)", "+2.01000000E+01"},
                        {"ELS:BIAS? (@1:8)", "0.31,0.32,0.33,0.34,0.35,0.36,0.37,0.46"}});
    EXPECT_TRUE(bench.run(bench.board.enginePresent()));
    EXPECT_DOUBLE_EQ(bench.run(bench.board.engineTemperature()), 42.1);
    EXPECT_EQ(bench.run(bench.board.heaterPower({1, 2, 3, 4, 9})), (std::vector<double>{0.01, 0.02, 0.03, 0.04, 0.05}));
    EXPECT_EQ(bench.run(bench.board.photocurrent({32})), (std::vector<double>{1.2e-4}));
    bench.run(bench.board.startPrbs(7, range(1, 32)));
    const auto ber = bench.run(bench.board.readBer({2, 4}));
    ASSERT_EQ(ber.size(), 2U);
    EXPECT_DOUBLE_EQ(ber[0], 1.5e-9);
    EXPECT_TRUE(std::isnan(ber[1])) << "SCPI's 9.91E+37 is not-a-number: a checker that is off";
    bench.run(bench.board.stopPrbs({}));
    EXPECT_TRUE(bench.run(bench.board.elsfpPresent()));
    EXPECT_EQ(bench.run(bench.board.elsfpVendor()), "OPTIQUAL SIM"); // quotes and padding dropped
    EXPECT_EQ(bench.run(bench.board.elsfpPartNumber()), "ELSFP-8VHP-1311");
    EXPECT_EQ(bench.run(bench.board.elsfpSerialNumber()), "ELS-CPO0000001");
    bench.run(bench.board.setLasersEnabled(true, {1, 3, 5, 6, 7, 8}));
    bench.run(bench.board.setFibreChecked(false, {8}));
    EXPECT_EQ(bench.run(bench.board.laserFault({})).size(), 8U); // no list: the board answers for all eight
    EXPECT_EQ(bench.run(bench.board.laserPower({1})), (std::vector<double>{20.1}));
    EXPECT_DOUBLE_EQ(bench.run(bench.board.laserBias(range(1, 8))).back(), 0.46);
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(CpoBoardWire, ABadListIsRefusedHostSideAndNothingIsSent) {
    CpoWireBench bench({});
    const auto channel = expectInstrumentError(bench.io, bench.board.ringLocked({33}));
    EXPECT_EQ(channel.kind(), InstrumentErrorKind::Configuration);
    EXPECT_NE(std::string(channel.what()).find("33 is outside 1-32"), std::string::npos) << channel.what();
    const auto laser = expectInstrumentError(bench.io, bench.board.setLasersEnabled(true, {0}));
    EXPECT_EQ(laser.kind(), InstrumentErrorKind::Configuration);
    EXPECT_NE(std::string(laser.what()).find("0 is outside 1-8"), std::string::npos) << laser.what();
    const auto tooMany = expectInstrumentError(bench.io, bench.board.laserPower(range(1, 9)));
    EXPECT_NE(std::string(tooMany.what()).find("9 items in one list, more than 8"), std::string::npos)
        << tooMany.what();
    const auto pattern = expectInstrumentError(bench.io, bench.board.startPrbs(13, {1}));
    EXPECT_EQ(pattern.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(pattern.command(), "PRBS:STAR");
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report(); // nothing arrived
}

TEST(CpoBoardWire, AReplyWithTheWrongNumberOfValuesIsAProtocolError) {
    CpoWireBench bench({{"RING:LOCK? (@1:3)", "1,1"}, {"ELS:POW?", "+2.0E+01"}});
    const auto three = expectInstrumentError(bench.io, bench.board.ringLocked({1, 2, 3}));
    EXPECT_EQ(three.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(three.command(), "RING:LOCK? (@1:3)");
    EXPECT_NE(std::string(three.what()).find("2 values, not 3"), std::string::npos) << three.what();
    const auto all = expectInstrumentError(bench.io, bench.board.laserPower({}));
    EXPECT_NE(std::string(all.what()).find("1 values, not 8"), std::string::npos) << all.what();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(CpoBoardWire, AFailedQueryIsReportedByTheBoardsErrorNotByTheTimeout) {
    // The board answers a failing query with no reply, only an error-queue entry (docs/cpo-board.md §9): in checked
    // mode the driver reads the queue after the reply timeout and reports the board's error.
    CpoWireBench bench(
        {{"ENG:TEMP?", std::nullopt}, {"SYST:ERR?", "+202,\"Engine not ready\""}, {"SYST:ERR?", "+0,\"No error\""}},
        true);
    const auto e = expectInstrumentError(bench.io, bench.board.engineTemperature());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported) << e.what();
    EXPECT_EQ(e.code(), 202);
    EXPECT_EQ(e.command(), "ENG:TEMP?");
    EXPECT_NE(std::string(e.what()).find("Engine not ready"), std::string::npos) << e.what();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

// ---- the driver against the simulated board ----------------------------------------------------------------------

namespace {

/// A stand-alone simulated board (nominal rails, a 25 °C plate, no light at the receivers) with a defect-free
/// engine, its clock ×1000, on a loopback port; the driver connected in checked mode.
struct CpoSimBench {
    boost::asio::io_context io;
    std::shared_ptr<sim::CpoBoardSimulator> simulator;
    std::unique_ptr<sim::SimServer> server;
    std::unique_ptr<OptiQualCpoBoard> board;

    CpoSimBench() {
        sim::SimContext context;
        context.clock = std::make_shared<optiqual::core::Clock>(1000.0);
        context.serialNumber = "SIM0001";
        context.seed = 7;
        simulator = std::make_shared<sim::CpoBoardSimulator>(context);
        simulator->stand().seat(std::make_unique<sim::CpoEngine>("CPO0000007", "CPO-6T4-DR8", sim::CpoEngineParams{},
                                                                 std::vector<sim::CpoDefect>{}));
        server = std::make_unique<sim::SimServer>(io.get_executor(), simulator, "cpo-board-sim");
        server->listenTcp(0);
        board = std::make_unique<OptiQualCpoBoard>(makeSession(io, server->resourceString(), true));
        run(board->connect());
    }
    ~CpoSimBench() {
        board.reset();
        server->stop();
    }
    CpoSimBench(const CpoSimBench&) = delete;
    CpoSimBench& operator=(const CpoSimBench&) = delete;

    template <typename T> T run(boost::asio::awaitable<T> work) { return runAwaitable(io, std::move(work)); }
    void run(boost::asio::awaitable<void> work) { runAwaitable(io, std::move(work)); }

    /// Polls every laser's state (bounded, no sleeping) until each reads @p state; returns the last reading.
    std::vector<double> awaitLasers(double state) {
        std::vector<double> states;
        for (int poll = 0; poll < 2000; ++poll) {
            states = run(board->laserState({}));
            if (states == std::vector<double>(OptiQualCpoBoard::kLasers, state))
                break;
        }
        return states;
    }
};

} // namespace

TEST(CpoBoardSim, AnEngineNotEnabledRefusesItsQueriesWithTheBoardsError) {
    CpoSimBench bench;
    EXPECT_EQ(bench.run(bench.board->engineState()), "off");
    const auto e = expectInstrumentError(bench.io, bench.board->engineTemperature());
    EXPECT_NE(std::string(e.what()).find("Engine not ready"), std::string::npos) << e.what();
    bench.run(bench.board->setEngineEnabled(true));
    EXPECT_EQ(bench.run(bench.board->engineState()), "ready");
    EXPECT_GT(bench.run(bench.board->engineTemperature()), 20.0); // a powered die above its 25 °C plate's air
}

TEST(CpoBoardSim, LasersRunAtFibreCheckPowerUntilTheHostChecksThePathThenAtClassPower) {
    CpoSimBench bench;
    bench.run(bench.board->setEngineEnabled(true));
    ASSERT_TRUE(bench.run(bench.board->interlockClosed()));
    bench.run(bench.board->setLasersEnabled(true, {}));
    ASSERT_EQ(bench.awaitLasers(1), std::vector<double>(8, 1)) << "fibre check";
    const auto checkPower = bench.run(bench.board->laserPower({}));
    const auto checkBias = bench.run(bench.board->laserBias({}));
    bench.run(bench.board->setFibreChecked(true, {}));
    ASSERT_EQ(bench.awaitLasers(2), std::vector<double>(8, 2)) << "on";
    const auto power = bench.run(bench.board->laserPower({}));
    const auto bias = bench.run(bench.board->laserBias({}));
    for (int k = 0; k < 8; ++k) {
        EXPECT_NEAR(checkPower[k], 0.0, 0.5) << "laser " << k + 1 << ": 1 mW during the fibre check";
        EXPECT_GE(power[k], 18.5) << "laser " << k + 1; // the power class, 20 ± 1.5 dBm
        EXPECT_LE(power[k], 21.5) << "laser " << k + 1;
        EXPECT_GT(bias[k], checkBias[k]) << "laser " << k + 1 << ": more light needs more bias";
    }
    EXPECT_EQ(bench.run(bench.board->laserFault({})), std::vector<double>(8, 0));
}

TEST(CpoBoardSim, ARingLocksOnlyWithLightAndItsHeaterPowerIsReported) {
    CpoSimBench bench;
    bench.run(bench.board->setEngineEnabled(true));
    bench.run(bench.board->tuneRings({1}));
    EXPECT_EQ(bench.run(bench.board->ringLocked({1})), (std::vector<double>{0})) << "a ring cannot be found dark";
    bench.run(bench.board->setLasersEnabled(true, {1}));
    bench.run(bench.board->setFibreChecked(true, {1}));
    bench.awaitLasers(2);
    bench.run(bench.board->tuneRings({1, 2, 3, 4}));
    EXPECT_EQ(bench.run(bench.board->ringLocked({1, 2, 3, 4})), std::vector<double>(4, 1));
    for (const double watts : bench.run(bench.board->heaterPower({1, 2, 3, 4}))) {
        EXPECT_GT(watts, 0.0);
        EXPECT_LE(watts, 0.100); // the heater's 100 mW limit
    }
}

TEST(CpoBoardSim, DarkReceiversReadTheirDarkCurrentAndACheckerFindsNoPattern) {
    CpoSimBench bench;
    bench.run(bench.board->setEngineEnabled(true));
    for (const double amps : bench.run(bench.board->photocurrent({}))) {
        EXPECT_GE(amps, 0.0);
        EXPECT_LT(amps, 100e-9); // nanoamperes of dark current, no light
    }
    bench.run(bench.board->startPrbs(7, {1, 32}));
    EXPECT_EQ(bench.run(bench.board->readBer({1, 32})), (std::vector<double>{0.5, 0.5}));
    EXPECT_TRUE(std::isnan(bench.run(bench.board->readBer({2})).at(0))) << "checker off: SCPI's NaN, 9.91E+37";
}

TEST(CpoBoardSim, SafeStateTurnsTheLasersOffBeforeTheEngine) {
    CpoSimBench bench;
    bench.run(bench.board->setEngineEnabled(true));
    bench.run(bench.board->setLasersEnabled(true, {}));
    bench.awaitLasers(1);
    bench.run(bench.board->safeState());
    EXPECT_EQ(bench.run(bench.board->laserState({})), std::vector<double>(8, 0));
    EXPECT_EQ(bench.run(bench.board->engineState()), "off");
    EXPECT_FALSE(bench.simulator->stand().engineEnabled());
}
