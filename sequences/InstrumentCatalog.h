#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::sequences {

/// @brief The kind of a method argument or return value.
enum class ValueKind { None, Number, Integer, Bool, Text, NumberArray };

struct MethodParam {
    std::string name;
    ValueKind kind = ValueKind::Number;
    std::string unit; ///< SI unit of a Number ("V", "A", "W", "m", "degC", "s", "dB"); empty: dimensionless
    bool optional = false;
};

/// @brief What a sequence may call on an instrument class: `psu.setVoltage(channel, volts)`.
struct MethodSignature {
    std::string name;
    std::vector<MethodParam> params;
    ValueKind returns = ValueKind::None;
    std::string returnUnit;
    std::string description;
    /// @brief A method returning one value per lane without a list argument to size it: how many lanes it
    /// returns at most (readBer: 64), so `lanes:` beyond them is refused at check time. 0: not known.
    int lanes = 0;
};

/// @brief The instrument classes and methods sequences can use. Implemented by the station from the instrument
/// interfaces, so the sequences layer validates calls without knowing any driver.
class InstrumentCatalog {
public:
    virtual ~InstrumentCatalog() = default;
    virtual std::vector<std::string> classes() const = 0;
    virtual const MethodSignature* method(std::string_view instrumentClass, std::string_view method) const = 0;
    virtual std::vector<std::string> methods(std::string_view instrumentClass) const = 0;
};

} // namespace optiqual::sequences
