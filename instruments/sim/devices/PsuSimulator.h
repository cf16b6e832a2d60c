#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/devices/PsuOutput.h"
#include "instruments/sim/scpi/ScpiDevice.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief Base of the simulated power supplies: a ScpiDevice with one PsuOutput per channel, each driving its
/// own PsuLoad (a ResistivePsuLoad of ResistivePsuLoad::kDefaultOhms until a world model plugs in another).
///
/// Physics run on simulation time (SimContext::clock, or setTimeSource()); every command brings the outputs up to
/// the present before it runs and re-evaluates them after, so a setting that trips a protection takes effect at
/// once. The state accessors below do the same, for tests and for the world model.
class PsuSimulator : public ScpiDevice {
public:
    int channelCount() const { return static_cast<int>(m_outputs.size()); }

    /// @brief Output @p channel (from 1), brought up to the present. Throws std::out_of_range for no such output.
    const PsuOutput& output(int channel);
    /// @brief True when output @p channel delivers power (programmed on and not latched off by a protection).
    bool outputOn(int channel) { return output(channel).isOn(); }

    /// @brief Replaces what hangs on output @p channel. Throws std::out_of_range / std::invalid_argument.
    void setLoad(int channel, std::shared_ptr<PsuLoad> load);
    /// @brief Where simulation time comes from, in seconds (default: the SimContext clock). Tests use it to step
    /// time by hand.
    void setTimeSource(std::function<double()> seconds);
    /// @brief Simulation time now, in seconds.
    double now() const { return m_seconds(); }
    /// @brief Latches @p which on output @p channel, as the world model's fault injection (over-temperature
    /// feeding back, a back-driven output) would.
    void injectTrip(int channel, PsuProtection which);

protected:
    PsuSimulator(std::string idn, ScpiDeviceOptions options, const SimContext& context,
                 const std::vector<PsuOutputSpec>& specs);

    /// @brief addCommand() with the outputs brought up to the present before @p handler and re-evaluated after.
    void addPsuCommand(std::string_view pattern, std::size_t minParams, std::size_t maxParams, ScpiHandler handler);
    /// @brief Output @p channel; the caller has checked 1 ≤ @p channel ≤ channelCount().
    PsuOutput& at(int channel) { return m_outputs[static_cast<std::size_t>(channel - 1)]; }
    const PsuOutput& at(int channel) const { return m_outputs[static_cast<std::size_t>(channel - 1)]; }
    bool hasChannel(int channel) const { return channel >= 1 && channel <= channelCount(); }
    /// @brief Advances every output to now().
    void refresh();
    /// @brief Called at the end of every refresh(), for status registers that latch output events.
    virtual void afterRefresh() {}
    /// @brief `*RST`: every output back to its spec's reset values. Overrides call this first.
    void reset() override;

private:
    std::vector<PsuOutput> m_outputs;
    std::function<double()> m_seconds;
    std::shared_ptr<World> m_world;
    double m_outputsTime = 0.0; ///< the latest time the outputs were advanced to
};

} // namespace optiqual::instruments::sim
