#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace optiqual::instruments::sim {

/// @brief A manufacturing defect a simulated CPO engine (with its ELSFP) can carry. New modes are appended: the
/// defect draw walks the modes in enum order, so appending keeps every earlier draw.
enum class CpoDefect : std::uint8_t {
    None,             ///< no defect (ignored)
    HighCouplingLoss, ///< a fibre-array channel misaligned or contaminated: + highCouplingLossDb on that channel
    RingOutOfRange,   ///< a ring fabricated too far from the laser: its heater cannot reach the resonance
    WeakLaser,        ///< an ELSFP laser with a low slope efficiency: its APC runs out of bias below the target power
    DeadPhotodiode,   ///< an open photodiode: almost no photocurrent on that channel
    LaserEndOfLife,   ///< an aged ELSFP laser: full power, but only with a bias near its end-of-life threshold
};

inline constexpr std::size_t kCpoDefectCount = 6;

const char* toString(CpoDefect defect);
/// @brief The inverse of toString(CpoDefect); std::nullopt for an unknown name.
std::optional<CpoDefect> cpoDefectFromString(std::string_view name);

/// @brief The CPO engine model (a 6.4 Tb/s engine: 32 × 200G channels, each a micro-ring modulator tuned by a heater
/// and a photodiode, fed by an 8-laser ELSFP whose fibres each feed 4 channels): nominal design, unit-to-unit spreads,
/// defect probabilities and magnitudes. Numbers are [A] unless marked; docs/cpo-test-flow.md gives each one's source.
struct CpoEngineParams {
    std::uint64_t seed = 1; ///< the lot seed: with the serial it decides a unit

    // --- Fibre coupling and on-chip losses ----------------------------------------------------------------------
    double couplingLossDb = 1.5;      ///< per channel fibre ↔ chip (edge coupler) [S domain §2 default]
    double couplingLossSigmaDb = 0.2; ///< σ per channel
    double highCouplingLossDb = 2.5;  ///< added on the defective channel
    double splitLossDb = 6.02;        ///< one laser fibre split to 4 channels on chip [D]
    double onChipLossDb = 4.0;        ///< laser input coupler + waveguides + ring modulator at its operating point
    double onChipLossSigmaDb = 0.1;   ///< σ per channel

    // --- Rings ---------------------------------------------------------------------------------------------------
    double ringOffsetNmAt25 = 2.6;      ///< laser − ring resonance at 25 °C (rings are made blue of the laser)
    double ringOffsetSigmaNm = 0.15;    ///< fabrication spread per ring
    double ringOutOfRangeExtraNm = 4.0; ///< added on the defective ring: past the tuning range at any spread
    double ringDriftNmPerK = 0.08;      ///< [S domain §2 default]
    double heaterNmPerMw = 0.0321;      ///< 1.79 nm / 55.7 mW [S domain §2]
    double heaterSpread = 0.05;         ///< σ of the heater efficiency (relative)
    double heaterMaxMw = 100.0;         ///< heater driver's limit: the tuning range is heaterMaxMw · heaterNmPerMw
    double ringFwhmNm = 0.1;            ///< resonance width (loaded Q ≈ 13 000)
    double ringFsrNm = 8.0;             ///< free spectral range
    double ringDropPeak = 0.9;          ///< drop-port monitor at resonance, relative to the light in the bus

    // --- Photodiodes and receivers -------------------------------------------------------------------------------
    double responsivityAPerW = 0.9;       ///< [S domain §2 default]
    double responsivitySigma = 0.03;      ///< σ (A/W)
    double deadResponsivityAPerW = 0.005; ///< an open photodiode: leakage through the TIA's input only
    double darkCurrentAmpsAt25 = 5e-9;    ///< Ge photodiode at −2 V
    double darkCurrentLogSigma = 0.3;     ///< σ of ln(I_dark)
    double darkDoublingKelvin = 10.0;     ///< dark current doubles every 10 K
    /// OMA at the photodiode where a nominal receiver (responsivity 0.9 A/W) has the pre-FEC BER threshold.
    double rxSensitivityOmaDbmAtPd = -9.0;
    double sensitivityBer = 2.4e-4; ///< [S domain §2 default]

    // --- Electrical ----------------------------------------------------------------------------------------------
    double coreNominalVolts = 0.9;
    double coreStaticWatts = 8.0;      ///< SerDes PLLs, control, bias at the nominal core voltage
    double channelWatts = 0.65;        ///< driver + TIA + CDR per channel at the nominal core voltage
    double corePowerSpread = 0.03;     ///< σ of the engine's power (relative)
    double coreMinVolts = 0.8;         ///< below this the engine's power-on reset holds it
    double thermalKelvinPerWatt = 0.1; ///< engine die above its cold plate

    // --- ELSFP ---------------------------------------------------------------------------------------------------
    double laserTargetDbm = 20.0; ///< VHP class, 20 ± 1.5 dBm per fibre [S domain §7]
    double fibreCheckDbm = 0.0;   ///< low power for the fibre/path check before ramping [S² domain §7]
    double laserThresholdAmps = 0.025;
    double laserThresholdSigmaAmps = 0.002;
    double laserSlopeWattsPerAmp = 0.30;
    double laserSlopeSigma = 0.015;     ///< σ (W/A)
    double laserMaxBiasAmps = 0.5;      ///< the APC loop's bias ceiling
    double weakLaserSlopeFactor = 0.35; ///< ≤ 17.6 dBm at the bias ceiling, whatever the slope's spread
    double endOfLifeSlopeFactor = 0.65; ///< bias ≥ 0.47 A (past the 0.45 A warning), power ≥ 18.9 dBm
    double powerMonitorSigmaDb = 0.15;
    double biasMonitorSigma = 0.01;  ///< relative
    double laserVoltage = 1.7;       ///< forward voltage of a laser at its bias
    double elsfpOverheadWatts = 4.0; ///< controller + TEC
    double elsfpMinVolts = 3.135;    ///< Vcc minimum [S² domain §7]

    /// @brief Probability of each defect (indexed by the enum; None unused), drawn independently per unit:
    /// Π(1 − p) ≈ 0.90 first-pass yield.
    std::array<double, kCpoDefectCount> probability{0.0, 0.03, 0.025, 0.02, 0.015, 0.02};

    double defectProbability(CpoDefect d) const { return probability[static_cast<std::size_t>(d)]; }
    void setDefectProbability(CpoDefect d, double p) { probability[static_cast<std::size_t>(d)] = p; }
};

} // namespace optiqual::instruments::sim
