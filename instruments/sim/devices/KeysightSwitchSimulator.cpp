#include "instruments/sim/devices/KeysightSwitchSimulator.h"

#include "core/Units.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"
#include "instruments/sim/world/ConstantOpticalSource.h"
#include "instruments/sim/world/World.h"

#include <array>
#include <cmath>

namespace optiqual::instruments::sim {
namespace {

constexpr int kHeaderSuffixOutOfRange = -114;
constexpr int kDataOutOfRange = -222;
constexpr int kIllegalParameterValue = -224;

// The N77xx guide names N7731A/N7734A/N7736A/N7738A without their port counts; these configurations are
// assumptions (N7734A: one 1×4 switch; N7731A: two 1×4 switches; N7736A: eight 1×8 switches, one per lane of an
// 8-lane MPO port; N7738A: eight 1×32, the same for 32 ports), kept as data so a station can correct them. The
// driver checks `:ROUT<n>:CONF?` against its own copy at connect.
const std::array<KeysightSwitchSimModel, 4> kModels{{
    {"N7731A", 2, 1, 4, 1.0, "1.2.0"},
    {"N7734A", 1, 1, 4, 1.0, "1.2.0"},
    {"N7736A", 8, 1, 8, 1.0, "1.2.0"},
    {"N7738A", 8, 1, 32, 1.2, "1.2.0"},
}};

} // namespace

const KeysightSwitchSimModel* KeysightSwitchSimulator::findModel(std::string_view model) {
    for (const auto& m : kModels) {
        if (equalsIgnoreCase(m.model, model)) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<std::string> KeysightSwitchSimulator::models() {
    std::vector<std::string> keys;
    for (const auto& m : kModels) {
        keys.push_back(m.model);
    }
    return keys;
}

KeysightSwitchSimulator::KeysightSwitchSimulator(KeysightSwitchSimModel model, const SimContext& context)
    : ScpiDevice("Keysight Technologies," + model.model + "," + context.serialNumber + "," + model.firmware,
                 ScpiDeviceOptions{.signedNr1 = true}),
      m_model(std::move(model)), m_source(std::make_shared<ConstantOpticalSource>(-3.0, 0.002, context.seed)) {
    reset();
    if (context.world)
        context.world->attachSwitch(context.name, m_model.switches, m_model.inputs, m_model.outputs,
                                    [this](int n, int input, int output) { return transmission(n, input, output); });
    addCommand("ROUTe#[:CHANnel#]", 2, 2, [this](ScpiContext& c) {
        Route& route = routeOf(c);
        const std::string_view port = trimScpi(c.rawParam(0));
        if (port.size() != 1 || !isAsciiAlpha(port.front())) {
            throw ScpiError(kIllegalParameterValue, "left port must be a letter");
        }
        const int input = toUpperAscii(port.front()) - 'A';
        const double output = c.number(1, NumberSpec{"", 1, static_cast<double>(m_model.outputs), 1});
        if (input >= m_model.inputs) {
            throw ScpiError(kDataOutOfRange, "StatParamError");
        }
        if (output != std::floor(output)) {
            throw ScpiError(kIllegalParameterValue, "right port must be an integer");
        }
        route = Route{input, static_cast<int>(output)};
    });
    addCommand("ROUTe#[:CHANnel#]?", 0, 0, [this](ScpiContext& c) { c.reply(formatRoute(routeOf(c))); });
    addCommand("ROUTe#[:CHANnel#]:CONFig?", 0, 0, [this](ScpiContext& c) {
        routeOf(c); // validates the suffixes
        const char last = static_cast<char>('A' + m_model.inputs - 1);
        c.reply(std::string("A,") + last + ";1," + std::to_string(m_model.outputs));
    });
    addCommand("ROUTe#[:CHANnel#]:CONFig:ROUTe?", 0, 0, [this](ScpiContext& c) {
        routeOf(c);
        // Each switch state connects one left port to one right port; '.' separates the states.
        std::string states;
        for (int input = 0; input < m_model.inputs; ++input) {
            for (int output = 1; output <= m_model.outputs; ++output) {
                if (!states.empty()) {
                    states += '.';
                }
                states += formatRoute(Route{input, output});
            }
        }
        c.reply(states);
    });
    addCommand("SYSTem:PRESet", 0, 0, [this](ScpiContext&) { reset(); });
}

void KeysightSwitchSimulator::reset() {
    m_routes.assign(static_cast<std::size_t>(m_model.switches), Route{});
}

KeysightSwitchSimulator::Route& KeysightSwitchSimulator::routeOf(const ScpiContext& c) {
    const int n = c.suffix(0);
    if (n < 1 || n > m_model.switches || c.suffix(1) != 1) {
        throw ScpiError(kHeaderSuffixOutOfRange);
    }
    return m_routes[static_cast<std::size_t>(n - 1)];
}

std::string KeysightSwitchSimulator::formatRoute(const Route& route) const {
    return std::string(1, static_cast<char>('A' + route.input)) + "," + std::to_string(route.output);
}

double KeysightSwitchSimulator::transmission(int switchNumber, int input, int output) const {
    if (switchNumber < 1 || switchNumber > m_model.switches)
        return 0.0;
    const Route& route = m_routes[static_cast<std::size_t>(switchNumber - 1)];
    return route.input == input && route.output == output ? core::dbToRatio(-m_model.insertionLossDb) : 0.0;
}

double KeysightSwitchSimulator::power(int port, double wavelengthMetres, double seconds) {
    if (port < 1 || port > m_model.switches * m_model.outputs || !m_source) {
        return 0.0;
    }
    const int n = (port - 1) / m_model.outputs + 1;
    const int output = (port - 1) % m_model.outputs + 1;
    const Route& route = m_routes[static_cast<std::size_t>(n - 1)];
    if (route.output != output) {
        return 0.0;
    }
    const int inputPort = (n - 1) * m_model.inputs + route.input + 1;
    return m_source->power(inputPort, wavelengthMetres, seconds) * core::dbToRatio(-m_model.insertionLossDb);
}

} // namespace optiqual::instruments::sim
