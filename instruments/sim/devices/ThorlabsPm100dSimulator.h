#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/OpticalSource.h"

#include <memory>

namespace optiqual::instruments::sim {

/// @brief Simulated Thorlabs PM100D console with an S122C InGaAs photodiode sensor (700–1800 nm, up to 40 mW):
/// `SENS:CORR:WAV` in nm, `SENS:AVER:COUN`, `SENS:POW:DC:RANG[:AUTO|:UPP]`, `SENS:POW:DC:UNIT W|DBM`,
/// `MEAS:POW?`, `CONF:POW` + `READ?`, `INIT` + `FETC?`, `SYST:SENS:IDN?`, and a plain SCPI error queue
/// (`0,"No error"`).
///
/// Numbers are answered the way the console prints them, `1.550000E+03` (no '+' on positive values); a
/// reading it cannot make (overload, no light) is `9.900000E+37` [PM].
class ThorlabsPm100dSimulator : public ScpiDevice {
public:
    explicit ThorlabsPm100dSimulator(const SimContext& context);

    void setSource(std::shared_ptr<OpticalSource> source) { m_source = std::move(source); }
    const std::shared_ptr<OpticalSource>& source() const { return m_source; }
    void advance(double seconds) { m_advanced += seconds; }
    double now() const;

    double wavelengthNm() const { return m_wavelengthNm; }
    int averageCount() const { return m_averageCount; }
    bool autoRange() const { return m_autoRange; }
    double rangeWatts() const { return m_rangeWatts; }
    bool unitWatts() const { return m_unitWatts; }

    static constexpr double kMinWavelengthNm = 700.0;
    static constexpr double kMaxWavelengthNm = 1800.0;
    static constexpr double kMaxPowerWatts = 0.04;
    static constexpr int kMaxAverageCount = 100000; ///< assumed; the manual gives no upper limit

protected:
    void reset() override;

private:
    /// One measurement in watts; +infinity when the sensor cannot read it.
    double measureWatts();
    std::string formatReading(double watts) const;

    std::shared_ptr<const core::Clock> m_clock;
    std::shared_ptr<OpticalSource> m_source;
    std::string m_sensorSerial;
    double m_advanced = 0.0;
    double m_wavelengthNm = 1550.0;
    int m_averageCount = 1;
    bool m_autoRange = true;
    double m_rangeWatts = kMaxPowerWatts;
    bool m_unitWatts = true;
    double m_lastWatts = 0.0;
};

} // namespace optiqual::instruments::sim
