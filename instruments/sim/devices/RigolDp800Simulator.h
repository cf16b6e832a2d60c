#pragma once
#include "instruments/sim/devices/PsuSimulator.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace optiqual::instruments::sim {

/// @brief How the simulated DP800 words `:APPL? CH1` (the sources disagree, reference 3b).
enum class RigolApplyReplyForm {
    Labelled, ///< newer firmware: `CH1:30V/3A,5.000,1.000` (the default)
    Manual,   ///< the programming guide: `CH1,5.000,1.0000`
};

/// @brief A simulated Rigol DP832 / DP832A triple-output supply speaking the DP800 command set of reference 3b.
///
/// Channels are named in parameters (`:OUTP CH1,ON`, `:MEAS:VOLT? CH1`) or by header suffix (`:SOUR2:VOLT 5`);
/// without either a command acts on the channel chosen with `:INST:NSEL` / `:INST CH<n>`. Replies are Rigol's
/// plain decimals (`5.000`, `ON`/`OFF`, `YES`/`NO`, `CV`/`CC`), `SYST:ERR?` answers `0,"No error"`. Ranges of the
/// DP832: CH1 and CH2 32 V / 3.2 A, CH3 5.3 V / 3.2 A; a value outside them gives -222 and changes nothing.
/// OVP and OCP each have a level and an on/off switch (off after `*RST`); OCP trips when the output current
/// reaches its level. A trip switches the output off; clearing the trip does not switch it back on.
class RigolDp800Simulator : public PsuSimulator {
public:
    /// @brief Throws std::invalid_argument for a model not in rigolDp800SimulatorModels().
    RigolDp800Simulator(std::string_view model, const SimContext& context);

    void setApplyReplyForm(RigolApplyReplyForm form) { m_applyForm = form; }
    int selectedChannel() const { return m_selected; }

protected:
    void reset() override;

private:
    void registerSource();
    void registerSourceProtection();
    void registerOutput();
    void registerOutputProtection(std::string_view name, PsuProtection which);
    void registerMeasureAndSelect();
    /// @brief The channel named by parameter @p index (`CH1`…) when the unit has @p withChannel parameters or
    /// more; otherwise the selected channel.
    int channelArg(const ScpiContext& c, std::size_t index, std::size_t withChannel) const;
    int suffixChannel(const ScpiContext& c) const;
    std::string applyReply(int channel) const;
    /// @brief A current in `:APPL?` replies: 3 decimals (labelled form) or 4 (guide form).
    std::string applyAmps(double value) const;

    int m_selected = 1;
    RigolApplyReplyForm m_applyForm = RigolApplyReplyForm::Labelled;
};

/// @brief "DP832", "DP832A".
std::span<const std::string_view> rigolDp800SimulatorModels();
/// @brief Makes the simulator for @p model; throws std::invalid_argument for an unknown model.
std::shared_ptr<LineDevice> makeRigolDp800Simulator(std::string_view model, const SimContext& context);

} // namespace optiqual::instruments::sim
