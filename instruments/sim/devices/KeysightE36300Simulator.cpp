#include "instruments/sim/devices/KeysightE36300Simulator.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace optiqual::instruments::sim {
namespace {

constexpr int kDataOutOfRange = -222;
constexpr int kParameterNotAllowed = -108;

struct OutputRating {
    double volts;
    double amps;
};

struct ModelData {
    std::string_view model;
    std::array<OutputRating, 3> outputs;
};

// Ratings from reference section 3a; "a value past the limit gives -222", so the rating is the programming limit.
constexpr std::array kModels{
    ModelData{"E36312A", {{{6, 5}, {25, 1}, {25, 1}}}},
    ModelData{"E36313A", {{{6, 10}, {25, 2}, {25, 2}}}},
};
constexpr std::array<std::string_view, 2> kModelKeys{"E36312A", "E36313A"};

// Not in the reference: the OVP range follows the E36xx habit of 110 % of the output's rating, *RST at the maximum;
// *RST puts the current limit at the rating as the E3631A does. The response time constant is a simulation choice
// (the E36300 settles within a millisecond or so).
constexpr double kOvpHeadroom = 1.1;
constexpr double kTimeConstant = 0.5e-3;
constexpr const char* kFirmware = "2.1.3-1.0.4-1.12";

const ModelData& findModel(std::string_view model) {
    for (const ModelData& data : kModels)
        if (equalsIgnoreCase(data.model, model))
            return data;
    throw std::invalid_argument("no E36300 model '" + std::string(model) + "' (known: E36312A, E36313A)");
}

std::vector<PsuOutputSpec> specsOf(const ModelData& data) {
    std::vector<PsuOutputSpec> specs;
    for (const OutputRating& rating : data.outputs) {
        PsuOutputSpec spec;
        spec.maxVolts = rating.volts;
        spec.maxAmps = rating.amps;
        spec.ovpMin = 0;
        spec.ovpMax = rating.volts * kOvpHeadroom;
        spec.resetAmps = rating.amps;
        spec.resetOvp = spec.ovpMax;
        spec.ocpRule = PsuOcpRule::ConstantCurrent;
        spec.timeConstant = kTimeConstant;
        specs.push_back(spec);
    }
    return specs;
}

ScpiDeviceOptions keysightOptions() {
    ScpiDeviceOptions options;
    options.signedNr1 = true; // `+0,"No error"`
    return options;
}

NumberSpec voltageSpec(const PsuOutputSpec& s) {
    return {"V", 0, s.maxVolts, 0};
}
NumberSpec currentSpec(const PsuOutputSpec& s) {
    return {"A", 0, s.maxAmps, s.resetAmps};
}
NumberSpec ovpSpec(const PsuOutputSpec& s) {
    return {"V", s.ovpMin, s.ovpMax, s.ovpMax};
}

using SpecOf = NumberSpec (*)(const PsuOutputSpec&);
using LevelGetter = double (PsuOutput::*)() const;
using LevelSetter = void (PsuOutput::*)(double);
using FlagGetter = bool (PsuOutput::*)() const;

void appendItem(std::string& out, std::string_view item) {
    if (!out.empty())
        out += ',';
    out.append(item);
}

} // namespace

KeysightE36300Simulator::KeysightE36300Simulator(std::string_view model, const SimContext& context)
    : PsuSimulator("Keysight Technologies," + std::string(findModel(model).model) + "," + context.serialNumber + "," +
                       kFirmware,
                   keysightOptions(), context, specsOf(findModel(model))) {
    registerLevels();
    registerProtection();
    registerOutputAndMeasure();
    registerApplyAndSelect();
}

void KeysightE36300Simulator::reset() {
    PsuSimulator::reset();
    m_selected = 1;
}

std::vector<int> KeysightE36300Simulator::channels(const ScpiContext& c, std::size_t index) const {
    if (c.paramCount() <= index)
        return {m_selected};
    std::vector<int> list = c.channelList(index);
    if (list.empty())
        throw ScpiError(kDataOutOfRange, "empty channel list");
    for (int channel : list)
        if (!hasChannel(channel))
            throw ScpiError(kDataOutOfRange, "no output " + std::to_string(channel));
    return list;
}

int KeysightE36300Simulator::channelParam(const ScpiContext& c, std::size_t index) {
    // E3631A-compatible names map onto the three outputs in order (reference 3a).
    const std::string name = c.enumeration(index, {"CH1", "CH2", "CH3", "P6V", "P25V", "N25V"});
    if (name == "CH1" || name == "P6V")
        return 1;
    if (name == "CH2" || name == "P25V")
        return 2;
    return 3;
}

void KeysightE36300Simulator::registerLevels() {
    const auto level = [this](std::string_view pattern, SpecOf specOf, LevelGetter get, LevelSetter set) {
        addPsuCommand(pattern, 1, 2, [this, specOf, set](ScpiContext& c) {
            const std::vector<int> list = channels(c, 1);
            std::vector<double> values;
            for (int channel : list) // check every channel before changing any
                values.push_back(c.number(0, specOf(at(channel).spec())));
            for (std::size_t i = 0; i < list.size(); ++i)
                (at(list[i]).*set)(values[i]);
        });
        addPsuCommand(std::string(pattern) + "?", 0, 2, [this, specOf, get](ScpiContext& c) {
            // `VOLT? (@1)` or `VOLT? MAX,(@1)` (or `VOLT? MAX` for the selected channel)
            std::string bound;
            std::size_t listIndex = 0;
            if (c.paramCount() > 0 && !c.rawParam(0).starts_with('(')) {
                bound = c.enumeration(0, {"MINimum", "MAXimum"});
                listIndex = 1;
            } else if (c.paramCount() > 1) {
                throw ScpiError(kParameterNotAllowed);
            }
            std::string out;
            for (int channel : channels(c, listIndex)) {
                const NumberSpec spec = specOf(at(channel).spec());
                const double value = bound.empty() ? (at(channel).*get)() : (bound == "MIN" ? spec.min : spec.max);
                appendItem(out, formatNr3(value));
            }
            c.reply(std::move(out));
        });
    };
    level("[SOURce:]VOLTage[:LEVel][:IMMediate][:AMPLitude]", voltageSpec, &PsuOutput::voltageSetpoint,
          &PsuOutput::setVoltage);
    level("[SOURce:]CURRent[:LEVel][:IMMediate][:AMPLitude]", currentSpec, &PsuOutput::currentLimit,
          &PsuOutput::setCurrentLimit);
    level("[SOURce:]VOLTage:PROTection[:LEVel]", ovpSpec, &PsuOutput::ovpLevel, &PsuOutput::setOvpLevel);
}

void KeysightE36300Simulator::registerProtection() {
    const auto flagQuery = [this](std::string_view pattern, FlagGetter get) {
        addPsuCommand(pattern, 0, 1, [this, get](ScpiContext& c) {
            std::string out;
            for (int channel : channels(c, 0))
                appendItem(out, (at(channel).*get)() ? "1" : "0");
            c.reply(std::move(out));
        });
    };
    addPsuCommand("[SOURce:]CURRent:PROTection:STATe", 1, 2, [this](ScpiContext& c) {
        const bool on = c.boolean(0);
        for (int channel : channels(c, 1))
            at(channel).setOcpEnabled(on);
    });
    flagQuery("[SOURce:]CURRent:PROTection:STATe?", &PsuOutput::ocpEnabled);
    flagQuery("[SOURce:]VOLTage:PROTection:TRIPped?", &PsuOutput::overVoltageTripped);
    flagQuery("[SOURce:]CURRent:PROTection:TRIPped?", &PsuOutput::overCurrentTripped);
    addPsuCommand("OUTPut:PROTection:CLEar", 0, 1, [this](ScpiContext& c) {
        for (int channel : channels(c, 0)) {
            at(channel).clear(PsuProtection::OverVoltage);
            at(channel).clear(PsuProtection::OverCurrent);
        }
    });
}

void KeysightE36300Simulator::registerOutputAndMeasure() {
    addPsuCommand("OUTPut[:STATe]", 1, 2, [this](ScpiContext& c) {
        const bool on = c.boolean(0);
        for (int channel : channels(c, 1))
            at(channel).setOutput(on);
    });
    // A latched-off output reads 0 until OUTP:PROT:CLE restores it.
    addPsuCommand("OUTPut[:STATe]?", 0, 1, [this](ScpiContext& c) {
        std::string out;
        for (int channel : channels(c, 0))
            appendItem(out, at(channel).isOn() ? "1" : "0");
        c.reply(std::move(out));
    });
    addPsuCommand("MEASure[:SCALar]:VOLTage[:DC]?", 0, 1, [this](ScpiContext& c) {
        std::string out;
        for (int channel : channels(c, 0))
            appendItem(out, formatNr3(at(channel).volts()));
        c.reply(std::move(out));
    });
    addPsuCommand("MEASure[:SCALar]:CURRent[:DC]?", 0, 1, [this](ScpiContext& c) {
        std::string out;
        for (int channel : channels(c, 0))
            appendItem(out, formatNr3(at(channel).amps()));
        c.reply(std::move(out));
    });
}

void KeysightE36300Simulator::registerApplyAndSelect() {
    addPsuCommand("APPLy", 2, 3, [this](ScpiContext& c) {
        PsuOutput& out = at(channelParam(c, 0));
        const double volts = c.number(1, voltageSpec(out.spec()));
        const double amps = c.paramCount() > 2 ? c.number(2, currentSpec(out.spec())) : out.currentLimit();
        out.setVoltage(volts);
        out.setCurrentLimit(amps);
    });
    addPsuCommand("APPLy?", 0, 1, [this](ScpiContext& c) {
        const PsuOutput& out = at(c.paramCount() > 0 ? channelParam(c, 0) : m_selected);
        c.reply(formatNr3(out.voltageSetpoint(), 6) + "," + formatNr3(out.currentLimit(), 6));
    });
    addPsuCommand("INSTrument[:SELect]", 1, 1, [this](ScpiContext& c) { m_selected = channelParam(c, 0); });
    addPsuCommand("INSTrument[:SELect]?", 0, 0, [this](ScpiContext& c) { c.reply("CH" + std::to_string(m_selected)); });
    addPsuCommand("INSTrument:NSELect", 1, 1, [this](ScpiContext& c) {
        m_selected = static_cast<int>(std::lround(c.number(0, {"", 1, static_cast<double>(channelCount()), 1})));
    });
    addPsuCommand("INSTrument:NSELect?", 0, 0,
                  [this](ScpiContext& c) { c.reply(formatNr1(m_selected, options().signedNr1)); });
}

std::span<const std::string_view> keysightE36300SimulatorModels() {
    return kModelKeys;
}

std::shared_ptr<LineDevice> makeKeysightE36300Simulator(std::string_view model, const SimContext& context) {
    return std::make_shared<KeysightE36300Simulator>(model, context);
}

} // namespace optiqual::instruments::sim
