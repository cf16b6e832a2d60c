#pragma once
#include "instruments/OpticalPowerMeter.h"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief Driver for the Thorlabs PM100D power meter console (one sensor, port 1), reference §3e [PM]:
/// `SENS:CORR:WAV 1550` (nm), `SENS:CORR:WAV?`, `SENS:AVER:COUN <n>`, `SENS:POW:DC:RANG:AUTO ON|OFF`,
/// `MEAS:POW?` (watts; 9.9E37, no data or overflow, is NaN). connect() selects watts (`SENS:POW:DC:UNIT W`)
/// and reads the averaging count (`SENS:AVER:COUN?`).
///
/// The console averages a number of samples rather than a time: one sample takes about 3 ms (Thorlabs PM100D
/// manual, SENS:AVER), so setAveragingTime() sends round(time / 3 ms), at least 1. The wavelength range
/// depends on the sensor plugged in, so it is left to the instrument (-222 in checked mode).
class ThorlabsPm100dPowerMeter : public OpticalPowerMeter {
public:
    explicit ThorlabsPm100dPowerMeter(std::unique_ptr<ScpiSession> session);

    static constexpr std::chrono::microseconds kSampleTime{3000};
    static constexpr int kMaxAverageCount = 100000; ///< assumed; the manual gives no upper limit

    int portCount() const override { return 1; }
    boost::asio::awaitable<void> setWavelength(int port, double metres) override;
    boost::asio::awaitable<double> wavelength(int port) override;
    boost::asio::awaitable<void> setAveragingTime(int port, std::chrono::microseconds time) override;
    boost::asio::awaitable<void> setAutoRange(int port, bool on) override;
    boost::asio::awaitable<double> measurePower(int port) override;

protected:
    boost::asio::awaitable<void> afterConnect() override;

private:
    /// How long a measurement may take with the current averaging (read at connect; until then the longest).
    std::chrono::microseconds m_averaging = kSampleTime * kMaxAverageCount;
};

/// @brief Factory for the driver registry: "PM100D". Throws InstrumentError(Configuration) for another model.
std::unique_ptr<Instrument> makeThorlabsPm100d(std::string_view model, std::unique_ptr<ScpiSession> session);
/// @brief The model keys makeThorlabsPm100d() accepts.
std::vector<std::string> thorlabsPm100dModels();

} // namespace optiqual::instruments
