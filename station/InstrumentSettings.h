#pragma once
#include "instruments/Instrument.h"

#include <string>
#include <string_view>

namespace optiqual::station {

struct InstrumentConfig;

/// @brief The driver settings a station file may give an instrument (`settings:`), in one table: `check`
/// validates a file against it and opening the station applies it, so both accept and refuse the same things.
///
/// | key | value | instruments |
/// | --- | --- | --- |
/// | `ambient_setpoint` | number, °C (-100..300) | thermal chambers, chillers |
/// | `command_spacing` | duration (0..60 s) | any |
/// | `digital_ports` | whole numbers separated by commas ("301,302") | data-acquisition units |
class InstrumentSettings {
public:
    /// @brief Why @p value is not a valid setting @p key for an instrument of class @p instrumentClass; empty
    /// when it is.
    static std::string check(std::string_view key, std::string_view value,
                             instruments::InstrumentClass instrumentClass);
    /// @brief Applies every setting of @p config to @p driver; throws InstrumentError(Configuration) naming the
    /// instrument and the setting when one is invalid.
    static void apply(instruments::Instrument& driver, const InstrumentConfig& config);
    /// @brief "ambient_setpoint, command_spacing, digital_ports" for messages.
    static std::string knownKeys();
};

} // namespace optiqual::station
