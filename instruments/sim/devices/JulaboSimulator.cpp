#include "instruments/sim/devices/JulaboSimulator.h"

#include "instruments/ScpiNumber.h"
#include "instruments/sim/world/ConstantHeatLoad.h"
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <utility>

namespace optiqual::instruments::sim {

namespace {

constexpr const char* kInvalidCommand = "-08 INVALID COMMAND";
constexpr const char* kTooSmall = "-10 VALUE TOO SMALL";
constexpr const char* kTooLarge = "-11 VALUE TOO LARGE";

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string number(double value) {
    return fmt::format("{:.2f}", value + 0.0);
}

} // namespace

JulaboSimulator::JulaboSimulator(const SimContext& context, JulaboSimulatorConfig config,
                                 std::shared_ptr<ThermalPlant> plant, std::shared_ptr<ChillerLoad> load)
    : m_config(std::move(config)), m_clock(context.clock),
      m_plant(plant           ? std::move(plant)
              : context.world ? context.world->chillerBath(context.name, m_config.plant)
                              : std::make_shared<FirstOrderThermalPlant>(m_config.plant)),
      m_load(load            ? std::move(load)
             : context.world ? context.world->chillerLoad(context.name)
                             : std::make_shared<ConstantHeatLoad>()) {
    updateDemand();
}

void JulaboSimulator::powerOnReset() {
    m_running = false;
    m_remote = false;
    m_pendingError.clear();
    updateDemand();
}

void JulaboSimulator::updateDemand() {
    m_plant->setDemand({m_setpoint, 0.0, m_running}, now());
}

double JulaboSimulator::externalTemperature() {
    const double t = now();
    const double bath = m_plant->temperature(t);
    return bath + m_load->temperatureRise(bath, m_running, t);
}

std::optional<std::string> JulaboSimulator::handleMessage(std::string_view message) {
    const std::string text = lower(trimBlanks(message));
    const auto space = text.find(' ');
    const std::string name = text.substr(0, space);
    const std::string_view value =
        space == std::string::npos ? std::string_view() : trimBlanks(std::string_view(text).substr(space));
    if (name.starts_with("out_")) {
        outCommand(name, value);
        return std::nullopt;
    }
    if (!value.empty())
        return kInvalidCommand;
    if (name == "version")
        return m_config.version;
    if (name == "status") {
        if (!m_pendingError.empty())
            return std::exchange(m_pendingError, std::string());
        return std::string(m_remote ? (m_running ? "03 REMOTE START" : "02 REMOTE STOP")
                                    : (m_running ? "01 MANUAL START" : "00 MANUAL STOP"));
    }
    if (name == "in_pv_00")
        return number(bathTemperature());
    if (name == "in_pv_02" && m_config.externalSensor)
        return number(externalTemperature());
    if (name == "in_sp_00")
        return number(m_setpoint);
    if (name == "in_mode_05")
        return std::string(m_running ? "1" : "0");
    return kInvalidCommand;
}

void JulaboSimulator::outCommand(std::string_view name, std::string_view value) {
    m_remote = true;
    const auto number = parseScpiDouble(value);
    if (name == "out_sp_00") {
        if (!number || value.empty())
            m_pendingError = kInvalidCommand;
        else if (*number < m_config.minSetpoint)
            m_pendingError = kTooSmall;
        else if (*number > m_config.maxSetpoint)
            m_pendingError = kTooLarge;
        else {
            m_setpoint = *number;
            updateDemand();
        }
        return;
    }
    if (name == "out_mode_05") {
        if (value == "1" || value == "0") {
            m_running = value == "1";
            updateDemand();
        } else {
            m_pendingError = kInvalidCommand;
        }
        return;
    }
    m_pendingError = kInvalidCommand;
}

} // namespace optiqual::instruments::sim
