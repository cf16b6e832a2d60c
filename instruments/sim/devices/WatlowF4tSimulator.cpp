#include "instruments/sim/devices/WatlowF4tSimulator.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/world/World.h"

#include <cmath>

namespace optiqual::instruments::sim {

namespace {

constexpr int kSettingsConflict = -221;
constexpr int kSuffixOutOfRange = -114;
constexpr double kMaxRampValue = 9999.0; // the F4T's numeric entry limit for rates and times

std::string longRampAction(const std::string& shortForm) {
    if (shortForm == "STAR")
        return "STARTUP";
    if (shortForm == "SETP")
        return "SETPOINT";
    return shortForm; // OFF, BOTH
}

} // namespace

WatlowF4tSimulator::WatlowF4tSimulator(const SimContext& context, WatlowF4tSimulatorConfig config,
                                       std::shared_ptr<ThermalPlant> plant)
    : ScpiDevice("Watlow,F4T," + context.serialNumber + "," + config.firmware), m_config(std::move(config)),
      m_clock(context.clock), m_plant(plant           ? std::move(plant)
                                      : context.world ? context.world->chamberPlant(context.name, m_config.plant)
                                                      : std::make_shared<FirstOrderThermalPlant>(m_config.plant)),
      m_outputs(static_cast<std::size_t>(m_config.outputs), false) {
    registerLoopCommands();
    registerOtherCommands();
    reset();
}

bool WatlowF4tSimulator::outputOn(int output) const {
    return output >= 1 && output <= static_cast<int>(m_outputs.size()) &&
           m_outputs[static_cast<std::size_t>(output - 1)];
}

double WatlowF4tSimulator::toWire(double degC) const {
    return m_fahrenheit ? degC * 1.8 + 32.0 : degC;
}

double WatlowF4tSimulator::fromWire(double value) const {
    return m_fahrenheit ? (value - 32.0) / 1.8 : value;
}

void WatlowF4tSimulator::reset() {
    m_setpoint = 25.0;
    m_idleSetpoint = 25.0;
    m_rampAction = "OFF";
    m_rampRate = 1.0;
    m_rampMinutes = 10.0;
    m_rampByTime = false;
    m_rampHours = false;
    m_fahrenheit = false;
    m_displayFahrenheit = false;
    m_profile = 1;
    m_outputs.assign(m_outputs.size(), false);
    updateDemand();
}

void WatlowF4tSimulator::updateDemand() {
    const double t = now();
    double rate = 0.0;
    if (ramping()) {
        // Ramp by time: the rate that covers the present distance in the programmed time.
        rate = m_rampByTime ? std::abs(m_setpoint - m_plant->temperature(t)) / m_rampMinutes : m_rampRate;
        if (rate <= 0.0)
            rate = 0.0;
    }
    m_plant->setDemand({m_setpoint, rate, running()}, t);
}

void WatlowF4tSimulator::registerLoopCommands() {
    // The loop suffix is node 1 of every SOURce:CLOop# pattern.
    auto loop = [this](ScpiContext& c) {
        if (c.suffix(1) < 1 || c.suffix(1) > m_config.loops)
            throw ScpiError(kSuffixOutOfRange, "no control loop " + std::to_string(c.suffix(1)));
    };
    auto temperatureSpec = [this] {
        return NumberSpec{"", toWire(m_config.minSetpoint), toWire(m_config.maxSetpoint), toWire(25.0)};
    };
    addCommand("SOURce:CLOop#:SPOint", 1, 1, [this, loop, temperatureSpec](ScpiContext& c) {
        loop(c);
        m_setpoint = fromWire(c.number(0, temperatureSpec()));
        updateDemand();
    });
    addCommand("SOURce:CLOop#:SPOint?", 0, 0, [this, loop](ScpiContext& c) {
        loop(c);
        // The F4T reports its active closed-loop set point: while ramping that is the ramp's present value.
        const double active = ramping() && running() ? m_plant->reference(now()) : m_setpoint;
        c.reply(formatNr2(toWire(active), 1));
    });
    addCommand("SOURce:CLOop#:PVALue?", 0, 0, [this, loop](ScpiContext& c) {
        loop(c);
        c.reply(formatNr2(toWire(m_plant->temperature(now())), 1));
    });
    addCommand("SOURce:CLOop#:ERRor?", 0, 0, [loop](ScpiContext& c) {
        loop(c);
        c.reply("NONE");
    });
    addCommand("SOURce:CLOop#:IDLE", 1, 1, [this, loop, temperatureSpec](ScpiContext& c) {
        loop(c);
        m_idleSetpoint = fromWire(c.number(0, temperatureSpec()));
    });
    addCommand("SOURce:CLOop#:IDLE?", 0, 0, [this, loop](ScpiContext& c) {
        loop(c);
        c.reply(formatNr2(toWire(m_idleSetpoint), 1));
    });
    addCommand("SOURce:CLOop#:RACTion", 1, 1, [this, loop](ScpiContext& c) {
        loop(c);
        m_rampAction = longRampAction(c.enumeration(0, {"OFF", "STARtup", "SETPoint", "BOTH"}));
        updateDemand();
    });
    addCommand("SOURce:CLOop#:RACTion?", 0, 0, [this, loop](ScpiContext& c) {
        loop(c);
        c.reply(m_rampAction);
    });
    addCommand("SOURce:CLOop#:RRATe", 1, 1, [this, loop](ScpiContext& c) {
        loop(c);
        const double value = c.number(0, {"", 0.0, kMaxRampValue, 1.0});
        m_rampRate = value / unitScale() / minutesPerScale();
        m_rampByTime = false;
        updateDemand();
    });
    addCommand("SOURce:CLOop#:RRATe?", 0, 0, [this, loop](ScpiContext& c) {
        loop(c);
        c.reply(formatNr2(m_rampRate * unitScale() * minutesPerScale(), 2));
    });
    addCommand("SOURce:CLOop#:RTIMe", 1, 1, [this, loop](ScpiContext& c) {
        loop(c);
        const double value = c.number(0, {"", 0.01, kMaxRampValue, 10.0});
        m_rampMinutes = value * minutesPerScale();
        m_rampByTime = true;
        updateDemand();
    });
    addCommand("SOURce:CLOop#:RTIMe?", 0, 0, [this, loop](ScpiContext& c) {
        loop(c);
        c.reply(formatNr2(m_rampMinutes / minutesPerScale(), 2));
    });
    addCommand("SOURce:CLOop#:RSCAle", 1, 1, [this, loop](ScpiContext& c) {
        loop(c);
        m_rampHours = c.enumeration(0, {"MINutes", "HOURs"}) == "HOUR";
    });
    addCommand("SOURce:CLOop#:RSCAle?", 0, 0, [this, loop](ScpiContext& c) {
        loop(c);
        c.reply(m_rampHours ? "HOURS" : "MINUTES");
    });
}

void WatlowF4tSimulator::registerOtherCommands() {
    addCommand("UNIT:TEMPerature", 1, 1, [this](ScpiContext& c) {
        m_fahrenheit = c.enumeration(0, {"C", "F"}) == "F";
    });
    addCommand("UNIT:TEMPerature?", 0, 0, [this](ScpiContext& c) { c.reply(m_fahrenheit ? "F" : "C"); });
    addCommand("UNIT:TEMPerature:DISPlay", 1, 1, [this](ScpiContext& c) {
        m_displayFahrenheit = c.enumeration(0, {"C", "F"}) == "F";
    });
    addCommand("UNIT:TEMPerature:DISPlay?", 0, 0, [this](ScpiContext& c) { c.reply(m_displayFahrenheit ? "F" : "C"); });
    auto output = [this](ScpiContext& c) {
        const int n = c.suffix(0);
        if (n < 1 || n > static_cast<int>(m_outputs.size()))
            throw ScpiError(kSuffixOutOfRange, "no output " + std::to_string(n));
        return static_cast<std::size_t>(n - 1);
    };
    addCommand("OUTPut#:STATe", 1, 1, [this, output](ScpiContext& c) {
        const std::size_t index = output(c);
        m_outputs[index] = c.boolean(0);
        updateDemand();
    });
    addCommand("OUTPut#:STATe?", 0, 0,
               [this, output](ScpiContext& c) { c.reply(m_outputs[output(c)] ? "ON" : "OFF"); });
    addCommand("PROGram:NUMBer", 1, 1, [this](ScpiContext& c) {
        m_profile = static_cast<int>(c.number(0, {"", 1.0, 40.0, 1.0}));
    });
    addCommand("PROGram:NUMBer?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr1(m_profile)); });
    addCommand("PROGram:NAME?", 0, 0, [](ScpiContext& c) { c.reply(formatString("")); });
    addCommand("PROGram:SELected:STATe", 1, 1, [](ScpiContext& c) {
        const std::string action = c.enumeration(0, {"STARt", "STOP", "PAUSe", "RESume"});
        if (action == "STAR" || action == "RES")
            throw ScpiError(kSettingsConflict, "no profile stored");
    });
}

} // namespace optiqual::instruments::sim
