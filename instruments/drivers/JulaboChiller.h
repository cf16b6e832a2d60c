#pragma once
#include "instruments/Chiller.h"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief A Julabo circulator model, as data.
struct JulaboModel {
    std::string_view key;
    double minSetpoint;             ///< °C, working range
    double maxSetpoint;             ///< °C
    bool externalSensor;            ///< has an external Pt100 input (`in_pv_02`)
    std::string_view serialOptions; ///< default line settings as resource options
};

/// @brief A Julabo `status` reply: code ≥ 0 is an operating state, negative an error or warning.
struct JulaboStatus {
    int code = 0;
    std::string text;
};

/// @brief Julabo circulators and chillers in Julabo's RS-232 text protocol (reference §3j; [DG]): lower-case
/// commands ending CR, replies ending CR LF (both set by the driver unless the resource string names
/// terminators). `in_pv_00` bath, `in_pv_02` external sensor, `in_sp_00` / `out_sp_00 <v>` set point,
/// `out_mode_05 1|0` start/stop, `in_mode_05`, `version` (identity: it must start with JULABO), `status`.
///
/// There is no error queue: `out_` commands answer nothing, so in checked mode the driver reads `status`
/// after each one and a negative status (`-11 VALUE TOO LARGE`) becomes InstrumentReported naming the command,
/// with the status code as the error code; an error text in place of a reading does the same. Real units need
/// commands at least 250 ms apart ([DG]): the driver sets the session's command spacing to 250 ms when the
/// session has none; a station that knows better calls `session().setCommandSpacing()` after construction
/// (tests against the simulator use 0).
class JulaboChiller : public Chiller {
public:
    static constexpr std::chrono::milliseconds kDefaultCommandSpacing{250};

    JulaboChiller(std::unique_ptr<ScpiSession> session, const JulaboModel& model);

    boost::asio::awaitable<void> setSetpoint(double degC) override;
    boost::asio::awaitable<double> setpoint() override;
    boost::asio::awaitable<double> bathTemperature() override;
    /// @brief `in_pv_02`; NaN without I/O on models that have no external sensor.
    boost::asio::awaitable<double> externalTemperature() override;
    boost::asio::awaitable<void> setRunning(bool running) override;
    boost::asio::awaitable<bool> running() override;

    /// @brief `status`, parsed; does not throw for negative codes.
    boost::asio::awaitable<JulaboStatus> status();
    /// @brief Parses `03 REMOTE START` / `-08 INVALID COMMAND`; std::nullopt when it has no leading code.
    static std::optional<JulaboStatus> parseStatus(std::string_view reply);
    const JulaboModel& modelData() const { return m_model; }

protected:
    boost::asio::awaitable<Identity> readIdentity() override;
    void checkIdentity(const Identity& id) const override;

private:
    boost::asio::awaitable<double> queryTemperature(std::string command);
    boost::asio::awaitable<void> out(std::string command);
    [[noreturn]] void fail(InstrumentErrorKind kind, std::string_view command, std::string detail, int code = 0);

    JulaboModel m_model;
};

/// @brief The model keys makeJulabo() accepts: "JULABO" (any circulator: −51…+200 °C, external sensor,
/// 9600 8N1 XON/XOFF), "FP51-SL" (4800 7E1, −51…+200 °C, external sensor), "FL1201" (9600 8N1 XON/XOFF,
/// −20…+40 °C, no external sensor).
std::vector<std::string_view> julaboModels();
/// @brief Default serial line options for @p model, e.g. `baud=4800&data=7&parity=even&stop=1`.
std::string_view julaboSerialOptions(std::string_view model);
/// @brief Makes the Julabo driver for @p model; throws InstrumentError(Configuration) for an unknown key.
std::unique_ptr<Instrument> makeJulabo(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
