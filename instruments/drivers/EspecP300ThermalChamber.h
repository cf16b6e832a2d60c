#pragma once
#include "instruments/ThermalChamber.h"

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief A chamber with a P-300 controller, as data.
struct EspecP300Model {
    std::string_view key;
    double minSetpoint;             ///< °C
    double maxSetpoint;             ///< °C
    std::string_view serialOptions; ///< default line settings as resource options
};

/// @brief The four fields of the P-300's `TEMP?` reply.
struct EspecTemperatureStatus {
    double processValue = 0.0;
    double setpoint = 0.0;
    double highLimit = 0.0;
    double lowLimit = 0.0;
};

/// @brief Espec chamber with a P-300 controller, in Espec's ASCII protocol (reference §3d, [EN] p300.py):
/// lines end CR LF (set by the driver unless the resource string names terminators), on RS-232 or through a
/// serial-to-TCP bridge (port 10001 by default).
///
/// Every message gets a reply, so every command is a query here: setting commands must be acknowledged with
/// `OK:<command>` (checked; anything else is a Protocol error) and `NA:<reason>` becomes InstrumentReported
/// naming the command — the reply is always consumed, so replies never get out of step. There is no
/// `SYST:ERR?` (the session's error queue is turned off) and no `*IDN?`: identity is `ROM?` (firmware) and
/// `TYPE?` (`sensor,controller,max temp`, controller must be a P300).
/// Running means MODE CONSTANT (or RUN); stopping puts the chamber in STANDBY. Ramp rate: the P-300's constant
/// mode has no ramp (a ramp needs a program step), so setRampRate() accepts only 0 ("as fast as it can", what
/// constant mode does) and throws Configuration for any other rate.
class EspecP300ThermalChamber : public ThermalChamber {
public:
    EspecP300ThermalChamber(std::unique_ptr<ScpiSession> session, const EspecP300Model& model);

    boost::asio::awaitable<void> setSetpoint(double degC) override;
    boost::asio::awaitable<double> setpoint() override;
    boost::asio::awaitable<double> temperature() override;
    boost::asio::awaitable<void> setRampRate(double degCPerMinute) override;
    boost::asio::awaitable<void> setRunning(bool running) override;
    boost::asio::awaitable<bool> running() override;

    /// @brief `TEMP?`: process value, set point and the alarm limits.
    boost::asio::awaitable<EspecTemperatureStatus> temperatureStatus();
    /// @brief `MODE?`: OFF, STANDBY, CONSTANT or RUN.
    boost::asio::awaitable<std::string> mode();
    const EspecP300Model& modelData() const { return m_model; }

protected:
    boost::asio::awaitable<Identity> readIdentity() override;
    void checkIdentity(const Identity& id) const override;

private:
    /// Sends @p command and returns its reply; `NA:` replies throw InstrumentReported.
    boost::asio::awaitable<std::string> exchange(std::string command);
    /// A setting command: the reply must be `OK:` echoing the command's keyword.
    boost::asio::awaitable<void> command(std::string command);
    [[noreturn]] void fail(InstrumentErrorKind kind, std::string_view command, std::string detail);

    EspecP300Model m_model;
};

/// @brief The model keys makeEspecP300() accepts ("P300").
std::vector<std::string_view> especP300Models();
/// @brief Default serial line options for @p model (`baud=9600&data=8&parity=none&stop=1`).
std::string_view especP300SerialOptions(std::string_view model);
/// @brief Makes the P-300 driver for @p model; throws InstrumentError(Configuration) for an unknown key.
std::unique_ptr<Instrument> makeEspecP300(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
