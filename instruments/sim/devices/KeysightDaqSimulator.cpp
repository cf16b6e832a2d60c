#include "instruments/sim/devices/KeysightDaqSimulator.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"
#include "instruments/sim/world/ConstantDaqSignals.h"
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <cmath>

namespace optiqual::instruments::sim {

namespace {

constexpr int kSettingsConflict = -221;
constexpr int kDataOutOfRange = -222;

bool isDaq970(const std::string& model) {
    return model == "DAQ970A";
}

const char* functionName(int function) {
    static const char* const kNames[] = {"none", "temperature", "DC voltage", "DC current", "digital", "DAC output"};
    return kNames[function];
}

} // namespace

std::string keysightDaqIdn(const std::string& model, const std::string& serial) {
    if (isDaq970(model))
        return "Keysight Technologies,DAQ970A," + serial + ",A.03.02-01.00-03.02-00.02-00-01";
    if (model == "34972A")
        return "Agilent Technologies,34972A," + serial + ",1.16-1.12-02-02";
    return "Agilent Technologies," + model + "," + serial + ",13-2-2";
}

KeysightDaqSimulator::KeysightDaqSimulator(const SimContext& context, KeysightDaqSimulatorConfig config,
                                           std::shared_ptr<DaqSignalSource> signals)
    : ScpiDevice(keysightDaqIdn(config.model, context.serialNumber), {.signedNr1 = true, .errorDetail = true}),
      m_config(std::move(config)), m_clock(context.clock),
      m_signals(signals         ? std::move(signals)
                : context.world ? context.world->daqSignals(context.name)
                                : std::make_shared<ConstantDaqSignals>(context.seed)),
      m_world(context.world), m_name(context.name) {
    registerMeasurements();
    registerScanning();
    registerDigital();
}

void KeysightDaqSimulator::reset() {
    m_setup.clear();
    m_digital.clear();
    m_dac.clear();
    m_scanList.clear();
    m_memory.clear();
    m_triggerCount = 1;
}

unsigned KeysightDaqSimulator::digitalOutput(int channel) const {
    auto it = m_digital.find(channel);
    return it == m_digital.end() ? 0u : it->second;
}

double KeysightDaqSimulator::analogOutput(int channel) const {
    auto it = m_dac.find(channel);
    return it == m_dac.end() ? 0.0 : it->second;
}

std::string KeysightDaqSimulator::moduleName(DaqModuleKind kind) const {
    const bool daq970 = isDaq970(m_config.model);
    switch (kind) {
    case DaqModuleKind::Multiplexer:
        return daq970 ? "DAQM901A" : "34901A";
    case DaqModuleKind::Multifunction:
        return daq970 ? "DAQM907A" : "34907A";
    case DaqModuleKind::Empty:
        break;
    }
    return "0";
}

std::vector<int> KeysightDaqSimulator::channels(ScpiContext& c, Function function) const {
    std::vector<int> list = c.channelList(c.paramCount() - 1);
    if (list.empty())
        throw ScpiError(kDataOutOfRange, "empty channel list");
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    for (int channel : list) {
        const int slot = channel / 100;
        const int index = channel % 100;
        const DaqModuleKind kind =
            slot >= 1 && slot <= 3 ? m_config.slots[static_cast<std::size_t>(slot - 1)] : DaqModuleKind::Empty;
        bool ok = false;
        if (kind == DaqModuleKind::Multiplexer)
            ok = function == Function::Current ? (index == 21 || index == 22)
                                               : (function != Function::Digital && index >= 1 && index <= 20);
        else if (kind == DaqModuleKind::Multifunction)
            ok = (function == Function::Digital && (index == 1 || index == 2)) ||
                 (function == Function::Dac && (index == 4 || index == 5));
        if (!ok)
            throw ScpiError(kDataOutOfRange, "channel " + std::to_string(channel) + " cannot measure " +
                                                 functionName(static_cast<int>(function)));
    }
    return list;
}

void KeysightDaqSimulator::checkOptions(ScpiContext& c, Function function) const {
    const std::size_t options = c.paramCount() - 1; // everything before the channel list
    if (function == Function::Temperature) {
        const std::string probe = c.enumeration(0, {"TCouple", "RTD", "FRTD", "THERmistor", "DEFault"});
        if (probe != "TC" && probe != "DEF")
            throw ScpiError(kSettingsConflict, "only thermocouples are simulated");
        if (options >= 2)
            c.enumeration(1, {"B", "E", "J", "K", "N", "R", "S", "T", "DEFault"});
        return;
    }
    const NumberSpec range =
        function == Function::Voltage ? NumberSpec{"V", 0.0, 300.0, 10.0} : NumberSpec{"A", 0.0, 1.0, 1.0};
    for (std::size_t i = 0; i < options; ++i)
        if (!equalsIgnoreCase(c.rawParam(i), "AUTO"))
            c.number(i, range);
}

void KeysightDaqSimulator::configure(const std::vector<int>& list, Function function) {
    for (int channel : list)
        m_setup[channel] = ChannelSetup{function, 'C'};
    m_scanList = list;
}

double KeysightDaqSimulator::reading(int channel) {
    const double t = m_clock->seconds();
    const ChannelSetup setup = m_setup[channel];
    switch (setup.function) {
    case Function::Temperature: {
        const double degC = m_signals->temperature(channel, t);
        return setup.unit == 'F' ? degC * 1.8 + 32.0 : setup.unit == 'K' ? degC + 273.15 : degC;
    }
    case Function::Voltage:
        return m_signals->dcVoltage(channel, t);
    case Function::Current:
        return m_signals->dcCurrent(channel, t);
    case Function::None:
    case Function::Digital:
    case Function::Dac:
        break;
    }
    return std::nan("");
}

std::string KeysightDaqSimulator::readScanList() {
    if (m_scanList.empty())
        throw ScpiError(kSettingsConflict, "the scan list is empty");
    std::string out;
    for (int channel : m_scanList) {
        if (!out.empty())
            out += ',';
        out += formatNr3(reading(channel));
    }
    return out;
}

void KeysightDaqSimulator::registerMeasurements() {
    struct Form {
        const char* measure;
        const char* configure;
        Function function;
        std::size_t minParams;
        std::size_t maxParams;
    };
    static constexpr Form kForms[] = {
        {"MEASure:TEMPerature?", "CONFigure:TEMPerature", Function::Temperature, 3, 5},
        {"MEASure:VOLTage[:DC]?", "CONFigure:VOLTage[:DC]", Function::Voltage, 1, 3},
        {"MEASure:CURRent[:DC]?", "CONFigure:CURRent[:DC]", Function::Current, 1, 3},
    };
    for (const Form& form : kForms) {
        const Function function = form.function;
        addCommand(form.measure, form.minParams, form.maxParams, [this, function](ScpiContext& c) {
            const auto list = channels(c, function);
            checkOptions(c, function);
            configure(list, function);
            c.reply(readScanList());
        });
        addCommand(form.configure, form.minParams, form.maxParams, [this, function](ScpiContext& c) {
            const auto list = channels(c, function);
            checkOptions(c, function);
            configure(list, function);
        });
    }
}

void KeysightDaqSimulator::registerScanning() {
    addCommand("ROUTe:SCAN", 1, 1, [this](ScpiContext& c) {
        std::vector<int> list = c.channelList(0);
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        for (int channel : list) {
            auto it = m_setup.find(channel);
            if (it == m_setup.end() || it->second.function == Function::None ||
                it->second.function == Function::Digital)
                throw ScpiError(kSettingsConflict, "channel " + std::to_string(channel) + " is not configured");
        }
        m_scanList = std::move(list);
    });
    addCommand("ROUTe:SCAN?", 0, 0, [this](ScpiContext& c) { c.reply(formatBlock(formatChannelList(m_scanList))); });
    addCommand("READ?", 0, 0, [this](ScpiContext& c) { c.reply(readScanList()); });
    addCommand("INITiate", 0, 0, [this](ScpiContext&) { m_memory = readScanList(); });
    addCommand("FETCh?", 0, 0, [this](ScpiContext& c) {
        if (m_memory.empty())
            throw ScpiError(kSettingsConflict, "no readings in memory");
        c.reply(m_memory);
    });
    addCommand("ABORt", 0, 0, [](ScpiContext&) {});
    addCommand("TRIGger:COUNt", 1, 1, [this](ScpiContext& c) {
        m_triggerCount = static_cast<int>(c.number(0, {"", 1.0, 50000.0, 1.0}));
    });
    addCommand("TRIGger:COUNt?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr3(m_triggerCount)); });
    addCommand("UNIT:TEMPerature", 1, 2, [this](ScpiContext& c) {
        const char unit = c.enumeration(0, {"C", "F", "K"}).front();
        const std::vector<int> list = c.paramCount() > 1 ? channels(c, Function::Temperature) : m_scanList;
        for (int channel : list)
            m_setup[channel].unit = unit;
    });
    addCommand("UNIT:TEMPerature?", 0, 1, [this](ScpiContext& c) {
        const std::vector<int> list = c.paramCount() > 0 ? channels(c, Function::Temperature) : m_scanList;
        std::string out;
        for (int channel : list)
            out += std::string(out.empty() ? "" : ",") + m_setup[channel].unit;
        c.reply(out.empty() ? "C" : out);
    });
    addCommand("SYSTem:CTYPe?", 1, 1, [this](ScpiContext& c) {
        const int slot = static_cast<int>(c.number(0, {"", 100.0, 300.0, 100.0})) / 100;
        const std::string maker = isDaq970(m_config.model) ? "Keysight Technologies" : "Agilent Technologies";
        const DaqModuleKind kind = m_config.slots[static_cast<std::size_t>(slot - 1)];
        c.reply(kind == DaqModuleKind::Empty ? maker + ",0,0,0" : maker + "," + moduleName(kind) + ",0,1.0");
    });
}

void KeysightDaqSimulator::registerDigital() {
    addCommand("SOURce:DIGital:DATA[:BYTE]", 2, 2, [this](ScpiContext& c) {
        const auto list = channels(c, Function::Digital);
        const double value = c.number(0, {"", 0.0, 255.0, 0.0});
        if (value != std::floor(value))
            throw ScpiError(kDataOutOfRange, "a byte is a whole number");
        for (int channel : list) {
            m_digital[channel] = static_cast<unsigned>(value);
            if (m_world)
                m_world->setDigitalOutput(m_name, channel, static_cast<unsigned>(value), m_clock->seconds());
        }
    });
    auto query = [this](ScpiContext& c) {
        std::string out;
        for (int channel : channels(c, Function::Digital))
            out += (out.empty() ? "" : ",") + formatNr1(digitalOutput(channel), true);
        c.reply(out);
    };
    addCommand("SOURce:DIGital:DATA[:BYTE]?", 1, 1, query);
    addCommand("SENSe:DIGital:DATA[:BYTE]?", 1, 1, query);
    addCommand("SOURce:VOLTage", 2, 2, [this](ScpiContext& c) {
        const auto list = channels(c, Function::Dac);
        const double volts = c.number(0, {"V", -12.0, 12.0, 0.0});
        for (int channel : list) {
            m_dac[channel] = volts;
            if (m_world)
                m_world->setAnalogOutput(m_name, channel, volts, m_clock->seconds());
        }
    });
    addCommand("SOURce:VOLTage?", 1, 1, [this](ScpiContext& c) {
        std::string out;
        for (int channel : channels(c, Function::Dac))
            out += (out.empty() ? "" : ",") + formatNr3(analogOutput(channel));
        c.reply(out);
    });
}

} // namespace optiqual::instruments::sim
