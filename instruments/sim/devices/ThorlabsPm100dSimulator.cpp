#include "instruments/sim/devices/ThorlabsPm100dSimulator.h"

#include "core/Units.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/world/ConstantOpticalSource.h"
#include "instruments/sim/world/World.h"

#include <cmath>
#include <limits>

namespace optiqual::instruments::sim {
namespace {

constexpr int kIllegalParameterValue = -224;

/// The console's `%E`-style numbers: six decimals, two exponent digits, a sign only when negative.
std::string thorlabsNumber(double value) {
    std::string text = formatNr3(value, 6, 2);
    if (text.front() == '+') {
        text.erase(0, 1);
    }
    return text;
}

} // namespace

ThorlabsPm100dSimulator::ThorlabsPm100dSimulator(const SimContext& context)
    : ScpiDevice("Thorlabs,PM100D," + context.serialNumber + ",2.6.0"), m_clock(context.clock),
      m_source(context.world ? context.world->opticalInputs(context.name)
                             : std::make_shared<ConstantOpticalSource>(-3.0, 0.002, context.seed)),
      m_sensorSerial("S" + context.serialNumber) {
    const NumberSpec wavelengthSpec{"", kMinWavelengthNm, kMaxWavelengthNm, 1550.0};
    const NumberSpec countSpec{"", 1, kMaxAverageCount, 1};
    const NumberSpec rangeSpec{"W", 1e-9, kMaxPowerWatts, kMaxPowerWatts};
    addCommand("[SENSe]:CORRection:WAVelength", 1, 1,
               [this, wavelengthSpec](ScpiContext& c) { m_wavelengthNm = c.number(0, wavelengthSpec); });
    addCommand("[SENSe]:CORRection:WAVelength?", 0, 1, [this, wavelengthSpec](ScpiContext& c) {
        c.reply(thorlabsNumber(c.valueOrLimit(0, wavelengthSpec, m_wavelengthNm)));
    });
    addCommand("[SENSe]:AVERage[:COUNt]", 1, 1, [this, countSpec](ScpiContext& c) {
        const double count = c.number(0, countSpec);
        if (count != std::floor(count)) {
            throw ScpiError(kIllegalParameterValue);
        }
        m_averageCount = static_cast<int>(count);
    });
    addCommand("[SENSe]:AVERage[:COUNt]?", 0, 1, [this, countSpec](ScpiContext& c) {
        c.reply(formatNr1(std::llround(c.valueOrLimit(0, countSpec, m_averageCount))));
    });
    addCommand("[SENSe]:POWer[:DC]:RANGe:AUTO", 1, 1, [this](ScpiContext& c) { m_autoRange = c.boolean(0); });
    addCommand("[SENSe]:POWer[:DC]:RANGe:AUTO?", 0, 0, [this](ScpiContext& c) { c.reply(m_autoRange ? "1" : "0"); });
    addCommand("[SENSe]:POWer[:DC]:RANGe[:UPPer]", 1, 1, [this, rangeSpec](ScpiContext& c) {
        m_rangeWatts = c.number(0, rangeSpec);
        m_autoRange = false;
    });
    addCommand("[SENSe]:POWer[:DC]:RANGe[:UPPer]?", 0, 1, [this, rangeSpec](ScpiContext& c) {
        c.reply(thorlabsNumber(c.valueOrLimit(0, rangeSpec, m_rangeWatts)));
    });
    addCommand("[SENSe]:POWer[:DC]:UNIT", 1, 1, [this](ScpiContext& c) {
        m_unitWatts = c.enumeration(0, {"W", "DBM"}) == "W";
    });
    addCommand("[SENSe]:POWer[:DC]:UNIT?", 0, 0, [this](ScpiContext& c) { c.reply(m_unitWatts ? "W" : "DBM"); });
    addCommand("MEASure[:SCALar]:POWer?", 0, 0, [this](ScpiContext& c) { c.reply(formatReading(measureWatts())); });
    addCommand("CONFigure[:SCALar]:POWer", 0, 0, [](ScpiContext&) {}); // power is the only quantity simulated
    addCommand("READ?", 0, 0, [this](ScpiContext& c) { c.reply(formatReading(measureWatts())); });
    addCommand("INITiate[:IMMediate]", 0, 0, [this](ScpiContext&) { m_lastWatts = measureWatts(); });
    addCommand("FETCh?", 0, 0, [this](ScpiContext& c) { c.reply(formatReading(m_lastWatts)); });
    addCommand("SYSTem:SENSor:IDN?", 0, 0, [this](ScpiContext& c) {
        // name, serial, calibration date, type (photodiode), subtype, flags [PM]
        c.reply("S122C," + m_sensorSerial + ",01-Jan-2024,1,18,289");
    });
}

double ThorlabsPm100dSimulator::now() const {
    return m_clock->seconds() + m_advanced;
}

void ThorlabsPm100dSimulator::reset() {
    m_wavelengthNm = 1550.0;
    m_averageCount = 1;
    m_autoRange = true;
    m_rangeWatts = kMaxPowerWatts;
    m_unitWatts = true;
    m_lastWatts = 0.0;
}

double ThorlabsPm100dSimulator::measureWatts() {
    const double watts = m_source ? m_source->power(1, m_wavelengthNm * 1e-9, now()) : 0.0;
    const double top = m_autoRange ? kMaxPowerWatts : m_rangeWatts;
    if (!(watts > 0.0) || watts > top) {
        return std::numeric_limits<double>::infinity();
    }
    return watts;
}

std::string ThorlabsPm100dSimulator::formatReading(double watts) const {
    if (std::isinf(watts)) {
        return thorlabsNumber(watts); // 9.900000E+37
    }
    return thorlabsNumber(m_unitWatts ? watts : core::wattsToDbm(watts));
}

} // namespace optiqual::instruments::sim
