#pragma once
#include "instruments/sim/world/OpticalSource.h"

#include <cstdint>
#include <map>

namespace optiqual::instruments::sim {

/// @brief The default light source of the optical simulators: a constant power per port (−3 dBm unless set)
/// with small Gaussian noise from a seeded generator, so a simulated station is reproducible.
class ConstantOpticalSource : public OpticalSource {
public:
    /// @param relativeNoise standard deviation of the noise as a fraction of the power (0.002 ≈ ±0.01 dB).
    explicit ConstantOpticalSource(double defaultDbm = -3.0, double relativeNoise = 0.002, std::uint64_t seed = 1);

    /// @brief Sets the power of @p port in dBm; -infinity means dark.
    void setPowerDbm(int port, double dbm) { m_portDbm[port] = dbm; }
    /// @brief The power @p port is set to, without noise.
    double powerDbm(int port) const;
    void setDefaultPowerDbm(double dbm) { m_defaultDbm = dbm; }
    void setRelativeNoise(double sigma) { m_relativeNoise = sigma; }

    double power(int port, double wavelengthMetres, double seconds) override;

private:
    double gaussian();

    double m_defaultDbm;
    double m_relativeNoise;
    std::uint64_t m_state;
    std::map<int, double> m_portDbm;
};

} // namespace optiqual::instruments::sim
