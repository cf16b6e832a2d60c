#pragma once
#include "instruments/sim/devices/PsuSimulator.h"

#include <memory>
#include <span>
#include <string_view>

namespace optiqual::instruments::sim {

/// @brief A simulated Keysight (Agilent) N5700-series single-output system supply, e.g. the N5767A (60 V / 25 A)
/// that feeds the 48 V XPO rail and the cold-plate heater.
///
/// Commands follow the N5700 User's Guide: `VOLT`, `CURR`, `OUTP`, `MEAS:VOLT?`, `MEAS:CURR?`, `VOLT:PROT` (OVP
/// level), `CURR:PROT:STAT` (over-current protection, "foldback": trips when the output enters CC),
/// `OUTP:PROT:CLE`, and the status groups `STAT:QUES…` (OV = 1, OC = 2) and `STAT:OPER…` (CV = 256, CC = 1024).
/// As on the real unit the voltage setting and the OVP level are coupled: the setting may not exceed the OVP
/// level / 1.05, and the OVP level may not be below 1.05 × the setting (-222 otherwise), so an over-voltage trip
/// comes only from outside (injectTrip()). Replies are Keysight NR3; `SYST:ERR?` answers `+0,"No error"`.
class KeysightN5700Simulator : public PsuSimulator {
public:
    /// @brief Throws std::invalid_argument for a model not in keysightN5700SimulatorModels().
    KeysightN5700Simulator(std::string_view model, const SimContext& context);

    static constexpr int kQuesOverVoltage = 1;
    static constexpr int kQuesOverCurrent = 2;
    static constexpr int kOperConstantVoltage = 256;
    static constexpr int kOperConstantCurrent = 1024;

    /// @brief What `STAT:QUES:COND?` answers now.
    int questionableCondition();
    /// @brief What `STAT:OPER:COND?` answers now.
    int operationCondition();

protected:
    void clearStatus() override;
    int statusSummaryBits() const override;
    void afterRefresh() override;

private:
    void registerSource();
    void registerOutputAndMeasure();
    void registerStatus();
    int quesBits() const;
    int operBits() const;

    int m_quesEvent = 0;
    int m_quesEnable = 0;
    int m_quesLast = 0;
    int m_operEvent = 0;
    int m_operEnable = 0;
    int m_operLast = 0;
};

/// @brief "N5767A", "N5741A".
std::span<const std::string_view> keysightN5700SimulatorModels();
/// @brief Makes the simulator for @p model; throws std::invalid_argument for an unknown model.
std::shared_ptr<LineDevice> makeKeysightN5700Simulator(std::string_view model, const SimContext& context);

} // namespace optiqual::instruments::sim
