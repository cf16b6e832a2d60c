// The optical simulators on their own: command forms, reply formats, ranges and errors, *RST, time behaviour
// (advanced explicitly: no sleeping) and the light they pass on.
#include "core/Units.h"
#include "instruments/sim/devices/KeysightAttenuatorSimulator.h"
#include "instruments/sim/devices/KeysightPowerMeterSimulator.h"
#include "instruments/sim/devices/KeysightSwitchSimulator.h"
#include "instruments/sim/devices/OpticalSimulators.h"
#include "instruments/sim/devices/ThorlabsPm100dSimulator.h"
#include "instruments/sim/world/ConstantOpticalSource.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace optiqual::instruments::sim;
namespace core = optiqual::core;

namespace {

/// Simulation time all but frozen (a real second is a simulated microsecond): tests move it with advance().
SimContext context(std::string serial = "SN123") {
    SimContext c;
    c.clock = std::make_shared<core::Clock>(1e-6);
    c.seed = 11;
    c.serialNumber = std::move(serial);
    return c;
}

std::string ask(LineDevice& device, std::string_view message) {
    return device.handleMessage(message).value_or("<no reply>");
}

double number(const std::string& text) {
    double value = 0;
    const char* begin = text.data() + (text.front() == '+' ? 1 : 0);
    const auto result = std::from_chars(begin, text.data() + text.size(), value);
    EXPECT_EQ(result.ptr, text.data() + text.size()) << "'" << text << "' is not a number";
    return value;
}

std::vector<float> floats(const std::string& block) {
    EXPECT_EQ(block.front(), '#');
    const auto digits = static_cast<std::size_t>(block[1] - '0');
    const std::string payload = block.substr(2 + digits);
    EXPECT_EQ(payload.size(), std::stoul(block.substr(2, digits)));
    std::vector<float> out(payload.size() / 4);
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uint32_t bits = 0;
        for (std::size_t b = 0; b < 4; ++b) {
            bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(payload[4 * i + b])) << (8 * b);
        }
        std::memcpy(&out[i], &bits, 4);
    }
    return out;
}

KeysightPowerMeterSimulator meter(const std::string& model = "N7744A") {
    return KeysightPowerMeterSimulator(*KeysightPowerMeterSimulator::findModel(model), context());
}

} // namespace

TEST(OpticalSimKeysightMeter, IdentityErrorsAndResetDefaults) {
    auto m = meter();
    EXPECT_EQ(ask(m, "*IDN?"), "Keysight Technologies,N7744A,SN123,1.135");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "+0,\"No error\"");
    EXPECT_EQ(ask(m, ":SENS1:POW:WAV?"), "+1.55000000E-006");
    EXPECT_EQ(ask(m, ":SENS1:POW:UNIT?"), "+0");
    EXPECT_EQ(ask(m, ":SENS1:POW:ATIM?"), "+1.00000000E-001");
    EXPECT_EQ(ask(m, ":SENS1:POW:RANG:AUTO?"), "1");
    EXPECT_EQ(ask(m, ":SENS1:FUNC:STAT?"), "NONE,COMPLETE");
    ask(m, ":SENS1:POW:UNIT 1;:SENS1:CHAN1:POW:WAV 1310NM;:SENS1:POW:ATIM 1MS");
    ask(m, "*RST");
    EXPECT_EQ(ask(m, ":SENS1:POW:UNIT?;WAV?;ATIM?"), "+0;+1.55000000E-006;+1.00000000E-001");
}

TEST(OpticalSimKeysightMeter, ShortLongAndChannelFormsAndLimits) {
    auto m = meter();
    ask(m, "sens2:pow:wav 1310nm");
    EXPECT_EQ(ask(m, ":SENSE2:CHANNEL1:POWER:WAVELENGTH?"), "+1.31000000E-006");
    ask(m, ":SENS3:CHAN1:POW:WAV 1.3E-6");
    EXPECT_EQ(ask(m, ":SENS3:POW:WAV?"), "+1.30000000E-006");
    EXPECT_EQ(ask(m, ":SENS1:POW:WAV? MIN"), "+1.25000000E-006");
    EXPECT_EQ(ask(m, ":SENS1:POW:WAV? MAX"), "+1.65000000E-006");
    ask(m, ":SENS4:POW:UNIT W");
    EXPECT_EQ(ask(m, ":SENS4:POW:UNIT?"), "+1");
    ask(m, ":SENS4:POW:UNIT DBM;:SENS4:POW:ATIM 250US");
    EXPECT_EQ(ask(m, ":SENS4:POW:UNIT?;ATIM?"), "+0;+2.50000000E-004");
    ask(m, ":SENS1:POW:RANG -24DBM");
    EXPECT_EQ(ask(m, ":SENS1:POW:RANG?;RANG:AUTO?"), "-2.00000000E+001;0");
    ask(m, ":INIT1:CONT 0;:TRIG1:INP SME;:TRIG1:OUTP AVG");
    EXPECT_EQ(ask(m, ":INIT1:CONT?;:TRIG1:INP?;:TRIG1:OUTP?"), "0;SME;AVG");
    EXPECT_EQ(m.errorCount(), 0u) << ask(m, "SYST:ERR?");
}

TEST(OpticalSimKeysightMeter, OutOfRangeGivesErrorsAndKeepsState) {
    auto m = meter();
    ask(m, ":SENS1:CHAN1:POW:WAV 1700NM");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-222,\"Data out of range\"");
    EXPECT_EQ(ask(m, ":SENS1:POW:WAV?"), "+1.55000000E-006");
    ask(m, ":SENS1:POW:WAV 1550"); // metres without a unit: far out of range
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-222,\"Data out of range\"");
    ask(m, ":SENS1:POW:ATIM 20S");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-222,\"Data out of range\"");
    ask(m, ":SENS1:POW:RANG 30DBM");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-222,\"Data out of range\"");
    EXPECT_EQ(ask(m, ":SENS5:POW:WAV?"), "<no reply>");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-114,\"Header suffix out of range\"");
    EXPECT_EQ(ask(m, ":SENS1:CHAN2:POW:WAV?"), "<no reply>");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-114,\"Header suffix out of range\"");
    ask(m, ":SENS1:POW:UNIT 2");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-222,\"Data out of range\"");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "+0,\"No error\"");
    EXPECT_TRUE(m.autoRange(1));
    EXPECT_DOUBLE_EQ(m.averagingTime(1), 0.1);
}

TEST(OpticalSimKeysightMeter, ReadingsInDbmAndWattsAndInvalidMarker) {
    auto m = meter("N7745A");
    auto light = std::make_shared<ConstantOpticalSource>(-3.0, 0.0, 1);
    light->setPowerDbm(8, -85.0);
    m.setSource(light);
    EXPECT_NEAR(number(ask(m, ":READ1:CHAN1:POW?")), -3.0, 1e-6);
    ask(m, ":SENS1:POW:UNIT 1");
    EXPECT_NEAR(number(ask(m, ":READ1:POW?")), core::dbmToWatts(-3.0), 1e-12);
    EXPECT_EQ(ask(m, ":READ8:CHAN1:POW?"), "+3.40282347E+038") << "below the −80 dBm sensitivity";
    ask(m, ":SENS1:POW:RANG -30DBM"); // −3 dBm overloads the −30 dBm range
    EXPECT_EQ(ask(m, ":READ1:POW?"), "+3.40282347E+038");
    ask(m, ":INIT2:CONT 0;:INIT2:IMM");
    light->setPowerDbm(2, -10.0); // FETC without continuous triggering returns the last triggered value
    EXPECT_NEAR(number(ask(m, ":FETC2:CHAN1:POW?")), -3.0, 1e-6);
    EXPECT_NEAR(number(ask(m, ":READ2:POW?")), -10.0, 1e-6);
}

TEST(OpticalSimKeysightMeter, LoggingTakesCountTimesIntervalOfSimulatedTime) {
    auto m = meter();
    auto light = std::make_shared<ConstantOpticalSource>(-10.0, 0.0, 1);
    m.setSource(light);
    ask(m, ":SENS2:FUNC:PAR:LOGG 10,0.1s");
    EXPECT_EQ(ask(m, ":SENS2:FUNC:PAR:LOGG?"), "+10,+1.00000000E-001");
    ask(m, ":SENS2:FUNC:STAT LOGG,STAR");
    EXPECT_EQ(ask(m, ":SENS2:FUNC:STAT?"), "LOGGING_STABILITY,PROGRESS");
    EXPECT_EQ(ask(m, ":READ2:POW?"), "<no reply>");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-221,\"Settings conflict\"");
    ask(m, ":SENS2:FUNC:PAR:LOGG 5,0.1s");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-221,\"Settings conflict\"");
    m.advance(0.55);
    EXPECT_EQ(floats(ask(m, ":SENS2:FUNC:RES?")).size(), 5u) << "samples logged so far";
    m.advance(0.5);
    EXPECT_EQ(ask(m, ":SENS2:FUNC:STAT?"), "LOGGING_STABILITY,COMPLETE");
    const auto samples = floats(ask(m, ":SENS2:FUNC:RES?"));
    ASSERT_EQ(samples.size(), 10u);
    for (float w : samples) {
        EXPECT_NEAR(w, 1e-4f, 1e-9f);
    }
    ask(m, ":SENS2:FUNC:STAT LOGG,STOP");
    EXPECT_EQ(ask(m, ":SENS2:FUNC:STAT?"), "NONE,COMPLETE");
    EXPECT_EQ(floats(ask(m, ":SENS2:FUNC:RES?")).size(), 10u) << "results stay readable after STOP";
    ask(m, ":SENS2:FUNC:PAR:LOGG 0,0.1s");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-222,\"Data out of range\"");
    ask(m, ":SENS2:FUNC:STAT STAB,STAR");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-224,\"Illegal parameter value\"");
}

TEST(OpticalSimKeysightMeter, InstantLoggingAndUnderRangeSamples) {
    auto m = meter("8163B");
    auto light = std::make_shared<ConstantOpticalSource>(-3.0, 0.0, 1);
    light->setPowerDbm(1, -std::numeric_limits<double>::infinity());
    m.setSource(light);
    m.setInstantLogging(true);
    ask(m, ":SENS1:FUNC:PAR:LOGG 3,100US;:SENS1:FUNC:STAT LOGG,STAR");
    EXPECT_EQ(ask(m, ":SENS1:FUNC:STAT?"), "LOGGING_STABILITY,COMPLETE");
    const auto samples = floats(ask(m, ":SENS1:FUNC:RES?"));
    ASSERT_EQ(samples.size(), 3u);
    EXPECT_EQ(samples[0], std::numeric_limits<float>::max());
    ask(m, ":SENS1:FUNC:PAR:LOGG 3,10US");
    EXPECT_EQ(ask(m, "SYST:ERR?"), "-222,\"Data out of range\"") << "the 8163B averages at least 100 µs";
    EXPECT_EQ(ask(m, ":SENS3:POW:WAV?"), "<no reply>") << "two slots";
}

TEST(OpticalSimPm100d, FormsFormatsAndRanges) {
    ThorlabsPm100dSimulator pm(context("P777"));
    auto light = std::make_shared<ConstantOpticalSource>(-3.0, 0.0, 1);
    pm.setSource(light);
    EXPECT_EQ(ask(pm, "*IDN?"), "Thorlabs,PM100D,P777,2.6.0");
    EXPECT_EQ(ask(pm, "SYST:ERR?"), "0,\"No error\"");
    EXPECT_EQ(ask(pm, "SENS:CORR:WAV?"), "1.550000E+03");
    EXPECT_EQ(ask(pm, "SENS:CORR:WAV? MIN"), "7.000000E+02");
    EXPECT_EQ(ask(pm, "SENSE:CORRECTION:WAVELENGTH? MAX"), "1.800000E+03");
    ask(pm, "CORR:WAV 1310");
    EXPECT_EQ(ask(pm, "SENS:CORR:WAV?"), "1.310000E+03");
    ask(pm, "SENS:CORR:WAV 2000");
    EXPECT_EQ(ask(pm, "SYST:ERR?"), "-222,\"Data out of range\"");
    EXPECT_DOUBLE_EQ(pm.wavelengthNm(), 1310.0);
    ask(pm, "SENS:AVER:COUN 100");
    EXPECT_EQ(ask(pm, "SENS:AVER?"), "100");
    EXPECT_EQ(ask(pm, "MEAS:POW?"), "5.011872E-04");
    ask(pm, "SENS:POW:DC:UNIT DBM");
    EXPECT_EQ(ask(pm, "SENS:POW:UNIT?"), "DBM");
    EXPECT_EQ(ask(pm, "MEAS:POW?"), "-3.000000E+00");
    ask(pm, "CONF:POW;:INIT");
    EXPECT_EQ(ask(pm, "FETC?"), "-3.000000E+00");
    EXPECT_EQ(ask(pm, "READ?"), "-3.000000E+00");
    ask(pm, "SENS:POW:DC:RANG:UPP 0.1MW");
    EXPECT_EQ(ask(pm, "SENS:POW:RANG:AUTO?"), "0");
    EXPECT_EQ(ask(pm, "MEAS:POW?"), "9.900000E+37") << "0.5 mW over a 0.1 mW range";
    EXPECT_EQ(ask(pm, "SYST:SENS:IDN?").substr(0, 6), "S122C,");
    ask(pm, "*RST");
    EXPECT_TRUE(pm.unitWatts());
    EXPECT_TRUE(pm.autoRange());
    EXPECT_EQ(pm.averageCount(), 1);
}

TEST(OpticalSimVoaDevice, SlotsAttenuationOffsetAndErrors) {
    KeysightAttenuatorSimulator voa(*KeysightAttenuatorSimulator::findModel("N7764A"), context());
    EXPECT_EQ(ask(voa, "*IDN?"), "Keysight Technologies,N7764A,SN123,1.4.0");
    ask(voa, ":INP3:ATT 5");
    EXPECT_EQ(ask(voa, ":INP4:ATT?"), "+5.00000000E+000") << "attenuator 2 answers on slots 3 and 4";
    EXPECT_DOUBLE_EQ(voa.attenuation(2), 5.0);
    EXPECT_EQ(ask(voa, ":INP9:ATT?"), "<no reply>");
    EXPECT_EQ(ask(voa, "SYST:ERR?"), "-114,\"Header suffix out of range\"");
    ask(voa, ":INP1:ATT 46");
    EXPECT_EQ(ask(voa, "SYST:ERR?"), "-224,\"Illegal parameter value\"");
    EXPECT_EQ(ask(voa, ":INP1:ATT?"), "+0.00000000E+000");
    ask(voa, ":INP1:OFFS 2");
    EXPECT_EQ(ask(voa, ":INP1:ATT?;ATT? MIN;ATT? MAX"), "+2.00000000E+000;+2.00000000E+000;+4.70000000E+001");
    ask(voa, ":INP1:ATT 46dB");
    EXPECT_EQ(voa.errorCount(), 0u) << "46 dB is legal with a 2 dB offset";
    EXPECT_DOUBLE_EQ(voa.attenuation(1), 46.0);
    ask(voa, ":INP1:OFFS:DISP");
    EXPECT_EQ(ask(voa, ":INP1:ATT?;OFFS?"), "+0.00000000E+000;-4.40000000E+001");
    ask(voa, ":INP5:WAV 1310 NM");
    EXPECT_EQ(ask(voa, ":INP5:WAV?"), "+1.31000000E-006");
    ask(voa, ":INP5:WAV 1700NM");
    EXPECT_EQ(ask(voa, "SYST:ERR?"), "-222,\"Data out of range\"");
    ask(voa, ":INP1:OFFS 0;:INP:ATT:ALL 3");
    EXPECT_EQ(ask(voa, ":INP1:ATT?;:INP3:ATT?;:INP5:ATT?;:INP7:ATT?"),
              "+3.00000000E+000;+3.00000000E+000;+3.00000000E+000;+3.00000000E+000");
    ask(voa, ":INP7:OFFS 2;:INP:ATT:ALL 46"); // legal for attenuator 4 only: nothing changes
    EXPECT_EQ(ask(voa, "SYST:ERR?"), "-224,\"Illegal parameter value\"");
    EXPECT_DOUBLE_EQ(voa.attenuation(1), 3.0);
    EXPECT_DOUBLE_EQ(voa.attenuation(4), 5.0);
    ask(voa, ":OUTP7:STAT ON;:OUTP7:POW:UNIT WATT");
    EXPECT_EQ(ask(voa, ":OUTP7:STAT?;:OUTP7:POW:UN?"), "1;1");
    ask(voa, ":OUTP:STAT:ALL 0");
    EXPECT_FALSE(voa.shutterOpen(4));
    ask(voa, ":INP1:ATT:SPE 100");
    EXPECT_EQ(ask(voa, "SYST:ERR?"), "-222,\"Data out of range\"");
    ask(voa, "*RST");
    EXPECT_EQ(ask(voa, ":INP1:ATT?;OFFS?;:OUTP1:STAT?"), "+0.00000000E+000;+0.00000000E+000;0");
}

TEST(OpticalSimVoaDevice, FilterMovesAtTheTransitionSpeedAndSetsTheOutput) {
    KeysightAttenuatorSimulator voa(*KeysightAttenuatorSimulator::findModel("N7762A"), context());
    voa.setSource(std::make_shared<ConstantOpticalSource>(0.0, 0.0, 1));
    ask(voa, ":INP1:ATT:SPE 10;:INP1:ATT 20;:OUTP1:STAT 1;:OUTP1:POW:UNIT 1");
    EXPECT_EQ(ask(voa, ":INP1:ATT?"), "+2.00000000E+001") << "the setting is immediate";
    voa.advance(1.0);
    EXPECT_NEAR(voa.filterAttenuation(1), 10.0, 0.05) << "half way at 10 dB/s";
    EXPECT_NEAR(core::wattsToDbm(number(ask(voa, ":READ1:POW?"))), -11.0, 0.05);
    voa.advance(1.5);
    EXPECT_DOUBLE_EQ(voa.filterAttenuation(1), 20.0);
    EXPECT_NEAR(core::wattsToDbm(voa.power(1, 1550e-9, voa.now())), -21.0, 1e-9) << "0 dBm − 20 dB − 1 dB IL";
    ask(voa, ":OUTP1:POW:UNIT DBM");
    EXPECT_NEAR(number(ask(voa, ":FETC1:POW?")), -21.0, 1e-6);
    ask(voa, ":OUTP1:STAT 0");
    EXPECT_EQ(ask(voa, ":READ1:POW?"), "-2.00000000E+002") << "dark monitor in dBm";
    EXPECT_DOUBLE_EQ(voa.power(1, 1550e-9, voa.now()), 0.0);
    // Power control holds the set point whatever the attenuation setting.
    ask(voa, ":OUTP1:STAT 1;:OUTP1:POW -15;:OUTP1:POW:CONTR 1");
    EXPECT_EQ(ask(voa, ":OUTP1:POW?;POW:CONTR?"), "-1.50000000E+001;1");
    EXPECT_NEAR(number(ask(voa, ":READ1:POW?")), -15.0, 1e-6);
}

TEST(OpticalSimSwitchDevice, RoutesConfigurationAndLight) {
    KeysightSwitchSimulator sw(*KeysightSwitchSimulator::findModel("N7731A"), context());
    auto light = std::make_shared<ConstantOpticalSource>(-3.0, 0.0, 1);
    light->setPowerDbm(2, -7.0); // input A of switch 2
    sw.setSource(light);
    EXPECT_EQ(ask(sw, "*IDN?"), "Keysight Technologies,N7731A,SN123,1.2.0");
    EXPECT_EQ(ask(sw, ":ROUT1:CHAN1?;:ROUT2?"), "A,1;A,1");
    EXPECT_EQ(ask(sw, ":ROUT2:CONF?"), "A,A;1,4");
    EXPECT_EQ(ask(sw, ":ROUTE1:CHANNEL1:CONFIG:ROUTE?"), "A,1.A,2.A,3.A,4");
    ask(sw, ":ROUT2:CHAN1 A,3");
    EXPECT_EQ(ask(sw, ":ROUT2:CHAN1?"), "A,3");
    ask(sw, ":ROUT2:CHAN1 A,5");
    EXPECT_EQ(ask(sw, "SYST:ERR?"), "-222,\"Data out of range\"");
    ask(sw, ":ROUT2:CHAN1 B,1");
    EXPECT_EQ(ask(sw, "SYST:ERR?"), "-222,\"Data out of range\"");
    ask(sw, ":ROUT2:CHAN1 7,1");
    EXPECT_EQ(ask(sw, "SYST:ERR?"), "-224,\"Illegal parameter value\"");
    EXPECT_EQ(sw.routedOutput(2), 3);
    EXPECT_EQ(ask(sw, ":ROUT3:CHAN1?"), "<no reply>");
    EXPECT_EQ(ask(sw, "SYST:ERR?"), "-114,\"Header suffix out of range\"");
    // Ports 5–8 are switch 2's outputs: only output 3 (port 7) is lit, from input A less 1 dB.
    EXPECT_NEAR(core::wattsToDbm(sw.power(7, 1550e-9, 0.0)), -8.0, 1e-9);
    EXPECT_DOUBLE_EQ(sw.power(5, 1550e-9, 0.0), 0.0);
    EXPECT_NEAR(core::wattsToDbm(sw.power(1, 1550e-9, 0.0)), -4.0, 1e-9);
    ask(sw, "*RST");
    EXPECT_EQ(sw.routedOutput(2), 1);
}

TEST(OpticalSimFactory, EveryModelKeyMakesItsSimulator) {
    const auto keys = opticalSimulatorModels();
    EXPECT_EQ(keys.size(), 13u);
    for (const auto& key : keys) {
        auto device = makeOpticalSimulator(key, context());
        ASSERT_TRUE(device) << key;
        const std::string idn = ask(*device, "*IDN?");
        EXPECT_NE(idn.find("," + key + ",SN123,"), std::string::npos) << idn;
        EXPECT_EQ(device->inputTerminator(), "\n");
    }
    EXPECT_NE(makeOpticalSimulator("n7744a", context()), nullptr);
    EXPECT_THROW(makeOpticalSimulator("E36312A", context()), std::invalid_argument);
}

TEST(OpticalSimSource, SeededNoiseIsReproducibleAndSmall) {
    ConstantOpticalSource a(-3.0, 0.002, 42);
    ConstantOpticalSource b(-3.0, 0.002, 42);
    ConstantOpticalSource c(-3.0, 0.002, 43);
    double sum = 0;
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        const double pa = a.power(1, 1550e-9, 0.0);
        EXPECT_DOUBLE_EQ(pa, b.power(1, 1550e-9, 0.0));
        differs = differs || pa != c.power(1, 1550e-9, 0.0);
        EXPECT_NEAR(pa, core::dbmToWatts(-3.0), core::dbmToWatts(-3.0) * 0.01);
        sum += pa;
    }
    EXPECT_TRUE(differs);
    EXPECT_NEAR(sum / 1000, core::dbmToWatts(-3.0), core::dbmToWatts(-3.0) * 0.0005);
    a.setPowerDbm(3, -std::numeric_limits<double>::infinity());
    EXPECT_EQ(a.power(3, 1550e-9, 0.0), 0.0);
    EXPECT_DOUBLE_EQ(a.powerDbm(2), -3.0);
}
