#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::core {

/// @brief What a unit measures. Units convert only within one dimension.
enum class Dimension {
    Dimensionless, ///< "", %, ppm
    Voltage,
    Current,
    Power,           ///< W, mW, uW, nW, kW and the logarithmic dBm, dBW
    PowerRatio,      ///< dB (a logarithmic ratio; it does not convert to a plain ratio implicitly)
    Temperature,     ///< degC, K (affine)
    TemperatureRate, ///< degC/min, degC/s, K/min
    Time,
    Length,
    Frequency,
    VolumeFlow,        ///< L/min, mL/min
    Pressure,          ///< Pa, kPa, bar, mbar, psi
    LeakRate,          ///< mbarL/s, Pa.m3/s
    ThermalResistance, ///< K/W, degC/W
    Responsivity,      ///< A/W
};

std::string_view toString(Dimension d);

/// @brief One unit: its symbol and how it maps onto its dimension's base unit.
/// Linear units: base = value × scale / divisor + offset. Logarithmic units (dBm, dBW): base = reference ×
/// 10^(value/10).
struct Unit {
    std::string_view symbol;
    Dimension dimension = Dimension::Dimensionless;
    double scale = 1.0;
    double divisor = 1.0;
    double offset = 0.0;
    double logReference = 0.0; ///< non-zero: a decibel unit relative to this many base units
    std::string_view name;     ///< for messages and documentation, e.g. "milliwatt"

    bool logarithmic() const { return logReference != 0.0; }
    double toBase(double value) const;
    double fromBase(double base) const;
};

/// @brief The unit named @p symbol (aliases such as "°C", "µA", "mbar*L/s", "1" accepted), or nullptr.
/// The empty string is the dimensionless unit.
const Unit* findUnit(std::string_view symbol);
/// @brief Every unit, canonical symbols only (for documentation and suggestions).
const std::vector<Unit>& allUnits();
/// @brief True when both symbols are known units of the same dimension.
bool compatible(std::string_view from, std::string_view to);

/// @brief Thrown by convert() and Quantity for unknown or incompatible units.
class UnitError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// @brief A conversion looked up once and applied many times (the engine converts every reading).
class UnitConversion {
public:
    /// @brief Throws UnitError if a unit is unknown or the dimensions differ.
    UnitConversion(std::string_view from, std::string_view to);
    double apply(double value) const;
    bool identity() const { return m_from == m_to; }
    const Unit& from() const { return *m_from; }
    const Unit& to() const { return *m_to; }

private:
    const Unit* m_from;
    const Unit* m_to;
    bool m_linear = false;
    double m_numerator = 1.0;
    double m_denominator = 1.0;
};

/// @brief @p value in @p from expressed in @p to, e.g. convert(1, "mW", "dBm") == 0. Throws UnitError.
/// 0 W (or less) in a decibel unit is -infinity, and back.
double convert(double value, std::string_view from, std::string_view to);

/// @brief A number with its unit: "3.3 V", "-2.9 dBm", "2 min".
class Quantity {
public:
    /// @brief Throws UnitError for an unknown unit.
    Quantity(double value, std::string_view unit);

    /// @brief Parses "<number> [unit]" (space optional: "3.3V", "48 V", "-2.9 dBm", "0.5"); nullopt when the text
    /// is not a number followed by a known unit.
    static std::optional<Quantity> parse(std::string_view text);

    double value() const { return m_value; }
    const Unit& unit() const { return *m_unit; }
    std::string_view symbol() const { return m_unit->symbol; }
    /// @brief The same quantity in @p unit; throws UnitError when incompatible.
    Quantity to(std::string_view unit) const;
    /// @brief "3.3 V" (shortest round-trip number).
    std::string toString() const;

private:
    double m_value;
    const Unit* m_unit;
};

} // namespace optiqual::core
