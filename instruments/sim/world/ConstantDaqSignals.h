#pragma once
#include "instruments/sim/world/DaqSignalSource.h"

#include <cstdint>
#include <map>
#include <random>

namespace optiqual::instruments::sim {

/// @brief Standard deviations of the noise ConstantDaqSignals adds to each reading (0: exact values).
struct DaqNoise {
    double temperature = 0.02; ///< °C
    double voltage = 20e-6;    ///< V
    double current = 50e-9;    ///< A
};

/// @brief Per-channel constant signals with small seeded Gaussian noise: a default for every channel (23 °C,
/// 1.0 V — a 1–5 V transducer at zero — and 4 mA — a 4–20 mA loop at zero) that tests override per channel.
class ConstantDaqSignals : public DaqSignalSource {
public:
    explicit ConstantDaqSignals(std::uint64_t seed = 1, DaqNoise noise = {});

    double temperature(int channel, double t) override;
    double dcVoltage(int channel, double t) override;
    double dcCurrent(int channel, double t) override;

    void setTemperature(int channel, double degC) { m_temperatures[channel] = degC; }
    void setVoltage(int channel, double volts) { m_voltages[channel] = volts; }
    void setCurrent(int channel, double amps) { m_currents[channel] = amps; }
    void setDefaults(double degC, double volts, double amps);
    void setNoise(DaqNoise noise) { m_noise = noise; }

private:
    double value(const std::map<int, double>& values, int channel, double fallback, double sigma);

    DaqNoise m_noise;
    std::mt19937_64 m_random;
    std::normal_distribution<double> m_gauss{0.0, 1.0};
    std::map<int, double> m_temperatures;
    std::map<int, double> m_voltages;
    std::map<int, double> m_currents;
    double m_defaultTemperature = 23.0;
    double m_defaultVoltage = 1.0;
    double m_defaultCurrent = 4e-3;
};

} // namespace optiqual::instruments::sim
