#include "core/Quantity.h"

#include "core/NumberText.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace optiqual::core {

namespace {

using D = Dimension;

// Each dimension has one base unit (factor 1, offset 0); the base need not be SI when a trade unit is more
// natural (L/min for flow). Temperature differences (K/W, degC/min) are plain linear units. Sub-units carry a
// divisor rather than a fractional scale so that 3300 mV is exactly 3.3 V (3300 × 0.001 is not).
const std::vector<Unit>& table() {
    static const std::vector<Unit> units{
        {"", D::Dimensionless, 1, 1, 0, 0, "dimensionless"},
        {"%", D::Dimensionless, 1, 1e2, 0, 0, "percent"},
        {"ppm", D::Dimensionless, 1, 1e6, 0, 0, "parts per million"},
        {"V", D::Voltage, 1, 1, 0, 0, "volt"},
        {"kV", D::Voltage, 1e3, 1, 0, 0, "kilovolt"},
        {"mV", D::Voltage, 1, 1e3, 0, 0, "millivolt"},
        {"uV", D::Voltage, 1, 1e6, 0, 0, "microvolt"},
        {"A", D::Current, 1, 1, 0, 0, "ampere"},
        {"mA", D::Current, 1, 1e3, 0, 0, "milliampere"},
        {"uA", D::Current, 1, 1e6, 0, 0, "microampere"},
        {"nA", D::Current, 1, 1e9, 0, 0, "nanoampere"},
        {"W", D::Power, 1, 1, 0, 0, "watt"},
        {"kW", D::Power, 1e3, 1, 0, 0, "kilowatt"},
        {"mW", D::Power, 1, 1e3, 0, 0, "milliwatt"},
        {"uW", D::Power, 1, 1e6, 0, 0, "microwatt"},
        {"nW", D::Power, 1, 1e9, 0, 0, "nanowatt"},
        {"dBm", D::Power, 1, 1, 0, 1e-3, "decibel-milliwatt"},
        {"dBW", D::Power, 1, 1, 0, 1, "decibel-watt"},
        {"dB", D::PowerRatio, 1, 1, 0, 0, "decibel"},
        {"degC", D::Temperature, 1, 1, 273.15, 0, "degree Celsius"},
        {"K", D::Temperature, 1, 1, 0, 0, "kelvin"},
        {"K/s", D::TemperatureRate, 1, 1, 0, 0, "kelvin per second"},
        {"K/min", D::TemperatureRate, 1, 60, 0, 0, "kelvin per minute"},
        {"degC/s", D::TemperatureRate, 1, 1, 0, 0, "degree Celsius per second"},
        {"degC/min", D::TemperatureRate, 1, 60, 0, 0, "degree Celsius per minute"},
        {"s", D::Time, 1, 1, 0, 0, "second"},
        {"ms", D::Time, 1, 1e3, 0, 0, "millisecond"},
        {"us", D::Time, 1, 1e6, 0, 0, "microsecond"},
        {"ns", D::Time, 1, 1e9, 0, 0, "nanosecond"},
        {"min", D::Time, 60, 1, 0, 0, "minute"},
        {"h", D::Time, 3600, 1, 0, 0, "hour"},
        {"m", D::Length, 1, 1, 0, 0, "metre"},
        {"mm", D::Length, 1, 1e3, 0, 0, "millimetre"},
        {"um", D::Length, 1, 1e6, 0, 0, "micrometre"},
        {"nm", D::Length, 1, 1e9, 0, 0, "nanometre"},
        {"pm", D::Length, 1, 1e12, 0, 0, "picometre"},
        {"Hz", D::Frequency, 1, 1, 0, 0, "hertz"},
        {"kHz", D::Frequency, 1e3, 1, 0, 0, "kilohertz"},
        {"MHz", D::Frequency, 1e6, 1, 0, 0, "megahertz"},
        {"GHz", D::Frequency, 1e9, 1, 0, 0, "gigahertz"},
        {"THz", D::Frequency, 1e12, 1, 0, 0, "terahertz"},
        {"L/min", D::VolumeFlow, 1, 1, 0, 0, "litre per minute"},
        {"mL/min", D::VolumeFlow, 1, 1e3, 0, 0, "millilitre per minute"},
        {"L/h", D::VolumeFlow, 1, 60, 0, 0, "litre per hour"},
        {"gpm", D::VolumeFlow, 3.785411784, 1, 0, 0, "US gallon per minute"},
        {"Pa", D::Pressure, 1, 1, 0, 0, "pascal"},
        {"kPa", D::Pressure, 1e3, 1, 0, 0, "kilopascal"},
        {"MPa", D::Pressure, 1e6, 1, 0, 0, "megapascal"},
        {"mbar", D::Pressure, 1e2, 1, 0, 0, "millibar"},
        {"bar", D::Pressure, 1e5, 1, 0, 0, "bar"},
        {"psi", D::Pressure, 6894.757293168361, 1, 0, 0, "pound per square inch"},
        {"Pa.m3/s", D::LeakRate, 1, 1, 0, 0, "pascal cubic metre per second"},
        {"mbarL/s", D::LeakRate, 0.1, 1, 0, 0, "millibar litre per second"},
        {"K/W", D::ThermalResistance, 1, 1, 0, 0, "kelvin per watt"},
        {"degC/W", D::ThermalResistance, 1, 1, 0, 0, "degree Celsius per watt"},
        {"A/W", D::Responsivity, 1, 1, 0, 0, "ampere per watt"},
        {"mA/mW", D::Responsivity, 1, 1, 0, 0, "milliampere per milliwatt"},
    };
    return units;
}

// Spellings people type (and instrument manuals print) for the canonical symbols.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kAliases{{
    {"1", ""},
    {"\xC2\xB0"
     "C",
     "degC"}, // °C
    {"\xC2\xB0"
     "C/min",
     "degC/min"},
    {"\xC2\xB0"
     "C/s",
     "degC/s"},
    {"\xC2\xB0"
     "C/W",
     "degC/W"},
    {"\xC2\xB5"
     "A",
     "uA"}, // µ (micro sign)
    {"\xC2\xB5"
     "W",
     "uW"},
    {"\xC2\xB5"
     "s",
     "us"},
    {"\xC2\xB5"
     "m",
     "um"},
    {"\xC2\xB5"
     "V",
     "uV"},
    {"\xCE\xBC"
     "A",
     "uA"}, // μ (Greek mu)
    {"\xCE\xBC"
     "W",
     "uW"},
    {"\xCE\xBC"
     "s",
     "us"},
    {"\xCE\xBC"
     "m",
     "um"},
    {"mbar*L/s", "mbarL/s"},
    {"mbar.L/s", "mbarL/s"},
    {"mbar\xC2\xB7L/s", "mbarL/s"}, // mbar·L/s
}};

} // namespace

std::string_view toString(Dimension d) {
    switch (d) {
    case D::Dimensionless:
        return "dimensionless";
    case D::Voltage:
        return "voltage";
    case D::Current:
        return "current";
    case D::Power:
        return "power";
    case D::PowerRatio:
        return "power ratio";
    case D::Temperature:
        return "temperature";
    case D::TemperatureRate:
        return "temperature rate";
    case D::Time:
        return "time";
    case D::Length:
        return "length";
    case D::Frequency:
        return "frequency";
    case D::VolumeFlow:
        return "volume flow";
    case D::Pressure:
        return "pressure";
    case D::LeakRate:
        return "leak rate";
    case D::ThermalResistance:
        return "thermal resistance";
    case D::Responsivity:
        return "responsivity";
    }
    return "?";
}

double Unit::toBase(double value) const {
    if (logarithmic())
        return logReference * std::pow(10.0, value / 10.0);
    return value * scale / divisor + offset;
}

double Unit::fromBase(double base) const {
    if (logarithmic()) {
        // No power at all has no decibel value: -inf keeps comparisons meaningful (it fails any low limit).
        if (!(base > 0.0))
            return -std::numeric_limits<double>::infinity();
        return 10.0 * std::log10(base / logReference);
    }
    return (base - offset) * divisor / scale;
}

const std::vector<Unit>& allUnits() {
    return table();
}

const Unit* findUnit(std::string_view symbol) {
    for (const auto& [alias, canonical] : kAliases)
        if (alias == symbol) {
            symbol = canonical;
            break;
        }
    for (const Unit& u : table())
        if (u.symbol == symbol)
            return &u;
    return nullptr;
}

bool compatible(std::string_view from, std::string_view to) {
    const Unit* a = findUnit(from);
    const Unit* b = findUnit(to);
    return a && b && a->dimension == b->dimension;
}

UnitConversion::UnitConversion(std::string_view from, std::string_view to)
    : m_from(findUnit(from)), m_to(findUnit(to)) {
    if (!m_from)
        throw UnitError("unknown unit '" + std::string(from) + "'");
    if (!m_to)
        throw UnitError("unknown unit '" + std::string(to) + "'");
    if (m_from->dimension != m_to->dimension)
        throw UnitError("cannot convert " + std::string(from.empty() ? "a dimensionless value" : from) + " (" +
                        std::string(toString(m_from->dimension)) + ") to " +
                        std::string(to.empty() ? "a dimensionless value" : to) + " (" +
                        std::string(toString(m_to->dimension)) + ")");
    m_linear = !m_from->logarithmic() && !m_to->logarithmic() && m_from->offset == 0 && m_to->offset == 0;
    m_numerator = m_from->scale * m_to->divisor;
    m_denominator = m_from->divisor * m_to->scale;
}

double UnitConversion::apply(double value) const {
    if (m_from == m_to)
        return value;
    if (m_linear) // one multiplication and one division, both by exactly representable factors where possible
        return value * m_numerator / m_denominator;
    return m_to->fromBase(m_from->toBase(value));
}

double convert(double value, std::string_view from, std::string_view to) {
    return UnitConversion(from, to).apply(value);
}

Quantity::Quantity(double value, std::string_view unit) : m_value(value), m_unit(findUnit(unit)) {
    if (!m_unit)
        throw UnitError("unknown unit '" + std::string(unit) + "'");
}

std::optional<Quantity> Quantity::parse(std::string_view text) {
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
            s.remove_suffix(1);
        return s;
    };
    text = trim(text);
    // from_chars rejects a leading '+', which people write for limits ("+4.0 dBm").
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+')
        digits.remove_prefix(1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || ptr == digits.data())
        return std::nullopt;
    const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(digits.end() - ptr)));
    if (!findUnit(unit))
        return std::nullopt;
    return Quantity(value, unit);
}

Quantity Quantity::to(std::string_view unit) const {
    UnitConversion c(m_unit->symbol, unit);
    return Quantity(c.apply(m_value), c.to().symbol);
}

std::string Quantity::toString() const {
    std::string out = shortestText(m_value);
    if (!m_unit->symbol.empty()) {
        if (m_unit->symbol != "%")
            out += ' ';
        out += m_unit->symbol;
    }
    return out;
}

} // namespace optiqual::core
