#include "station/InstrumentSettings.h"

#include "core/Units.h"
#include "instruments/Chiller.h"
#include "instruments/DataAcquisition.h"
#include "instruments/InstrumentError.h"
#include "instruments/ThermalChamber.h"
#include "station/StationConfig.h"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

namespace optiqual::station {

using instruments::InstrumentClass;
using instruments::InstrumentError;
using instruments::InstrumentErrorKind;

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

/// Locale-free, the whole text, finite.
std::optional<double> number(std::string_view text) {
    text = trim(text);
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<double> ambient(std::string_view text) {
    auto v = number(text);
    if (!v || *v < -100 || *v > 300)
        return std::nullopt;
    return v;
}

std::optional<std::chrono::milliseconds> spacing(std::string_view text) {
    auto d = core::parseDuration(text);
    if (!d || *d > std::chrono::minutes(1))
        return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*d);
}

std::optional<std::vector<int>> ports(std::string_view text) {
    std::vector<int> out;
    while (true) {
        const auto comma = text.find(',');
        const std::string_view item = trim(text.substr(0, comma));
        int port = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), port);
        if (item.empty() || ec != std::errc() || end != item.data() + item.size() || port < 0 || port > 9999)
            return std::nullopt;
        out.push_back(port);
        if (comma == std::string_view::npos)
            return out;
        text.remove_prefix(comma + 1);
    }
}

struct Setting {
    std::string_view key;
    std::string_view expects;     ///< "must be …"
    std::string_view instruments; ///< empty: any instrument
    bool (*appliesTo)(InstrumentClass);
    bool (*valid)(std::string_view);
};

constexpr std::array<Setting, 4> kSettings{{
    {"ambient_setpoint", "a number of degC in -100..300", "thermal chambers and chillers",
     [](InstrumentClass c) { return c == InstrumentClass::ThermalChamber || c == InstrumentClass::Chiller; },
     [](std::string_view v) { return ambient(v).has_value(); }},
    {"command_spacing", "a duration of at most 1 min such as 250ms", "", [](InstrumentClass) { return true; },
     [](std::string_view v) { return spacing(v).has_value(); }},
    {"digital_ports", "whole numbers 0..9999 separated by commas, such as \"301,302\"", "data-acquisition units",
     [](InstrumentClass c) { return c == InstrumentClass::DataAcquisition; },
     [](std::string_view v) { return ports(v).has_value(); }},
    {"analog_outputs", "whole numbers 0..9999 separated by commas, such as \"304,305\"", "data-acquisition units",
     [](InstrumentClass c) { return c == InstrumentClass::DataAcquisition; },
     [](std::string_view v) { return ports(v).has_value(); }},
}};

} // namespace

std::string InstrumentSettings::knownKeys() {
    std::string out;
    for (const auto& s : kSettings)
        out += (out.empty() ? "" : ", ") + std::string(s.key);
    return out;
}

std::string InstrumentSettings::check(std::string_view key, std::string_view value, InstrumentClass instrumentClass) {
    for (const auto& s : kSettings) {
        if (s.key != key)
            continue;
        if (!s.appliesTo(instrumentClass))
            return "setting '" + std::string(key) + "' applies to " + std::string(s.instruments) + " only, not to a " +
                   instruments::toString(instrumentClass);
        if (!s.valid(value))
            return "setting '" + std::string(key) + "' must be " + std::string(s.expects) + ", got '" +
                   std::string(value) + "'";
        return {};
    }
    return "unknown setting '" + std::string(key) + "' (known: " + knownKeys() + ")";
}

void InstrumentSettings::apply(instruments::Instrument& driver, const InstrumentConfig& config) {
    for (const auto& [key, value] : config.settings) {
        if (auto why = check(key, value, driver.instrumentClass()); !why.empty())
            throw InstrumentError(InstrumentErrorKind::Configuration, config.name, "", why);
        // check() accepted the key, the class and the value: the casts and parses below hold.
        if (key == "ambient_setpoint") {
            if (auto* chamber = dynamic_cast<instruments::ThermalChamber*>(&driver))
                chamber->setAmbientSetpoint(*ambient(value));
            else if (auto* chiller = dynamic_cast<instruments::Chiller*>(&driver))
                chiller->setAmbientSetpoint(*ambient(value));
        } else if (key == "command_spacing") {
            driver.session().setCommandSpacing(*spacing(value));
        } else if (key == "digital_ports") {
            if (auto* daq = dynamic_cast<instruments::DataAcquisition*>(&driver))
                daq->setDigitalPorts(*ports(value));
        } else if (key == "analog_outputs") {
            if (auto* daq = dynamic_cast<instruments::DataAcquisition*>(&driver))
                daq->setAnalogOutputs(*ports(value));
        }
    }
}

} // namespace optiqual::station
