#include "instruments/drivers/WatlowF4tThermalChamber.h"

#include "instruments/ScpiNumber.h"

#include <array>
#include <cmath>
#include <fmt/format.h>

namespace optiqual::instruments {

namespace asio = boost::asio;

namespace {

// The F4T's limits come from the chamber it is built into; −70…+180 °C is a typical two-stage chamber
// (Espec ESX/ESL, TestEquity 1000-series −73…+175 °C). A station with a narrower chamber adds a model.
constexpr std::array kModels{
    WatlowF4tModel{"F4T", -70.0, 180.0, 1},
};

constexpr std::string_view kSetpoint = ":SOURCE:CLOOP1:SPOINT";
constexpr std::string_view kProcessValue = ":SOURCE:CLOOP1:PVALUE?";
constexpr std::string_view kRampAction = ":SOURCE:CLOOP1:RACTION";
constexpr std::string_view kRampRate = ":SOURCE:CLOOP1:RRATE";
constexpr std::string_view kRampScale = ":SOURCE:CLOOP1:RSCALE MINUTES";
constexpr std::string_view kUnits = ":UNIT:TEMPERATURE?";

/// The F4T takes one decimal; fmt is locale-independent. Adding 0.0 turns −0.0 into 0.0.
std::string number(double value) {
    return fmt::format("{:.1f}", value + 0.0);
}

} // namespace

WatlowF4tThermalChamber::WatlowF4tThermalChamber(std::unique_ptr<ScpiSession> session, const WatlowF4tModel& model)
    : ThermalChamber(std::string(model.key), std::move(session)), m_model(model), m_runOutput(model.runOutput) {}

std::string WatlowF4tThermalChamber::outputHeader() const {
    return fmt::format(":OUTPUT{}:STATE", m_runOutput);
}

asio::awaitable<void> WatlowF4tThermalChamber::afterConnect() {
    const std::string unit(trimBlanks(co_await session().query(std::string(kUnits))));
    if (unit == "C" || unit == "c")
        m_fahrenheit = false;
    else if (unit == "F" || unit == "f")
        m_fahrenheit = true;
    else
        throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")",
                              std::string(kUnits), "reply '" + unit + "' is not C or F");
}

asio::awaitable<void> WatlowF4tThermalChamber::setSetpoint(double degC) {
    const std::string command = fmt::format("{} {}", kSetpoint, number(toWire(degC)));
    if (!(degC >= m_model.minSetpoint && degC <= m_model.maxSetpoint))
        reject(command, fmt::format("set point {} °C is outside the chamber's {}…{} °C", degC, m_model.minSetpoint,
                                    m_model.maxSetpoint));
    co_await session().write(command);
}

asio::awaitable<double> WatlowF4tThermalChamber::setpoint() {
    co_return fromWire(co_await session().queryDouble(fmt::format("{}?", kSetpoint)));
}

asio::awaitable<double> WatlowF4tThermalChamber::temperature() {
    co_return fromWire(co_await session().queryDouble(std::string(kProcessValue)));
}

asio::awaitable<void> WatlowF4tThermalChamber::setRampRate(double degCPerMinute) {
    if (!(degCPerMinute >= 0.0) || !std::isfinite(degCPerMinute))
        reject(kRampRate, fmt::format("ramp rate {} °C/min must be 0 (fastest) or positive", degCPerMinute));
    if (degCPerMinute == 0.0) {
        co_await session().write(fmt::format("{} OFF", kRampAction));
        co_return;
    }
    // A rate difference in °F is 1.8 times the one in °C.
    const double wire = m_fahrenheit ? degCPerMinute * 1.8 : degCPerMinute;
    co_await session().write(std::string(kRampScale));
    co_await session().write(fmt::format("{} {:.2f}", kRampRate, wire));
    co_await session().write(fmt::format("{} SETPOINT", kRampAction));
}

asio::awaitable<void> WatlowF4tThermalChamber::setRunning(bool on) {
    co_await session().write(fmt::format("{} {}", outputHeader(), on ? "ON" : "OFF"));
}

asio::awaitable<bool> WatlowF4tThermalChamber::running() {
    co_return co_await session().queryBool(fmt::format("{}?", outputHeader()));
}

std::vector<std::string_view> watlowF4tModels() {
    std::vector<std::string_view> keys;
    for (const auto& m : kModels)
        keys.push_back(m.key);
    return keys;
}

std::unique_ptr<Instrument> makeWatlowF4t(std::string_view model, std::unique_ptr<ScpiSession> session) {
    for (const auto& m : kModels)
        if (m.key == model)
            return std::make_unique<WatlowF4tThermalChamber>(std::move(session), m);
    throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                          "unknown Watlow F4T model '" + std::string(model) + "'");
}

} // namespace optiqual::instruments
