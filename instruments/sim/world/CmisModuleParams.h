#pragma once
#include "instruments/sim/world/DcDcConverter.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::instruments::sim {

/// @brief A manufacturing defect a simulated module can carry (see CmisModule for what each one does).
///
/// Lane defects (WeakLane, HighBerLane, DdmTxMiscalibrated) apply to one lane; the others to the whole module. New
/// modes are appended: the defect draw walks the modes in enum order, so appending keeps every earlier draw.
enum class DefectMode : std::uint8_t {
    None,               ///< no defect (a Defect with this mode is ignored)
    WeakLane,           ///< one laser with low slope efficiency: APC runs into its bias limit, Tx power low, bias high
    HighBerLane,        ///< one receiver with an error floor: media BER above 2.4e-4 at any Rx power
    HighPowerDraw,      ///< electrical draw × Defects::highPowerDrawFactor (beyond the 400 W envelope at full load)
    FirmwareMismatch,   ///< the active firmware image is Identity::staleFirmware instead of Identity::firmware
    StuckInLowPower,    ///< the module never leaves ModuleLowPwr, whatever the host asks
    FaultOnPowerUp,     ///< part-way through ModulePwrUp the module enters ModuleFault (fault cause in byte 41)
    BadEepromChecksum,  ///< the page 00h checksum (byte 222) does not match bytes 128–221
    HighTemperature,    ///< poor cold-plate contact: internal temperature rise × Defects::highTemperatureRiseFactor
    SlowPowerUp,        ///< ModulePwrUp takes Defects::slowPowerUpFactor × the upper bound the module advertises
    DdmTxMiscalibrated, ///< one lane's Tx power monitor reads Defects::ddmTxMiscalibrationDb off the true power
    HighInrush,         ///< failed soft start: the input ramps Defects::highInrushFactor × faster, inrush × that
};

inline constexpr std::size_t kDefectModeCount = 12;

/// @brief Stable lower-case names ("weak-lane", "high-ber-lane", ...) for configuration files and logs.
const char* toString(DefectMode mode);
/// @brief The inverse of toString(DefectMode); std::nullopt for an unknown name.
std::optional<DefectMode> defectModeFromString(std::string_view name);
/// @brief True for the defects that affect a single lane.
bool isLaneDefect(DefectMode mode);

/// @brief One defect of one unit. For lane defects @p lane is the global lane 0–63 (bank × 8 + lane in bank);
/// a negative lane means "draw the lane from the serial number".
struct Defect {
    DefectMode mode = DefectMode::None;
    int lane = -1;

    friend bool operator==(const Defect&, const Defect&) = default;
};

/// @brief Alarm and warning thresholds of one monitor, in the monitor's engineering unit.
struct AlarmThresholds {
    double highAlarm;
    double lowAlarm;
    double highWarning;
    double lowWarning;
};

/// @brief Every parameter of the simulated XPO module, with documented defaults.
///
/// Tags follow /work/shared/reference/domain.md: [S] sourced, [D] derived, [A] assumption (a value to tune).
/// Unit-to-unit spreads are the standard deviations (or half-widths for uniform draws) used by CmisUnitVariation;
/// normal draws are truncated at ±3σ, as a production screen would.
struct CmisModuleParams {
    /// @brief Identity and static advertising (lower page and pages 00h/01h).
    struct Identity {
        std::string vendorName = "OPTIQUAL SIM";                 ///< page 00h 129–144, space padded [A]
        std::array<std::uint8_t, 3> vendorOui{0x00, 0x00, 0x00}; ///< page 00h 145–147 [A]
        std::string partNumber = "XPO-DR64-12T8";                ///< page 00h 148–163 [A]
        std::string revision = "A0";                             ///< page 00h 164–165 [A]
        /// @brief Page 00h 182–189 "YYMMDDLL"; empty: derived from the serial number (2026, lot code "  ").
        std::string dateCode;
        std::uint8_t identifier = 0x19;      ///< SFF-8024 identifier; no code exists for XPO, OSFP 8X used [A]
        std::uint8_t cmisRevision = 0x52;    ///< lower page byte 1: CMIS 5.2 [A]
        std::uint8_t firmwareMajor = 2;      ///< active image, lower page byte 39 [A]
        std::uint8_t firmwareMinor = 4;      ///< lower page byte 40 [A]
        std::uint8_t staleFirmwareMajor = 2; ///< image a FirmwareMismatch unit runs [A]
        std::uint8_t staleFirmwareMinor = 1;
        std::uint8_t hardwareMajor = 1; ///< page 01h 130 [A]
        std::uint8_t hardwareMinor = 0; ///< page 01h 131 [A]
        double maxPowerWatts = 400.0;   ///< advertised maximum power [S] Arista: up to 400 W per module
        /// @brief Application descriptor 1 (lower page 86–89): host 1.6TAUI-8 C2M (0x83), media 1.6TBASE-DR8
        /// (0x7F), 8 host + 8 media lanes, host lane assignment 0x01. One data path of 8 lanes per bank. [S] SFF-8024
        std::array<std::uint8_t, 4> application{0x83, 0x7F, 0x88, 0x01};
        std::uint8_t mediaLaneAssignment = 0x01; ///< page 01h 176: options for application 1 [A]
        std::uint8_t mediaType = 0x02;           ///< lower page 85: single-mode fibre [S] SFF-8024
        std::uint8_t connectorType = 0x0C;       ///< page 00h 203: MPO 1x12 [A]
    };

    /// @brief Supply and electrical power. The power figures below are what the module's internal rails draw (the
    /// converter's output); the input draws that through `converter` (input = output / efficiency).
    struct Power {
        double supplyNominalVolts = 48.0;       ///< [S] Molex: 40–60 V input
        double supplyMinVolts = 40.0;           ///< [S]
        double supplyMaxVolts = 60.0;           ///< [S]
        double undervoltageLockoutVolts = 36.0; ///< a running module switches off below this input [A]
        /// @brief Undervoltage hysteresis: an off module starts only at or above lockout × (1 + this), so 2 V at
        /// the 36 V lockout (turn-on 38 V). A fraction, so a low-voltage configuration scales with it. [A]
        double undervoltageHysteresisFraction = 2.0 / 36.0;
        DcDcConverterParams converter; ///< losses, input capacitance and soft start of the 48 V input stage [A]
        /// @brief The CMIS Vcc monitor (bytes 16–17, max 6.55 V) cannot show a 48 V input: it reports the internal
        /// 3.3 V management rail instead, unless vccMonitorReportsSupply is set (a 3.3 V-input pluggable). [A]
        double railVolts = 3.3;
        bool vccMonitorReportsSupply = false;
        double railLoadDroopVolts = 0.02; ///< rail droop at full (maxPowerWatts) load [A]
        double lowPowerWatts = 4.0;       ///< ModuleLowPwr, reset, MgmtInit and Fault draw [A] ("a few W")
        double readyIdleWatts = 60.0;     ///< ModuleReady with every data path deactivated (DSPs up) [A]
        /// @brief Added per lane whose data path is initialized or active: 60 + 64 × 2.6 ≈ 226 W at full load
        /// (≈ 18 pJ/bit at 12.8 Tb/s), a full-retimed DR8 XPO [D] (~8 × 25 W, domain §7) well inside [S] the
        /// 400 W envelope. [A]
        double perActiveLaneWatts = 2.6;
        double temperatureCoefficientPerK = 0.003; ///< leakage: +0.3 %/K above 25 °C case [A]
        double unitSpread = 0.03;                  ///< σ of the unit's power factor [A]
    };

    /// @brief Heat path from the module internals to the case (cold plate).
    struct Thermal {
        /// @brief Internal (monitored) temperature = case + rise × input power (the converter's losses heat the
        /// module too): a full-load module's ≈ 349 W → +4 K on the cold plate. [A]
        double internalRiseKelvinPerWatt = 0.0115;
        double monitorOffsetSpreadC = 1.0; ///< half-width of the uniform temperature monitor error [A] (spec ±3 °C)
        double initialCaseTemperatureC = 25.0;
        /// @brief Over-temperature shutdown: an internal temperature above this puts a running module in
        /// ModuleFault (byte 41 = Timing::overTemperatureFaultCause). Above the 80 °C high alarm of page 02h, and
        /// above the HighTemperature defect's worst case at a 70 °C case (≈ 90 °C), so that defect shows as an alarm
        /// while a module whose coolant stops trips. [A]
        double shutdownTemperatureC = 95.0;
    };

    /// @brief State machine timing. Durations are advertised as CMIS duration codes (page 01h 144, 167, 168):
    /// 0 <1 ms, 1 1–5 ms, 2 5–10 ms, 3 10–50 ms, 4 50–100 ms, 5 100–500 ms, 6 0.5–1 s, 7 1–5 s, 8 5–10 s,
    /// 9 10–60 s, 10 1–5 min, 11 5–10 min, 12 10–50 min, 13 50–100 min [S] (sonic-platform-common cmis codes
    /// DP_PATH_TIMINGS; CMIS leaves 13 open-ended). A unit's actual duration is lower + fraction × (upper − lower)
    /// of its code's bracket, the fraction drawn per unit.
    struct Timing {
        double managementInitSeconds = 1.0;   ///< reset release / power-on to a responding interface [A]
        std::uint8_t modulePowerUpCode = 7;   ///< 1–5 s: XPO DSPs and 64 lasers [A]
        std::uint8_t modulePowerDownCode = 5; ///< 100–500 ms [A]
        std::uint8_t dataPathInitCode = 6;    ///< 0.5–1 s [A]
        std::uint8_t dataPathDeinitCode = 4;  ///< 50–100 ms [A]
        std::uint8_t txTurnOnCode = 4;        ///< 50–100 ms [A]
        std::uint8_t txTurnOffCode = 3;       ///< 10–50 ms [A]
        double durationFractionMin = 0.3;     ///< per-unit fraction of the bracket, uniform [A]
        double durationFractionMax = 0.9;
        double faultAfterPowerUpFraction = 0.5;        ///< FaultOnPowerUp: when in ModulePwrUp the fault strikes [A]
        std::uint8_t powerUpFaultCause = 0x20;         ///< byte 41 value for FaultOnPowerUp (custom range) [A]
        std::uint8_t overTemperatureFaultCause = 0x21; ///< byte 41 after an over-temperature shutdown (custom) [A]
    };

    /// @brief Transmitter: a DFB/EML per lane under automatic power control (APC).
    struct Laser {
        double thresholdMilliAmpAt25 = 8.0;             ///< I_th at 25 °C [A]
        double thresholdSpread = 0.08;                  ///< relative σ [A]
        double characteristicTemperatureK = 60.0;       ///< T0 in I_th = I0·exp(T/T0) [S] 50–70 K InGaAsP/InP
        double slopeWattsPerAmpAt25 = 0.05;             ///< fibre-coupled slope efficiency [A]
        double slopeSpread = 0.08;                      ///< relative σ [A]
        double slopeTemperatureCoefficientPerK = 0.004; ///< slope loss 0.4 %/°C [A]
        double apcTargetDbm = 1.5;      ///< launch power set point, inside −2.9…+4.0 dBm [S] DR4 limits
        double apcTargetSpreadDb = 0.3; ///< σ of the per-lane calibration [A]
        /// @brief APC tracking error: −0.008 dB/K keeps Tx power within ±0.5 dB over 0–70 °C case. [A]
        double apcResidualDbPerK = -0.008;
        double maxBiasMilliAmp = 90.0;  ///< driver compliance; APC cannot go beyond [A]
        double extinctionRatioDb = 4.5; ///< ≥3.5 dB [S] DR4; nominal [A]
        double extinctionRatioSpreadDb = 0.3;
        double wavelengthNm = 1311.0; ///< 1304.5–1317.5 nm [S] DR4
        double wavelengthSpreadNm = 1.5;
        double wavelengthDriftNmPerK = 0.085; ///< [S] DFB 0.085 nm/°C typical
        double disabledOutputDbm = -40.0;     ///< true output with the laser off (≤ −15 dBm [S])
    };

    /// @brief Receiver and bit-error model (PAM4, thermal-noise limited, with an error floor).
    struct Receiver {
        /// @brief OMA at which BER = sensitivityBer. −4.4 dBm is the 100G DR4 limit [S]; used as the typical
        /// 200G unit, i.e. ~1 dB better than the assumed 200G limit (−3.4 dBm [A]).
        double sensitivityOmaDbm = -4.4;
        /// @brief σ per lane [A]. 0.2 dB puts the typical unit 5 σ inside the limit (Cpk ≈ 1.7 per lane), so the
        /// worst of 64 lanes passes on a defect-free unit and parametric fallout stays well under 0.1 %.
        double sensitivitySpreadDb = 0.2;
        /// @brief Sensitivity lost per K of internal temperature above 25 °C (TIA noise, dark current): ≈ 0.25 dB at
        /// a 70 °C case [A]. Cold corners keep the 25 °C figure.
        double sensitivityDegradationDbPerK = 0.005;
        double sensitivityBer = 2.4e-4;      ///< [S] pre-FEC BER threshold
        double inputExtinctionRatioDb = 4.5; ///< assumed ER of the incoming light, to turn average power into OMA [A]
        double errorFloorQ = 7.0;            ///< Q of the non-optical noise (ISI, crosstalk): BER floor ≈ 2e-12 [A]
        double hostChannelQ = 7.5;           ///< host-side electrical loopback on the fixture [A]
        double losAssertDbm = -13.0;         ///< Rx LOS asserts below this average power [A] (−15/−10 [S] range)
        double losDeassertDbm = -11.0;       ///< and clears above this one [A]
    };

    /// @brief DDM monitor errors (per lane, uniform half-widths).
    struct Monitors {
        double txPowerErrorDb = 0.5;     ///< [A] (spec ±3 dB [S], ±2 dB vendor [A])
        double rxPowerErrorDb = 0.5;     ///< [A]
        double biasErrorFraction = 0.05; ///< [A] (spec ±10 % [S])
        double vccErrorFraction = 0.01;  ///< [A] (spec ±3 % [S])
    };

    /// @brief Page 02h thresholds (engineering units: °C, V, dBm, mA, dBm). [A] unless noted.
    struct Thresholds {
        AlarmThresholds temperatureC{80.0, -5.0, 75.0, 0.0};
        AlarmThresholds vccVolts{3.63, 2.97, 3.465, 3.135}; ///< warnings at 3.135–3.465 V [S]
        AlarmThresholds txPowerDbm{5.0, -4.9, 4.0, -2.9};   ///< warnings at the DR4 launch limits [S]
        AlarmThresholds biasMilliAmp{95.0, 5.0, 85.0, 10.0};
        AlarmThresholds rxPowerDbm{5.0, -9.9, 4.0, -5.9}; ///< warnings at the DR4 Rx average limits [S]
    };

    /// @brief Defect draws and magnitudes.
    struct Defects {
        /// @brief Probability of each DefectMode (indexed by the enum; None's entry is unused), drawn independently
        /// per unit. Defaults give ≈ 90 % of units without a defect. [A]
        std::array<double, kDefectModeCount> probability{0.0,   0.02,  0.015, 0.01,  0.01,  0.005,
                                                         0.005, 0.005, 0.01,  0.008, 0.008, 0.005};
        double weakLaneSlopeFactor = 0.1;    ///< WeakLane: slope × this; bias hits its limit, ≈ −4 dBm out [A]
        double highBerLaneErrorFloorQ = 3.3; ///< HighBerLane: floor Q → BER ≈ 7e-4 [A]
        /// @brief HighPowerDraw (a leaky DSP rail): the input draw × this, ≈ 440 W at full load, beyond the 400 W
        /// envelope [A]. Applied at the input (the test sees the input), so it holds at every supply voltage.
        double highPowerDrawFactor = 1.9;
        double highTemperatureRiseFactor = 4.0; ///< HighTemperature: ≈ +9 K more at full load [A]
        /// @brief SlowPowerUp: ModulePwrUp lasts this × the upper bound of the advertised code (5 s → 8 s). [A]
        double slowPowerUpFactor = 1.6;
        /// @brief DdmTxMiscalibrated: added to the lane's Tx power monitor error; beyond the ±3 dB DDM accuracy
        /// [S] whatever the lane's own error (±0.5 dB), and low, so no Tx power flag gives it away. [A]
        double ddmTxMiscalibrationDb = -4.0;
        double highInrushFactor = 5.0; ///< HighInrush: soft start this × faster, capacitive inrush × this [A]
    };

    Identity identity;
    Power power;
    Thermal thermal;
    Timing timing;
    Laser laser;
    Receiver receiver;
    Monitors monitors;
    Thresholds thresholds;
    Defects defects;
    /// @brief Mixed into every draw with the serial number: a lot seed (`optiqual lot --seed`). 0 by default.
    std::uint64_t seed = 0;

    double defectProbability(DefectMode mode) const { return defects.probability[static_cast<std::size_t>(mode)]; }
    void setDefectProbability(DefectMode mode, double p) { defects.probability[static_cast<std::size_t>(mode)] = p; }
    /// @brief Sets every defect probability to zero (units carry only explicitly given defects).
    void disableDefects() { defects.probability.fill(0.0); }
};

/// @brief The lower and upper bound in seconds of CMIS duration code @p code (see CmisModuleParams::Timing);
/// codes 14–15 (reserved) and above are treated as code 13.
double cmisDurationLowerSeconds(std::uint8_t code);
double cmisDurationUpperSeconds(std::uint8_t code);

} // namespace optiqual::instruments::sim
