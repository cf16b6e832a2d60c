#pragma once
#include "instruments/PowerSupply.h"

#include <array>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <span>
#include <string_view>

namespace optiqual::instruments {

/// @brief Model data of one E36300-series supply: the ratings of its three outputs.
struct KeysightE36300Model {
    std::string_view key;
    std::array<PsuChannelRating, 3> outputs;
};

/// @brief Driver for the Keysight E36300-series triple-output supplies (E36312A, E36313A), reference 3a.
///
/// Every command names its output with a channel list: `VOLT 5,(@1)`, `MEAS:CURR? (@2)`, `OUTP ON,(@3)`.
/// Setpoints outside an output's rating are rejected before anything is sent; protection levels are left to the
/// instrument to range-check. protectionTripped() reads `VOLT:PROT:TRIP?` and `CURR:PROT:TRIP?`; safeState() turns
/// the three outputs off in one `OUTP OFF,(@1,2,3)`.
class KeysightE36300PowerSupply : public PowerSupply {
public:
    /// @brief No I/O. Throws InstrumentError(Configuration) for a model not in keysightE36300PsuModels().
    KeysightE36300PowerSupply(std::unique_ptr<ScpiSession> session, std::string_view model);

    int channelCount() const override { return static_cast<int>(m_data->outputs.size()); }
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
    boost::asio::awaitable<void> safeState() override;

    /// @brief The model table entry for @p key (case-insensitive), or nullptr.
    static const KeysightE36300Model* findModel(std::string_view key);

private:
    /// @brief Rejects @p command unless @p channel exists and 0 ≤ @p value ≤ its rating's @p limit.
    void checkSetting(std::string_view command, int channel, double value, double PsuChannelRating::*limit,
                      const char* unit) const;

    const KeysightE36300Model* m_data;
};

/// @brief The model keys the E36300 driver accepts: "E36312A", "E36313A".
std::span<const std::string_view> keysightE36300PsuModels();
/// @brief Makes the E36300 driver for @p model; throws InstrumentError(Configuration) for an unknown model.
std::unique_ptr<Instrument> makeKeysightE36300Psu(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
