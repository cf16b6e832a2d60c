#pragma once
#include "instruments/PowerSupply.h"

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <span>
#include <string_view>

namespace optiqual::instruments {

/// @brief Model data of one N5700-series supply (single output).
struct KeysightN5700Model {
    std::string_view key;
    PsuChannelRating output;
};

/// @brief Driver for the Keysight (Agilent) N5700-series single-output system supplies, e.g. the N5767A (60 V /
/// 25 A) on the 48 V XPO rail and the cold-plate heater. Channel 1 is the only output.
///
/// Commands per the N5700 User's Guide: `VOLT 48`, `CURR 6.5`, `OUTP ON`, `MEAS:VOLT?`, `VOLT:PROT 52.8`,
/// `CURR:PROT:STAT ON` (over-current protection, "foldback": trips when the output enters CC), `OUTP:PROT:CLE`.
/// protectionTripped() reads `STAT:QUES:COND?` (OV = 1, OC = 2). The N5700 couples the OVP level to the voltage
/// setting (level ≥ 1.05 × setting): program OVP before raising the voltage, or the instrument refuses (-222).
class KeysightN5700PowerSupply : public PowerSupply {
public:
    static constexpr int kQuesOverVoltage = 1;
    static constexpr int kQuesOverCurrent = 2;

    /// @brief No I/O. Throws InstrumentError(Configuration) for a model not in keysightN5700PsuModels().
    KeysightN5700PowerSupply(std::unique_ptr<ScpiSession> session, std::string_view model);

    int channelCount() const override { return 1; }
    PsuChannelRating rating(int channel) const override;

    boost::asio::awaitable<void> setVoltage(int channel, double volts) override;
    boost::asio::awaitable<double> voltageSetpoint(int channel) override;
    boost::asio::awaitable<void> setCurrentLimit(int channel, double amps) override;
    boost::asio::awaitable<double> currentLimit(int channel) override;
    boost::asio::awaitable<void> setOutput(int channel, bool on) override;
    boost::asio::awaitable<bool> output(int channel) override;
    boost::asio::awaitable<double> measureVoltage(int channel) override;
    boost::asio::awaitable<double> measureCurrent(int channel) override;
    boost::asio::awaitable<void> setOverVoltageProtection(int channel, double volts) override;
    boost::asio::awaitable<void> setOverCurrentProtection(int channel, bool enabled) override;
    boost::asio::awaitable<bool> protectionTripped(int channel) override;
    boost::asio::awaitable<void> clearProtection(int channel) override;

    /// @brief `STAT:QUES:COND?`: the questionable condition bits (OV 1, OC 2, PF 4, OT 16, INH 512, UNR 1024).
    boost::asio::awaitable<int> questionableCondition();

    /// @brief The model table entry for @p key (case-insensitive), or nullptr.
    static const KeysightN5700Model* findModel(std::string_view key);

private:
    void checkSetting(std::string_view command, int channel, double value, double PsuChannelRating::*limit,
                      const char* unit) const;

    const KeysightN5700Model* m_data;
};

/// @brief The model keys the N5700 driver accepts: "N5767A", "N5741A".
std::span<const std::string_view> keysightN5700PsuModels();
/// @brief Makes the N5700 driver for @p model; throws InstrumentError(Configuration) for an unknown model.
std::unique_ptr<Instrument> makeKeysightN5700Psu(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
