#include "instruments/sim/devices/PsuSimulator.h"

#include "instruments/sim/world/ResistivePsuLoad.h"

#include <stdexcept>
#include <utility>

namespace optiqual::instruments::sim {

PsuSimulator::PsuSimulator(std::string idn, ScpiDeviceOptions options, const SimContext& context,
                           const std::vector<PsuOutputSpec>& specs)
    : ScpiDevice(std::move(idn), options), m_seconds([clock = context.clock] { return clock->seconds(); }) {
    m_outputs.reserve(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i)
        m_outputs.emplace_back(static_cast<int>(i + 1), specs[i], std::make_shared<ResistivePsuLoad>());
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
    for (PsuOutput& output : m_outputs)
        output.advance(t);
    afterRefresh();
}

void PsuSimulator::reset() {
    for (PsuOutput& output : m_outputs)
        output.reset();
}

} // namespace optiqual::instruments::sim
