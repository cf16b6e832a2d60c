#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/OpticalSource.h"

#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief What distinguishes one Keysight optical power meter from another in the simulator: the model is data.
struct KeysightPowerMeterSimModel {
    std::string model;              ///< `*IDN?` model field and factory key, e.g. "N7744A"
    int ports = 4;                  ///< N774xA: optical ports; 8163B: power-meter slots
    double minWavelength = 1250e-9; ///< metres
    double maxWavelength = 1650e-9;
    double minAveragingTime = 1e-6; ///< seconds
    double maxAveragingTime = 10.0;
    int maxLoggingPoints = 1000000;
    double minRangeDbm = -30.0; ///< fixed ranges in 10 dB steps
    double maxRangeDbm = 10.0;
    double sensitivityDbm = -80.0; ///< weakest valid reading with autorange
    std::string firmware = "1.0";
};

/// @brief Simulated Keysight N7744A/N7745A multiport power meter or 8163B mainframe with power-meter modules
/// (slots as ports): the `:SENSe`, `:READ`, `:FETCh`, `:INITiate`, `:TRIGger` trees of the N77xx / 8163
/// programming guides, the logging function (`:SENSe:FUNCtion`) with float32 binary results, and the 488.2
/// status and error queue (Keysight style `+0,"No error"`).
///
/// The power at each port comes from an OpticalSource (a ConstantOpticalSource at −3 dBm by default). Logging
/// completes after count × averaging time of simulation time (SimContext clock plus advance()), or at once with
/// setInstantLogging(true). Readings the meter cannot make (under range, overload, no light) are sent as
/// `+3.40282347E+038`, the float maximum drivers treat as invalid (anything above 1e20 [LX]).
class KeysightPowerMeterSimulator : public ScpiDevice {
public:
    KeysightPowerMeterSimulator(KeysightPowerMeterSimModel model, const SimContext& context);

    /// @brief The built-in model table ("N7744A", "N7745A", "8163B"); nullptr for an unknown key.
    static const KeysightPowerMeterSimModel* findModel(std::string_view model);
    static std::vector<std::string> models();

    const KeysightPowerMeterSimModel& model() const { return m_model; }
    void setSource(std::shared_ptr<OpticalSource> source) { m_source = std::move(source); }
    const std::shared_ptr<OpticalSource>& source() const { return m_source; }
    /// @brief Logging completes as soon as it starts (instead of after count × averaging time).
    void setInstantLogging(bool instant) { m_instantLogging = instant; }
    /// @brief Moves this simulator's time forward by @p seconds (tests; no sleeping).
    void advance(double seconds) { m_advanced += seconds; }
    /// @brief Simulation time in seconds: the context clock plus everything advance() added.
    double now() const;

    /// Settings of @p port (from 1), for tests and the world model.
    double wavelength(int port) const { return m_ports.at(index(port)).wavelength; }
    bool unitWatts(int port) const { return m_ports.at(index(port)).watts; }
    double averagingTime(int port) const { return m_ports.at(index(port)).averagingTime; }
    bool autoRange(int port) const { return m_ports.at(index(port)).autoRange; }
    double rangeDbm(int port) const { return m_ports.at(index(port)).rangeDbm; }
    /// @brief The logging function is selected on @p port (started and not stopped).
    bool loggingActive(int port) const { return m_ports.at(index(port)).logging; }
    /// @brief Logging on @p port has started and not yet logged all its samples.
    bool loggingInProgress(int port) const;

    /// @brief The value sent for an invalid reading: the float maximum, `+3.40282347E+038`.
    static constexpr double kInvalidReading = std::numeric_limits<float>::max();

protected:
    void reset() override;

private:
    struct Port {
        double wavelength = 1550e-9;
        bool watts = false;
        double averagingTime = 0.1;
        bool autoRange = true;
        double rangeDbm = 0.0;
        bool continuous = true;
        std::string triggerInput = "IGN";
        std::string triggerOutput = "DIS";
        double lastReadingWatts = 0.0;
        bool logging = false;
        int logCount = 100;
        double logInterval = 0.1;
        double logStart = 0.0;
        std::vector<float> logged;
    };

    static std::size_t index(int port) { return static_cast<std::size_t>(port - 1); }
    /// The port a command addresses: slot suffix on node 0, channel suffix (only 1) on node 1; -114 otherwise.
    Port& portOf(const ScpiContext& c);
    int portNumber(const ScpiContext& c) const;
    void registerSense();
    void registerMeasurement();
    void registerLogging();
    /// Power arriving at @p port at @p time, or kInvalidReading when the meter cannot read it.
    double measureWatts(int port, const Port& p, double time);
    std::string formatReading(const Port& p, double watts) const;
    int completedSamples(const Port& p) const;
    void collectSamples(int port, Port& p);

    KeysightPowerMeterSimModel m_model;
    std::shared_ptr<const core::Clock> m_clock;
    std::shared_ptr<OpticalSource> m_source;
    std::vector<Port> m_ports;
    bool m_instantLogging = false;
    double m_advanced = 0.0;
};

} // namespace optiqual::instruments::sim
