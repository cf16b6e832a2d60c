#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/OpticalSource.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief What distinguishes one Keysight N776xA attenuator from another in the simulator.
struct KeysightAttenuatorSimModel {
    std::string model;              ///< `*IDN?` model field and factory key, e.g. "N7764A"
    int channels = 4;               ///< attenuators; each occupies two slots (N77xx guide, slot numbers)
    double minWavelength = 1260e-9; ///< metres
    double maxWavelength = 1640e-9;
    double maxAttenuationDb = 45.0; ///< filter attenuation range is 0 … this
    double insertionLossDb = 1.0;
    std::string firmware = "1.0";
};

/// @brief Simulated Keysight N776xA multichannel variable optical attenuator: `:INPut` (attenuation, offset,
/// wavelength, transition speed), `:OUTPut` (shutter, power unit, power-control mode, monitor averaging time),
/// `:READ`/`:FETCh` of the built-in output power monitor, and the 488.2 status and error queue.
///
/// Attenuator k answers on slots 2k−1 and 2k. The displayed attenuation is filter + offset; the filter moves
/// to a new value at the transition speed (first-order in the sense of rate-limited, driven by the simulation
/// clock). Output power = input power − filter attenuation − insertion loss while the shutter is open, 0 when
/// it is closed. An attenuation outside offset … offset + max gives -224 Illegal parameter value, as the
/// instrument does; other out-of-range values -222.
///
/// It is also an OpticalSource: port k is attenuator k's output, so a meter simulator can be fed from it.
class KeysightAttenuatorSimulator : public ScpiDevice, public OpticalSource {
public:
    KeysightAttenuatorSimulator(KeysightAttenuatorSimModel model, const SimContext& context);

    /// @brief The built-in model table ("N7761A", "N7762A", "N7764A", "N7766A", "N7768A"); nullptr if unknown.
    static const KeysightAttenuatorSimModel* findModel(std::string_view model);
    static std::vector<std::string> models();

    const KeysightAttenuatorSimModel& model() const { return m_model; }
    /// @brief The light at each attenuator's input (port k = attenuator k).
    void setSource(std::shared_ptr<OpticalSource> source) { m_source = std::move(source); }
    const std::shared_ptr<OpticalSource>& source() const { return m_source; }
    void advance(double seconds) { m_advanced += seconds; }
    double now() const;

    /// State of attenuator @p channel (from 1), for tests and the world model.
    double attenuation(int channel) const;       ///< displayed: filter target + offset
    double filterAttenuation(int channel) const; ///< where the filter is now (moving at the transition speed)
    double offset(int channel) const { return m_channels.at(index(channel)).offset; }
    double wavelength(int channel) const { return m_channels.at(index(channel)).wavelength; }
    bool shutterOpen(int channel) const { return m_channels.at(index(channel)).shutterOpen; }
    bool unitWatts(int channel) const { return m_channels.at(index(channel)).watts; }
    double speed(int channel) const { return m_channels.at(index(channel)).speed; }

    /// @brief Power in watts leaving attenuator @p port's output.
    double power(int port, double wavelengthMetres, double seconds) override;
    /// @brief Watts leaving channel @p channel for @p inputWatts entering it at @p seconds: shutter, filter
    /// (or power control) and insertion loss.
    double outputWatts(int channel, double inputWatts, double seconds) const;

protected:
    void reset() override;

private:
    struct Channel {
        double filterFrom = 0.0;   ///< filter attenuation when the last move started
        double filterTarget = 0.0; ///< where it is going
        double moveStart = 0.0;
        double offset = 0.0;
        double wavelength = 1550e-9;
        double speed = 80.0; ///< dB/s
        bool shutterOpen = false;
        bool watts = false;
        bool powerControl = false;
        double powerSetpointDbm = -10.0;
        double averagingTime = 0.1;
        double lastReadingWatts = 0.0;
    };

    static std::size_t index(int channel) { return static_cast<std::size_t>(channel - 1); }
    int channelNumber(const ScpiContext& c) const;
    Channel& channelOf(const ScpiContext& c) { return m_channels[index(channelNumber(c))]; }
    void registerInput();
    void registerOutput();
    double filterAt(const Channel& ch, double time) const;
    void moveFilter(Channel& ch, double target);
    /// Parses an attenuation for @p ch: -224 outside offset … offset + max.
    double parseAttenuation(const ScpiContext& c, const Channel& ch) const;
    std::string formatPower(const Channel& ch, double watts) const;

    KeysightAttenuatorSimModel m_model;
    std::shared_ptr<const core::Clock> m_clock;
    std::shared_ptr<OpticalSource> m_source;
    std::vector<Channel> m_channels;
    double m_advanced = 0.0;
};

} // namespace optiqual::instruments::sim
