#pragma once
#include "instruments/sim/world/CpoEngineParams.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief One simulated CPO optical engine with its ELSFP external laser module, as seated on a CPO host board: its
/// drawn variation and defects, and its physics as pure functions of what the stand applies (temperature, rail
/// voltages, laser enables, heater powers, light at the receivers). The stand (CpoStand) holds the state.
///
/// Light path: ELSFP laser k (1–8) → its PM fibre → the engine's laser input k → split to channels 4k−3 … 4k → ring
/// modulator → the channel's Tx fibre coupler. Each channel's Rx fibre coupler feeds its photodiode. The unit's
/// serial decides everything: the same serial and lot seed give the same engine on every station.
class CpoEngine {
public:
    static constexpr int kChannels = 32;
    static constexpr int kLasers = 8;
    static constexpr int kChannelsPerLaser = kChannels / kLasers;

    /// @param defects given defects (planted), or std::nullopt to draw them from the serial
    CpoEngine(std::string serial, std::string partNumber, const CpoEngineParams& params,
              std::optional<std::vector<CpoDefect>> defects = std::nullopt);

    /// @brief The defects the unit @p serial draws with @p params (independent of its variation).
    static std::vector<CpoDefect> drawDefects(const std::string& serial, const CpoEngineParams& params);

    const std::string& serial() const { return m_serial; }
    const std::string& partNumber() const { return m_partNumber; }
    const std::vector<CpoDefect>& defects() const { return m_defects; }
    const CpoEngineParams& params() const { return m_params; }
    /// @brief The channel (0-based) or laser a defect sits on; −1 when the unit has none of that kind.
    int defectSite(CpoDefect defect) const;

    // --- ELSFP (lasers 0-based) -----------------------------------------------------------------------------------
    /// @brief Bias the APC loop settles at to emit @p targetWatts (clamped at the bias ceiling).
    double laserBiasAmps(int laser, double targetWatts) const;
    /// @brief Power into laser @p laser's fibre at bias @p amps.
    double laserWatts(int laser, double amps) const;
    /// @brief What the ELSFP's power monitor reports for @p watts (the monitor's own error).
    double powerMonitorWatts(int laser, double watts) const;
    double biasMonitorAmps(int laser, double amps) const;
    /// @brief The ELSFP's supply current at @p volts with lasers at @p biases (0 below its Vcc minimum).
    double elsfpCurrent(double volts, const std::array<double, kLasers>& biases) const;

    // --- Engine (channels 0-based) --------------------------------------------------------------------------------
    /// @brief The engine's electrical power at core voltage @p volts with @p heaterWatts in its ring heaters: CMOS
    /// power ∝ V² around the nominal voltage; 0 below the power-on-reset threshold.
    double coreWatts(double volts, double heaterWatts) const;
    /// @brief Laser-fibre light @p laserWatts at channel @p channel's Tx fibre.
    double txWatts(int channel, double laserWatts) const;
    /// @brief Laser wavelength minus ring @p channel's nearest resonance, nm, at die temperature @p dieC with @p
    /// heaterMw in its heater (heat red-shifts the ring; the resonances repeat every FSR).
    double ringDetuningNm(int channel, double dieC, double heaterMw) const;
    /// @brief The ring's drop-port monitor, relative to the light in its bus (a Lorentzian around resonance).
    double ringDrop(int channel, double dieC, double heaterMw) const;
    /// @brief Photocurrent of channel @p channel's photodiode with @p fibreWatts at its Rx fibre: R·P·10^(−CL/10) +
    /// I_dark(T).
    double photocurrentAmps(int channel, double fibreWatts, double dieC) const;
    /// @brief Pre-FEC BER of channel @p channel's PRBS checker for light of average @p fibreWatts and extinction
    /// ratio @p extinctionDb carrying the pattern the checker expects.
    double ber(int channel, double fibreWatts, double extinctionDb) const;

    double couplingLossDb(int channel) const { return m_couplingDb[index(channel)]; }
    double responsivity(int channel) const { return m_responsivity[index(channel)]; }
    double darkCurrentAmps(int channel, double dieC) const;

private:
    static std::size_t index(int channel);

    std::string m_serial;
    std::string m_partNumber;
    CpoEngineParams m_params;
    std::vector<CpoDefect> m_defects;
    std::array<int, kCpoDefectCount> m_sites{};
    double m_powerFactor = 1.0;
    std::array<double, kChannels> m_couplingDb{};
    std::array<double, kChannels> m_onChipDb{};
    std::array<double, kChannels> m_ringOffsetNm{};
    std::array<double, kChannels> m_heaterNmPerMw{};
    std::array<double, kChannels> m_responsivity{};
    std::array<double, kChannels> m_darkAt25{};
    std::array<double, kLasers> m_thresholdAmps{};
    std::array<double, kLasers> m_slope{};
    std::array<double, kLasers> m_powerMonitorFactor{};
    std::array<double, kLasers> m_biasMonitorFactor{};
};

} // namespace optiqual::instruments::sim
