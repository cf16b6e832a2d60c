// Table-driven tests of ScpiDevice: each case sends one message to a fresh test instrument and checks the
// reply, the error queue (drained with SYST:ERR?) and optionally the Standard Event Status Register.
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"

#include <array>
#include <gtest/gtest.h>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {
namespace {

constexpr const char* kIdn = "OPTIQUAL,TESTINST,SN0001,1.0";

/// @brief A three-channel supply with an optical sensor, a trigger, a display, a switch and a data buffer:
/// one command per parameter type the parser supports.
class TestInstrument : public ScpiDevice {
public:
    explicit TestInstrument(ScpiDeviceOptions options = {}) : ScpiDevice(kIdn, options) {
        TestInstrument::reset();
        registerSupply();
        registerSensor();
        registerMisc();
    }

protected:
    void reset() override {
        m_voltage = {1.0, 2.0, 3.0};
        m_current = {0.5, 0.5, 0.5};
        m_measuredCurrent = {0.1, 0.2, 0.3};
        m_output = {false, false, false};
        m_protection = false;
        m_wavelength = 1.55e-6;
        m_averagingTime = 0.1;
        m_reference = 0.0;
        m_frequency = 1e3;
        m_trigger = "IMM";
        m_text.clear();
        m_closed.clear();
        m_data.clear();
    }

private:
    static constexpr NumberSpec kVoltage{"V", 0.0, 6.18, 0.5};
    static constexpr NumberSpec kCurrent{"A", 0.0, 1.0, 0.1};

    static std::size_t channelIndex(int channel) {
        if (channel < 1 || channel > 3) {
            throw ScpiError(-222, "no channel " + std::to_string(channel));
        }
        return static_cast<std::size_t>(channel - 1);
    }
    static std::size_t suffixChannel(const ScpiContext& c, std::size_t node) {
        if (c.suffix(node) < 1 || c.suffix(node) > 3) {
            throw ScpiError(-114);
        }
        return static_cast<std::size_t>(c.suffix(node) - 1);
    }
    std::vector<int> channelsOf(const ScpiContext& c, std::size_t index) const {
        return c.paramCount() > index ? c.channelList(index) : std::vector<int>{1};
    }
    static std::string list(const std::array<double, 3>& values, const std::vector<int>& channels) {
        std::string out;
        for (int channel : channels) {
            if (!out.empty()) {
                out += ',';
            }
            out += formatNr3(values[channelIndex(channel)]);
        }
        return out;
    }

    void registerSupply() {
        addCommand("MEASure[:SCALar]:VOLTage[:DC]?", 0, 1,
                   [this](ScpiContext& c) { c.reply(list(m_voltage, channelsOf(c, 0))); });
        addCommand("MEASure[:SCALar]:CURRent[:DC]?", 0, 1,
                   [this](ScpiContext& c) { c.reply(list(m_measuredCurrent, channelsOf(c, 0))); });
        addCommand("[SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", 1, 2, [this](ScpiContext& c) {
            const double volts = c.number(0, kVoltage);
            const std::vector<int> channels =
                c.paramCount() > 1 ? c.channelList(1) : std::vector<int>{static_cast<int>(suffixChannel(c, 0)) + 1};
            for (int channel : channels) {
                m_voltage[channelIndex(channel)] = volts;
            }
        });
        addCommand("[SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]?", 0, 1, [this](ScpiContext& c) {
            if (c.paramCount() == 1) {
                c.reply(formatNr3(c.enumeration(0, {"MINimum", "MAXimum"}) == "MIN" ? kVoltage.min : kVoltage.max));
                return;
            }
            c.reply(formatNr3(m_voltage[suffixChannel(c, 0)]));
        });
        addCommand("[SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]", 1, 1,
                   [this](ScpiContext& c) { m_current[suffixChannel(c, 0)] = c.number(0, kCurrent); });
        addCommand("[SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]?", 0, 0,
                   [this](ScpiContext& c) { c.reply(formatNr3(m_current[suffixChannel(c, 0)])); });
        addCommand("[SOURce#]:CURRent:PROTection:STATe", 1, 1, [this](ScpiContext& c) { m_protection = c.boolean(0); });
        addCommand("[SOURce#]:CURRent:PROTection:STATe?", 0, 0,
                   [this](ScpiContext& c) { c.reply(m_protection ? "1" : "0"); });
        addCommand("OUTPut#[:STATe]", 1, 1, [this](ScpiContext& c) { m_output[suffixChannel(c, 0)] = c.boolean(0); });
        addCommand("OUTPut#[:STATe]?", 0, 0,
                   [this](ScpiContext& c) { c.reply(m_output[suffixChannel(c, 0)] ? "1" : "0"); });
    }

    void registerSensor() {
        addCommand("SENSe#:POWer:WAVelength", 1, 1, [this](ScpiContext& c) {
            m_wavelength = c.number(0, {"M", 1.2e-6, 1.7e-6, 1.55e-6});
        });
        addCommand("SENSe#:POWer:WAVelength?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr3Exp3(m_wavelength)); });
        addCommand("SENSe#:POWer:ATIMe", 1, 1, [this](ScpiContext& c) {
            m_averagingTime = c.number(0, {"S", 1e-4, 10.0, 0.1});
        });
        addCommand("SENSe#:POWer:ATIMe?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr3(m_averagingTime)); });
        addCommand("SENSe#:POWer:REFerence", 1, 1, [this](ScpiContext& c) {
            m_reference = c.number(0, {"DBM", -110.0, 30.0, 0.0});
        });
        addCommand("SENSe#:POWer:REFerence?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr3(m_reference)); });
        addCommand("SOURce#:FREQuency", 1, 1, [this](ScpiContext& c) {
            m_frequency = c.number(0, {"HZ", 0.0, 1e9, 1e3});
        });
        addCommand("SOURce#:FREQuency?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr3(m_frequency)); });
    }

    void registerMisc() {
        addCommand("TRIGger[:SEQuence]:SOURce", 1, 1, [this](ScpiContext& c) {
            m_trigger = c.enumeration(0, {"IMMediate", "BUS", "EXTernal"});
        });
        addCommand("TRIGger[:SEQuence]:SOURce?", 0, 0, [this](ScpiContext& c) { c.reply(m_trigger); });
        addCommand("DISPlay[:WINDow]:TEXT[:DATA]", 1, 1, [this](ScpiContext& c) { m_text = c.string(0); });
        addCommand("DISPlay[:WINDow]:TEXT[:DATA]?", 0, 0, [this](ScpiContext& c) { c.reply(formatString(m_text)); });
        addCommand("ROUTe:CLOSe", 1, 1, [this](ScpiContext& c) { m_closed = c.channelList(0); });
        addCommand("ROUTe:CLOSe?", 0, 0, [this](ScpiContext& c) { c.reply(formatChannelList(m_closed)); });
        addCommand("DATA:BLOCk", 1, 1, [this](ScpiContext& c) { m_data = c.block(0); });
        addCommand("DATA:BLOCk?", 0, 0, [this](ScpiContext& c) { c.reply(formatBlock(m_data)); });
        addCommand("SYSTem:BEEPer", 0, 0, [](ScpiContext&) {});
        // Throws the error whose code is its parameter: one command to reach every error class.
        addCommand("TEST:FAIL", 1, 1, [](ScpiContext& c) {
            throw ScpiError(static_cast<int>(c.number(0, {"", -999.0, 999.0, 0.0})));
        });
        addCommand("TEST:NOREply?", 0, 0, [](ScpiContext&) {});
        addCommand("TEST:BUG", 0, 0, [](ScpiContext&) -> void { throw std::runtime_error("oops"); });
    }

    std::array<double, 3> m_voltage{};
    std::array<double, 3> m_current{};
    std::array<double, 3> m_measuredCurrent{};
    std::array<bool, 3> m_output{};
    bool m_protection = false;
    double m_wavelength = 0.0;
    double m_averagingTime = 0.0;
    double m_reference = 0.0;
    double m_frequency = 0.0;
    std::string m_trigger;
    std::string m_text;
    std::vector<int> m_closed;
    std::string m_data;
};

struct ParserCase {
    std::string input = {};
    std::optional<std::string> reply = std::nullopt;
    std::vector<std::string> errors = {}; ///< SYST:ERR? entries expected after the message, oldest first
    int esr = -1;                         ///< expected *ESR? after the message; -1: not checked
    std::vector<std::string> before = {}; ///< messages sent first, replies ignored
};

void PrintTo(const ParserCase& c, std::ostream* os) {
    *os << '"' << c.input << '"';
}

std::string repeat(const std::string& unit, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        if (i > 0) {
            out += ';';
        }
        out += unit;
    }
    return out;
}

std::vector<std::string> times(const std::string& entry, int count) {
    return std::vector<std::string>(static_cast<std::size_t>(count), entry);
}

const std::string kNoError = R"(0,"No error")";
const std::string kUndefined = R"(-113,"Undefined header")";
const std::string kOutOfRange = R"(-222,"Data out of range")";
const std::string kV1 = "+1.00000000E+00";
const std::string kV2 = "+2.00000000E+00";
const std::string kV3 = "+3.00000000E+00";
const std::string kI1 = "+1.00000000E-01";

const std::vector<ParserCase> kCases = {
    // Short and long forms, case, optional nodes.
    {"MEAS:VOLT?", kV1},
    {"MEASURE:VOLTAGE?", kV1},
    {"measure:voltage?", kV1},
    {"MeAs:VoLt:dC?", kV1},
    {"MEAS:SCAL:VOLT:DC?", kV1},
    {"MEASure:SCALar:VOLTage:DC?", kV1},
    {"MEASU:VOLT?", std::nullopt, {kUndefined}, 32},
    {"MEAS:VOLTA?", std::nullopt, {kUndefined}},
    {"MEA:VOLT?", std::nullopt, {kUndefined}},
    {"MEAS:VOLT", std::nullopt, {kUndefined}},
    {"MEAS:DC:VOLT?", std::nullopt, {kUndefined}},
    {"SOUR:VOLT:LEV:IMM:AMPL 2.5;:VOLT?", "+2.50000000E+00"},
    {"VOLT:AMPL 2.5;:SOURCE:VOLTAGE:LEVEL?", "+2.50000000E+00"},
    {":MEAS:VOLT?", kV1},
    {"  MEAS:VOLT?  \r", kV1},
    {"*idn?", kIdn},
    {"", std::nullopt},
    {";;", std::nullopt},
    {"MEAS:VOLT?;", kV1},
    {"MEAS::VOLT?", std::nullopt, {R"(-102,"Syntax error")"}},
    {"MEAS:VOLT!?", std::nullopt, {R"(-101,"Invalid character")"}},
    {"VOLT,5", std::nullopt, {R"(-103,"Invalid separator")"}},
    // Numeric suffixes.
    {"VOLT?", kV1},
    {"SOUR3:VOLT?", kV3},
    {"SOURCE2:VOLTAGE 4;:SOUR2:VOLT?", "+4.00000000E+00"},
    {"SOUR1:VOLT?;:SOUR:VOLT?", kV1 + ";" + kV1},
    {"OUTP2 ON;OUTP2?;OUTP1?;OUTP?", "1;0;0"},
    {"SOUR0:VOLT?", std::nullopt, {R"(-114,"Header suffix out of range")"}, 32},
    {"SOUR4:VOLT?", std::nullopt, {R"(-114,"Header suffix out of range")"}},
    {"SOUR12345678901:VOLT?", std::nullopt, {R"(-114,"Header suffix out of range")"}},
    {"MEAS2:VOLT?", std::nullopt, {kUndefined}},
    // Compound messages and the path rules.
    {"MEAS:VOLT?;CURR?", kV1 + ";" + kI1},
    {"MEAS:VOLT?;:MEAS:CURR?", kV1 + ";" + kI1},
    {"MEAS:VOLT?;:CURR?", kV1 + ";+5.00000000E-01"},
    {"CURR:LEV 0.3;PROT:STAT ON;:CURR:PROT:STAT?;:CURR?", "1;+3.00000000E-01"},
    {"OUTP:STAT ON;STAT?", "1"},
    {"MEAS:VOLT?;*IDN?;CURR?", kV1 + ";" + kIdn + ";" + kI1},
    {"MEAS:VOLT?;CURR?;:VOLT?;:OUTP?;*OPC?", kV1 + ";" + kI1 + ";" + kV1 + ";0;1"},
    {"VOLT 2.5;VOLT?", "+2.50000000E+00"},
    {"MEAS:VOLT?;VOLT:DC?", kV1 + ";" + kV1},
    {"MEAS:VOLT?;FOO?;CURR?", kV1, {kUndefined}},
    {"VOLT 9;VOLT?", kV1, {kOutOfRange}, 16},
    {"TEST:FAIL -222;*OPC?", "1", {kOutOfRange}},
    {"TEST:FAIL -104;*OPC?", std::nullopt, {R"(-104,"Data type error")"}},
    {"MEAS:VOLT? (@4);CURR?", kI1, {kOutOfRange}},
    // Units and multipliers.
    {"SENS:POW:WAV 1550NM;WAV?", "+1.55000000E-006"},
    {"SENS:POW:WAV 1550 nm;WAV?", "+1.55000000E-006"},
    {"SENS:POW:WAV 1.31E-6;WAV?", "+1.31000000E-006"},
    {"SENS:POW:WAV 1.31UM;WAV?", "+1.31000000E-006"},
    {"SENS:POW:WAV 1550UM", std::nullopt, {kOutOfRange}},
    {"SENS:POW:WAV 1550NV", std::nullopt, {R"(-131,"Invalid suffix")"}, 32},
    {"SENS:POW:ATIM 100MS;ATIM?", "+1.00000000E-01"},
    {"SENS:POW:ATIM 250 US;ATIM?", "+2.50000000E-04"},
    {"SENS:POW:REF -20DBM;REF?", "-2.00000000E+01"},
    {"SENS:POW:REF -20 dBm;REF?", "-2.00000000E+01"},
    {"SENS:POW:REF -20MW", std::nullopt, {R"(-131,"Invalid suffix")"}},
    {"SOUR:FREQ 10MHZ;FREQ?", "+1.00000000E+07"},
    {"SOUR:FREQ 10KHZ;FREQ?", "+1.00000000E+04"},
    {"SOUR:FREQ 0.1GHZ;FREQ?", "+1.00000000E+08"},
    {"SOUR:FREQ 2MAHZ;FREQ?", "+2.00000000E+06"},
    {"VOLT 500 MV;VOLT?", "+5.00000000E-01"},
    {"VOLT 5 MV;VOLT?", "+5.00000000E-03"},
    {"VOLT 1.5V;VOLT?", "+1.50000000E+00"},
    {"VOLT 6180MV;VOLT?", "+6.18000000E+00"},
    {"CURR 5MA;CURR?", "+5.00000000E-03"},
    {"VOLT 5A", std::nullopt, {R"(-131,"Invalid suffix")"}},
    {"TEST:FAIL 5V", std::nullopt, {R"(-138,"Suffix not allowed")"}},
    {"VOLT +1.25E+00;VOLT?", "+1.25000000E+00"},
    {"VOLT .5;VOLT?", "+5.00000000E-01"},
    {"VOLT 1.2.3", std::nullopt, {R"(-120,"Numeric data error")"}},
    {"VOLT 1E+", std::nullopt, {R"(-120,"Numeric data error")"}},
    {"VOLT ABC", std::nullopt, {R"(-104,"Data type error")"}},
    {"VOLT 'x'", std::nullopt, {R"(-104,"Data type error")"}},
    // MIN / MAX / DEF and the range.
    {"VOLT MAX;VOLT?", "+6.18000000E+00"},
    {"VOLT maximum;VOLT?", "+6.18000000E+00"},
    {"VOLT MIN;VOLT?", "+0.00000000E+00"},
    {"VOLT DEF;VOLT?", "+5.00000000E-01"},
    {"VOLT? MAX;VOLT? MIN", "+6.18000000E+00;+0.00000000E+00"},
    {"VOLT 6.18;VOLT?", "+6.18000000E+00"},
    {"VOLT 6.19", std::nullopt, {kOutOfRange}},
    {"VOLT -0.1", std::nullopt, {kOutOfRange}},
    {"VOLT INF", std::nullopt, {kOutOfRange}},
    {"VOLT? MAXI", std::nullopt, {R"(-224,"Illegal parameter value")"}},
    // Booleans.
    {"OUTP ON;OUTP?", "1"},
    {"OUTP on;OUTP?", "1"},
    {"OUTP 1;OUTP?", "1"},
    {"OUTP 2;OUTP?", "1"},
    {"OUTP 0;OUTP?", "0", {}, -1, {"OUTP ON"}},
    {"OUTP OFF;OUTP?", "0", {}, -1, {"OUTP ON"}},
    {"OUTP ONN", std::nullopt, {R"(-224,"Illegal parameter value")"}},
    {"OUTP 'ON'", std::nullopt, {R"(-104,"Data type error")"}},
    // Character data.
    {"TRIG:SOUR BUS;SOUR?", "BUS"},
    {"TRIG:SEQ:SOUR external;SOUR?", "EXT"},
    {"TRIG:SOUR IMMEDIATE;:TRIG:SOUR?", "IMM"},
    {"TRIG:SOUR EXTERN", std::nullopt, {R"(-224,"Illegal parameter value")"}},
    // Strings.
    {"DISP:TEXT 'Hello, world; ok';TEXT?", R"("Hello, world; ok")"},
    {R"(DISP:TEXT "say ""hi""";TEXT?)", R"("say ""hi""")"},
    {R"(DISP:WIND:TEXT:DATA 'it''s';:DISP:TEXT?)", R"("it's")"},
    {"DISP:TEXT 'unterminated", std::nullopt, {R"(-151,"Invalid string data")"}},
    {"DISP:TEXT 'a'b", std::nullopt, {R"(-151,"Invalid string data")"}},
    {"DISP:TEXT hello", std::nullopt, {R"(-104,"Data type error")"}},
    // Channel lists.
    {"MEAS:VOLT? (@1)", kV1},
    {"MEAS:VOLT? (@1:3)", kV1 + "," + kV2 + "," + kV3},
    {"MEAS:VOLT? (@3:1)", kV3 + "," + kV2 + "," + kV1},
    {"MEAS:VOLT? (@ 1 , 3 )", kV1 + "," + kV3},
    {"ROUT:CLOS (@101:103,105);CLOS?", "(@101,102,103,105)"},
    {"ROUT:CLOS (@1,3,4:6);CLOS?", "(@1,3,4,5,6)"},
    {"ROUT:CLOS (@1,,2)", std::nullopt, {R"(-224,"Illegal parameter value")"}},
    {"ROUT:CLOS (@1;2)", std::nullopt, {R"(-224,"Illegal parameter value")"}},
    {"ROUT:CLOS 5", std::nullopt, {R"(-104,"Data type error")"}},
    {"VOLT 2.5,(@2,3);:MEAS:VOLT? (@1:3)", kV1 + ",+2.50000000E+00,+2.50000000E+00"},
    // Blocks.
    {"DATA:BLOC #15ab;cd;BLOC?", "#15ab;cd"},
    {"DATA:BLOC #212Hello world!;:DATA:BLOC?", "#212Hello world!"},
    {"DATA:BLOC #14a,'\";BLOC?", "#14a,'\""},
    {"DATA:BLOC #15abc", std::nullopt, {R"(-161,"Invalid block data")"}},
    {"DATA:BLOC #0raw;data", std::nullopt},
    {"DATA:BLOC?", "#18raw;data", {}, -1, {"DATA:BLOC #0raw;data"}},
    // Parameter count.
    {"VOLT", std::nullopt, {R"(-109,"Missing parameter")"}, 32},
    {"*ESE", std::nullopt, {R"(-109,"Missing parameter")"}},
    {"OUTP ON,OFF", std::nullopt, {R"(-108,"Parameter not allowed")"}},
    {"*IDN? 5", std::nullopt, {R"(-108,"Parameter not allowed")"}},
    {"SYST:BEEP 5", std::nullopt, {R"(-108,"Parameter not allowed")"}},
    {"VOLT 5,", std::nullopt, {R"(-102,"Syntax error")"}},
    // The error queue.
    {"SYST:ERR?", kNoError},
    {"SYST:ERR?;:SYST:ERR?", kUndefined + ";" + kNoError, {}, -1, {"FOO"}},
    {"SYST:ERR:NEXT?", kUndefined, {}, -1, {"FOO"}},
    {"SYST:ERR:COUN?", "2", {kUndefined, kOutOfRange}, -1, {"FOO", "VOLT 9"}},
    {"SYST:ERR:ALL?", kUndefined + "," + kOutOfRange, {}, -1, {"FOO", "VOLT 9"}},
    {repeat("VOLT 9", 20), std::nullopt, times(kOutOfRange, 20)},
    {repeat("VOLT 9", 21), std::nullopt,
     [] {
         auto errors = times(kOutOfRange, 19);
         errors.emplace_back(R"(-350,"Queue overflow")");
         return errors;
     }()},
    {"FOO",
     std::nullopt,
     [] {
         auto errors = times(kOutOfRange, 19);
         errors.emplace_back(R"(-350,"Queue overflow")");
         return errors;
     }(),
     48,
     {repeat("VOLT 9", 30)}},
    // Status registers: the ESR bit of each error class, *CLS, *ESE, *SRE, *STB?.
    {"TEST:FAIL -310", std::nullopt, {R"(-310,"System error")"}, 8},
    {"TEST:FAIL 101", std::nullopt, {R"(101,"Device specific error")"}, 8},
    {"TEST:FAIL -410", std::nullopt, {R"(-410,"Query INTERRUPTED")"}, 4},
    {"TEST:FAIL -199", std::nullopt, {R"(-199,"Command error")"}, 32},
    {"FOO", std::nullopt, {kOutOfRange, kUndefined}, 48, {"VOLT 9"}},
    {"*OPC", std::nullopt, {}, 1},
    {"*ESR?", "32", {kUndefined}, 0, {"FOO"}},
    {"*CLS", std::nullopt, {}, 0, {"FOO"}},
    {"*CLS;*ESR?;SYST:ERR:COUN?", "0;0", {}, 0, {"FOO"}},
    {"*ESE 32;*ESE?", "32"},
    {"*ESE 256", std::nullopt, {kOutOfRange}},
    {"*STB?", "0"},
    {"*STB?", "4", {kUndefined}, -1, {"FOO"}},
    {"*ESE 32;*STB?", "36", {kUndefined}, -1, {"FOO"}},
    {"*SRE 32;*ESE 32;*STB?", "100", {kUndefined}, -1, {"FOO"}},
    {"*SRE 255;*SRE?", "191"},
    // The other common commands.
    {"*RST;VOLT?", kV1, {}, -1, {"VOLT 4"}},
    {"*TST?", "0"},
    {"*OPC?", "1"},
    {"*WAI;*OPC?", "1"},
    // Simulator faults are visible, not silent.
    {"TEST:NOREply?", std::nullopt, {R"(-300,"Device specific error")"}, 8},
    {"TEST:BUG", std::nullopt, {R"(-300,"Device specific error")"}},
};

class ScpiParserTable : public testing::TestWithParam<ParserCase> {};

TEST_P(ScpiParserTable, ReplyErrorsAndStatus) {
    const ParserCase& c = GetParam();
    TestInstrument device;
    for (const std::string& message : c.before) {
        device.handleMessage(message);
    }
    EXPECT_EQ(device.handleMessage(c.input), c.reply);

    std::vector<std::string> errors;
    for (int i = 0; i < 50; ++i) {
        const std::optional<std::string> entry = device.handleMessage("SYST:ERR?");
        ASSERT_TRUE(entry.has_value());
        if (*entry == kNoError) {
            break;
        }
        errors.push_back(*entry);
    }
    EXPECT_EQ(errors, c.errors);
    if (c.esr >= 0) {
        EXPECT_EQ(device.handleMessage("*ESR?"), std::to_string(c.esr));
    }
}

INSTANTIATE_TEST_SUITE_P(Messages, ScpiParserTable, testing::ValuesIn(kCases));

TEST(ScpiParserTable, HasEnoughCases) {
    EXPECT_GE(kCases.size(), 60U);
}

TEST(ScpiDevice, KeysightStyleSignsAndDetail) {
    TestInstrument device(ScpiDeviceOptions{.signedNr1 = true, .errorDetail = true});
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), R"(+0,"No error")");
    device.handleMessage("MEAS:VOLT? (@7)");
    EXPECT_EQ(device.handleMessage("SYST:ERR:COUN?"), "+1");
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), R"(-222,"Data out of range;no channel 7")");
    EXPECT_EQ(device.handleMessage("*ESR?"), "+16");
    EXPECT_EQ(device.handleMessage("*OPC?"), "1");
}

TEST(ScpiDevice, DetailIsHiddenByDefault) {
    TestInstrument device;
    device.handleMessage("MEAS:VOLT? (@7)");
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), kOutOfRange);
}

TEST(ScpiDevice, InjectedErrorIsVerbatimAndSetsItsEsrBit) {
    TestInstrument device;
    device.injectError(-240, "Hardware error;fan stalled");
    device.injectError(-310, "");
    EXPECT_EQ(device.errorCount(), 2U);
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), R"(-240,"Hardware error;fan stalled")");
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), R"(-310,"System error")");
    EXPECT_EQ(device.handleMessage("*ESR?"), "24");
}

TEST(ScpiDevice, QuotesInsideErrorTextAreDoubled) {
    TestInstrument device;
    device.injectError(301, R"(Bad "x")");
    EXPECT_EQ(device.handleMessage("SYST:ERR?"), R"(301,"Bad ""x""")");
}

TEST(ScpiDevice, QueueCapacityIsConfigurable) {
    TestInstrument device(ScpiDeviceOptions{.errorQueueCapacity = 2});
    device.handleMessage("VOLT 9;VOLT 9;VOLT 9");
    EXPECT_EQ(device.handleMessage("SYST:ERR:ALL?"), kOutOfRange + R"(,-350,"Queue overflow")");
    EXPECT_EQ(device.errorCount(), 0U);
}

TEST(ScpiDevice, PowerOnEvent) {
    TestInstrument device(ScpiDeviceOptions{.powerOnEvent = true});
    EXPECT_EQ(device.handleMessage("*ESR?"), "128");
    EXPECT_EQ(device.handleMessage("*ESR?"), "0");
}

TEST(ScpiDevice, PathResetsBetweenMessages) {
    TestInstrument device;
    EXPECT_EQ(device.handleMessage("MEAS:VOLT?"), kV1);
    // CURR? on its own is the root's [SOURce]:CURRent?, not MEAS:CURR?.
    EXPECT_EQ(device.handleMessage("CURR?"), "+5.00000000E-01");
}

TEST(ScpiDevice, StatusByteAccessorMatchesQuery) {
    TestInstrument device;
    device.handleMessage("*ESE 255;FOO");
    EXPECT_EQ(device.statusByte(), 4 | 32);
    EXPECT_EQ(device.eventStatusRegister(), 32);
    EXPECT_EQ(device.handleMessage("*STB?"), "36");
    EXPECT_EQ(device.eventStatusRegister(), 32) << "*STB? must not clear the ESR";
}

class StatusSummaryDevice : public ScpiDevice {
public:
    StatusSummaryDevice() : ScpiDevice("X,Y,0,0") {}
    int clears = 0;

protected:
    int statusSummaryBits() const override { return 0xFF; } // only bits 0, 1, 3 and 7 may come through
    void clearStatus() override { ++clears; }
    int selfTest() override { return 3; }
};

TEST(ScpiDevice, DerivedStatusHooks) {
    StatusSummaryDevice device;
    EXPECT_EQ(device.handleMessage("*STB?"), "139");
    EXPECT_EQ(device.handleMessage("*CLS;*TST?"), "3");
    EXPECT_EQ(device.clears, 1);
}

class ClashingDevice : public ScpiDevice {
public:
    ClashingDevice() : ScpiDevice("X,Y,0,0") {
        addCommand("SYSTem:ERRor?", 0, 0, [](ScpiContext&) {});
    }
};

TEST(ScpiDevice, RegisteringABuiltinHeaderAgainThrows) {
    EXPECT_THROW(ClashingDevice{}, std::invalid_argument);
}

} // namespace
} // namespace optiqual::instruments::sim
