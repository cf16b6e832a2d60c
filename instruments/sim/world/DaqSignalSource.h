#pragma once

namespace optiqual::instruments::sim {

/// @brief The signals wired to a simulated DAQ's input channels (instrument numbering, e.g. 101): thermocouple
/// junction temperatures, transducer voltages (a 1–5 V pressure transducer) and loop currents (a 4–20 mA flow
/// meter). The world model plugs in here; ConstantDaqSignals is the default.
class DaqSignalSource {
public:
    virtual ~DaqSignalSource() = default;

    /// @brief Temperature in °C at the thermocouple on @p channel at simulation time @p t (seconds).
    virtual double temperature(int channel, double t) = 0;
    /// @brief DC volts on @p channel.
    virtual double dcVoltage(int channel, double t) = 0;
    /// @brief DC amps into @p channel.
    virtual double dcCurrent(int channel, double t) = 0;
};

} // namespace optiqual::instruments::sim
