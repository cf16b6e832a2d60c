#include "station/InstrumentMethods.h"

#include "instruments/Chiller.h"
#include "instruments/DataAcquisition.h"
#include "instruments/EngineBoard.h"
#include "instruments/InstrumentError.h"
#include "instruments/ModuleFixture.h"
#include "instruments/OpticalPowerMeter.h"
#include "instruments/OpticalSwitch.h"
#include "instruments/PowerSupply.h"
#include "instruments/ThermalChamber.h"
#include "instruments/VariableOpticalAttenuator.h"

#include <cmath>

namespace optiqual::station {

using namespace optiqual::instruments;
using boost::asio::awaitable;
using sequences::MethodParam;
using sequences::MethodSignature;
using sequences::ValueKind;
using Args = std::vector<Value>;

namespace {

[[noreturn]] void badArgument(std::size_t i, const char* want) {
    throw std::invalid_argument("argument " + std::to_string(i + 1) + " must be " + want);
}
double num(const Args& a, std::size_t i) {
    if (i < a.size())
        if (auto* d = std::get_if<double>(&a[i]))
            return *d;
    badArgument(i, "a number");
}
int integer(const Args& a, std::size_t i) {
    const double d = num(a, i);
    if (d != std::floor(d))
        badArgument(i, "a whole number");
    return static_cast<int>(d);
}
bool boolean(const Args& a, std::size_t i) {
    if (i < a.size()) {
        if (auto* b = std::get_if<bool>(&a[i]))
            return *b;
        if (auto* d = std::get_if<double>(&a[i]))
            return *d != 0;
    }
    badArgument(i, "true or false");
}
std::string text(const Args& a, std::size_t i) {
    if (i < a.size())
        if (auto* s = std::get_if<std::string>(&a[i]))
            return *s;
    badArgument(i, "text");
}
std::vector<int> channels(const Args& a, std::size_t i) {
    if (i < a.size()) {
        if (auto* v = std::get_if<std::vector<double>>(&a[i])) {
            std::vector<int> out;
            for (double d : *v)
                out.push_back(static_cast<int>(d));
            return out;
        }
        if (std::holds_alternative<double>(a[i]))
            return {integer(a, i)};
    }
    badArgument(i, "a channel or a list of channels");
}
/// An optional lane list (the last parameter of the fixture's lane methods): all lanes when not given.
std::vector<int> lanesOrAll(const Args& args, std::size_t index) {
    return index < args.size() ? channels(args, index) : std::vector<int>{};
}
ModuleState stateArg(const Args& args, std::size_t index) {
    if (const auto state = moduleStateFromString(text(args, index)))
        return *state;
    badArgument(index, "a module state: absent, unpowered, reset, initializing, low-power, powering-up, ready, "
                       "powering-down or fault");
}
std::vector<double> flags(const std::vector<bool>& values) {
    return std::vector<double>(values.begin(), values.end());
}
PrbsSide side(const Args& a, std::size_t i) {
    const std::string s = text(a, i);
    if (s == "host")
        return PrbsSide::Host;
    if (s == "media")
        return PrbsSide::Media;
    badArgument(i, "'host' or 'media'");
}

MethodParam p(std::string name, ValueKind kind, std::string unit = {}) {
    return {std::move(name), kind, std::move(unit)};
}
/// A parameter that may be left out (only at the end of a signature).
MethodParam optionalParam(std::string name, ValueKind kind, std::string unit = {}) {
    MethodParam param = p(std::move(name), kind, std::move(unit));
    param.optional = true;
    return param;
}
const auto N = ValueKind::Number;
const auto I = ValueKind::Integer;
const auto B = ValueKind::Bool;
const auto T = ValueKind::Text;
const auto A = ValueKind::NumberArray;
const auto None = ValueKind::None;
/// The most lanes a module has (an XPO module: 64 × 200G); the fixture's per-lane reads return one value per lane.
constexpr int kModuleLanes = 64;

template <typename C> C& as(Instrument& i) {
    return static_cast<C&>(i);
}

void addPowerSupply(InstrumentMethods& m) {
    const auto C = InstrumentClass::PowerSupply;
    m.add(C, {"setVoltage", {p("channel", I), p("volts", N, "V")}, None, "", "Set the output voltage"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<PowerSupply>(i).setVoltage(integer(a, 0), num(a, 1));
              co_return Value{};
          });
    m.add(C, {"setCurrentLimit", {p("channel", I), p("amps", N, "A")}, None, "", "Set the current limit"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<PowerSupply>(i).setCurrentLimit(integer(a, 0), num(a, 1));
              co_return Value{};
          });
    m.add(C, {"setOutput", {p("channel", I), p("on", B)}, None, "", "Switch an output on or off"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<PowerSupply>(i).setOutput(integer(a, 0), boolean(a, 1));
              co_return Value{};
          });
    m.add(C, {"output", {p("channel", I)}, B, "", "Whether an output is on"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<PowerSupply>(i).output(integer(a, 0))};
          });
    m.add(C, {"voltageSetpoint", {p("channel", I)}, N, "V", "Programmed voltage"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<PowerSupply>(i).voltageSetpoint(integer(a, 0))};
          });
    m.add(C, {"currentLimit", {p("channel", I)}, N, "A", "Programmed current limit"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<PowerSupply>(i).currentLimit(integer(a, 0))};
          });
    m.add(C, {"measureVoltage", {p("channel", I)}, N, "V", "Measured output voltage"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<PowerSupply>(i).measureVoltage(integer(a, 0))};
          });
    m.add(C, {"measureCurrent", {p("channel", I)}, N, "A", "Measured output current"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<PowerSupply>(i).measureCurrent(integer(a, 0))};
          });
    m.add(C, {"setOverVoltageProtection", {p("channel", I), p("volts", N, "V")}, None, "", "OVP level"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<PowerSupply>(i).setOverVoltageProtection(integer(a, 0), num(a, 1));
              co_return Value{};
          });
    m.add(C, {"setOverCurrentProtection", {p("channel", I), p("enabled", B)}, None, "", "OCP on/off"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<PowerSupply>(i).setOverCurrentProtection(integer(a, 0), boolean(a, 1));
              co_return Value{};
          });
    m.add(C, {"protectionTripped", {p("channel", I)}, B, "", "OVP/OCP tripped"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<PowerSupply>(i).protectionTripped(integer(a, 0))};
          });
    m.add(C, {"clearProtection", {p("channel", I)}, None, "", "Clear a protection trip"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<PowerSupply>(i).clearProtection(integer(a, 0));
              co_return Value{};
          });
}

void addThermal(InstrumentMethods& m) {
    const auto C = InstrumentClass::ThermalChamber;
    m.add(C, {"setSetpoint", {p("degC", N, "degC")}, None, "", "Chamber set point"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ThermalChamber>(i).setSetpoint(num(a, 0));
              co_return Value{};
          });
    m.add(C, {"setpoint", {}, N, "degC", "Chamber set point"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<ThermalChamber>(i).setpoint()}; });
    m.add(C, {"temperature", {}, N, "degC", "Chamber air temperature"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ThermalChamber>(i).temperature()};
    });
    m.add(C, {"setRampRate", {p("degCPerMinute", N)}, None, "", "Ramp rate in °C/min (0: fastest)"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ThermalChamber>(i).setRampRate(num(a, 0));
              co_return Value{};
          });
    m.add(C, {"setRunning", {p("running", B)}, None, "", "Run or stop temperature control"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ThermalChamber>(i).setRunning(boolean(a, 0));
              co_return Value{};
          });
    m.add(C, {"running", {}, B, "", "Whether temperature control runs"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<ThermalChamber>(i).running()}; });

    const auto H = InstrumentClass::Chiller;
    m.add(H, {"setSetpoint", {p("degC", N, "degC")}, None, "", "Chiller set point"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<Chiller>(i).setSetpoint(num(a, 0));
              co_return Value{};
          });
    m.add(H, {"setpoint", {}, N, "degC", "Chiller set point"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<Chiller>(i).setpoint()}; });
    m.add(H, {"bathTemperature", {}, N, "degC", "Supply (bath) temperature"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<Chiller>(i).bathTemperature()}; });
    m.add(H, {"externalTemperature", {}, N, "degC", "External sensor temperature"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<Chiller>(i).externalTemperature()};
          });
    m.add(H, {"setRunning", {p("running", B)}, None, "", "Start or stop circulation"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<Chiller>(i).setRunning(boolean(a, 0));
              co_return Value{};
          });
    m.add(H, {"running", {}, B, "", "Whether the chiller circulates"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<Chiller>(i).running()}; });
}

void addOptical(InstrumentMethods& m) {
    const auto O = InstrumentClass::OpticalPowerMeter;
    m.add(O, {"setWavelength", {p("port", I), p("metres", N, "m")}, None, "", "Calibration wavelength"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<OpticalPowerMeter>(i).setWavelength(integer(a, 0), num(a, 1));
              co_return Value{};
          });
    m.add(O, {"wavelength", {p("port", I)}, N, "m", "Calibration wavelength"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<OpticalPowerMeter>(i).wavelength(integer(a, 0))};
          });
    m.add(O, {"setAveragingTime", {p("port", I), p("time", N, "s")}, None, "", "Averaging time"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<OpticalPowerMeter>(i).setAveragingTime(
                  integer(a, 0), std::chrono::microseconds(std::llround(num(a, 1) * 1e6)));
              co_return Value{};
          });
    m.add(O, {"setAutoRange", {p("port", I), p("on", B)}, None, "", "Auto ranging"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<OpticalPowerMeter>(i).setAutoRange(integer(a, 0), boolean(a, 1));
              co_return Value{};
          });
    m.add(O, {"measurePower", {p("port", I)}, N, "W", "Optical power"}, [](Instrument& i, Args a) -> awaitable<Value> {
        co_return Value{co_await as<OpticalPowerMeter>(i).measurePower(integer(a, 0))};
    });
    m.add(O, {"logPower", {p("port", I), p("count", I), p("interval", N, "s")}, A, "W", "Logged power samples"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<OpticalPowerMeter>(i).logPower(
                  integer(a, 0), integer(a, 1), std::chrono::microseconds(std::llround(num(a, 2) * 1e6)))};
          });

    const auto V = InstrumentClass::VariableOpticalAttenuator;
    m.add(V, {"setAttenuation", {p("channel", I), p("dB", N, "dB")}, None, "", "Attenuation"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<VariableOpticalAttenuator>(i).setAttenuation(integer(a, 0), num(a, 1));
              co_return Value{};
          });
    m.add(V, {"attenuation", {p("channel", I)}, N, "dB", "Attenuation"}, [](Instrument& i, Args a) -> awaitable<Value> {
        co_return Value{co_await as<VariableOpticalAttenuator>(i).attenuation(integer(a, 0))};
    });
    m.add(V, {"setWavelength", {p("channel", I), p("metres", N, "m")}, None, "", "Wavelength"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<VariableOpticalAttenuator>(i).setWavelength(integer(a, 0), num(a, 1));
              co_return Value{};
          });
    m.add(V, {"wavelength", {p("channel", I)}, N, "m", "Wavelength"}, [](Instrument& i, Args a) -> awaitable<Value> {
        co_return Value{co_await as<VariableOpticalAttenuator>(i).wavelength(integer(a, 0))};
    });
    m.add(V, {"setOutputEnabled", {p("channel", I), p("enabled", B)}, None, "", "Open or close the shutter"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<VariableOpticalAttenuator>(i).setOutputEnabled(integer(a, 0), boolean(a, 1));
              co_return Value{};
          });
    m.add(V, {"outputEnabled", {p("channel", I)}, B, "", "Shutter open"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<VariableOpticalAttenuator>(i).outputEnabled(integer(a, 0))};
          });
    m.add(V, {"outputPower", {p("channel", I)}, N, "W", "Output power monitor"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<VariableOpticalAttenuator>(i).outputPower(integer(a, 0))};
          });

    const auto S = InstrumentClass::OpticalSwitch;
    m.add(S, {"setRoute", {p("switchChannel", I), p("input", T), p("output", I)}, None, "", "Route input → output"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              const std::string in = text(a, 1);
              if (in.size() != 1)
                  badArgument(1, "a port letter such as 'A'");
              co_await as<OpticalSwitch>(i).setRoute(integer(a, 0), SwitchRoute{in[0], integer(a, 2)});
              co_return Value{};
          });
    m.add(S, {"routeOutput", {p("switchChannel", I)}, N, "", "Output the input is routed to"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              const auto route = co_await as<OpticalSwitch>(i).route(integer(a, 0));
              co_return Value{double(route.output)};
          });
}

void addDaq(InstrumentMethods& m) {
    const auto D = InstrumentClass::DataAcquisition;
    m.add(D, {"measureTemperature", {p("channels", A), p("type", T)}, A, "degC", "Thermocouple temperatures"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              const auto ch = channels(a, 0);
              const auto type = text(a, 1);
              co_return Value{co_await as<DataAcquisition>(i).measureTemperature(ch, type)};
          });
    m.add(D, {"measureDcVoltage", {p("channels", A)}, A, "V", "DC voltages"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              const auto ch = channels(a, 0);
              co_return Value{co_await as<DataAcquisition>(i).measureDcVoltage(ch)};
          });
    m.add(D, {"measureDcCurrent", {p("channels", A)}, A, "A", "DC currents"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              const auto ch = channels(a, 0);
              co_return Value{co_await as<DataAcquisition>(i).measureDcCurrent(ch)};
          });
    m.add(D, {"setDigitalOutput", {p("port", I), p("value", I)}, None, "", "Write an 8-bit output port"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<DataAcquisition>(i).setDigitalOutput(integer(a, 0), unsigned(integer(a, 1)));
              co_return Value{};
          });
    m.add(D, {"digitalOutput", {p("port", I)}, N, "", "Read back an output port"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{double(co_await as<DataAcquisition>(i).digitalOutput(integer(a, 0)))};
          });
    m.add(D, {"setAnalogOutput", {p("channel", I), p("volts", N, "V")}, None, "", "Drive an analog output (DAC)"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<DataAcquisition>(i).setAnalogOutput(integer(a, 0), num(a, 1));
              co_return Value{};
          });
    m.add(D, {"analogOutput", {p("channel", I)}, N, "V", "Read back an analog output"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<DataAcquisition>(i).analogOutput(integer(a, 0))};
          });
}

void addFixtureSocket(InstrumentMethods& m) {
    const auto F = InstrumentClass::ModuleFixture;
    m.add(F, {"modulePresent", {}, B, "", "A module is seated"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ModuleFixture>(i).modulePresent()};
    });
    m.add(F, {"setModulePower", {p("on", B)}, None, "", "Module power enable"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ModuleFixture>(i).setModulePower(boolean(a, 0));
              co_return Value{};
          });
    m.add(F, {"modulePower", {}, B, "", "Module power enabled"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ModuleFixture>(i).modulePower()};
    });
    m.add(F, {"setReset", {p("asserted", B)}, None, "", "Module reset line"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ModuleFixture>(i).setReset(boolean(a, 0));
              co_return Value{};
          });
    m.add(F, {"setLowPowerMode", {p("on", B)}, None, "", "Low-power mode pin"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ModuleFixture>(i).setLowPowerMode(boolean(a, 0));
              co_return Value{};
          });
    m.add(F, {"moduleState", {}, T, "", "CMIS module state"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{std::string(toString(co_await as<ModuleFixture>(i).moduleState()))};
    });
    m.add(F, {"stateEntryTime", {p("state", T)}, N, "s", "Power switch on to the latest entry into a state"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).stateEntryTime(stateArg(a, 0))};
          });
    m.add(F, {"measureInputVoltage", {}, N, "V", "Module input voltage"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ModuleFixture>(i).measureInputVoltage()};
    });
    m.add(F, {"measureInputCurrent", {}, N, "A", "Module input current"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ModuleFixture>(i).measureInputCurrent()};
    });
    m.add(F, {"measureInputPower", {}, N, "W", "Module input power"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ModuleFixture>(i).measureInputPower()};
    });
    m.add(F, {"inrushPeakCurrent", {}, N, "A", "Peak input current since power on"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).inrushPeakCurrent()};
          });
}

void addFixtureIdentity(InstrumentMethods& m) {
    const auto F = InstrumentClass::ModuleFixture;
    m.add(F, {"vendorName", {}, T, "", "CMIS vendor name"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<ModuleFixture>(i).vendorName()}; });
    m.add(F, {"vendorPartNumber", {}, T, "", "CMIS vendor part number"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ModuleFixture>(i).vendorPartNumber()};
    });
    m.add(F, {"vendorSerialNumber", {}, T, "", "CMIS vendor serial number"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).vendorSerialNumber()};
          });
    m.add(F, {"firmwareVersion", {}, T, "", "Active firmware, major.minor"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).firmwareVersion()};
          });
    m.add(F, {"eepromChecksumValid", {}, B, "", "Page 00h checksum matches"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).eepromChecksumValid()};
          });
    m.add(F, {"advertisedPowerUpTime", {}, N, "s", "Advertised ModulePwrUp duration (upper bound)"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).advertisedPowerUpTime()};
          });
    m.add(F, {"advertisedDataPathInitTime", {}, N, "s", "Advertised DataPathInit duration (upper bound)"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).advertisedDataPathInitTime()};
          });
}

void addFixtureMonitors(InstrumentMethods& m) {
    const auto F = InstrumentClass::ModuleFixture;
    m.add(F, {"ddmTemperature", {}, N, "degC", "DDM module temperature"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<ModuleFixture>(i).ddmTemperature()};
    });
    m.add(F, {"ddmSupplyVoltage", {}, N, "V", "DDM supply voltage monitor"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).ddmSupplyVoltage()};
          });
    m.add(F, {"ddmTxPower", {optionalParam("lanes", A)}, A, "dBm", "DDM Tx power per lane", kModuleLanes},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).ddmTxPower(lanesOrAll(a, 0))};
          });
    m.add(F, {"ddmBias", {optionalParam("lanes", A)}, A, "A", "DDM laser bias per lane", kModuleLanes},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).ddmBias(lanesOrAll(a, 0))};
          });
    m.add(F, {"ddmRxPower", {optionalParam("lanes", A)}, A, "dBm", "DDM Rx power per lane", kModuleLanes},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).ddmRxPower(lanesOrAll(a, 0))};
          });
    m.add(F,
          {"rxLossOfSignal", {optionalParam("lanes", A)}, A, "", "Rx loss of signal per lane (1 = LOS)", kModuleLanes},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{flags(co_await as<ModuleFixture>(i).rxLossOfSignal(lanesOrAll(a, 0)))};
          });
    m.add(F,
          {"startPrbs",
           {p("side", T), p("pattern", I), optionalParam("lanes", A)},
           None,
           "",
           "Start PRBS generator and checker"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ModuleFixture>(i).startPrbs(side(a, 0), integer(a, 1), lanesOrAll(a, 2));
              co_return Value{};
          });
    m.add(F, {"stopPrbs", {p("side", T), optionalParam("lanes", A)}, None, "", "Stop PRBS"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<ModuleFixture>(i).stopPrbs(side(a, 0), lanesOrAll(a, 1));
              co_return Value{};
          });
    m.add(F, {"readBer", {p("side", T), optionalParam("lanes", A)}, A, "", "Bit-error ratio per lane", kModuleLanes},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<ModuleFixture>(i).readBer(side(a, 0), lanesOrAll(a, 1))};
          });
}

/// The most channels a CPO engine has (32 × 200G); the board's per-channel reads return one value per channel.
constexpr int kEngineChannels = 32;
constexpr int kElsfpLasers = 8;

void addEngineBoard(InstrumentMethods& m) {
    const auto E = InstrumentClass::EngineBoard;
    m.add(E, {"enginePresent", {}, B, "", "Whether an engine is seated"}, [](Instrument& i, Args) -> awaitable<Value> {
        co_return Value{co_await as<EngineBoard>(i).enginePresent()};
    });
    m.add(E, {"setEngineEnabled", {p("on", B)}, None, "", "Enable or disable the engine"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<EngineBoard>(i).setEngineEnabled(boolean(a, 0));
              co_return Value{};
          });
    m.add(E, {"engineState", {}, T, "", "absent, off or ready"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<EngineBoard>(i).engineState()}; });
    m.add(E, {"engineTemperature", {}, N, "degC", "Engine die temperature"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).engineTemperature()};
          });
    m.add(E, {"tuneRings", {optionalParam("channels", A)}, None, "", "Heater sweep: lock every ring it finds"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<EngineBoard>(i).tuneRings(lanesOrAll(a, 0));
              co_return Value{};
          });
    m.add(E, {"ringLocked", {optionalParam("channels", A)}, A, "", "1 where a ring is locked", kEngineChannels},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).ringLocked(lanesOrAll(a, 0))};
          });
    m.add(E, {"heaterPower", {optionalParam("channels", A)}, A, "W", "Ring heater power", kEngineChannels},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).heaterPower(lanesOrAll(a, 0))};
          });
    m.add(E, {"photocurrent", {optionalParam("channels", A)}, A, "A", "Photodiode current", kEngineChannels},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).photocurrent(lanesOrAll(a, 0))};
          });
    m.add(E, {"startPrbs", {p("pattern", I), optionalParam("channels", A)}, None, "", "Start the PRBS checkers"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<EngineBoard>(i).startPrbs(integer(a, 0), lanesOrAll(a, 1));
              co_return Value{};
          });
    m.add(E, {"stopPrbs", {optionalParam("channels", A)}, None, "", "Stop the PRBS checkers"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<EngineBoard>(i).stopPrbs(lanesOrAll(a, 0));
              co_return Value{};
          });
    m.add(E, {"readBer", {optionalParam("channels", A)}, A, "", "Pre-FEC bit-error ratio", kEngineChannels},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).readBer(lanesOrAll(a, 0))};
          });
}

void addElsfp(InstrumentMethods& m) {
    const auto E = InstrumentClass::EngineBoard;
    m.add(E, {"elsfpPresent", {}, B, "", "Whether an ELSFP is seated"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<EngineBoard>(i).elsfpPresent()}; });
    m.add(E, {"interlockClosed", {}, B, "", "Whether the laser-safety interlock is closed"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).interlockClosed()};
          });
    m.add(E, {"elsfpVendor", {}, T, "", "ELSFP vendor (page 00h)"},
          [](Instrument& i, Args) -> awaitable<Value> { co_return Value{co_await as<EngineBoard>(i).elsfpVendor()}; });
    m.add(E, {"elsfpPartNumber", {}, T, "", "ELSFP part number (page 00h)"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).elsfpPartNumber()};
          });
    m.add(E, {"elsfpSerialNumber", {}, T, "", "ELSFP serial number (page 00h)"},
          [](Instrument& i, Args) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).elsfpSerialNumber()};
          });
    m.add(E, {"setLasersEnabled", {p("on", B), optionalParam("lasers", A)}, None, "", "Laser enables (1Ah 220)"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<EngineBoard>(i).setLasersEnabled(boolean(a, 0), lanesOrAll(a, 1));
              co_return Value{};
          });
    m.add(E,
          {"setFibreChecked",
           {p("checked", B), optionalParam("lasers", A)},
           None,
           "",
           "OutputFiberChecked (1Ah 223): ramp to class power"},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_await as<EngineBoard>(i).setFibreChecked(boolean(a, 0), lanesOrAll(a, 1));
              co_return Value{};
          });
    m.add(E, {"laserState", {optionalParam("lasers", A)}, A, "", "0 off, 1 fibre check, 2 on", kElsfpLasers},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).laserState(lanesOrAll(a, 0))};
          });
    m.add(E, {"laserFault", {optionalParam("lasers", A)}, A, "", "Fault code per laser (1Ah)", kElsfpLasers},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).laserFault(lanesOrAll(a, 0))};
          });
    m.add(E, {"laserPower", {optionalParam("lasers", A)}, A, "dBm", "Power monitor (1Bh)", kElsfpLasers},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).laserPower(lanesOrAll(a, 0))};
          });
    m.add(E, {"laserBias", {optionalParam("lasers", A)}, A, "A", "Bias monitor (1Bh)", kElsfpLasers},
          [](Instrument& i, Args a) -> awaitable<Value> {
              co_return Value{co_await as<EngineBoard>(i).laserBias(lanesOrAll(a, 0))};
          });
}

} // namespace

void InstrumentMethods::add(InstrumentClass instrumentClass, MethodSignature signature, MethodInvoker invoke) {
    auto& methods = m_classes[toString(instrumentClass)];
    std::string name = signature.name;
    methods[name] = Entry{std::move(signature), std::move(invoke)};
}

std::vector<std::string> InstrumentMethods::classes() const {
    std::vector<std::string> out;
    for (const auto& [name, methods] : m_classes)
        out.push_back(name);
    return out;
}

const InstrumentMethods::Entry* InstrumentMethods::find(std::string_view instrumentClass, std::string_view name) const {
    auto c = m_classes.find(instrumentClass);
    if (c == m_classes.end())
        return nullptr;
    auto m = c->second.find(name);
    return m == c->second.end() ? nullptr : &m->second;
}

const MethodSignature* InstrumentMethods::method(std::string_view instrumentClass, std::string_view name) const {
    const Entry* e = find(instrumentClass, name);
    return e ? &e->signature : nullptr;
}

std::vector<std::string> InstrumentMethods::methods(std::string_view instrumentClass) const {
    std::vector<std::string> out;
    if (auto c = m_classes.find(instrumentClass); c != m_classes.end())
        for (const auto& [name, entry] : c->second)
            out.push_back(name);
    return out;
}

boost::asio::awaitable<Value> InstrumentMethods::call(Instrument& instrument, std::string_view name,
                                                      std::vector<Value> args) const {
    const Entry* entry = find(toString(instrument.instrumentClass()), name);
    if (!entry)
        throw InstrumentError(InstrumentErrorKind::Configuration, instrument.name(), std::string(name),
                              std::string("no method '") + std::string(name) + "' on a " +
                                  toString(instrument.instrumentClass()));
    try {
        co_return co_await entry->invoke(instrument, std::move(args));
    } catch (const std::invalid_argument& e) {
        throw InstrumentError(InstrumentErrorKind::Configuration, instrument.name(), std::string(name), e.what());
    }
}

const InstrumentMethods& InstrumentMethods::builtin() {
    static const InstrumentMethods methods = [] {
        InstrumentMethods m;
        addPowerSupply(m);
        addThermal(m);
        addOptical(m);
        addDaq(m);
        addFixtureSocket(m);
        addFixtureIdentity(m);
        addFixtureMonitors(m);
        addEngineBoard(m);
        addElsfp(m);
        return m;
    }();
    return methods;
}

} // namespace optiqual::station
