// The simulated XPO-HB1 board on its own: the example sessions of docs/fixture.md §11 replayed byte for byte, the
// command set, ranges and errors, with simulation time stepped by hand.
#include "instruments/sim/devices/FixtureSimulator.h"

#include "instruments/sim/world/CmisRegisters.h"
#include "tests/instruments/drivers/FixtureTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>

using namespace optiqual::instruments::sim;
using namespace optiqual::testing::fixture;

namespace {

/// A board with a good module, on a hand-stepped clock.
struct Board {
    double t = 0;
    std::shared_ptr<FixtureSimulator> sim;

    Board() {
        SimContext context;
        context.serialNumber = "HB1-000123";
        sim = std::make_shared<FixtureSimulator>(context);
        sim->setTimeSource([this] { return t; });
        sim->seat(goodModule());
    }
    Board(const Board&) = delete;
    Board& operator=(const Board&) = delete;

    /// The reply, or "<none>" for a message without one.
    std::string send(std::string_view message) { return sim->handleMessage(message).value_or("<none>"); }
    std::string error() { return send("SYST:ERR?"); }

    /// Power on with LPMode released and wait long enough for the module and every data path (≈ 8 s worst case).
    void bringUp() {
        ASSERT_EQ(send("FIXT:MOD:RES OFF;LPM OFF;POW ON"), "<none>");
        t += 12.0;
        ASSERT_EQ(send("FIXT:MOD:STAT?"), "READY");
        ASSERT_EQ(send("CMIS:READ? 7,17,128,4"), "#14" + bytes({0x44, 0x44, 0x44, 0x44}));
    }
};

double number(const std::string& reply) {
    return std::stod(reply);
}

} // namespace

TEST(FixtureSimDevice, IdentityAndResetState) {
    Board board;
    EXPECT_EQ(board.send("*IDN?"), kIdn);
    EXPECT_EQ(board.send("*ESR?"), "+128") << "power-on event";
    EXPECT_EQ(board.send("FIXT:MOD:POW?;RES?;LPM?"), "0;1;1");
    EXPECT_EQ(board.send("FIXT:MOD:STAT?"), "OFF");
    EXPECT_EQ(board.send("SYST:VERS?"), "1999.0");
    EXPECT_EQ(board.send("FIXT:SLOT?"), "1");
    board.sim->setSlot(17);
    EXPECT_EQ(board.send(":FIXTURE:SLOT?"), "17");
    EXPECT_THROW(board.sim->setSlot(100), std::out_of_range);
    EXPECT_EQ(board.send("*TST?;*OPC?"), "+0;1");
    // *RST after a bring-up: power off, ResetL and LPMode asserted; the error queue survives.
    board.bringUp();
    EXPECT_EQ(board.send("FIXT:MOD:BOGUS"), "<none>");
    EXPECT_EQ(board.send("*RST"), "<none>");
    EXPECT_EQ(board.send("FIXTure:MODule:POWer:STATe?;:FIXT:MOD:RES:STAT?;:FIXT:MOD:LPM?"), "0;1;1");
    EXPECT_FALSE(board.sim->powerOn());
    EXPECT_TRUE(board.sim->module().resetAsserted());
    EXPECT_TRUE(board.sim->module().lowPowerPin());
    EXPECT_EQ(board.send("FIXT:MOD:STAT?"), "OFF");
    EXPECT_EQ(board.error(), "-113,\"Undefined header\"");
}

TEST(FixtureSimDevice, GuideSessionBringUp) {
    Board board;
    EXPECT_EQ(board.send("*IDN?"), "OptiQual,XPO-HB1,HB1-000123,1.0.0");
    EXPECT_EQ(board.send("*RST;*CLS"), "<none>");
    EXPECT_EQ(board.send("FIXT:MOD:PRES?"), "1");
    EXPECT_EQ(board.send("FIXT:MOD:RES OFF;LPM ON;POW ON"), "<none>");
    EXPECT_EQ(board.send("FIXT:MOD:STAT?"), "INIT");
    EXPECT_EQ(board.send("CMIS:BYTE? 0,0,3"), "<none>");
    EXPECT_EQ(board.error(), "+203,\"CMIS access NACK\"");
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? LOWP,5"), "1");
    EXPECT_EQ(board.send("CMIS:READ? 0,0,0,4"), "#14" + bytes({0x19, 0x52, 0x00, 0x02}));
    EXPECT_EQ(board.send("FIXT:MOD:LPM OFF"), "<none>");
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? READY,10"), "1");
    // Once the data paths are up the module draws ≈ 235 W from the 48 V supply (60 W + 64 lanes × 2.6 W, / η).
    board.t = board.sim->module().now() + 3.0;
    const double watts = number(board.send("FIXT:MOD:MEAS:POW?"));
    EXPECT_GT(watts, 210.0);
    EXPECT_LT(watts, 260.0);
    EXPECT_EQ(board.send("FIXT:MOD:MEAS:VOLT?"), "+4.80000000E+01");
    EXPECT_NEAR(number(board.send("FIXT:MOD:MEAS:CURR?")), watts / 48.0, 1e-6);
    EXPECT_EQ(board.error(), "+0,\"No error\"");
}

TEST(FixtureSimDevice, GuideSessionsIdentityLanesAndErrors) {
    Board board;
    board.bringUp();
    EXPECT_EQ(board.send("CMIS:READ? 0,0,129,16"), "#216OPTIQUAL SIM    ");
    EXPECT_EQ(board.send("CMIS:READ? 0,0,148,16"), "#216XPO-DR64-12T8   ");
    EXPECT_EQ(board.send("CMIS:READ? 0,0,166,16"), "#216XPO26A0001      ");
    EXPECT_EQ(board.send("CMIS:READ? 0,0,39,2"), "#12" + bytes({0x02, 0x04}));
    EXPECT_EQ(board.send("CMIS:READ? 1,#H11,128,4"), "#14" + bytes({0x44, 0x44, 0x44, 0x44}));
    // DDM:TXP? decodes 11h 154–155 of the lane's bank as 10·log10(u16 × 0.1 µW / 1 mW).
    const std::string raw = board.send("CMIS:READ? 1,17,154,2");
    ASSERT_EQ(raw.size(), 5U);
    const int microwattTenths = static_cast<unsigned char>(raw[3]) << 8 | static_cast<unsigned char>(raw[4]);
    EXPECT_NEAR(number(board.send("DDM:TXP? (@9)")), 10.0 * std::log10(microwattTenths * 1e-4), 1e-7);
    // Lane 3's transmitter off and on again (guide §11).
    EXPECT_EQ(board.send("CMIS:WRIT 0,16,130,#11" + bytes({0x04})), "<none>");
    board.t = board.sim->module().now() + 0.1;
    EXPECT_EQ(board.send("CMIS:BYTE? 0,17,129"), "71");
    EXPECT_EQ(board.send("CMIS:BYTE 0,16,130,0"), "<none>");
    board.t += 0.2;
    EXPECT_EQ(board.send("CMIS:BYTE? 0,17,129"), "68");
    // The errors session.
    EXPECT_EQ(board.send("CMIS:READ? 0,0,200,64"), "<none>");
    EXPECT_EQ(board.error(), "-222,\"Data out of range;offset + length 264 > 256\"");
    EXPECT_EQ(board.send("FIXT:MOD:POW OFF"), "<none>");
    EXPECT_EQ(board.send("CMIS:BYTE? 0,0,3"), "<none>");
    EXPECT_EQ(board.error(), "+204,\"Module not powered\"");
    EXPECT_EQ(board.send("CMIS:WRIT 0,0,126,#14" + bytes({0x00, 0x11, 0x00, 0x00})), "<none>");
    EXPECT_EQ(board.error(), "-221,\"Settings conflict;CMIS:WRIT mixes bytes 126-127 with the upper page\"");
    EXPECT_EQ(board.error(), "+0,\"No error\"");
}

TEST(FixtureSimDevice, CmisRangesAndBlocks) {
    Board board;
    board.bringUp();
    const std::pair<std::string, std::string> cases[] = {
        {"CMIS:READ? 8,0,0,1", "-222,\"Data out of range;bank 8 > 7\""},
        {"CMIS:READ? 0,256,0,1", "-222,\"Data out of range;page 256 > 255\""},
        {"CMIS:READ? 0,0,-1,1", "-222,\"Data out of range;offset -1 < 0\""},
        {"CMIS:READ? 0,0,0,129", "-222,\"Data out of range;length 129 > 128\""},
        {"CMIS:READ? 0,0,0,0", "-222,\"Data out of range;length 0 < 1\""},
        {"CMIS:READ? 0,0,0", "-109,\"Missing parameter\""},
        {"CMIS:BYTE 0,16,131,256", "-222,\"Data out of range;value 256 > 255\""},
        {"CMIS:WRIT 0,16,131,#10", "-222,\"Data out of range;length 0 < 1\""},
        {"CMIS:WRIT 0,16,128,#3129" + std::string(129, 'x'), "-223,\"Too much data;length 129 > 128\""},
        {"CMIS:WRIT 0,16,131,#0" + bytes({0x01}), "-161,\"Invalid block data;indefinite blocks are not accepted\""},
        {"CMIS:READ? 0,3,128,1", "+205,\"CMIS page not implemented\""},
        {"CMIS:READ? 0,#H20,200,1", "+205,\"CMIS page not implemented\""},
    };
    for (const auto& [command, expected] : cases) {
        EXPECT_EQ(board.send(command), "<none>") << command;
        EXPECT_EQ(board.error(), expected) << command;
    }
    // A lower-page read ignores bank and page; #H and decimal name the same page.
    EXPECT_EQ(board.send("CMIS:READ? 0,3,0,1"), "#11" + bytes({0x19}));
    EXPECT_EQ(board.send("CMIS:BYTE 2,#H10,131,#HA5;BYTE? 2,16,131"), "165");
    // A 16-byte write (two transactions) lands whole; read-only bytes are acknowledged and kept.
    std::string pattern;
    for (int i = 0; i < 16; ++i)
        pattern += static_cast<char>(0x40 + i);
    EXPECT_EQ(board.send("CMIS:WRIT 4,19,160,#216" + pattern), "<none>");
    EXPECT_EQ(board.send("CMIS:READ? 4,19,160,16"), "#216" + pattern);
    EXPECT_EQ(board.send("CMIS:WRIT 0,0,129,#13ABC"), "<none>");
    EXPECT_EQ(board.send("CMIS:READ? 0,0,129,3"), "#13OPT");
    EXPECT_EQ(board.error(), "+0,\"No error\"");
    // Bytes 126–127 alone may be written.
    EXPECT_EQ(board.send("CMIS:WRIT 0,0,126,#12" + bytes({0x02, 0x11})), "<none>");
    EXPECT_EQ(board.send("CMIS:READ? 0,0,126,2"), "#12" + bytes({0x02, 0x11}));
    EXPECT_EQ(board.error(), "+0,\"No error\"");
}

TEST(FixtureSimDevice, ACarriageReturnEndingABlockSurvivesTheServer) {
    // SimServer strips a CR before the LF; the board restores it when a block is one byte short of its length.
    Board board;
    board.bringUp();
    EXPECT_EQ(board.send("CMIS:WRIT 0,16,131,#12" + bytes({0x0A})), "<none>");
    EXPECT_EQ(board.error(), "+0,\"No error\"");
    EXPECT_EQ(board.send("CMIS:READ? 0,16,131,2"), "#12" + bytes({0x0A, 0x0D}));
}

TEST(FixtureSimDevice, EmptySocket) {
    Board board;
    board.sim->unseat();
    EXPECT_THROW(board.sim->module(), std::logic_error);
    EXPECT_EQ(board.send("FIXT:MOD:PRES?;STAT?;INT?"), "0;ABSENT;0");
    EXPECT_EQ(board.send("FIXT:MOD:POW ON"), "<none>");
    EXPECT_EQ(board.error(), "+201,\"Module not present\"");
    EXPECT_EQ(board.send("FIXT:MOD:POW?"), "0");
    EXPECT_EQ(board.send("FIXT:MOD:MEAS:VOLT?;CURR?;POW?"), "+0.00000000E+00;+0.00000000E+00;+0.00000000E+00");
    EXPECT_EQ(board.send("FIXT:MOD:RES OFF;LPM OFF;POW OFF;RES:PULS"), "<none>");
    EXPECT_EQ(board.error(), "+0,\"No error\"") << "the pins work without a module";
    for (const char* command : {"CMIS:BYTE? 0,0,0", "PRBS:BER? HOST", "DDM:TEMP?"}) {
        EXPECT_EQ(board.send(command), "<none>");
        EXPECT_EQ(board.error(), "+201,\"Module not present\"") << command;
    }
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? READY,3600"), "0");
    // Seating applies the board's pins with the power switch off.
    board.sim->seat(goodModule("XPO26A0002"));
    EXPECT_FALSE(board.sim->module().resetAsserted());
    EXPECT_FALSE(board.sim->module().lowPowerPin());
    EXPECT_EQ(board.send("FIXT:MOD:STAT?"), "OFF");
}

TEST(FixtureSimDevice, PullingAPoweredModuleSwitchesPowerOff) {
    Board board;
    board.bringUp();
    board.sim->module().setPresent(false, board.t);
    EXPECT_EQ(board.send("FIXT:MOD:POW?;PRES?;STAT?"), "0;0;ABSENT");
    EXPECT_FALSE(board.sim->module().powerEnabled());
    board.sim->module().setPresent(true, board.t);
    EXPECT_EQ(board.send("FIXT:MOD:STAT?"), "OFF");
}

TEST(FixtureSimDevice, StatesResetPulseAndWait) {
    Board board;
    EXPECT_EQ(board.send("FIXT:MOD:POW ON;STAT?"), "RESET");
    EXPECT_EQ(board.send("FIXT:MOD:INT?"), "0");
    EXPECT_EQ(board.send("FIXT:MOD:RES:PULS"), "<none>");
    EXPECT_EQ(board.error(), "-221,\"Settings conflict;ResetL is held by RES ON\"");
    EXPECT_EQ(board.send("FIXT:MOD:RES OFF;STAT?"), "INIT");
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? READY,0"), "0") << "a plain test";
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? LOWP"), "1");
    EXPECT_EQ(board.send("FIXT:MOD:INT?"), "1") << "ModuleStateChangedFlag latched";
    EXPECT_EQ(board.send("CMIS:BYTE? 0,0,8;:FIXT:MOD:INT?"), "1;0") << "reading the flag clears it";
    // LPMode held: ModuleReady is never reached; the wait times out and the module has lived those 2 s.
    const double before = board.sim->module().now();
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? READY,2"), "0");
    EXPECT_NEAR(board.sim->module().now() - before, 2.0, 1e-9);
    // A reset pulse restarts MgmtInit.
    EXPECT_EQ(board.send("FIXT:MOD:RES:PULS 0.5"), "<none>");
    EXPECT_EQ(board.send("FIXT:MOD:STAT?"), "INIT");
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? LOWP,1.5"), "1");
    const std::pair<const char*, const char*> cases[] = {
        {"FIXT:MOD:RES:PULS 2", "-222,\"Data out of range\""},
        {"FIXT:MOD:STAT:WAIT? BUSY", "-224,\"Illegal parameter value\""},
        {"FIXT:MOD:STAT:WAIT? READY,3601", "-222,\"Data out of range\""},
        {"FIXT:MOD:POW MAYBE", "-224,\"Illegal parameter value\""},
    };
    for (const auto& [command, expected] : cases) {
        EXPECT_EQ(board.send(command), "<none>") << command;
        EXPECT_EQ(board.error().substr(0, std::string(expected).size() - 1),
                  std::string(expected).substr(0, std::string(expected).size() - 1))
            << command;
    }
    EXPECT_EQ(board.send("FIXT:MOD:POW?;STAT?"), "1;LOWP") << "errors change nothing";
    // Below the undervoltage lockout the module is OFF although the switch is on.
    board.sim->module().setSupplyVoltage(30.0, board.sim->module().now());
    EXPECT_EQ(board.send("FIXT:MOD:POW?;STAT?"), "1;OFF");
    EXPECT_EQ(board.send("FIXT:MOD:MEAS:VOLT?;POW?"), "+3.00000000E+01;+0.00000000E+00");
}

TEST(FixtureSimDevice, PrbsConvenienceCommands) {
    Board board;
    EXPECT_EQ(board.send("FIXT:MOD:RES OFF;POW ON"), "<none>");
    board.t += 2.0;
    EXPECT_EQ(board.send("PRBS:STAR MED,PRBS31Q"), "<none>");
    EXPECT_EQ(board.error(), "+202,\"Module not ready\"") << "low power";
    EXPECT_EQ(board.send("FIXT:MOD:LPM OFF"), "<none>");
    board.t += 10.0;
    CmisModule& module = board.sim->module();
    module.setRxInputPowerDbm(0, 0.0, board.t);
    module.setRxInputPowerDbm(1, -2.0, board.t);
    EXPECT_EQ(board.send("PRBS:STAR MED,PRBS31Q,(@1:8)"), "<none>");
    EXPECT_EQ(board.error(), "+0,\"No error\"");
    // Page 13h/14h as the guide says: patterns, enables, BER selector; other banks untouched.
    EXPECT_EQ(board.send("CMIS:READ? 0,19,152,1"), "#11" + bytes({0xFF}));
    EXPECT_EQ(board.send("CMIS:READ? 0,19,168,1"), "#11" + bytes({0xFF}));
    EXPECT_EQ(board.send("CMIS:BYTE? 0,20,128;BYTE? 1,20,128;BYTE? 1,19,152"), "1;0;0");
    const std::string ber = board.send("PRBS:BER? MED,(@1:3)");
    const auto firstComma = ber.find(',');
    const auto secondComma = ber.find(',', firstComma + 1);
    ASSERT_NE(secondComma, std::string::npos) << ber;
    EXPECT_LT(number(ber.substr(0, firstComma)), 1e-6);
    EXPECT_GT(number(ber.substr(firstComma + 1, secondComma - firstComma - 1)), number(ber.substr(0, firstComma)))
        << "less light, more errors";
    EXPECT_EQ(ber.substr(secondComma + 1), "+5.00000000E-01") << "no light on lane 3";
    EXPECT_EQ(board.send("PRBS:BER? MED,(@9)"), "+9.91000000E+37");
    // A host-side lane: pattern nibble of lane 3 is the low nibble of byte 149.
    EXPECT_EQ(board.send("PRBS:STAR HOST,11,(@3)"), "<none>");
    EXPECT_EQ(board.send("CMIS:READ? 0,19,148,2;BYTE? 0,19,144;BYTE? 0,19,165"), "#12" + bytes({0x00, 0x0B}) + ";4;11");
    EXPECT_LT(number(board.send("PRBS:BER? HOST,(@3)")), 1e-10);
    // An unsupported pattern changes nothing.
    EXPECT_EQ(board.send("PRBS:STAR MED,PRBS23Q,(@1)"), "<none>");
    EXPECT_EQ(board.error(), "+207,\"Pattern not supported\"");
    EXPECT_EQ(board.send("CMIS:BYTE? 0,19,156"), "0");
    const std::pair<const char*, int> cases[] = {
        {"PRBS:STAR MED,PRBS99", -224}, {"PRBS:STAR SIDE,0", -224},    {"PRBS:STAR MED,16", -222},
        {"PRBS:BER? MED,(@65)", -222},  {"PRBS:STOP HOST,(@0)", -222},
    };
    for (const auto& [command, code] : cases) {
        EXPECT_EQ(board.send(command), "<none>") << command;
        EXPECT_EQ(board.error().substr(0, 4), std::to_string(code)) << command;
    }
    EXPECT_EQ(board.send("PRBS:STOP MED"), "<none>");
    EXPECT_EQ(board.send("CMIS:BYTE? 0,19,152;BYTE? 0,19,168;BYTE? 0,19,160"), "0;0;4");
    const std::string all = board.send("PRBS:BER? MED");
    EXPECT_EQ(std::count(all.begin(), all.end(), ','), 63);
    EXPECT_EQ(all.substr(0, 15), "+9.91000000E+37");
}

TEST(FixtureSimDevice, DdmMonitors) {
    Board board;
    EXPECT_EQ(board.send("DDM:TEMP?"), "<none>");
    EXPECT_EQ(board.error(), "+204,\"Module not powered\"");
    board.bringUp();
    EXPECT_GT(board.sim->module().internalTemperatureC(), 25.0 + 1.0) << "its own heat through the cold plate";
    EXPECT_NEAR(number(board.send("DDM:TEMP?")), board.sim->module().internalTemperatureC(), 1.5);
    EXPECT_NEAR(number(board.send("DDM:VCC?")), 3.3, 0.1);
    const std::string tx = board.send("DDM:TXP?");
    EXPECT_EQ(std::count(tx.begin(), tx.end(), ','), 63);
    EXPECT_NEAR(number(tx.substr(0, tx.find(','))), 1.5, 2.0);
    const std::string bias = board.send("DDM:BIAS? (@1,64)");
    EXPECT_NEAR(number(bias.substr(0, bias.find(','))), 0.042, 0.015);
    EXPECT_EQ(board.send("DDM:RXP? (@2)"), "-9.90000000E+37") << "no light";
    board.sim->module().setRxInputPowerDbm(1, -3.0, board.t);
    EXPECT_NEAR(number(board.send("DDM:RXP? (@2)")), -3.0, 0.6);
}

TEST(FixtureSimDevice, InputBufferOverrunAndQueueOverflow) {
    Board board;
    EXPECT_EQ(board.send("FIXT:SLOT? " + std::string(5000, 'x')), "<none>");
    EXPECT_EQ(board.error(), "-363,\"Input buffer overrun;5011 bytes\"");
    for (int i = 0; i < 17; ++i)
        board.send("BOGUS");
    EXPECT_EQ(board.send("SYST:ERR:COUN?"), "+16");
    for (int i = 0; i < 15; ++i)
        EXPECT_EQ(board.error(), "-113,\"Undefined header\"");
    EXPECT_EQ(board.error(), "-350,\"Queue overflow\"");
}

TEST(FixtureSimDevice, FactoryAndModuleSerial) {
    SimContext context;
    context.seed = 42;
    auto device = makeFixtureSimulator("xpo-hb1", context);
    auto* board = dynamic_cast<FixtureSimulator*>(device.get());
    ASSERT_NE(board, nullptr);
    EXPECT_EQ(board->module().serialNumber(), FixtureSimulator::defaultModuleSerial(42));
    EXPECT_EQ(fixtureSimulatorModels().size(), 1U);
    EXPECT_EQ(fixtureSimulatorModels()[0], "XPO-HB1");
    EXPECT_THROW(makeFixtureSimulator("XPO-HB2", context), std::invalid_argument);
    const std::string serial = FixtureSimulator::defaultModuleSerial(1);
    EXPECT_EQ(serial.size(), 10U);
    EXPECT_EQ(serial.substr(0, 3), "XPO");
    EXPECT_EQ(serial.find_first_not_of("0123456789", 3), std::string::npos);
    EXPECT_EQ(serial, FixtureSimulator::defaultModuleSerial(1));
    EXPECT_NE(serial, FixtureSimulator::defaultModuleSerial(2));
}

TEST(FixtureSimDevice, InputSenseIsTheModulesInputAtTheAppliedVoltage) {
    Board board;
    board.bringUp();
    CmisModule& module = board.sim->module();
    double previousCurrent = 1e9;
    for (const double volts : {44.0, 48.0, 52.0}) {
        board.t += 1.0;
        module.setSupplyVoltage(volts, board.t);
        const double watts = number(board.send("FIXT:MOD:MEAS:POW?"));
        const double amps = number(board.send("FIXT:MOD:MEAS:CURR?"));
        EXPECT_EQ(number(board.send("FIXT:MOD:MEAS:VOLT?")), volts);
        EXPECT_NEAR(watts, module.powerDrawWatts(volts), watts * 1e-8) << volts << " V";
        EXPECT_NEAR(amps, module.powerDrawWatts(volts) / volts, amps * 1e-8) << volts << " V";
        EXPECT_LT(amps, previousCurrent) << "a DC/DC input draws less current at a higher voltage";
        previousCurrent = amps;
    }
}

TEST(FixtureSimDevice, PeakHoldCatchesThePowerOnInrush) {
    Board board;
    EXPECT_EQ(board.send("FIXT:MOD:MEAS:CURR:PEAK?"), "+0.00000000E+00");
    EXPECT_EQ(board.send("FIXT:MOD:RES OFF;POW ON"), "<none>");
    const double inrush = number(board.send("FIXT:MOD:MEAS:CURR:PEAK?"));
    EXPECT_NEAR(inrush, board.sim->module().inputCurrentPeakAmps(), 1e-7);
    EXPECT_GT(inrush, 4.8) << "1 mF charged to 48 V over 10 ms, plus the low-power draw";
    EXPECT_LT(inrush, 5.0);
    EXPECT_LT(number(board.send("FIXT:MOD:MEAS:CURR?")), 0.2) << "the steady low-power draw is far below it";
    // In ModuleReady the peak-hold keeps the larger of the inrush and the ready draw.
    EXPECT_EQ(board.send("FIXT:MOD:LPM OFF"), "<none>");
    board.t += 12.0;
    const double ready = number(board.send("FIXT:MOD:MEAS:CURR?"));
    EXPECT_GT(ready, 10.0 * 0.2) << "the ready draw is many times the low-power draw";
    const double peak = std::max(ready, inrush);
    EXPECT_NEAR(number(board.send("FIXT:MOD:MEAS:CURR:PEAK?")), peak, peak * 1e-8);
    // POW OFF keeps the peak, POW ON restarts it.
    EXPECT_EQ(board.send("FIXT:MOD:POW OFF;:FIXT:MOD:MEAS:CURR?"), "+0.00000000E+00");
    EXPECT_NEAR(number(board.send("FIXT:MOD:MEAS:CURR:PEAK?")), peak, peak * 1e-8);
    EXPECT_EQ(board.send("FIXT:MOD:POW ON"), "<none>");
    EXPECT_NEAR(number(board.send("FIXT:MOD:MEAS:CURR:PEAK?")), inrush, 1e-7);
    board.sim->unseat();
    EXPECT_EQ(board.send("FIXT:MOD:MEAS:CURR:PEAK?"), "+0.00000000E+00");
    EXPECT_EQ(board.error(), "+0,\"No error\"");
}

TEST(FixtureSimDevice, StateTimesTimeTheBringUp) {
    Board board;
    EXPECT_EQ(board.send("FIXT:MOD:STAT:TIME? INIT"), "+9.91000000E+37") << "the switch has not turned on";
    board.t = 5.0;
    EXPECT_EQ(board.send("FIXT:MOD:RES OFF;LPM OFF;POW ON"), "<none>");
    board.t += 12.0;
    EXPECT_EQ(board.send("FIXT:MOD:STAT:TIME? INIT"), "+0.00000000E+00");
    EXPECT_EQ(board.send("FIXT:MOD:STAT:TIME? LOWP"), "+1.00000000E+00") << "MgmtInit lasts 1 s";
    EXPECT_EQ(board.send("FIXT:MOD:STAT:TIME? PUP"), "+1.00000000E+00") << "LPMode released: straight on";
    const CmisModule& module = board.sim->module();
    const double ready = number(board.send("FIXT:MOD:STAT:TIME? READY"));
    EXPECT_NEAR(ready, module.stateEnteredAt(CmisModuleState::Ready) - 5.0, 1e-7);
    EXPECT_GT(ready - 1.0, 1.0) << "ModulePwrUp within its advertised 1-5 s";
    EXPECT_LE(ready - 1.0, 5.0);
    EXPECT_EQ(board.send("FIXT:MOD:STAT:TIME? FAULT;TIME? RESET;TIME? OFF"),
              "+9.91000000E+37;+9.91000000E+37;+9.91000000E+37");
    // A power cycle: OFF is entered after the switch turned on, and the next POW ON starts a new timing.
    EXPECT_EQ(board.send("FIXT:MOD:POW OFF"), "<none>");
    EXPECT_EQ(board.send("FIXT:MOD:STAT:TIME? OFF"), "+1.20000000E+01");
    EXPECT_EQ(board.send("FIXT:MOD:STAT:WAIT? READY,2"), "0") << "moves the module 2 s ahead of the clock";
    EXPECT_EQ(board.send("FIXT:MOD:POW ON;:FIXT:MOD:STAT:TIME? INIT;TIME? READY"), "+0.00000000E+00;+9.91000000E+37");
    for (const auto& [command, expected] : std::vector<std::pair<std::string, std::string>>{
             {"FIXT:MOD:STAT:TIME? BUSY", "-224,\"Illegal parameter value\""},
             {"FIXT:MOD:STAT:TIME?", "-109,\"Missing parameter\""}}) {
        EXPECT_EQ(board.send(command), "<none>") << command;
        EXPECT_EQ(board.error().substr(0, expected.size() - 1), expected.substr(0, expected.size() - 1)) << command;
    }
    board.sim->unseat();
    EXPECT_EQ(board.send("FIXT:MOD:STAT:TIME? READY"), "+9.91000000E+37");
    EXPECT_EQ(board.error(), "+0,\"No error\"");
}

TEST(FixtureSimDevice, LossOfSignalIsThePresentState) {
    Board board;
    EXPECT_EQ(board.send("DDM:LOS?"), "<none>");
    EXPECT_EQ(board.error(), "+204,\"Module not powered\"");
    board.bringUp();
    CmisModule& module = board.sim->module();
    module.setRxInputPowerDbm(0, 0.0, board.t);
    EXPECT_EQ(board.send("DDM:LOS? (@1:3,9)"), "0,1,1,1");
    // Lane 2 sees light after having been dark: its latched flag is set, the present state is clear.
    module.setRxInputPowerDbm(1, -2.0, board.t);
    EXPECT_EQ(board.send("DDM:LOS? (@2,1)"), "0,0");
    module.setRxInputPowerDbm(1, -14.0, board.t);
    EXPECT_EQ(board.send("DDM:LOS? (@2)"), "1") << "below the −13 dBm assert level";
    module.setRxInputPowerDbm(1, -12.0, board.t);
    EXPECT_EQ(board.send("DDM:LOS? (@2)"), "1") << "hysteresis: not yet above −11 dBm";
    module.setRxInputPowerDbm(1, -10.0, board.t);
    EXPECT_EQ(board.send("DDM:LOS? (@2)"), "0");
    const std::string all = board.send("DDM:LOS?");
    EXPECT_EQ(all.size(), 64U * 2 - 1);
    EXPECT_EQ(all.substr(0, 6), "0,0,1,");
    EXPECT_EQ(board.send("DDM:LOS? (@65)"), "<none>");
    EXPECT_EQ(board.error().substr(0, 4), "-222");
}

TEST(FixtureSimDevice, GuideSessionBringUpTimingInrushAndInputPower) {
    Board board;
    const std::pair<std::string, std::string> session[] = {
        {"*RST;*CLS", "<none>"},
        {"FIXT:MOD:RES OFF;LPM ON;POW ON", "<none>"},
        {"FIXT:MOD:MEAS:CURR:PEAK?", "+4.90571027E+00"},
        {"FIXT:MOD:STAT:WAIT? LOWP,5", "1"},
        {"FIXT:MOD:LPM OFF", "<none>"},
        {"FIXT:MOD:STAT:WAIT? READY,10", "1"},
        {"FIXT:MOD:STAT:TIME? LOWP;TIME? PUP;TIME? READY", "+1.00000000E+00;+1.00000000E+00;+4.89370952E+00"},
        {"CMIS:BYTE? 0,1,167", "87"},
        {"FIXT:MOD:MEAS:VOLT?;CURR?;POW?", "+4.80000000E+01;+4.88079955E+00;+2.34278379E+02"},
        {"FIXT:MOD:MEAS:CURR:PEAK?", "+4.90571027E+00"},
        {"SYST:ERR?", "+0,\"No error\""},
    };
    for (const auto& [command, reply] : session)
        EXPECT_EQ(board.send(command), reply) << command;
    CmisModule& module = board.sim->module();
    module.setSupplyVoltage(44.0, module.now());
    EXPECT_EQ(board.send("FIXT:MOD:MEAS:CURR?;POW?"), "+5.34078136E+00;+2.34994380E+02");
    module.setSupplyVoltage(52.0, module.now());
    EXPECT_EQ(board.send("FIXT:MOD:MEAS:CURR?;POW?"), "+4.49475389E+00;+2.33727202E+02");
}
