#include "instruments/sim/devices/RigolDp800Simulator.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace optiqual::instruments::sim {
namespace {

constexpr int kSuffixOutOfRange = -114;
constexpr int kMissingParameter = -109;
constexpr int kParameterNotAllowed = -108;

struct OutputData {
    std::string_view label; ///< as newer firmware prints it in `:APPL?`
    double maxVolts;
    double maxAmps;
    double ovpMax;
    double ocpMax;
};

struct ModelData {
    std::string_view model;
    std::string_view firmware;
};

// Limits from reference 3b (DP832: CH1/CH2 32 V / 3.2 A, CH3 5.3 V / 3.2 A). The OVP (0.01 V to 33 V / 5.5 V) and
// OCP (0.001 A to 3.3 A) ranges follow the DP800 programming guide; the reference does not give them. *RST values
// are not in the reference either: setpoint 0 V, current limit at the maximum, OVP/OCP levels at their maximum
// and both switched off.
constexpr std::array kOutputs{
    OutputData{"CH1:30V/3A", 32.0, 3.2, 33.0, 3.3},
    OutputData{"CH2:30V/3A", 32.0, 3.2, 33.0, 3.3},
    OutputData{"CH3:5V/3A", 5.3, 3.2, 5.5, 3.3},
};
constexpr double kOvpMin = 0.01;
constexpr double kOcpMin = 0.001;
constexpr double kTimeConstant = 2e-3; // simulation choice

constexpr std::array kModels{ModelData{"DP832", "00.01.16"}, ModelData{"DP832A", "00.01.14"}};
constexpr std::array<std::string_view, 2> kModelKeys{"DP832", "DP832A"};

const ModelData& findModel(std::string_view model) {
    for (const ModelData& data : kModels)
        if (equalsIgnoreCase(data.model, model))
            return data;
    throw std::invalid_argument("no DP800 model '" + std::string(model) + "' (known: DP832, DP832A)");
}

std::vector<PsuOutputSpec> dp832Specs() {
    std::vector<PsuOutputSpec> specs;
    for (const OutputData& data : kOutputs) {
        PsuOutputSpec spec;
        spec.maxVolts = data.maxVolts;
        spec.maxAmps = data.maxAmps;
        spec.ovpMin = kOvpMin;
        spec.ovpMax = data.ovpMax;
        spec.ocpMin = kOcpMin;
        spec.ocpMax = data.ocpMax;
        spec.resetAmps = data.maxAmps;
        spec.resetOvp = data.ovpMax;
        spec.resetOcp = data.ocpMax;
        spec.ovpSwitchable = true;
        spec.tripSwitchesOff = true;
        spec.ocpRule = PsuOcpRule::Level;
        spec.timeConstant = kTimeConstant;
        specs.push_back(spec);
    }
    return specs;
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
NumberSpec ocpSpec(const PsuOutputSpec& s) {
    return {"A", s.ocpMin, s.ocpMax, s.ocpMax};
}

bool namesChannel(const ScpiContext& c) {
    return c.paramCount() > 0 && c.rawParam(0).size() >= 2 && equalsIgnoreCase(c.rawParam(0).substr(0, 2), "CH");
}

/// The setting itself, or with a `MIN`/`MAX` parameter the end of its range.
double boundOrValue(const ScpiContext& c, const NumberSpec& spec, double value) {
    if (c.paramCount() == 0)
        return value;
    return c.enumeration(0, {"MINimum", "MAXimum"}) == "MIN" ? spec.min : spec.max;
}

const char* onOff(bool on) {
    return on ? "ON" : "OFF";
}
const char* yesNo(bool yes) {
    return yes ? "YES" : "NO";
}

} // namespace

RigolDp800Simulator::RigolDp800Simulator(std::string_view model, const SimContext& context)
    : PsuSimulator("RIGOL TECHNOLOGIES," + std::string(findModel(model).model) + "," + context.serialNumber + "," +
                       std::string(findModel(model).firmware),
                   ScpiDeviceOptions{}, context, dp832Specs()) {
    registerSource();
    registerSourceProtection();
    registerOutput();
    registerOutputProtection("OVP", PsuProtection::OverVoltage);
    registerOutputProtection("OCP", PsuProtection::OverCurrent);
    registerMeasureAndSelect();
}

void RigolDp800Simulator::reset() {
    PsuSimulator::reset();
    m_selected = 1;
}

int RigolDp800Simulator::channelArg(const ScpiContext& c, std::size_t index, std::size_t withChannel) const {
    if (c.paramCount() < withChannel)
        return m_selected;
    const std::string name = c.enumeration(index, {"CH1", "CH2", "CH3"});
    return name[2] - '0';
}

int RigolDp800Simulator::suffixChannel(const ScpiContext& c) const {
    if (!c.suffixGiven(0))
        return m_selected;
    if (!hasChannel(c.suffix(0)))
        throw ScpiError(kSuffixOutOfRange);
    return c.suffix(0);
}

std::string RigolDp800Simulator::applyAmps(double value) const {
    return formatNr2(value, m_applyForm == RigolApplyReplyForm::Labelled ? 3 : 4);
}

std::string RigolDp800Simulator::applyReply(int channel) const {
    const PsuOutput& out = at(channel);
    const std::string name = m_applyForm == RigolApplyReplyForm::Labelled
                                 ? std::string(kOutputs[static_cast<std::size_t>(channel - 1)].label)
                                 : "CH" + std::to_string(channel);
    return name + "," + formatNr2(out.voltageSetpoint(), 3) + "," + applyAmps(out.currentLimit());
}

void RigolDp800Simulator::registerSource() {
    addPsuCommand("APPLy", 1, 3, [this](ScpiContext& c) {
        // `:APPL CH1,5,1`, `:APPL CH1,5` or, for the selected channel, `:APPL 5,1`
        const bool named = namesChannel(c);
        PsuOutput& out = at(named ? channelArg(c, 0, 1) : m_selected);
        const std::size_t first = named ? 1 : 0;
        if (c.paramCount() <= first)
            throw ScpiError(kMissingParameter);
        if (c.paramCount() > first + 2)
            throw ScpiError(kParameterNotAllowed);
        const double volts = c.number(first, voltageSpec(out.spec()));
        const double limit =
            c.paramCount() > first + 1 ? c.number(first + 1, currentSpec(out.spec())) : out.currentLimit();
        out.setVoltage(volts);
        out.setCurrentLimit(limit);
    });
    addPsuCommand("APPLy?", 0, 2, [this](ScpiContext& c) {
        const bool named = namesChannel(c);
        const int channel = named ? channelArg(c, 0, 1) : m_selected;
        const std::size_t item = named ? 1 : 0;
        if (c.paramCount() <= item) {
            c.reply(applyReply(channel));
            return;
        }
        const PsuOutput& out = at(channel);
        c.reply(c.enumeration(item, {"VOLTage", "CURRent"}) == "VOLT" ? formatNr2(out.voltageSetpoint(), 3)
                                                                      : applyAmps(out.currentLimit()));
    });
    addPsuCommand("[SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", 1, 1, [this](ScpiContext& c) {
        PsuOutput& out = at(suffixChannel(c));
        out.setVoltage(c.number(0, voltageSpec(out.spec())));
    });
    addPsuCommand("[SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]?", 0, 1, [this](ScpiContext& c) {
        const PsuOutput& out = at(suffixChannel(c));
        c.reply(formatNr2(boundOrValue(c, voltageSpec(out.spec()), out.voltageSetpoint()), 3));
    });
    addPsuCommand("[SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]", 1, 1, [this](ScpiContext& c) {
        PsuOutput& out = at(suffixChannel(c));
        out.setCurrentLimit(c.number(0, currentSpec(out.spec())));
    });
    addPsuCommand("[SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]?", 0, 1, [this](ScpiContext& c) {
        const PsuOutput& out = at(suffixChannel(c));
        c.reply(formatNr2(boundOrValue(c, currentSpec(out.spec()), out.currentLimit()), 4));
    });
}

void RigolDp800Simulator::registerSourceProtection() {
    // `[:SOURce<n>]:VOLTage:PROTection…` and `…:CURRent:PROTection…`: the same OVP/OCP as `:OUTP:OVP…`.
    for (const PsuProtection which : {PsuProtection::OverVoltage, PsuProtection::OverCurrent}) {
        const bool ov = which == PsuProtection::OverVoltage;
        const std::string root = ov ? "[SOURce#]:VOLTage:PROTection" : "[SOURce#]:CURRent:PROTection";
        addPsuCommand(root + "[:LEVel]", 1, 1, [this, ov](ScpiContext& c) {
            PsuOutput& out = at(suffixChannel(c));
            ov ? out.setOvpLevel(c.number(0, ovpSpec(out.spec()))) : out.setOcpLevel(c.number(0, ocpSpec(out.spec())));
        });
        addPsuCommand(root + "[:LEVel]?", 0, 0, [this, ov](ScpiContext& c) {
            const PsuOutput& out = at(suffixChannel(c));
            c.reply(formatNr2(ov ? out.ovpLevel() : out.ocpLevel(), 3));
        });
        addPsuCommand(root + ":STATe", 1, 1, [this, ov](ScpiContext& c) {
            PsuOutput& out = at(suffixChannel(c));
            ov ? out.setOvpEnabled(c.boolean(0)) : out.setOcpEnabled(c.boolean(0));
        });
        addPsuCommand(root + ":STATe?", 0, 0, [this, ov](ScpiContext& c) {
            const PsuOutput& out = at(suffixChannel(c));
            c.reply(onOff(ov ? out.ovpEnabled() : out.ocpEnabled()));
        });
        addPsuCommand(root + ":TRIPped?", 0, 0, [this, ov](ScpiContext& c) {
            const PsuOutput& out = at(suffixChannel(c));
            c.reply(yesNo(ov ? out.overVoltageTripped() : out.overCurrentTripped()));
        });
        addPsuCommand(root + ":CLEar", 0, 0, [this, which](ScpiContext& c) { at(suffixChannel(c)).clear(which); });
    }
}

void RigolDp800Simulator::registerOutput() {
    addPsuCommand("OUTPut[:STATe]", 1, 2,
                  [this](ScpiContext& c) { at(channelArg(c, 0, 2)).setOutput(c.boolean(c.paramCount() - 1)); });
    addPsuCommand("OUTPut[:STATe]?", 0, 1, [this](ScpiContext& c) { c.reply(onOff(at(channelArg(c, 0, 1)).isOn())); });
    // "UR" (unregulated) is never reported: the simulated regulation loop is always in CV or CC.
    addPsuCommand("OUTPut:MODE?", 0, 1, [this](ScpiContext& c) {
        c.reply(at(channelArg(c, 0, 1)).regulation() == PsuRegulation::ConstantCurrent ? "CC" : "CV");
    });
}

void RigolDp800Simulator::registerOutputProtection(std::string_view name, PsuProtection which) {
    const std::string root = "OUTPut:" + std::string(name);
    const bool ov = which == PsuProtection::OverVoltage;
    addPsuCommand(root + "[:STATe]", 1, 2, [this, ov](ScpiContext& c) {
        PsuOutput& out = at(channelArg(c, 0, 2));
        const bool on = c.boolean(c.paramCount() - 1);
        ov ? out.setOvpEnabled(on) : out.setOcpEnabled(on);
    });
    addPsuCommand(root + "[:STATe]?", 0, 1, [this, ov](ScpiContext& c) {
        const PsuOutput& out = at(channelArg(c, 0, 1));
        c.reply(onOff(ov ? out.ovpEnabled() : out.ocpEnabled()));
    });
    addPsuCommand(root + ":VALue", 1, 2, [this, ov](ScpiContext& c) {
        PsuOutput& out = at(channelArg(c, 0, 2));
        const std::size_t last = c.paramCount() - 1;
        ov ? out.setOvpLevel(c.number(last, ovpSpec(out.spec())))
           : out.setOcpLevel(c.number(last, ocpSpec(out.spec())));
    });
    addPsuCommand(root + ":VALue?", 0, 1, [this, ov](ScpiContext& c) {
        const PsuOutput& out = at(channelArg(c, 0, 1));
        c.reply(formatNr2(ov ? out.ovpLevel() : out.ocpLevel(), 3));
    });
    // `QUES?` in the DP800 guide, `ALAR?` on some firmware: both answer YES/NO.
    for (const char* query : {":QUEStion?", ":ALARm?"}) {
        addPsuCommand(root + query, 0, 1, [this, ov](ScpiContext& c) {
            const PsuOutput& out = at(channelArg(c, 0, 1));
            c.reply(yesNo(ov ? out.overVoltageTripped() : out.overCurrentTripped()));
        });
    }
    addPsuCommand(root + ":CLEar", 0, 1, [this, which](ScpiContext& c) { at(channelArg(c, 0, 1)).clear(which); });
}

void RigolDp800Simulator::registerMeasureAndSelect() {
    addPsuCommand("MEASure[:VOLTage][:DC]?", 0, 1,
                  [this](ScpiContext& c) { c.reply(formatNr2(at(channelArg(c, 0, 1)).volts(), 4)); });
    addPsuCommand("MEASure:CURRent[:DC]?", 0, 1,
                  [this](ScpiContext& c) { c.reply(formatNr2(at(channelArg(c, 0, 1)).amps(), 4)); });
    addPsuCommand("MEASure:POWEr[:DC]?", 0, 1,
                  [this](ScpiContext& c) { c.reply(formatNr2(at(channelArg(c, 0, 1)).watts(), 3)); });
    addPsuCommand("MEASure:ALL[:DC]?", 0, 1, [this](ScpiContext& c) {
        const PsuOutput& out = at(channelArg(c, 0, 1));
        c.reply(formatNr2(out.volts(), 4) + "," + formatNr2(out.amps(), 4) + "," + formatNr2(out.watts(), 3));
    });
    addPsuCommand("INSTrument:NSELect", 1, 1, [this](ScpiContext& c) {
        m_selected = static_cast<int>(std::lround(c.number(0, {"", 1, static_cast<double>(channelCount()), 1})));
    });
    addPsuCommand("INSTrument:NSELect?", 0, 0, [this](ScpiContext& c) { c.reply(std::to_string(m_selected)); });
    addPsuCommand("INSTrument[:SELect]", 1, 1, [this](ScpiContext& c) { m_selected = channelArg(c, 0, 1); });
    addPsuCommand("INSTrument[:SELect]?", 0, 0, [this](ScpiContext& c) { c.reply("CH" + std::to_string(m_selected)); });
}

std::span<const std::string_view> rigolDp800SimulatorModels() {
    return kModelKeys;
}

std::shared_ptr<LineDevice> makeRigolDp800Simulator(std::string_view model, const SimContext& context) {
    return std::make_shared<RigolDp800Simulator>(model, context);
}

} // namespace optiqual::instruments::sim
