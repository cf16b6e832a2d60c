#include "station/ManualCommand.h"

#include "instruments/OpticalPowerMeter.h"
#include "instruments/OpticalSwitch.h"
#include "instruments/PowerSupply.h"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace optiqual::station {

namespace {

/// The driver of the class @p command needs, or a refusal naming the instrument and what it is.
template <typename T> T& as(instruments::Instrument& instrument, const char* needed) {
    if (auto* typed = dynamic_cast<T*>(&instrument))
        return *typed;
    throw std::invalid_argument(fmt::format("{} is a {}, not a {}", instrument.name(),
                                            instruments::toString(instrument.instrumentClass()), needed));
}

} // namespace

const char* auditAction(ManualCommand::Kind kind) {
    switch (kind) {
    case ManualCommand::Kind::SetSupply:
        return "manual.set_supply";
    case ManualCommand::Kind::ReadMeter:
        return "manual.read_meter";
    case ManualCommand::Kind::RouteSwitch:
        return "manual.route_switch";
    }
    return "manual";
}

std::string describe(const ManualCommand& c) {
    switch (c.kind) {
    case ManualCommand::Kind::SetSupply:
        return fmt::format("channel {} = {:g} V, output {}", c.channel, c.volts, c.on ? "on" : "off");
    case ManualCommand::Kind::ReadMeter:
        return fmt::format("read port {}", c.channel);
    case ManualCommand::Kind::RouteSwitch:
        return fmt::format("channel {}: {} to {}", c.channel, c.input, c.output);
    }
    return {};
}

boost::asio::awaitable<std::string> executeManual(instruments::Instrument& instrument, const ManualCommand& c) {
    switch (c.kind) {
    case ManualCommand::Kind::SetSupply: {
        auto& psu = as<instruments::PowerSupply>(instrument, "power supply");
        co_await psu.setVoltage(c.channel, c.volts);
        co_await psu.setOutput(c.channel, c.on);
        // Read back from the instrument: what the technician sees is the supply's state, not the request.
        const double set = co_await psu.voltageSetpoint(c.channel);
        const bool on = co_await psu.output(c.channel);
        co_return fmt::format("channel {} set to {:g} V, output {}", c.channel, set, on ? "on" : "off");
    }
    case ManualCommand::Kind::ReadMeter: {
        auto& meter = as<instruments::OpticalPowerMeter>(instrument, "optical power meter");
        const double watts = co_await meter.measurePower(c.channel);
        if (!(watts > 0))
            co_return fmt::format("port {}: no light ({:g} W)", c.channel, watts);
        co_return fmt::format("port {}: {:.2f} dBm", c.channel, 10.0 * std::log10(watts / 1e-3));
    }
    case ManualCommand::Kind::RouteSwitch: {
        auto& sw = as<instruments::OpticalSwitch>(instrument, "optical switch");
        co_await sw.setRoute(c.channel, {c.input, c.output});
        const auto route = co_await sw.route(c.channel);
        co_return fmt::format("channel {} routes {} to {}", c.channel, route.input, route.output);
    }
    }
    throw std::invalid_argument("unknown manual command");
}

} // namespace optiqual::station
