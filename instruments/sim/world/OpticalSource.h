#pragma once

namespace optiqual::instruments::sim {

/// @brief The light arriving at the optical inputs of a simulated instrument: the seam where the station's
/// world model (DUT transmitters, fibres, splitters) plugs into the meters, attenuators and switches.
///
/// Ports are numbered from 1 in the receiving instrument's own numbering (a meter's port, an attenuator's
/// channel input, a switch's input). Not thread-safe: like every simulator, it is used on the simulator's
/// io_context thread only.
class OpticalSource {
public:
    virtual ~OpticalSource() = default;

    /// @brief Optical power in watts arriving at @p port at simulation time @p seconds, as seen by a receiver
    /// set to @p wavelengthMetres. 0 means no light.
    virtual double power(int port, double wavelengthMetres, double seconds) = 0;
};

} // namespace optiqual::instruments::sim
