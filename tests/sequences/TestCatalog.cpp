#include "tests/sequences/TestCatalog.h"

#include <filesystem>

#ifndef OPTIQUAL_SOURCE_DIR
#error "OPTIQUAL_SOURCE_DIR must name the source tree"
#endif

namespace optiqual::sequences::test {

namespace {

MethodParam p(std::string name, ValueKind kind, std::string unit = {}) {
    return {std::move(name), kind, std::move(unit)};
}
MethodParam optional(MethodParam param) {
    param.optional = true;
    return param;
}
MethodSignature sig(std::string name, std::vector<MethodParam> params, ValueKind returns, std::string unit) {
    MethodSignature s;
    s.name = std::move(name);
    s.params = std::move(params);
    s.returns = returns;
    s.returnUnit = std::move(unit);
    return s;
}
constexpr auto N = ValueKind::Number;
constexpr auto I = ValueKind::Integer;
constexpr auto B = ValueKind::Bool;
constexpr auto T = ValueKind::Text;
constexpr auto A = ValueKind::NumberArray;
constexpr auto None = ValueKind::None;

StaticInstrumentCatalog build() {
    StaticInstrumentCatalog c;
    const char* psu = "PowerSupply";
    c.add(psu, sig("setVoltage", {p("channel", I), p("volts", N, "V")}, None, ""));
    c.add(psu, sig("setCurrentLimit", {p("channel", I), p("amps", N, "A")}, None, ""));
    c.add(psu, sig("setOutput", {p("channel", I), p("on", B)}, None, ""));
    c.add(psu, sig("output", {p("channel", I)}, B, ""));
    c.add(psu, sig("voltageSetpoint", {p("channel", I)}, N, "V"));
    c.add(psu, sig("currentLimit", {p("channel", I)}, N, "A"));
    c.add(psu, sig("measureVoltage", {p("channel", I)}, N, "V"));
    c.add(psu, sig("measureCurrent", {p("channel", I)}, N, "A"));
    c.add(psu, sig("setOverVoltageProtection", {p("channel", I), p("volts", N, "V")}, None, ""));
    c.add(psu, sig("setOverCurrentProtection", {p("channel", I), p("enabled", B)}, None, ""));
    c.add(psu, sig("protectionTripped", {p("channel", I)}, B, ""));
    c.add(psu, sig("clearProtection", {p("channel", I)}, None, ""));

    for (const char* thermal : {"ThermalChamber", "Chiller"}) {
        c.add(thermal, sig("setSetpoint", {p("degC", N, "degC")}, None, ""));
        c.add(thermal, sig("setpoint", {}, N, "degC"));
        c.add(thermal, sig("setRunning", {p("running", B)}, None, ""));
        c.add(thermal, sig("running", {}, B, ""));
    }
    c.add("ThermalChamber", sig("temperature", {}, N, "degC"));
    c.add("ThermalChamber", sig("setRampRate", {p("degCPerMinute", N)}, None, ""));
    c.add("Chiller", sig("bathTemperature", {}, N, "degC"));
    c.add("Chiller", sig("externalTemperature", {}, N, "degC"));

    const char* opm = "OpticalPowerMeter";
    c.add(opm, sig("setWavelength", {p("port", I), p("metres", N, "m")}, None, ""));
    c.add(opm, sig("wavelength", {p("port", I)}, N, "m"));
    c.add(opm, sig("setAveragingTime", {p("port", I), p("time", N, "s")}, None, ""));
    c.add(opm, sig("setAutoRange", {p("port", I), p("on", B)}, None, ""));
    c.add(opm, sig("measurePower", {p("port", I)}, N, "W"));
    c.add(opm, sig("logPower", {p("port", I), p("count", I), p("interval", N, "s")}, A, "W"));

    const char* voa = "VariableOpticalAttenuator";
    c.add(voa, sig("setAttenuation", {p("channel", I), p("dB", N, "dB")}, None, ""));
    c.add(voa, sig("attenuation", {p("channel", I)}, N, "dB"));
    c.add(voa, sig("setWavelength", {p("channel", I), p("metres", N, "m")}, None, ""));
    c.add(voa, sig("wavelength", {p("channel", I)}, N, "m"));
    c.add(voa, sig("setOutputEnabled", {p("channel", I), p("enabled", B)}, None, ""));
    c.add(voa, sig("outputEnabled", {p("channel", I)}, B, ""));
    c.add(voa, sig("outputPower", {p("channel", I)}, N, "W"));

    c.add("OpticalSwitch", sig("setRoute", {p("switchChannel", I), p("input", T), p("output", I)}, None, ""));
    c.add("OpticalSwitch", sig("routeOutput", {p("switchChannel", I)}, N, ""));

    const char* daq = "DataAcquisition";
    c.add(daq, sig("measureTemperature", {p("channels", A), p("type", T)}, A, "degC"));
    c.add(daq, sig("measureDcVoltage", {p("channels", A)}, A, "V"));
    c.add(daq, sig("measureDcCurrent", {p("channels", A)}, A, "A"));
    c.add(daq, sig("setDigitalOutput", {p("port", I), p("value", I)}, None, ""));
    c.add(daq, sig("digitalOutput", {p("port", I)}, N, ""));
    c.add(daq, sig("setAnalogOutput", {p("channel", I), p("volts", N, "V")}, None, ""));
    c.add(daq, sig("analogOutput", {p("channel", I)}, N, "V"));

    const char* fixture = "ModuleFixture";
    c.add(fixture, sig("modulePresent", {}, B, ""));
    c.add(fixture, sig("setModulePower", {p("on", B)}, None, ""));
    c.add(fixture, sig("modulePower", {}, B, ""));
    c.add(fixture, sig("setReset", {p("asserted", B)}, None, ""));
    c.add(fixture, sig("setLowPowerMode", {p("on", B)}, None, ""));
    c.add(fixture, sig("moduleState", {}, T, ""));
    c.add(fixture, sig("stateEntryTime", {p("state", T)}, N, "s"));
    c.add(fixture, sig("measureInputVoltage", {}, N, "V"));
    c.add(fixture, sig("measureInputCurrent", {}, N, "A"));
    c.add(fixture, sig("measureInputPower", {}, N, "W"));
    c.add(fixture, sig("inrushPeakCurrent", {}, N, "A"));
    for (const char* text : {"vendorName", "vendorPartNumber", "vendorSerialNumber", "firmwareVersion"})
        c.add(fixture, sig(text, {}, T, ""));
    c.add(fixture, sig("eepromChecksumValid", {}, B, ""));
    c.add(fixture, sig("advertisedPowerUpTime", {}, N, "s"));
    c.add(fixture, sig("advertisedDataPathInitTime", {}, N, "s"));
    c.add(fixture, sig("ddmTemperature", {}, N, "degC"));
    c.add(fixture, sig("ddmSupplyVoltage", {}, N, "V"));
    c.add(fixture, sig("ddmTxPower", {optional(p("lanes", A))}, A, "dBm"));
    c.add(fixture, sig("ddmBias", {optional(p("lanes", A))}, A, "A"));
    c.add(fixture, sig("ddmRxPower", {optional(p("lanes", A))}, A, "dBm"));
    c.add(fixture, sig("rxLossOfSignal", {optional(p("lanes", A))}, A, ""));
    c.add(fixture, sig("startPrbs", {p("side", T), p("pattern", I), optional(p("lanes", A))}, None, ""));
    c.add(fixture, sig("stopPrbs", {p("side", T), optional(p("lanes", A))}, None, ""));
    MethodSignature readBer = sig("readBer", {p("side", T), optional(p("lanes", A))}, A, "");
    readBer.lanes = 64;
    c.add(fixture, readBer);

    const char* board = "EngineBoard";
    const auto perItem = [](MethodSignature s, int count) {
        s.lanes = count;
        return s;
    };
    c.add(board, sig("enginePresent", {}, B, ""));
    c.add(board, sig("setEngineEnabled", {p("on", B)}, None, ""));
    c.add(board, sig("engineState", {}, T, ""));
    c.add(board, sig("engineTemperature", {}, N, "degC"));
    c.add(board, sig("tuneRings", {optional(p("channels", A))}, None, ""));
    c.add(board, perItem(sig("ringLocked", {optional(p("channels", A))}, A, ""), 32));
    c.add(board, perItem(sig("heaterPower", {optional(p("channels", A))}, A, "W"), 32));
    c.add(board, perItem(sig("photocurrent", {optional(p("channels", A))}, A, "A"), 32));
    c.add(board, sig("startPrbs", {p("pattern", I), optional(p("channels", A))}, None, ""));
    c.add(board, sig("stopPrbs", {optional(p("channels", A))}, None, ""));
    c.add(board, perItem(sig("readBer", {optional(p("channels", A))}, A, ""), 32));
    c.add(board, sig("elsfpPresent", {}, B, ""));
    c.add(board, sig("interlockClosed", {}, B, ""));
    for (const char* text : {"elsfpVendor", "elsfpPartNumber", "elsfpSerialNumber"})
        c.add(board, sig(text, {}, T, ""));
    c.add(board, sig("setLasersEnabled", {p("on", B), optional(p("lasers", A))}, None, ""));
    c.add(board, sig("setFibreChecked", {p("checked", B), optional(p("lasers", A))}, None, ""));
    c.add(board, perItem(sig("laserState", {optional(p("lasers", A))}, A, ""), 8));
    c.add(board, perItem(sig("laserFault", {optional(p("lasers", A))}, A, ""), 8));
    c.add(board, perItem(sig("laserPower", {optional(p("lasers", A))}, A, "dBm"), 8));
    c.add(board, perItem(sig("laserBias", {optional(p("lasers", A))}, A, "A"), 8));
    return c;
}

} // namespace

const StaticInstrumentCatalog& stationCatalog() {
    static const StaticInstrumentCatalog catalog = build();
    return catalog;
}

const StepTypeRegistry& testStepTypes() {
    static const StepTypeRegistry registry = [] {
        StepTypeRegistry r;
        MethodParam averaging = p("averaging", N, "s");
        averaging.optional = true;
        r.add({"tdecq_scan", {p("lane", I), averaging}, "TDECQ of one lane from the sampling scope"});
        r.add({"eeprom_program", {p("image", T)}, "Write a firmware image to the module EEPROM"});
        return r;
    }();
    return registry;
}

std::string sourcePath(const std::string& relative) {
    return (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / relative).string();
}

} // namespace optiqual::sequences::test
