#pragma once
#include "instruments/Instrument.h"

#include <boost/asio/awaitable.hpp>
#include <string>

namespace optiqual::station {

/// @brief One manual instrument action a technician asks for at the panel: set a supply output, read a meter port,
/// route a switch channel. Plain data: the panel fills it on the UI thread, the I/O thread executes it.
struct ManualCommand {
    enum class Kind { SetSupply, ReadMeter, RouteSwitch };
    Kind kind = Kind::SetSupply;
    std::string instrument; ///< the station file's instrument name
    int channel = 1;        ///< supply channel, meter port or switch channel
    double volts = 0;       ///< SetSupply: the set point
    bool on = true;         ///< SetSupply: the output state
    char input = 'A';       ///< RouteSwitch: input port letter …
    int output = 1;         ///< … to output port number

    bool operator==(const ManualCommand&) const = default;
};

/// @brief The audit action of @p kind: "manual.set_supply", "manual.read_meter", "manual.route_switch".
const char* auditAction(ManualCommand::Kind kind);
/// @brief What @p command does, for the log and the audit row: "channel 1 = 5 V, output on".
std::string describe(const ManualCommand& command);

/// @brief Executes @p command on @p instrument (call on the I/O executor, the instrument's own): the driver's
/// range checks apply as in a sequence. @return what the instrument now reads or was set to ("-3.21 dBm").
/// Throws instruments::InstrumentError from the driver, or std::invalid_argument when @p instrument is not of the
/// class the command needs (naming the instrument and its class).
boost::asio::awaitable<std::string> executeManual(instruments::Instrument& instrument, const ManualCommand& command);

} // namespace optiqual::station
