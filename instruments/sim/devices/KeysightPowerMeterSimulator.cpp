#include "instruments/sim/devices/KeysightPowerMeterSimulator.h"

#include "core/Units.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"
#include "instruments/sim/world/ConstantOpticalSource.h"
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace optiqual::instruments::sim {
namespace {

constexpr int kHeaderSuffixOutOfRange = -114;
constexpr int kSettingsConflict = -221;
constexpr int kIllegalParameterValue = -224;

// Datasheet figures where known; the rest are stated assumptions:
// - N7744A/N7745A: 1250–1650 nm, averaging 1 µs–10 s, 1 M samples per logging buffer (N77xx guide), ranges
//   +10…−30 dBm (N77xx guide, RANGe table); sensitivity −80 dBm (assumed).
// - 8163B with 81634B power-meter modules in its two slots: 800–1700 nm, averaging 100 µs–10 s, ranges
//   +10…−70 dBm, −110 dBm sensitivity; 20001 logging points (assumed).
const std::array<KeysightPowerMeterSimModel, 3> kModels{{
    {"N7744A", 4, 1250e-9, 1650e-9, 1e-6, 10.0, 1000000, -30.0, 10.0, -80.0, "1.135"},
    {"N7745A", 8, 1250e-9, 1650e-9, 1e-6, 10.0, 1000000, -30.0, 10.0, -80.0, "1.135"},
    {"8163B", 2, 800e-9, 1700e-9, 100e-6, 10.0, 20001, -70.0, 10.0, -110.0, "V5.25(72637)"},
}};

bool isNumericToken(std::string_view token) {
    token = trimScpi(token);
    return !token.empty() && (isAsciiDigit(token.front()) || token.front() == '+' || token.front() == '-' ||
                              token.front() == '.' || token.front() == '#');
}

/// `MIN`/`MAX`/`DEF` query parameter: the matching bound of @p spec.
} // namespace

const KeysightPowerMeterSimModel* KeysightPowerMeterSimulator::findModel(std::string_view model) {
    for (const auto& m : kModels) {
        if (equalsIgnoreCase(m.model, model)) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<std::string> KeysightPowerMeterSimulator::models() {
    std::vector<std::string> keys;
    for (const auto& m : kModels) {
        keys.push_back(m.model);
    }
    return keys;
}

namespace {
/// [A] Until the world model couples a module's transmitters to the meter through the switch, the meter sees a
/// DR-class module's typical average launch power (datasheet window -2.9..+4 dBm) less a 0.5 dB patch loss.
constexpr double kDefaultInputDbm = 1.0;
} // namespace

KeysightPowerMeterSimulator::KeysightPowerMeterSimulator(KeysightPowerMeterSimModel model, const SimContext& context)
    : ScpiDevice("Keysight Technologies," + model.model + "," + context.serialNumber + "," + model.firmware,
                 ScpiDeviceOptions{.signedNr1 = true}),
      m_model(std::move(model)), m_clock(context.clock),
      m_source(context.world ? context.world->opticalInputs(context.name)
                             : std::make_shared<ConstantOpticalSource>(kDefaultInputDbm, 0.002, context.seed)) {
    reset();
    registerSense();
    registerMeasurement();
    registerLogging();
    addCommand("SYSTem:PRESet", 0, 0, [this](ScpiContext&) { reset(); });
}

double KeysightPowerMeterSimulator::now() const {
    return m_clock->seconds() + m_advanced;
}

void KeysightPowerMeterSimulator::reset() {
    m_ports.assign(static_cast<std::size_t>(m_model.ports), Port{});
}

int KeysightPowerMeterSimulator::portNumber(const ScpiContext& c) const {
    const int slot = c.suffix(0);
    if (slot < 1 || slot > m_model.ports || c.suffix(1) != 1) {
        throw ScpiError(kHeaderSuffixOutOfRange);
    }
    return slot;
}

KeysightPowerMeterSimulator::Port& KeysightPowerMeterSimulator::portOf(const ScpiContext& c) {
    return m_ports[index(portNumber(c))];
}

void KeysightPowerMeterSimulator::registerSense() {
    const NumberSpec wavelengthSpec{"M", m_model.minWavelength, m_model.maxWavelength,
                                    (m_model.minWavelength + m_model.maxWavelength) / 2};
    const NumberSpec averagingSpec{"S", m_model.minAveragingTime, m_model.maxAveragingTime, 0.1};
    addCommand("SENSe#[:CHANnel#]:POWer:WAVelength", 1, 1,
               [this, wavelengthSpec](ScpiContext& c) { portOf(c).wavelength = c.number(0, wavelengthSpec); });
    addCommand("SENSe#[:CHANnel#]:POWer:WAVelength?", 0, 1, [this, wavelengthSpec](ScpiContext& c) {
        c.reply(formatNr3Exp3(c.valueOrLimit(0, wavelengthSpec, portOf(c).wavelength)));
    });
    addCommand("SENSe#[:CHANnel#]:POWer:UNIT", 1, 1, [this](ScpiContext& c) {
        Port& p = portOf(c);
        if (isNumericToken(c.rawParam(0))) {
            const double value = c.number(0, NumberSpec{"", 0, 1, 0});
            if (value != 0.0 && value != 1.0) {
                throw ScpiError(kIllegalParameterValue);
            }
            p.watts = value == 1.0;
        } else {
            p.watts = c.enumeration(0, {"DBM", "Watt"}) == "W";
        }
    });
    addCommand("SENSe#[:CHANnel#]:POWer:UNIT?", 0, 0,
               [this](ScpiContext& c) { c.reply(formatNr1(portOf(c).watts ? 1 : 0, true)); });
    addCommand("SENSe#[:CHANnel#]:POWer:ATIMe", 1, 1,
               [this, averagingSpec](ScpiContext& c) { portOf(c).averagingTime = c.number(0, averagingSpec); });
    addCommand("SENSe#[:CHANnel#]:POWer:ATIMe?", 0, 0,
               [this](ScpiContext& c) { c.reply(formatNr3Exp3(portOf(c).averagingTime)); });
    addCommand("SENSe#[:CHANnel#]:POWer:RANGe:AUTO", 1, 1,
               [this](ScpiContext& c) { portOf(c).autoRange = c.boolean(0); });
    addCommand("SENSe#[:CHANnel#]:POWer:RANGe:AUTO?", 0, 0,
               [this](ScpiContext& c) { c.reply(portOf(c).autoRange ? "1" : "0"); });
    addCommand("SENSe#[:CHANnel#]:POWer:RANGe[:UPPer]", 1, 1, [this](ScpiContext& c) {
        // The guide rounds to the closest multiple of 10 dBm; accept what rounds into the model's ranges.
        const NumberSpec spec{"DBM", m_model.minRangeDbm - 5.0, m_model.maxRangeDbm + 4.999, 0.0};
        Port& p = portOf(c);
        p.rangeDbm = std::clamp(10.0 * std::round(c.number(0, spec) / 10.0), m_model.minRangeDbm, m_model.maxRangeDbm);
        p.autoRange = false; // a manual range switches autoranging off, as on the instrument
    });
    addCommand("SENSe#[:CHANnel#]:POWer:RANGe[:UPPer]?", 0, 0,
               [this](ScpiContext& c) { c.reply(formatNr3Exp3(portOf(c).rangeDbm)); });
}

void KeysightPowerMeterSimulator::registerMeasurement() {
    auto read = [this](ScpiContext& c) {
        const int port = portNumber(c);
        Port& p = m_ports[index(port)];
        if (loggingInProgress(port)) {
            throw ScpiError(kSettingsConflict, "logging in progress");
        }
        p.lastReadingWatts = measureWatts(port, p, now());
        c.reply(formatReading(p, p.lastReadingWatts));
    };
    addCommand("READ#[:CHANnel#][:SCALar]:POWer[:DC]?", 0, 0, read);
    addCommand("FETCh#[:CHANnel#][:SCALar]:POWer[:DC]?", 0, 0, [this, read](ScpiContext& c) {
        const Port& p = portOf(c);
        if (p.continuous) {
            read(c); // continuous triggering keeps the last value fresh
        } else {
            c.reply(formatReading(p, p.lastReadingWatts));
        }
    });
    addCommand("INITiate#[:CHANnel#][:IMMediate]", 0, 0, [this](ScpiContext& c) {
        const int port = portNumber(c);
        Port& p = m_ports[index(port)];
        p.lastReadingWatts = measureWatts(port, p, now());
    });
    addCommand("INITiate#[:CHANnel#]:CONTinuous", 1, 1,
               [this](ScpiContext& c) { portOf(c).continuous = c.boolean(0); });
    addCommand("INITiate#[:CHANnel#]:CONTinuous?", 0, 0,
               [this](ScpiContext& c) { c.reply(portOf(c).continuous ? "1" : "0"); });
    addCommand("TRIGger#[:CHANnel#]:INPut", 1, 1, [this](ScpiContext& c) {
        portOf(c).triggerInput = c.enumeration(0, {"IGNore", "SMEasure", "CMEasure", "MMEasure"});
    });
    addCommand("TRIGger#[:CHANnel#]:INPut?", 0, 0, [this](ScpiContext& c) { c.reply(portOf(c).triggerInput); });
    addCommand("TRIGger#[:CHANnel#]:OUTPut", 1, 1, [this](ScpiContext& c) {
        portOf(c).triggerOutput = c.enumeration(0, {"DISabled", "AVGover", "MEASure"});
    });
    addCommand("TRIGger#[:CHANnel#]:OUTPut?", 0, 0, [this](ScpiContext& c) { c.reply(portOf(c).triggerOutput); });
}

void KeysightPowerMeterSimulator::registerLogging() {
    addCommand("SENSe#[:CHANnel#]:FUNCtion:PARameter:LOGGing", 2, 2, [this](ScpiContext& c) {
        const int port = portNumber(c);
        const double count = c.number(0, NumberSpec{"", 1, static_cast<double>(m_model.maxLoggingPoints), 100});
        const double interval = c.number(1, NumberSpec{"S", m_model.minAveragingTime, m_model.maxAveragingTime, 0.1});
        if (count != std::floor(count)) {
            throw ScpiError(kIllegalParameterValue, "data points must be an integer");
        }
        if (loggingInProgress(port)) {
            throw ScpiError(kSettingsConflict, "stop the function first");
        }
        Port& p = m_ports[index(port)];
        p.logCount = static_cast<int>(count);
        p.logInterval = interval;
    });
    addCommand("SENSe#[:CHANnel#]:FUNCtion:PARameter:LOGGing?", 0, 0, [this](ScpiContext& c) {
        const Port& p = portOf(c);
        c.reply(formatNr1(p.logCount, true) + "," + formatNr3Exp3(p.logInterval));
    });
    addCommand("SENSe#[:CHANnel#]:FUNCtion:STATe", 2, 2, [this](ScpiContext& c) {
        Port& p = portOf(c);
        const std::string function = c.enumeration(0, {"LOGGing", "STABility", "MINMax"});
        if (c.enumeration(1, {"STOP", "STARt"}) == "STOP") {
            p.logging = false; // results stay readable
            return;
        }
        if (function != "LOGG") {
            throw ScpiError(kIllegalParameterValue, "only the logging function is simulated");
        }
        p.logging = true;
        p.logStart = now();
        p.logged.clear();
    });
    addCommand("SENSe#[:CHANnel#]:FUNCtion:STATe?", 0, 0, [this](ScpiContext& c) {
        const int port = portNumber(c);
        if (!m_ports[index(port)].logging) {
            c.reply("NONE,COMPLETE");
        } else {
            c.reply(loggingInProgress(port) ? "LOGGING_STABILITY,PROGRESS" : "LOGGING_STABILITY,COMPLETE");
        }
    });
    addCommand("SENSe#[:CHANnel#]:FUNCtion:RESult?", 0, 0, [this](ScpiContext& c) {
        const int port = portNumber(c);
        Port& p = m_ports[index(port)];
        collectSamples(port, p);
        // 4-byte floats in Intel (little-endian) byte order, whatever the host's order.
        std::string bytes;
        bytes.reserve(p.logged.size() * 4);
        for (float value : p.logged) {
            std::uint32_t bits = 0;
            std::memcpy(&bits, &value, sizeof bits);
            for (int shift = 0; shift < 32; shift += 8) {
                bytes += static_cast<char>((bits >> shift) & 0xFFu);
            }
        }
        c.reply(formatBlock(bytes));
    });
}

bool KeysightPowerMeterSimulator::loggingInProgress(int port) const {
    const Port& p = m_ports.at(index(port));
    return p.logging && completedSamples(p) < p.logCount;
}

int KeysightPowerMeterSimulator::completedSamples(const Port& p) const {
    if (m_instantLogging) {
        return p.logCount;
    }
    // A sample is complete at the end of its averaging interval; the epsilon absorbs rounding of now().
    const double done = std::floor((now() - p.logStart) / p.logInterval + 1e-9);
    return static_cast<int>(std::clamp(done, 0.0, static_cast<double>(p.logCount)));
}

void KeysightPowerMeterSimulator::collectSamples(int port, Port& p) {
    if (!p.logging) {
        return;
    }
    const auto done = static_cast<std::size_t>(completedSamples(p));
    while (p.logged.size() < done) {
        const double t = p.logStart + static_cast<double>(p.logged.size() + 1) * p.logInterval;
        p.logged.push_back(static_cast<float>(measureWatts(port, p, t)));
    }
}

double KeysightPowerMeterSimulator::measureWatts(int port, const Port& p, double time) {
    const double watts = m_source ? m_source->power(port, p.wavelength, time) : 0.0;
    if (!(watts > 0.0)) {
        return kInvalidReading;
    }
    // Assumed detector model: autorange reads from the sensitivity up to 3 dB over the top range; a fixed
    // range reads from 50 dB below it to 3 dB over it.
    const double dbm = core::wattsToDbm(watts);
    const double top = p.autoRange ? m_model.maxRangeDbm : p.rangeDbm;
    const double floor = p.autoRange ? m_model.sensitivityDbm : std::max(m_model.sensitivityDbm, p.rangeDbm - 50.0);
    if (dbm < floor || dbm > top + 3.0) {
        return kInvalidReading;
    }
    return watts;
}

std::string KeysightPowerMeterSimulator::formatReading(const Port& p, double watts) const {
    if (watts >= kInvalidReading) {
        return formatNr3Exp3(kInvalidReading);
    }
    return formatNr3Exp3(p.watts ? watts : core::wattsToDbm(watts));
}

} // namespace optiqual::instruments::sim
