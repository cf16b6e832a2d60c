#pragma once
#include "instruments/PowerSupply.h"

#include <array>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace optiqual::instruments {

/// @brief Model data of one DP800-series supply: the limits of its three outputs.
struct RigolDp800Model {
    std::string_view key;
    std::array<PsuChannelRating, 3> outputs;
};

/// @brief The setpoints `:APPL? CH<n>` reports.
struct RigolApplied {
    double volts = 0;
    double amps = 0;
};

/// @brief What `:OUTP:MODE? CH<n>` reports.
enum class RigolOutputMode { ConstantVoltage, ConstantCurrent, Unregulated };

/// @brief Driver for the Rigol DP800 series (DP832, DP832A), reference 3b.
///
/// Channels are named `CH<n>` in parameters (`:OUTP CH1,ON`, `:MEAS:VOLT? CH1`) or by suffix (`:SOUR1:VOLT 5`).
/// Setpoints are read back through `:APPL? CH<n>`, parsed in both firmware forms (`CH1,5.000,1.0000` and
/// `CH1:30V/3A,5.000,1.000`).
///
/// The DP800 trips OCP at its own level rather than on entering constant current. To give OCP the meaning it has
/// on the Keysight supplies (trip where the current limit is), every current-limit change also sets the OCP level
/// to the new limit (at least the instrument's 1 mA minimum); setOverCurrentProtection() then only switches it.
/// setOverVoltageProtection() sets the OVP level and switches OVP on. Trip queries answer `YES`/`NO` (DP800) or
/// `1`/`0` (DP2000 manual); both are accepted.
class RigolDp800PowerSupply : public PowerSupply {
public:
    /// @brief No I/O. Throws InstrumentError(Configuration) for a model not in rigolDp800PsuModels().
    RigolDp800PowerSupply(std::unique_ptr<ScpiSession> session, std::string_view model);

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

    /// @brief `:APPL CH<n>,<volts>,<amps>`: both setpoints in one command (then the OCP level, as above).
    boost::asio::awaitable<void> apply(int channel, double volts, double amps);
    /// @brief `:APPL? CH<n>`.
    boost::asio::awaitable<RigolApplied> applied(int channel);
    /// @brief `:OUTP:MODE? CH<n>`.
    boost::asio::awaitable<RigolOutputMode> mode(int channel);

    /// @brief Parses an `:APPL? CH<channel>` reply in either form; std::nullopt when it is neither or names
    /// another channel.
    static std::optional<RigolApplied> parseApplyReply(std::string_view reply, int channel);
    /// @brief `YES`/`NO`/`1`/`0`, any case, blanks ignored.
    static std::optional<bool> parseYesNo(std::string_view reply);
    /// @brief The model table entry for @p key (case-insensitive), or nullptr.
    static const RigolDp800Model* findModel(std::string_view key);

private:
    void checkSetting(std::string_view command, int channel, double value, double PsuChannelRating::*limit,
                      const char* unit) const;
    boost::asio::awaitable<void> setOcpLevel(int channel, double amps);
    boost::asio::awaitable<bool> queryTrip(std::string command);
    [[noreturn]] void badReply(std::string_view command, const std::string& reply, const char* expected);

    const RigolDp800Model* m_data;
};

/// @brief The model keys the DP800 driver accepts: "DP832", "DP832A".
std::span<const std::string_view> rigolDp800PsuModels();
/// @brief Makes the DP800 driver for @p model; throws InstrumentError(Configuration) for an unknown model.
std::unique_ptr<Instrument> makeRigolDp800Psu(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
