// XPO-HB1 module host board: byte-exact wire tests of the driver (docs/fixture.md appendix C), and the driver against
// the simulator over loopback TCP with a scaled clock.
#include "instruments/drivers/OptiQualXpoFixture.h"
#include "instruments/sim/scpi/SimServer.h"
#include "tests/instruments/drivers/FixtureTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <set>
#include <string>

using namespace optiqual::instruments;
using namespace optiqual::testing;
using namespace optiqual::testing::fixture;
using sim::CmisModule;
using sim::CmisModuleState;
using sim::CmisSide;
using sim::FixtureSimulator;

namespace {

std::string berReply(const std::string& first, const std::string& rest) {
    std::string reply = first;
    for (int lane = 2; lane <= 64; ++lane)
        reply += "," + rest;
    return reply;
}

} // namespace

// ---- byte-exact wire tests -------------------------------------------------------------------------------------

TEST(FixtureWire, ConnectIdentifiesAndDrainsTheErrorQueue) {
    WireBench bench(connectExchanges(kIdn));
    bench.run(bench.fixture.connect());
    EXPECT_EQ(bench.fixture.identity().manufacturer, "OptiQual");
    EXPECT_EQ(bench.fixture.identity().model, "XPO-HB1");
    EXPECT_EQ(bench.fixture.identity().serial, "HB1-000123");
    EXPECT_EQ(bench.fixture.instrumentClass(), InstrumentClass::ModuleFixture);
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, ConnectRefusesAnotherInstrument) {
    WireBench bench(std::vector<Exchange>{{"*IDN?", "Keysight Technologies,E36312A,MY59001234,2.1.3"}});
    const InstrumentError e = expectInstrumentError(bench.io, bench.fixture.connect());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "*IDN?");
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, SocketPins) {
    WireBench bench({{"FIXT:MOD:PRES?", "1"},
                     {"FIXT:MOD:RES OFF", std::nullopt},
                     {"FIXT:MOD:LPM ON", std::nullopt},
                     {"FIXT:MOD:POW ON", std::nullopt},
                     {"FIXT:MOD:POW?", "1"},
                     {"FIXT:MOD:LPM OFF", std::nullopt},
                     {"FIXT:MOD:RES ON", std::nullopt},
                     {"FIXT:MOD:POW OFF", std::nullopt},
                     {"FIXT:MOD:POW?", "0"},
                     {"FIXT:MOD:PRES?", "0"}});
    EXPECT_TRUE(bench.run(bench.fixture.modulePresent()));
    bench.run(bench.fixture.setReset(false));
    bench.run(bench.fixture.setLowPowerMode(true));
    bench.run(bench.fixture.setModulePower(true));
    EXPECT_TRUE(bench.run(bench.fixture.modulePower()));
    bench.run(bench.fixture.setLowPowerMode(false));
    bench.run(bench.fixture.setReset(true));
    bench.run(bench.fixture.setModulePower(false));
    EXPECT_FALSE(bench.run(bench.fixture.modulePower()));
    EXPECT_FALSE(bench.run(bench.fixture.modulePresent()));
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, ModuleStateMapsEveryReply) {
    const std::vector<std::pair<std::string, ModuleState>> replies{
        {"ABSENT", ModuleState::Absent},     {"OFF", ModuleState::Unpowered},      {"RESET", ModuleState::Reset},
        {"INIT", ModuleState::Initializing}, {"LOWP", ModuleState::LowPower},      {"PUP", ModuleState::PoweringUp},
        {"READY", ModuleState::Ready},       {"PDOWN", ModuleState::PoweringDown}, {"FAULT", ModuleState::Fault}};
    std::vector<Exchange> script;
    for (const auto& [word, state] : replies)
        script.push_back({"FIXT:MOD:STAT?", word});
    script.push_back({"FIXT:MOD:STAT?", "BUSY"});
    WireBench bench(std::move(script));
    for (const auto& [word, state] : replies)
        EXPECT_EQ(bench.run(bench.fixture.moduleState()), state) << word;
    const InstrumentError e = expectInstrumentError(bench.io, bench.fixture.moduleState());
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), "FIXT:MOD:STAT?");
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, ReadCmisDecodesTheDefiniteBlock) {
    // Byte 3 and the 0x0A inside the second block must not be taken for terminators.
    WireBench bench({{"CMIS:READ? 0,0,0,4", "#14" + bytes({0x19, 0x52, 0x00, 0x02})},
                     {"CMIS:READ? 0,0,129,16", "#216OPTIQUAL SIM    "},
                     {"CMIS:READ? 1,17,154,2", "#12" + bytes({0x3B, 0x0A})},
                     {"CMIS:READ? 7,255,128,128", "#3128" + std::string(128, 'x')},
                     {"CMIS:READ? 0,0,39,2", "#13" + bytes({0x02, 0x04, 0x00})}});
    EXPECT_EQ(bench.run(bench.fixture.readCmis(0, 0, 0, 4)), (std::vector<std::uint8_t>{0x19, 0x52, 0x00, 0x02}));
    EXPECT_EQ(text(bench.run(bench.fixture.readCmis(0, 0, 129, 16))), "OPTIQUAL SIM    ");
    EXPECT_EQ(bench.run(bench.fixture.readCmis(1, 0x11, 154, 2)), (std::vector<std::uint8_t>{0x3B, 0x0A}));
    EXPECT_EQ(text(bench.run(bench.fixture.readCmis(7, 255, 128, 128))), std::string(128, 'x'));
    const InstrumentError e = expectInstrumentError(bench.io, bench.fixture.readCmis(0, 0, 39, 2));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol) << e.what();
    EXPECT_EQ(e.command(), "CMIS:READ? 0,0,39,2");
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, WriteCmisSendsADefiniteBlock) {
    WireBench bench({{"CMIS:WRIT 0,16,130,#11" + bytes({0x04}), std::nullopt},
                     {"CMIS:WRIT 2,16,133,#14" + bytes({0x11, 0x0A, 0x33, 0x0D}), std::nullopt},
                     {"CMIS:WRIT 0,0,126,#12" + bytes({0x00, 0x11}), std::nullopt},
                     {"CMIS:WRIT 3,19,128,#3128" + std::string(128, '\x5A'), std::nullopt}});
    bench.run(bench.fixture.writeCmis(0, 0x10, 130, {0x04}));
    bench.run(bench.fixture.writeCmis(2, 0x10, 133, {0x11, 0x0A, 0x33, 0x0D}));
    bench.run(bench.fixture.writeCmis(0, 0, 126, {0x00, 0x11}));
    bench.run(bench.fixture.writeCmis(3, 0x13, 128, std::vector<std::uint8_t>(128, 0x5A)));
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, PrbsThroughTheConvenienceCommands) {
    WireBench bench({{"PRBS:STAR MED,0", std::nullopt},
                     {"PRBS:STAR HOST,12", std::nullopt},
                     {"PRBS:BER? MED", berReply("+1.34000000E-08", "+9.91000000E+37")},
                     {"PRBS:BER? HOST", berReply("+5.00000000E-01", "+4.90000000E-14")},
                     {"PRBS:STOP HOST", std::nullopt},
                     {"PRBS:STOP MED", std::nullopt}});
    bench.run(bench.fixture.startPrbs(PrbsSide::Media, 0));
    bench.run(bench.fixture.startPrbs(PrbsSide::Host, 12));
    const std::vector<double> media = bench.run(bench.fixture.readBer(PrbsSide::Media));
    ASSERT_EQ(media.size(), 64U);
    EXPECT_DOUBLE_EQ(media[0], 1.34e-8);
    EXPECT_TRUE(std::isnan(media[1])) << "a disabled checker reads NaN";
    EXPECT_TRUE(std::isnan(media[63]));
    const std::vector<double> host = bench.run(bench.fixture.readBer(PrbsSide::Host));
    ASSERT_EQ(host.size(), 64U);
    EXPECT_DOUBLE_EQ(host[0], 0.5);
    EXPECT_DOUBLE_EQ(host[63], 4.9e-14);
    bench.run(bench.fixture.stopPrbs(PrbsSide::Host));
    bench.run(bench.fixture.stopPrbs(PrbsSide::Media));
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, ReadBerWantsOneValuePerLane) {
    WireBench bench(std::vector<Exchange>{{"PRBS:BER? MED", "+1.00000000E-08,+2.00000000E-08"}});
    const InstrumentError e = expectInstrumentError(bench.io, bench.fixture.readBer(PrbsSide::Media));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Protocol);
    EXPECT_EQ(e.command(), "PRBS:BER? MED");
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, SafeStateIsOneMessage) {
    WireBench bench(std::vector<Exchange>{{"FIXT:MOD:POW OFF;RES ON;LPM ON", std::nullopt},
                                          {"FIXT:MOD:POW OFF;RES ON;LPM ON", std::nullopt}});
    bench.run(bench.fixture.safeState());
    bench.run(bench.fixture.safeState()); // idempotent: the same message again
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, CheckedSettingReportsTheBoardsError) {
    WireBench bench({{"FIXT:MOD:POW ON", std::nullopt},
                     {"SYST:ERR?", "+201,\"Module not present\""},
                     {"SYST:ERR?", "+0,\"No error\""}},
                    true);
    const InstrumentError e = expectInstrumentError(bench.io, bench.fixture.setModulePower(true));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), 201);
    EXPECT_EQ(e.command(), "FIXT:MOD:POW ON");
    EXPECT_NE(e.instrument().find("fixture"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Module not present"), std::string::npos) << e.what();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, CheckedQueryWithoutReplyReportsTheQueuedError) {
    // A failed query has no reply: after the reply timeout the session reconnects and the driver reads the queue.
    WireBench bench({{"CMIS:READ? 0,0,0,4", std::nullopt},
                     {"SYST:ERR?", "+204,\"Module not powered\""},
                     {"SYST:ERR?", "+0,\"No error\""},
                     {"PRBS:BER? HOST", std::nullopt},
                     {"SYST:ERR?", "+0,\"No error\""}},
                    true);
    InstrumentError e = expectInstrumentError(bench.io, bench.fixture.readCmis(0, 0, 0, 4));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported) << e.what();
    EXPECT_EQ(e.code(), 204);
    EXPECT_EQ(e.command(), "CMIS:READ? 0,0,0,4");
    // No error queued: the timeout itself is what the caller gets.
    e = expectInstrumentError(bench.io, bench.fixture.readBer(PrbsSide::Host));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Timeout) << e.what();
    EXPECT_EQ(e.command(), "PRBS:BER? HOST");
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, UncheckedQueryWithoutReplyIsATimeout) {
    WireBench bench(std::vector<Exchange>{{"CMIS:READ? 0,0,0,4", std::nullopt}});
    const InstrumentError e = expectInstrumentError(bench.io, bench.fixture.readCmis(0, 0, 0, 4));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Timeout) << e.what();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, RejectsBadAddressesAndPatternsBeforeSending) {
    // The one scripted exchange comes last: anything a rejected call had sent would arrive before it.
    WireBench bench(std::vector<Exchange>{{"FIXT:MOD:PRES?", "1"}});
    auto& io = bench.io;
    auto& f = bench.fixture;
    InstrumentError e = expectInstrumentError(io, f.readCmis(8, 0, 0, 1));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(e.command(), "CMIS:READ? 8,0,0,1");
    EXPECT_NE(std::string(e.what()).find("fixture"), std::string::npos) << e.what();
    EXPECT_EQ(expectInstrumentError(io, f.readCmis(0, 256, 0, 1)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.readCmis(0, 0, -1, 1)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.readCmis(0, 0, 0, 0)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.readCmis(0, 0, 0, 129)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.readCmis(0, 0, 200, 64)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.writeCmis(0, 0x10, 130, {})).kind(), InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.writeCmis(0, 0x10, 128, std::vector<std::uint8_t>(129))).kind(),
              InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.writeCmis(0, 0, 126, {0, 0x11, 0, 0})).kind(),
              InstrumentErrorKind::Configuration);
    EXPECT_EQ(expectInstrumentError(io, f.startPrbs(PrbsSide::Host, 16)).command(), "PRBS:STAR HOST,16");
    EXPECT_EQ(expectInstrumentError(io, f.startPrbs(PrbsSide::Media, -1)).kind(), InstrumentErrorKind::Configuration);
    EXPECT_TRUE(bench.run(f.modulePresent()));
    EXPECT_EQ(bench.script.received().size(), 1U) << bench.script.report();
    EXPECT_TRUE(bench.script.awaitComplete()) << bench.script.report();
}

TEST(FixtureWire, FactoryAndModelKeys) {
    const auto models = optiQualFixtureModels();
    EXPECT_EQ(std::vector<std::string_view>(models.begin(), models.end()), std::vector<std::string_view>{"XPO-HB1"});
    boost::asio::io_context io;
    auto made = makeOptiQualFixture("xpo-hb1", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET"));
    ASSERT_NE(dynamic_cast<ModuleFixture*>(made.get()), nullptr);
    EXPECT_EQ(made->instrumentClass(), InstrumentClass::ModuleFixture);
    EXPECT_THROW(makeOptiQualFixture("XPO-HB2", makeSession(io, "TCPIP0::127.0.0.1::5025::SOCKET")), InstrumentError);
    EXPECT_EQ(OptiQualXpoFixture::parseState("ready"), ModuleState::Ready);
    EXPECT_EQ(OptiQualXpoFixture::parseState("READ"), std::nullopt);
}

// ---- the driver against the simulator over loopback TCP ------------------------------------------------------

TEST(FixtureSimLoopback, ConnectsInTheSafeState) {
    SimBench bench;
    EXPECT_EQ(bench.fixture->identity().model, "XPO-HB1");
    EXPECT_EQ(bench.fixture->identity().serial, "HB1-000123");
    EXPECT_EQ(bench.fixture->identity().firmware, "1.0.0");
    EXPECT_TRUE(bench.run(bench.fixture->modulePresent()));
    EXPECT_FALSE(bench.run(bench.fixture->modulePower()));
    EXPECT_EQ(bench.run(bench.fixture->moduleState()), ModuleState::Unpowered);
    EXPECT_TRUE(bench.board->resetAsserted());
    EXPECT_TRUE(bench.board->lowPowerAsserted());
}

TEST(FixtureSimLoopback, PowersUpThroughLowPowerToReady) {
    SimBench bench;
    bench.run(bench.fixture->setModulePower(true));
    EXPECT_EQ(bench.run(bench.fixture->moduleState()), ModuleState::Reset) << "ResetL still asserted";
    bench.run(bench.fixture->setReset(false));
    const std::vector<ModuleState> toLowPower = bench.awaitState(ModuleState::LowPower);
    ASSERT_EQ(toLowPower.back(), ModuleState::LowPower);
    for (const ModuleState state : toLowPower)
        EXPECT_TRUE(state == ModuleState::Initializing || state == ModuleState::LowPower) << toString(state);
    // LPMode holds it in low power: byte 3 says ModuleLowPwr.
    const std::vector<std::uint8_t> head = bench.run(bench.fixture->readCmis(0, 0, 0, 4));
    ASSERT_EQ(head.size(), 4U);
    EXPECT_EQ(head[0], 0x19);
    EXPECT_EQ(head[1], 0x52);
    EXPECT_EQ((head[3] >> 1) & 0x07, 1);
    EXPECT_EQ(bench.run(bench.fixture->moduleState()), ModuleState::LowPower);

    bench.run(bench.fixture->setLowPowerMode(false));
    const std::vector<ModuleState> toReady = bench.awaitState(ModuleState::Ready);
    ASSERT_EQ(toReady.back(), ModuleState::Ready);
    for (const ModuleState state : toReady)
        EXPECT_TRUE(state == ModuleState::LowPower || state == ModuleState::PoweringUp || state == ModuleState::Ready)
            << toString(state);
    EXPECT_EQ(bench.board->module().state(bench.board->now()), CmisModuleState::Ready);
    EXPECT_EQ((bench.run(bench.fixture->readCmis(0, 0, 3, 1))[0] >> 1) & 0x07, 3);
}

TEST(FixtureSimLoopback, ReadsVendorPartAndSerialFromPage00) {
    SimBench bench;
    bench.powerUpToLowPower();
    EXPECT_EQ(text(bench.run(bench.fixture->readCmis(0, 0x00, 129, 16))), "OPTIQUAL SIM    ");
    EXPECT_EQ(text(bench.run(bench.fixture->readCmis(0, 0x00, 148, 16))), "XPO-DR64-12T8   ");
    EXPECT_EQ(text(bench.run(bench.fixture->readCmis(0, 0x00, 166, 16))), "XPO26A0001      ");
    // Page 00h is not banked: bank 5 names the same page.
    EXPECT_EQ(text(bench.run(bench.fixture->readCmis(5, 0x00, 166, 10))), "XPO26A0001");
}

TEST(FixtureSimLoopback, WritesControlBytesAndReadsThemBack) {
    SimBench bench;
    bench.powerUpToReady();
    bench.run(bench.fixture->writeCmis(0, 0x10, 130, {0x04}));
    EXPECT_EQ(bench.run(bench.fixture->readCmis(0, 0x10, 130, 1)), std::vector<std::uint8_t>{0x04});
    EXPECT_EQ(bench.board->module().read(0, 0x10, 130, 1, bench.board->now()).bytes, std::vector<std::uint8_t>{0x04});
    // Across an 8-byte boundary, with a LF inside the block and a CR as its last byte.
    const std::vector<std::uint8_t> stored{0x11, 0x0A, 0x33, 0x0D};
    bench.run(bench.fixture->writeCmis(2, 0x10, 133, stored));
    EXPECT_EQ(bench.run(bench.fixture->readCmis(2, 0x10, 133, 4)), stored);
    EXPECT_EQ(bench.run(bench.fixture->readCmis(3, 0x10, 133, 4)), std::vector<std::uint8_t>(4, 0)) << "other bank";
    bench.run(bench.fixture->writeCmis(0, 0x10, 130, {0x00}));
    EXPECT_EQ(bench.run(bench.fixture->readCmis(0, 0x10, 130, 1)), std::vector<std::uint8_t>{0x00});
}

TEST(FixtureSimLoopback, PrbsBerOnAll64Lanes) {
    SimBench bench;
    bench.powerUpToReady();
    bench.awaitDataPathsActivated();
    CmisModule& module = bench.board->module();
    for (int lane = 0; lane < CmisModule::kLanes; ++lane) // fibre loopback: 0 dBm back into each receiver
        module.setRxInputPowerDbm(lane, 0.0, bench.board->now());

    bench.run(bench.fixture->startPrbs(PrbsSide::Media, 0));
    std::vector<double> media = bench.run(bench.fixture->readBer(PrbsSide::Media));
    ASSERT_EQ(media.size(), 64U);
    for (int lane = 0; lane < 64; ++lane) {
        const double ber = media[static_cast<std::size_t>(lane)];
        EXPECT_GT(ber, 1e-12) << "lane " << lane + 1;
        EXPECT_LT(ber, 1e-6) << "lane " << lane + 1;
        EXPECT_NEAR(ber, *module.checkerBer(CmisSide::Media, lane), ber * 0.003) << "lane " << lane + 1;
    }
    bench.run(bench.fixture->startPrbs(PrbsSide::Host, 6));
    const std::vector<double> host = bench.run(bench.fixture->readBer(PrbsSide::Host));
    ASSERT_EQ(host.size(), 64U);
    for (const double ber : host) {
        EXPECT_GT(ber, 0.0);
        EXPECT_LT(ber, 1e-10) << "host loopback, Q 7.5";
    }

    // An external source with another pattern on lane 6: its checker reads 0.5, the others are unaffected.
    module.setRxInputPattern(5, 12, bench.board->now());
    media = bench.run(bench.fixture->readBer(PrbsSide::Media));
    EXPECT_NEAR(media[5], 0.5, 0.5 * 0.003);
    EXPECT_LT(media[4], 1e-6);
    EXPECT_LT(media[6], 1e-6);
    // No light on lane 64: 0.5 too.
    module.setRxInputPowerDbm(63, -30.0, bench.board->now());
    EXPECT_NEAR(bench.run(bench.fixture->readBer(PrbsSide::Media))[63], 0.5, 0.5 * 0.003);

    // A pattern the module does not advertise (PRBS23Q) is refused by the board.
    const InstrumentError e = bench.error(bench.fixture->startPrbs(PrbsSide::Media, 2));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported);
    EXPECT_EQ(e.code(), 207);
    EXPECT_EQ(e.command(), "PRBS:STAR MED,2");

    bench.run(bench.fixture->stopPrbs(PrbsSide::Media));
    for (const double ber : bench.run(bench.fixture->readBer(PrbsSide::Media)))
        EXPECT_TRUE(std::isnan(ber)) << "checker off";
    EXPECT_LT(bench.run(bench.fixture->readBer(PrbsSide::Host))[0], 1e-10) << "host side still running";
}

TEST(FixtureSimLoopback, SafeStateLeavesPowerOffAndResetAsserted) {
    SimBench bench;
    bench.powerUpToReady();
    ASSERT_TRUE(bench.board->powerOn());
    bench.run(bench.fixture->safeState());
    EXPECT_FALSE(bench.board->powerOn());
    EXPECT_TRUE(bench.board->resetAsserted());
    EXPECT_TRUE(bench.board->lowPowerAsserted());
    EXPECT_FALSE(bench.board->module().powerEnabled());
    EXPECT_TRUE(bench.board->module().resetAsserted());
    EXPECT_EQ(bench.board->module().state(bench.board->now()), CmisModuleState::Unpowered);
    EXPECT_EQ(bench.board->module().powerDrawWatts(48.0), 0.0);
    EXPECT_EQ(bench.run(bench.fixture->moduleState()), ModuleState::Unpowered);
    bench.run(bench.fixture->safeState()); // idempotent, and no error queued (checked mode would throw)
    EXPECT_FALSE(bench.board->powerOn());
}

TEST(FixtureSimLoopback, BoardErrorsSurfaceAsInstrumentReported) {
    SimBench bench;
    bench.board->unseat();
    EXPECT_FALSE(bench.run(bench.fixture->modulePresent()));
    EXPECT_EQ(bench.run(bench.fixture->moduleState()), ModuleState::Absent);

    InstrumentError e = bench.error(bench.fixture->setModulePower(true));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported) << e.what();
    EXPECT_EQ(e.code(), 201);
    EXPECT_EQ(e.command(), "FIXT:MOD:POW ON");
    EXPECT_NE(e.instrument().find("fixture"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Module not present"), std::string::npos) << e.what();
    EXPECT_FALSE(bench.run(bench.fixture->modulePower())) << "power stays off";
    EXPECT_FALSE(bench.board->powerOn());

    e = bench.error(bench.fixture->readCmis(0, 0, 0, 4));
    EXPECT_EQ(e.kind(), InstrumentErrorKind::InstrumentReported) << e.what();
    EXPECT_EQ(e.code(), 201);
    EXPECT_EQ(e.command(), "CMIS:READ? 0,0,0,4");
    EXPECT_NE(e.instrument().find("fixture"), std::string::npos) << e.what();

    // Seated but unpowered: +204; in low power, PRBS needs ModuleReady: +202; an unimplemented page: +205.
    bench.board->seat(goodModule());
    e = bench.error(bench.fixture->readCmis(0, 0x11, 128, 4));
    EXPECT_EQ(e.code(), 204) << e.what();
    bench.powerUpToLowPower();
    e = bench.error(bench.fixture->startPrbs(PrbsSide::Host, 0));
    EXPECT_EQ(e.code(), 202) << e.what();
    EXPECT_EQ(e.command(), "PRBS:STAR HOST,0");
    e = bench.error(bench.fixture->writeCmis(0, 0x03, 128, {0x01}));
    EXPECT_EQ(e.code(), 205) << e.what();
    e = bench.error(bench.fixture->readBer(PrbsSide::Media));
    EXPECT_EQ(e.code(), 202) << e.what();
    // Nothing changed: still in low power, and the session still works.
    EXPECT_EQ(bench.run(bench.fixture->moduleState()), ModuleState::LowPower);
    EXPECT_EQ(bench.server->device().handleMessage("SYST:ERR:COUN?"), "+0");
}
