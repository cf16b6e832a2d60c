#pragma once
#include "instruments/Instrument.h"

#include <chrono>
#include <vector>

namespace optiqual::instruments {

/// @brief An optical power meter with one or more ports (numbered from 1; on an 8163B a port is a slot).
/// Power is returned in watts (convert with core::wattsToDbm); wavelength in metres.
/// A reading the meter marks as under range or invalid comes back as NaN.
class OpticalPowerMeter : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::OpticalPowerMeter; }

    virtual int portCount() const = 0;
    virtual boost::asio::awaitable<void> setWavelength(int port, double metres) = 0;
    virtual boost::asio::awaitable<double> wavelength(int port) = 0;
    virtual boost::asio::awaitable<void> setAveragingTime(int port, std::chrono::microseconds time) = 0;
    virtual boost::asio::awaitable<void> setAutoRange(int port, bool on) = 0;
    /// @brief Triggers a measurement and returns it in watts.
    virtual boost::asio::awaitable<double> measurePower(int port) = 0;
    /// @brief Whether logPower() works on this model.
    virtual bool supportsLogging() const { return false; }
    /// @brief Logs @p count samples at @p interval and returns them in watts.
    virtual boost::asio::awaitable<std::vector<double>> logPower(int port, int count,
                                                                 std::chrono::microseconds interval);

    /// @brief Nothing to make safe on a meter.
    boost::asio::awaitable<void> safeState() override;
};

} // namespace optiqual::instruments
