#pragma once
#include "core/Clock.h"
#include "instruments/OpticalPowerMeter.h"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief One Keysight optical power meter model as data: its ports (slots on an 8163B) and the ranges the
/// driver checks before sending anything.
struct KeysightPowerMeterModel {
    std::string model; ///< model key; `*IDN?` must name it
    int ports = 4;
    double minWavelength = 1250e-9; ///< metres
    double maxWavelength = 1650e-9;
    std::chrono::microseconds minAveragingTime{1};
    std::chrono::microseconds maxAveragingTime{10000000};
    int maxLoggingPoints = 1000000;
};

/// @brief Driver for Keysight N7744A/N7745A multiport power meters and 8163B mainframes with power-meter
/// modules (a slot is a port), after the N77xx and 8163A/B programming guides (reference §3e).
///
/// Commands: `:SENS<n>:CHAN1:POW:WAV 1550NM`, `:SENS<n>:POW:WAV?` (metres), `:SENS<n>:POW:ATIM 100MS`,
/// `:SENS<n>:POW:RANG:AUTO 1|0`, `:READ<n>:CHAN1:POW?`; connect() selects watts on every port
/// (`:SENS<n>:POW:UNIT 1`). logPower() runs the logging function: `:SENS<n>:FUNC:PAR:LOGG <count>,<s>s`,
/// `:SENS<n>:FUNC:STAT LOGG,STAR`, polls `:SENS<n>:FUNC:STAT?` on a timer until COMPLETE, reads
/// `:SENS<n>:FUNC:RES?` (little-endian float32 watts) and leaves the function with `LOGG,STOP`. A reading
/// above 1e20 (the meter's under-range / invalid marker) is returned as NaN.
class KeysightN77xxPowerMeter : public OpticalPowerMeter {
public:
    KeysightN77xxPowerMeter(std::unique_ptr<ScpiSession> session, KeysightPowerMeterModel model);

    /// @brief The built-in models "N7744A" (4 ports), "N7745A" (8), "8163B" (2 slots); nullptr if unknown.
    /// Copy one and change `ports` for a mainframe with another number of power-meter slots.
    static const KeysightPowerMeterModel* findModel(std::string_view model);
    static std::vector<std::string> models();

    const KeysightPowerMeterModel& modelData() const { return m_model; }
    /// @brief The clock logging waits are measured on (a scaled simulation clock runs them faster).
    void setClock(std::shared_ptr<const core::Clock> clock) { m_clock = std::move(clock); }

    int portCount() const override { return m_model.ports; }
    boost::asio::awaitable<void> setWavelength(int port, double metres) override;
    boost::asio::awaitable<double> wavelength(int port) override;
    boost::asio::awaitable<void> setAveragingTime(int port, std::chrono::microseconds time) override;
    boost::asio::awaitable<void> setAutoRange(int port, bool on) override;
    boost::asio::awaitable<double> measurePower(int port) override;
    bool supportsLogging() const override { return true; }
    boost::asio::awaitable<std::vector<double>> logPower(int port, int count,
                                                         std::chrono::microseconds interval) override;

protected:
    boost::asio::awaitable<void> afterConnect() override;

private:
    static std::string sense(int port) { return ":SENS" + std::to_string(port); }
    boost::asio::awaitable<void> waitForLogging(int port, std::chrono::nanoseconds expected);
    [[noreturn]] void fail(InstrumentErrorKind kind, const std::string& command, const std::string& detail);

    KeysightPowerMeterModel m_model;
    std::shared_ptr<const core::Clock> m_clock;
    /// Last averaging time set per port: a measurement may take that long. Until set, the model's maximum.
    std::vector<std::chrono::microseconds> m_averaging;
};

/// @brief Factory for the driver registry: "N7744A", "N7745A", "8163B". Throws InstrumentError(Configuration)
/// for another model.
std::unique_ptr<Instrument> makeKeysightPowerMeter(std::string_view model, std::unique_ptr<ScpiSession> session);
/// @brief The model keys makeKeysightPowerMeter() accepts.
std::vector<std::string> keysightPowerMeterModels();

} // namespace optiqual::instruments
