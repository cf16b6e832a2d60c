#pragma once
#include "instruments/sim/devices/PsuSimulator.h"

#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief A simulated Keysight E36300-series triple-output supply (E36312A, E36313A; the models differ only in
/// their ratings), speaking the command set of reference section 3a.
///
/// Channel lists `(@1)`, `(@1,3)`, `(@1:3)` on every setting and query; without one a command acts on the
/// channel chosen with `INST[:SEL] CH<n>` / `INST:NSEL <n>` (CH1 after `*RST`). Replies are Keysight NR3
/// (`+5.00000000E+00`), comma-separated for several channels; `APPL?` answers `+5.000000E+00,+5.000000E-01`;
/// `SYST:ERR?` answers `+0,"No error"`. A value past the output's rating, or a channel the model lacks, gives
/// -222 and changes nothing. OVP is always armed; a trip latches the output off and `OUTP:PROT:CLE` restores it.
class KeysightE36300Simulator : public PsuSimulator {
public:
    /// @brief Throws std::invalid_argument for a model not in keysightE36300SimulatorModels().
    KeysightE36300Simulator(std::string_view model, const SimContext& context);

    /// @brief The channel commands without a channel list act on.
    int selectedChannel() const { return m_selected; }

protected:
    void reset() override;

private:
    void registerLevels();
    void registerProtection();
    void registerOutputAndMeasure();
    void registerApplyAndSelect();
    std::vector<int> channels(const ScpiContext& c, std::size_t index) const;
    static int channelParam(const ScpiContext& c, std::size_t index);

    int m_selected = 1;
};

/// @brief "E36312A", "E36313A".
std::span<const std::string_view> keysightE36300SimulatorModels();
/// @brief Makes the simulator for @p model; throws std::invalid_argument for an unknown model.
std::shared_ptr<LineDevice> makeKeysightE36300Simulator(std::string_view model, const SimContext& context);

} // namespace optiqual::instruments::sim
