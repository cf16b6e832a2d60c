#include "instruments/sim/devices/PsuSimulator.h"

#include "instruments/sim/world/ResistivePsuLoad.h"
#include "instruments/sim/world/World.h"

#include <stdexcept>
#include <utility>

namespace optiqual::instruments::sim {

PsuSimulator::PsuSimulator(std::string idn, ScpiDeviceOptions options, const SimContext& context,
                           const std::vector<PsuOutputSpec>& specs)
    : ScpiDevice(std::move(idn), options), m_seconds([clock = context.clock] { return clock->seconds(); }),
      m_world(context.world) {
    m_outputs.reserve(specs.size());
    // On a simulated station the outputs feed what the world's wiring hangs on them; alone, a resistor.
    std::shared_ptr<PsuLoad> worldLoad = m_world ? m_world->supplyLoad(context.name) : nullptr;
    for (std::size_t i = 0; i < specs.size(); ++i)
        m_outputs.emplace_back(static_cast<int>(i + 1), specs[i],
                               worldLoad ? worldLoad : std::make_shared<ResistivePsuLoad>());
    if (m_world) {
        for (std::size_t i = 0; i < specs.size(); ++i) {
            // The world reads the terminals while it integrates; the output's own response and protection
            // decide them, the load being the world's.
            m_world->attachSupply(context.name, static_cast<int>(i + 1), [this, i](double seconds) {
                // The world may lag the supply's own refreshes: never move an output back in time.
                m_outputsTime = std::max(m_outputsTime, seconds);
                PsuOutput& output = m_outputs[i];
                output.advance(m_outputsTime);
                return output.volts();
            });
        }
    }
    // Start the physics at the present so the first command does not integrate the time since the clock began.
    refresh();
}

const PsuOutput& PsuSimulator::output(int channel) {
    if (!hasChannel(channel))
        throw std::out_of_range("no output " + std::to_string(channel) + " on this supply");
    refresh();
    return at(channel);
}

void PsuSimulator::setLoad(int channel, std::shared_ptr<PsuLoad> load) {
    if (!hasChannel(channel))
        throw std::out_of_range("no output " + std::to_string(channel) + " on this supply");
    refresh();
    at(channel).setLoad(std::move(load));
    refresh();
}

void PsuSimulator::setTimeSource(std::function<double()> seconds) {
    if (!seconds)
        throw std::invalid_argument("a simulated supply needs a time source");
    m_seconds = std::move(seconds);
    refresh();
}

void PsuSimulator::injectTrip(int channel, PsuProtection which) {
    if (!hasChannel(channel))
        throw std::out_of_range("no output " + std::to_string(channel) + " on this supply");
    refresh();
    at(channel).trip(which);
    refresh();
}

void PsuSimulator::addPsuCommand(std::string_view pattern, std::size_t minParams, std::size_t maxParams,
                                 ScpiHandler handler) {
    addCommand(pattern, minParams, maxParams, [this, handler = std::move(handler)](ScpiContext& c) {
        refresh();
        try {
            handler(c);
        } catch (...) {
            refresh(); // keep the physics consistent with whatever the handler did before it failed
            throw;
        }
        refresh();
    });
}

void PsuSimulator::refresh() {
    const double t = m_seconds();
    // The units on the outputs first catch up with the present (the world integrates up to it), so that the
    // current the outputs deliver is what those units draw now.
    if (m_world)
        m_world->advanceTo(t);
    m_outputsTime = t;
    for (PsuOutput& output : m_outputs)
        output.advance(t);
    afterRefresh();
}

void PsuSimulator::reset() {
    for (PsuOutput& output : m_outputs)
        output.reset();
}

} // namespace optiqual::instruments::sim
