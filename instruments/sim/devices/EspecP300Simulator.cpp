#include "instruments/sim/devices/EspecP300Simulator.h"

#include "instruments/ScpiNumber.h"
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <optional>

namespace optiqual::instruments::sim {

namespace {

constexpr const char* kCommandError = "NA:CMD ERR";
constexpr const char* kParameterError = "NA:PARA ERR";
constexpr const char* kOutOfRange = "NA:DATA OUT OF RANGE";
constexpr const char* kNoHumidity = "NA:CONT NOT READY-1";
constexpr const char* kNoProgram = "NA:DATA NOT READY";
constexpr const char* kNotRunning = "NA:CONT NOT READY-2";

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}

std::string number(double value) {
    return fmt::format("{:.1f}", value + 0.0);
}

/// Splits "S25.0 H100.0" (blanks or commas between) into tokens.
std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ' ' || c == ',' || c == '\t') {
            if (!current.empty())
                out.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty())
        out.push_back(std::move(current));
    return out;
}

std::optional<double> decimal(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    return parseScpiDouble(text);
}

} // namespace

EspecP300Simulator::EspecP300Simulator(const SimContext& context, EspecP300SimulatorConfig config,
                                       std::shared_ptr<ThermalPlant> plant)
    : m_config(std::move(config)), m_clock(context.clock),
      m_plant(plant           ? std::move(plant)
              : context.world ? context.world->chamberPlant(context.name, m_config.plant)
                              : std::make_shared<FirstOrderThermalPlant>(m_config.plant)),
      m_high(m_config.highLimit), m_low(m_config.lowLimit) {
    updateDemand();
}

void EspecP300Simulator::updateDemand(double rate) {
    m_plant->setDemand({m_setpoint, rate, running()}, now());
}

void EspecP300Simulator::powerOnReset() {
    updateProgram(); // a ramp that ended before the glitch has taken its target
    m_mode = "STANDBY";
    m_programEnd = 0.0;
    updateDemand();
}

void EspecP300Simulator::updateProgram() {
    if (m_mode == "RUN" && now() >= m_programEnd) {
        m_mode = "CONSTANT";
        m_setpoint = m_programTarget;
        updateDemand();
    }
}

std::optional<std::string> EspecP300Simulator::handleMessage(std::string_view message) {
    message = trimBlanks(message);
    // RS-485 address prefix "<n>," — the controller answers as if addressed directly.
    std::size_t digits = 0;
    while (digits < message.size() && std::isdigit(static_cast<unsigned char>(message[digits])))
        ++digits;
    if (digits > 0 && digits < message.size() && message[digits] == ',')
        message.remove_prefix(digits + 1);
    updateProgram();
    const std::string text(message);
    const auto comma = text.find(',');
    const std::string head = upper(trimBlanks(std::string_view(text).substr(0, comma)));
    const std::string args = comma == std::string::npos ? std::string() : upper(text.substr(comma + 1));
    return dispatch(head, args, text);
}

std::string EspecP300Simulator::dispatch(const std::string& head, const std::string& args, const std::string& echo) {
    const double t = now();
    if (head == "TEMP?") {
        const double sp = m_mode == "RUN" ? m_plant->reference(t) : m_setpoint;
        return number(m_plant->temperature(t)) + "," + number(sp) + "," + number(m_high) + "," + number(m_low);
    }
    if (head == "MON?")
        return number(m_plant->temperature(t)) + ",," + m_mode + ",0";
    if (head == "MODE?") {
        const bool detail = trimBlanks(args) == "DETAIL";
        return detail && m_mode == "RUN" ? "RMT RUN" : m_mode;
    }
    if (head == "ALARM?")
        return "0";
    if (head == "ROM?")
        return m_config.rom;
    if (head == "TYPE?")
        return m_config.type;
    if (head == "HUMI?" || head == "HUMI")
        return kNoHumidity;
    if (head == "TEMP")
        return setTemperature(args, echo);
    if (head == "MODE")
        return setMode(args, echo);
    if (head == "RUN PRGM")
        return runProgram(args, echo);
    if (head == "PRGM")
        return endProgram(args, echo);
    return kCommandError;
}

std::string EspecP300Simulator::setTemperature(const std::string& args, const std::string& echo) {
    const auto parts = tokens(args);
    if (parts.empty())
        return kParameterError;
    std::optional<double> sp, hi, lo;
    for (const auto& part : parts) {
        const auto value = decimal(std::string_view(part).substr(1));
        if (!value)
            return kParameterError;
        switch (part.front()) {
        case 'S':
            sp = value;
            break;
        case 'H':
            hi = value;
            break;
        case 'L':
            lo = value;
            break;
        default:
            return kParameterError;
        }
    }
    // Check everything before applying anything: an error leaves the chamber as it was.
    const double limitMin = m_config.minSetpoint - 20.0;
    const double limitMax = m_config.maxSetpoint + 20.0;
    const double newHigh = hi.value_or(m_high);
    const double newLow = lo.value_or(m_low);
    if (newHigh < limitMin || newHigh > limitMax || newLow < limitMin || newLow > limitMax || newLow >= newHigh)
        return kOutOfRange;
    const double newSetpoint = sp.value_or(m_setpoint);
    if (sp && (*sp < m_config.minSetpoint || *sp > m_config.maxSetpoint || *sp < newLow || *sp > newHigh))
        return kOutOfRange;
    m_high = newHigh;
    m_low = newLow;
    if (sp && m_mode != "RUN") {
        m_setpoint = newSetpoint;
        updateDemand();
    } else if (sp) {
        m_setpoint = newSetpoint; // the constant set point, used once the program ends
    }
    return "OK:" + echo;
}

std::string EspecP300Simulator::setMode(const std::string& args, const std::string& echo) {
    const std::string mode(trimBlanks(args));
    if (mode == "OFF" || mode == "STANDBY" || mode == "CONSTANT") {
        m_mode = mode;
        updateDemand();
        return "OK:" + echo;
    }
    if (mode.starts_with("RUN"))
        return kNoProgram; // no stored programs in the simulator
    return kParameterError;
}

std::string EspecP300Simulator::runProgram(const std::string& args, const std::string& echo) {
    std::optional<double> start, target, minutes;
    for (const auto& part : tokens(args)) {
        if (part.starts_with("GOTEMP")) {
            target = decimal(std::string_view(part).substr(6));
            if (!target)
                return kParameterError;
        } else if (part.starts_with("TEMP")) {
            start = decimal(std::string_view(part).substr(4));
            if (!start)
                return kParameterError;
        } else if (part.starts_with("TIME")) {
            const std::string_view time = std::string_view(part).substr(4);
            const auto colon = time.find(':');
            int hours = 0;
            int mins = 0;
            if (colon == std::string_view::npos)
                return kParameterError;
            auto h = std::from_chars(time.data(), time.data() + colon, hours);
            auto m = std::from_chars(time.data() + colon + 1, time.data() + time.size(), mins);
            if (h.ec != std::errc() || m.ec != std::errc() || h.ptr != time.data() + colon ||
                m.ptr != time.data() + time.size() || hours < 0 || mins < 0 || mins > 59)
                return kParameterError;
            minutes = hours * 60.0 + mins;
        } else if (part.starts_with("HUMI") || part.starts_with("GOHUMI")) {
            return kNoHumidity;
        } else {
            return kParameterError;
        }
    }
    if (!start || !minutes || *minutes <= 0.0)
        return kParameterError;
    const double end = target.value_or(*start);
    for (double v : {*start, end})
        if (v < m_config.minSetpoint || v > m_config.maxSetpoint || v < m_low || v > m_high)
            return kOutOfRange;
    m_mode = "RUN";
    m_programTarget = end;
    m_programEnd = now() + *minutes * 60.0;
    // A zero rate would mean "fastest" to the plant: a flat step holds its temperature at full speed instead.
    const double rate = std::abs(end - *start) / *minutes;
    m_plant->setDemand({end, rate, true}, now());
    return "OK:" + echo;
}

std::string EspecP300Simulator::endProgram(const std::string& args, const std::string& echo) {
    const auto parts = tokens(args);
    if (parts.empty() || parts.front() != "END")
        return kCommandError; // PAUSE / CONTINUE / ADVANCE are not simulated
    if (m_mode != "RUN")
        return kNotRunning;
    const std::string endMode = parts.size() > 1 ? parts[1] : "STANDBY";
    if (endMode == "HOLD" || endMode == "CONST") {
        m_mode = "CONSTANT";
        m_setpoint = m_plant->reference(now());
    } else if (endMode == "STANDBY" || endMode == "OFF") {
        m_mode = endMode;
    } else {
        return kParameterError;
    }
    updateDemand();
    return "OK:" + echo;
}

} // namespace optiqual::instruments::sim
