#include "instruments/sim/devices/KeysightN5700Simulator.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {
namespace {

constexpr int kRegisterMax = 32767;

struct ModelData {
    std::string_view model;
    double ratedVolts;
    double ratedAmps;
    double ovpMin; ///< from the N5700 guide's OVP table (60 V models: 5 V to 66 V)
    double ovpMax;
};

// N5741A: the 6 V / 100 A member (600 W; a CPO engine's sub-1 V core rail at tens of amperes). The N5700 user's
// guide pairs it with the N5761A as the 6 V models (its test record forms) and gives the 6 V row of its tables: OVP
// 0.5 V to 7.5 V, low-voltage limit at most 5.7 V. The 100 A rating is Keysight's model table, quoted.
constexpr std::array kModels{ModelData{"N5767A", 60.0, 25.0, 5.0, 66.0}, ModelData{"N5741A", 6.0, 100.0, 0.5, 7.5}};
constexpr std::array<std::string_view, 2> kModelKeys{"N5767A", "N5741A"};

// The N5700 programs up to 102 % of its rating (guide's range tables). The voltage setting and the OVP level are
// coupled by a factor 1.05; a small slack keeps `VOLT:PROT 50.4` legal after `VOLT 48` despite rounding.
constexpr double kProgrammingHeadroom = 1.02;
constexpr double kCoupling = 1.05;
constexpr double kCouplingSlack = 1e-9;
// Simulation choice: a 1.5 kW system supply settles in tens of milliseconds.
constexpr double kTimeConstant = 20e-3;
// Fielded N5700 units identify as Agilent; the model check looks at the model field only.
constexpr const char* kManufacturer = "Agilent Technologies";
constexpr const char* kFirmware = "A.01.09";

const ModelData& findModel(std::string_view model) {
    for (const ModelData& data : kModels)
        if (equalsIgnoreCase(data.model, model))
            return data;
    throw std::invalid_argument("no N5700 model '" + std::string(model) + "' (known: N5767A, N5741A)");
}

std::vector<PsuOutputSpec> specsOf(const ModelData& data) {
    PsuOutputSpec spec;
    spec.maxVolts = data.ratedVolts * kProgrammingHeadroom;
    spec.maxAmps = data.ratedAmps * kProgrammingHeadroom;
    spec.ovpMin = data.ovpMin;
    spec.ovpMax = data.ovpMax;
    // *RST per the guide: VOLT 0, CURR 0, CURR:PROT:STAT OFF, VOLT:PROT MAX, OUTP OFF.
    spec.resetOvp = data.ovpMax;
    spec.ocpRule = PsuOcpRule::ConstantCurrent;
    spec.timeConstant = kTimeConstant;
    return {spec};
}

std::string identity(std::string_view model, const SimContext& context) {
    // Appended piece by piece: a chain of operator+ on temporaries trips a GCC 12 -Warray-bounds false positive.
    std::string idn(kManufacturer);
    idn.append(",").append(findModel(model).model).append(",").append(context.serialNumber);
    idn.append(",").append(kFirmware);
    return idn;
}

ScpiDeviceOptions keysightOptions() {
    ScpiDeviceOptions options;
    options.signedNr1 = true;
    return options;
}

double boundOrValue(const ScpiContext& c, const NumberSpec& spec, double value) {
    if (c.paramCount() == 0)
        return value;
    return c.enumeration(0, {"MINimum", "MAXimum"}) == "MIN" ? spec.min : spec.max;
}

} // namespace

KeysightN5700Simulator::KeysightN5700Simulator(std::string_view model, const SimContext& context)
    : PsuSimulator(identity(model, context), keysightOptions(), context, specsOf(findModel(model))) {
    registerSource();
    registerOutputAndMeasure();
    registerStatus();
}

void KeysightN5700Simulator::registerSource() {
    const auto voltageSpec = [this] {
        const PsuOutput& out = at(1);
        return NumberSpec{"V", 0, std::min(out.spec().maxVolts, out.ovpLevel() / kCoupling + kCouplingSlack), 0};
    };
    const auto ovpSpec = [this] {
        const PsuOutput& out = at(1);
        const double lowest = std::max(out.spec().ovpMin, out.voltageSetpoint() * kCoupling - kCouplingSlack);
        return NumberSpec{"V", lowest, out.spec().ovpMax, out.spec().ovpMax};
    };
    const auto currentSpec = [this] { return NumberSpec{"A", 0, at(1).spec().maxAmps, 0}; };

    addPsuCommand("[SOURce:]VOLTage[:LEVel][:IMMediate][:AMPLitude]", 1, 1,
                  [this, voltageSpec](ScpiContext& c) { at(1).setVoltage(c.number(0, voltageSpec())); });
    addPsuCommand("[SOURce:]VOLTage[:LEVel][:IMMediate][:AMPLitude]?", 0, 1, [this, voltageSpec](ScpiContext& c) {
        c.reply(formatNr3(boundOrValue(c, voltageSpec(), at(1).voltageSetpoint())));
    });
    addPsuCommand("[SOURce:]CURRent[:LEVel][:IMMediate][:AMPLitude]", 1, 1,
                  [this, currentSpec](ScpiContext& c) { at(1).setCurrentLimit(c.number(0, currentSpec())); });
    addPsuCommand("[SOURce:]CURRent[:LEVel][:IMMediate][:AMPLitude]?", 0, 1, [this, currentSpec](ScpiContext& c) {
        c.reply(formatNr3(boundOrValue(c, currentSpec(), at(1).currentLimit())));
    });
    addPsuCommand("[SOURce:]VOLTage:PROTection[:LEVel]", 1, 1,
                  [this, ovpSpec](ScpiContext& c) { at(1).setOvpLevel(c.number(0, ovpSpec())); });
    addPsuCommand("[SOURce:]VOLTage:PROTection[:LEVel]?", 0, 1, [this, ovpSpec](ScpiContext& c) {
        c.reply(formatNr3(boundOrValue(c, ovpSpec(), at(1).ovpLevel())));
    });
    addPsuCommand("[SOURce:]CURRent:PROTection:STATe", 1, 1,
                  [this](ScpiContext& c) { at(1).setOcpEnabled(c.boolean(0)); });
    addPsuCommand("[SOURce:]CURRent:PROTection:STATe?", 0, 0,
                  [this](ScpiContext& c) { c.reply(at(1).ocpEnabled() ? "1" : "0"); });
}

void KeysightN5700Simulator::registerOutputAndMeasure() {
    addPsuCommand("OUTPut[:STATe]", 1, 1, [this](ScpiContext& c) { at(1).setOutput(c.boolean(0)); });
    addPsuCommand("OUTPut[:STATe]?", 0, 0, [this](ScpiContext& c) { c.reply(at(1).isOn() ? "1" : "0"); });
    addPsuCommand("OUTPut:PROTection:CLEar", 0, 0, [this](ScpiContext&) {
        at(1).clear(PsuProtection::OverVoltage);
        at(1).clear(PsuProtection::OverCurrent);
    });
    addPsuCommand("MEASure[:SCALar]:VOLTage[:DC]?", 0, 0,
                  [this](ScpiContext& c) { c.reply(formatNr3(at(1).volts())); });
    addPsuCommand("MEASure[:SCALar]:CURRent[:DC]?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr3(at(1).amps())); });
}

void KeysightN5700Simulator::registerStatus() {
    const NumberSpec registerSpec{"", 0, kRegisterMax, 0};
    const auto nr1 = [this](int value) { return formatNr1(value, options().signedNr1); };
    addPsuCommand("STATus:QUEStionable:CONDition?", 0, 0, [this, nr1](ScpiContext& c) { c.reply(nr1(quesBits())); });
    addPsuCommand("STATus:QUEStionable[:EVENt]?", 0, 0, [this, nr1](ScpiContext& c) {
        c.reply(nr1(m_quesEvent));
        m_quesEvent = 0;
    });
    addPsuCommand("STATus:QUEStionable:ENABle", 1, 1, [this, registerSpec](ScpiContext& c) {
        m_quesEnable = static_cast<int>(std::lround(c.number(0, registerSpec)));
    });
    addPsuCommand("STATus:QUEStionable:ENABle?", 0, 0, [this, nr1](ScpiContext& c) { c.reply(nr1(m_quesEnable)); });
    addPsuCommand("STATus:OPERation:CONDition?", 0, 0, [this, nr1](ScpiContext& c) { c.reply(nr1(operBits())); });
    addPsuCommand("STATus:OPERation[:EVENt]?", 0, 0, [this, nr1](ScpiContext& c) {
        c.reply(nr1(m_operEvent));
        m_operEvent = 0;
    });
    addPsuCommand("STATus:OPERation:ENABle", 1, 1, [this, registerSpec](ScpiContext& c) {
        m_operEnable = static_cast<int>(std::lround(c.number(0, registerSpec)));
    });
    addPsuCommand("STATus:OPERation:ENABle?", 0, 0, [this, nr1](ScpiContext& c) { c.reply(nr1(m_operEnable)); });
    addPsuCommand("STATus:PRESet", 0, 0, [this](ScpiContext&) {
        m_quesEnable = 0;
        m_operEnable = 0;
    });
}

int KeysightN5700Simulator::quesBits() const {
    const PsuOutput& out = at(1);
    return (out.overVoltageTripped() ? kQuesOverVoltage : 0) | (out.overCurrentTripped() ? kQuesOverCurrent : 0);
}

int KeysightN5700Simulator::operBits() const {
    switch (at(1).regulation()) {
    case PsuRegulation::ConstantVoltage:
        return kOperConstantVoltage;
    case PsuRegulation::ConstantCurrent:
        return kOperConstantCurrent;
    case PsuRegulation::Off:
        break;
    }
    return 0;
}

int KeysightN5700Simulator::questionableCondition() {
    refresh();
    return quesBits();
}

int KeysightN5700Simulator::operationCondition() {
    refresh();
    return operBits();
}

void KeysightN5700Simulator::afterRefresh() {
    // Event registers latch rising edges of the condition (the guide's PTR preset is all ones, NTR none).
    const int ques = quesBits();
    m_quesEvent |= ques & ~m_quesLast;
    m_quesLast = ques;
    const int oper = operBits();
    m_operEvent |= oper & ~m_operLast;
    m_operLast = oper;
}

void KeysightN5700Simulator::clearStatus() {
    m_quesEvent = 0;
    m_operEvent = 0;
}

int KeysightN5700Simulator::statusSummaryBits() const {
    constexpr int kStbQuestionable = 1 << 3;
    constexpr int kStbOperation = 1 << 7;
    return ((m_quesEvent & m_quesEnable) != 0 ? kStbQuestionable : 0) |
           ((m_operEvent & m_operEnable) != 0 ? kStbOperation : 0);
}

std::span<const std::string_view> keysightN5700SimulatorModels() {
    return kModelKeys;
}

std::shared_ptr<LineDevice> makeKeysightN5700Simulator(std::string_view model, const SimContext& context) {
    return std::make_shared<KeysightN5700Simulator>(model, context);
}

} // namespace optiqual::instruments::sim
