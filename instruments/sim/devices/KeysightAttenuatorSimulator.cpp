#include "instruments/sim/devices/KeysightAttenuatorSimulator.h"

#include "core/Units.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"
#include "instruments/sim/world/ConstantOpticalSource.h"
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace optiqual::instruments::sim {
namespace {

constexpr int kHeaderSuffixOutOfRange = -114;
constexpr int kDataOutOfRange = -222;
constexpr int kIllegalParameterValue = -224;
constexpr double kMinSpeed = 0.1; // dB/s, reference 3f
constexpr double kMaxSpeed = 80.0;
constexpr double kMaxOffset = 200.0; // ±200 dB (N77xx guide, :INPut:OFFSet)
constexpr double kDarkDbm = -200.0;  // what the monitor shows in dBm without light (assumed)

// Channel counts from the N77xx guide's slot table (N7766A/N7768A are the multimode two- and four-channel
// units). Wavelength ranges, the 45 dB filter range and the insertion losses are assumed typical datasheet
// values, not quoted specifications.
const std::array<KeysightAttenuatorSimModel, 5> kModels{{
    {"N7761A", 1, 1260e-9, 1640e-9, 45.0, 1.0, "1.4.0"},
    {"N7762A", 2, 1260e-9, 1640e-9, 45.0, 1.0, "1.4.0"},
    {"N7764A", 4, 1260e-9, 1640e-9, 45.0, 1.0, "1.4.0"},
    {"N7766A", 2, 800e-9, 1370e-9, 45.0, 1.5, "1.4.0"},
    {"N7768A", 4, 800e-9, 1370e-9, 45.0, 1.5, "1.4.0"},
}};

bool isNumericToken(std::string_view token) {
    token = trimScpi(token);
    return !token.empty() &&
           (isAsciiDigit(token.front()) || token.front() == '+' || token.front() == '-' || token.front() == '.');
}

} // namespace

const KeysightAttenuatorSimModel* KeysightAttenuatorSimulator::findModel(std::string_view model) {
    for (const auto& m : kModels) {
        if (equalsIgnoreCase(m.model, model)) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<std::string> KeysightAttenuatorSimulator::models() {
    std::vector<std::string> keys;
    for (const auto& m : kModels) {
        keys.push_back(m.model);
    }
    return keys;
}

KeysightAttenuatorSimulator::KeysightAttenuatorSimulator(KeysightAttenuatorSimModel model, const SimContext& context)
    : ScpiDevice("Keysight Technologies," + model.model + "," + context.serialNumber + "," + model.firmware,
                 ScpiDeviceOptions{.signedNr1 = true}),
      m_model(std::move(model)), m_clock(context.clock),
      m_source(context.world ? context.world->opticalInputs(context.name, true)
                             : std::make_shared<ConstantOpticalSource>(-3.0, 0.002, context.seed)) {
    reset();
    if (context.world)
        context.world->attachAttenuator(context.name, m_model.channels, [this](int channel, double inputWatts) {
            return outputWatts(channel, inputWatts, now());
        });
    registerInput();
    registerOutput();
    addCommand("SYSTem:PRESet", 0, 0, [this](ScpiContext&) { reset(); });
}

double KeysightAttenuatorSimulator::now() const {
    return m_clock->seconds() + m_advanced;
}

void KeysightAttenuatorSimulator::reset() {
    m_channels.assign(static_cast<std::size_t>(m_model.channels), Channel{});
}

int KeysightAttenuatorSimulator::channelNumber(const ScpiContext& c) const {
    const int slot = c.suffix(0);
    if (slot < 1 || slot > 2 * m_model.channels || c.suffix(1) != 1) {
        throw ScpiError(kHeaderSuffixOutOfRange);
    }
    return (slot + 1) / 2;
}

double KeysightAttenuatorSimulator::parseAttenuation(const ScpiContext& c, const Channel& ch) const {
    // MIN and DEF put the filter at 0 dB, MAX at its greatest (N77xx guide, :INPut:ATTenuation).
    const NumberSpec spec{"DB", ch.offset, ch.offset + m_model.maxAttenuationDb, ch.offset};
    try {
        return c.number(0, spec);
    } catch (const ScpiError& e) {
        if (e.code() == kDataOutOfRange) {
            throw ScpiError(kIllegalParameterValue); // this instrument reports an illegal attenuation as -224
        }
        throw;
    }
}

void KeysightAttenuatorSimulator::registerInput() {
    const NumberSpec wavelengthSpec{"M", m_model.minWavelength, m_model.maxWavelength, 1550e-9};
    const NumberSpec speedSpec{"", kMinSpeed, kMaxSpeed, kMaxSpeed};
    const NumberSpec offsetSpec{"DB", -kMaxOffset, kMaxOffset, 0.0};
    addCommand("INPut#[:CHANnel#]:ATTenuation", 1, 1, [this](ScpiContext& c) {
        Channel& ch = channelOf(c);
        moveFilter(ch, parseAttenuation(c, ch) - ch.offset);
    });
    addCommand("INPut#[:CHANnel#]:ATTenuation?", 0, 1, [this](ScpiContext& c) {
        const Channel& ch = channelOf(c);
        const NumberSpec spec{"DB", ch.offset, ch.offset + m_model.maxAttenuationDb, ch.offset};
        c.reply(formatNr3Exp3(c.valueOrLimit(0, spec, ch.filterTarget + ch.offset)));
    });
    addCommand("INPut#[:CHANnel#]:ATTenuation:ALL", 1, 1, [this](ScpiContext& c) {
        std::vector<double> values;
        for (const Channel& ch : m_channels) {
            values.push_back(parseAttenuation(c, ch)); // all or nothing: validate every channel first
        }
        for (std::size_t i = 0; i < m_channels.size(); ++i) {
            moveFilter(m_channels[i], values[i] - m_channels[i].offset);
        }
    });
    addCommand("INPut#[:CHANnel#]:ATTenuation:SPEed", 1, 1,
               [this, speedSpec](ScpiContext& c) { channelOf(c).speed = c.number(0, speedSpec); });
    addCommand("INPut#[:CHANnel#]:ATTenuation:SPEed?", 0, 1, [this, speedSpec](ScpiContext& c) {
        c.reply(formatNr3Exp3(c.valueOrLimit(0, speedSpec, channelOf(c).speed)));
    });
    addCommand("INPut#[:CHANnel#]:OFFSet", 1, 1,
               [this, offsetSpec](ScpiContext& c) { channelOf(c).offset = c.number(0, offsetSpec); });
    addCommand("INPut#[:CHANnel#]:OFFSet?", 0, 1, [this, offsetSpec](ScpiContext& c) {
        c.reply(formatNr3Exp3(c.valueOrLimit(0, offsetSpec, channelOf(c).offset)));
    });
    addCommand("INPut#[:CHANnel#]:OFFSet:DISPlay", 0, 0, [this](ScpiContext& c) {
        Channel& ch = channelOf(c);
        ch.offset = -ch.filterTarget; // the displayed attenuation becomes 0
    });
    addCommand("INPut#[:CHANnel#]:WAVelength", 1, 1,
               [this, wavelengthSpec](ScpiContext& c) { channelOf(c).wavelength = c.number(0, wavelengthSpec); });
    addCommand("INPut#[:CHANnel#]:WAVelength?", 0, 1, [this, wavelengthSpec](ScpiContext& c) {
        c.reply(formatNr3Exp3(c.valueOrLimit(0, wavelengthSpec, channelOf(c).wavelength)));
    });
    addCommand("INPut#[:CHANnel#]:WAVelength:ALL", 1, 1, [this, wavelengthSpec](ScpiContext& c) {
        const double wavelength = c.number(0, wavelengthSpec);
        for (Channel& ch : m_channels) {
            ch.wavelength = wavelength;
        }
    });
}

void KeysightAttenuatorSimulator::registerOutput() {
    const NumberSpec averagingSpec{"S", 0.002, 10.0, 0.1}; // 2 ms granularity (guide); 10 s maximum assumed
    addCommand("OUTPut#[:CHANnel#][:STATe]", 1, 1, [this](ScpiContext& c) { channelOf(c).shutterOpen = c.boolean(0); });
    addCommand("OUTPut#[:CHANnel#][:STATe]?", 0, 0,
               [this](ScpiContext& c) { c.reply(channelOf(c).shutterOpen ? "1" : "0"); });
    addCommand("OUTPut#[:CHANnel#][:STATe]:ALL", 1, 1, [this](ScpiContext& c) {
        const bool open = c.boolean(0);
        for (Channel& ch : m_channels) {
            ch.shutterOpen = open;
        }
    });
    addCommand("OUTPut#[:CHANnel#]:POWer:UNit", 1, 1, [this](ScpiContext& c) {
        Channel& ch = channelOf(c);
        if (isNumericToken(c.rawParam(0))) {
            const double value = c.number(0, NumberSpec{"", 0, 1, 0});
            if (value != 0.0 && value != 1.0) {
                throw ScpiError(kIllegalParameterValue);
            }
            ch.watts = value == 1.0;
        } else {
            ch.watts = c.enumeration(0, {"DBM", "WATT"}) == "WATT";
        }
    });
    addCommand("OUTPut#[:CHANnel#]:POWer:UNit?", 0, 0,
               [this](ScpiContext& c) { c.reply(channelOf(c).watts ? "1" : "0"); });
    addCommand("OUTPut#[:CHANnel#]:POWer:CONTRol", 1, 1,
               [this](ScpiContext& c) { channelOf(c).powerControl = c.boolean(0); });
    addCommand("OUTPut#[:CHANnel#]:POWer:CONTRol?", 0, 0,
               [this](ScpiContext& c) { c.reply(channelOf(c).powerControl ? "1" : "0"); });
    addCommand("OUTPut#[:CHANnel#]:POWer", 1, 1, [this](ScpiContext& c) {
        // The set point is in the current power unit; its range (−60 … +23 dBm) is assumed.
        Channel& ch = channelOf(c);
        ch.powerSetpointDbm = ch.watts ? core::wattsToDbm(c.number(0, NumberSpec{"W", 1e-9, 0.2, 1e-4}))
                                       : c.number(0, NumberSpec{"DBM", -60.0, 23.0, -10.0});
    });
    addCommand("OUTPut#[:CHANnel#]:POWer?", 0, 0, [this](ScpiContext& c) {
        const Channel& ch = channelOf(c);
        c.reply(formatNr3Exp3(ch.watts ? core::dbmToWatts(ch.powerSetpointDbm) : ch.powerSetpointDbm));
    });
    addCommand("OUTPut#[:CHANnel#]:ATIMe", 1, 1,
               [this, averagingSpec](ScpiContext& c) { channelOf(c).averagingTime = c.number(0, averagingSpec); });
    addCommand("OUTPut#[:CHANnel#]:ATIMe?", 0, 0,
               [this](ScpiContext& c) { c.reply(formatNr3Exp3(channelOf(c).averagingTime)); });
    // The monitor always measures continuously (init:cont stays 1 on the N776x), so FETCh is a fresh reading.
    auto read = [this](ScpiContext& c) {
        const int channel = channelNumber(c);
        Channel& ch = m_channels[index(channel)];
        ch.lastReadingWatts = power(channel, ch.wavelength, now());
        c.reply(formatPower(ch, ch.lastReadingWatts));
    };
    addCommand("READ#[:CHANnel#][:SCALar]:POWer[:DC]?", 0, 0, read);
    addCommand("FETCh#[:CHANnel#][:SCALar]:POWer[:DC]?", 0, 0, read);
}

double KeysightAttenuatorSimulator::filterAt(const Channel& ch, double time) const {
    const double travelled = ch.speed * std::max(0.0, time - ch.moveStart);
    const double distance = ch.filterTarget - ch.filterFrom;
    if (travelled >= std::abs(distance)) {
        return ch.filterTarget;
    }
    return ch.filterFrom + std::copysign(travelled, distance);
}

void KeysightAttenuatorSimulator::moveFilter(Channel& ch, double target) {
    const double t = now();
    ch.filterFrom = filterAt(ch, t); // a new target starts from wherever the filter is now
    ch.filterTarget = target;
    ch.moveStart = t;
}

double KeysightAttenuatorSimulator::attenuation(int channel) const {
    const Channel& ch = m_channels.at(index(channel));
    return ch.filterTarget + ch.offset;
}

double KeysightAttenuatorSimulator::filterAttenuation(int channel) const {
    return filterAt(m_channels.at(index(channel)), now());
}

double KeysightAttenuatorSimulator::power(int port, double /*wavelengthMetres*/, double seconds) {
    const Channel& ch = m_channels.at(index(port));
    if (!ch.shutterOpen || !m_source) {
        return 0.0;
    }
    return outputWatts(port, m_source->power(port, ch.wavelength, seconds), seconds);
}

double KeysightAttenuatorSimulator::outputWatts(int channel, double input, double seconds) const {
    const Channel& ch = m_channels.at(index(channel));
    if (!ch.shutterOpen || !(input > 0.0)) {
        return 0.0;
    }
    double filter = filterAt(ch, seconds);
    if (ch.powerControl) {
        // Power control moves the filter to hold the set point (at full speed once reached, per the guide).
        filter = std::clamp(core::wattsToDbm(input) - m_model.insertionLossDb - ch.powerSetpointDbm, 0.0,
                            m_model.maxAttenuationDb);
    }
    return input * core::dbToRatio(-(filter + m_model.insertionLossDb));
}

std::string KeysightAttenuatorSimulator::formatPower(const Channel& ch, double watts) const {
    if (ch.watts) {
        return formatNr3Exp3(watts);
    }
    return formatNr3Exp3(watts > 0.0 ? core::wattsToDbm(watts) : kDarkDbm);
}

} // namespace optiqual::instruments::sim
