#pragma once
#include "instruments/sim/world/CmisMemoryMap.h"
#include "instruments/sim/world/CmisModuleParams.h"
#include "instruments/sim/world/CmisOptics.h"
#include "instruments/sim/world/CmisUnitVariation.h"
#include "instruments/sim/world/DcDcConverter.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief Where a module is in its life, as the host board sees it. LowPower … Fault are the CMIS module states
/// (lower page byte 3); the others have no CMIS code because the management interface does not answer in them.
enum class CmisModuleState : std::uint8_t {
    Absent,         ///< no module in the socket
    Unpowered,      ///< seated, but power disabled or the supply below undervoltage lockout
    Resetting,      ///< ResetL asserted
    ManagementInit, ///< MgmtInit after power-on or reset: the interface does not answer yet
    LowPower,       ///< ModuleLowPwr (1)
    PowerUp,        ///< ModulePwrUp (2)
    Ready,          ///< ModuleReady (3)
    PowerDown,      ///< ModulePwrDn (4)
    Fault,          ///< ModuleFault (5)
};

const char* toString(CmisModuleState state);
/// @brief The byte 3 code (1–5) of @p state, or 0 for the states without one.
std::uint8_t cmisStateCode(CmisModuleState state);

/// @brief CMIS data path state of one lane (page 11h 128–131), with its CMIS code as the value.
enum class DataPathState : std::uint8_t {
    Deactivated = 1,
    Init = 2,
    Deinit = 3,
    Activated = 4,
    TxTurnOn = 5,
    TxTurnOff = 6,
    Initialized = 7,
};

const char* toString(DataPathState state);

/// @brief Outcome of one management-interface transaction.
enum class CmisStatus : std::uint8_t {
    Ok,
    ReadOnlyIgnored, ///< a write succeeded, but some bytes were read-only and kept their value (as on real modules)
    NotPresent,      ///< no module in the socket
    NotPowered,      ///< module unpowered: no acknowledge
    Busy,            ///< in reset or MgmtInit: the module does not acknowledge (NACK)
    InvalidAddress,  ///< offset/length outside 0–255, or an upper page (or bank) the module does not implement
};

const char* toString(CmisStatus status);

/// @brief The bytes a read returned, or why it failed.
struct CmisReadResult {
    CmisStatus status = CmisStatus::Ok;
    std::vector<std::uint8_t> bytes;

    bool ok() const { return status == CmisStatus::Ok; }
};

/// @brief The two sides of a lane's PRBS generators and checkers.
enum class CmisSide : std::uint8_t { Host, Media };

/// @brief A simulated XPO module (64 × 200G PAM4 lanes, 8 banks × 8 lanes) seen through its CMIS management
/// interface, with the physics behind the registers: the model the simulated module host board ("fixture") holds.
///
/// **Time.** Nothing happens on its own: every call that depends on time takes `nowSeconds` (simulation time, e.g.
/// core::Clock::seconds()) and first advances the model to it, processing the state-machine timers that expired
/// in between in order. Time never runs backwards: an earlier value is treated as the latest one seen. The const
/// queries (powerDrawWatts(), txOutputPowerDbm(), …) report the state as of the latest call.
///
/// **Module state machine** (lower page byte 3). Power-on (present, power enabled, supply at or above the
/// undervoltage turn-on, lockout + hysteresis; a running module stays on down to the lockout itself) or reset release
/// enters MgmtInit, which reinitialises the memory map and lasts
/// Timing::managementInitSeconds, then ModuleLowPwr. LowPwrS = LowPwrRequestSW (byte 26 bit 4) OR
/// (LowPwrAllowRequestHW (bit 6, default 1) AND the LPMode pin). Without LowPwrS the module goes through ModulePwrUp
/// (its advertised duration) to ModuleReady; with LowPwrS in ModuleReady every data path is deinitialised first,
/// then ModulePwrDn leads back to ModuleLowPwr. SoftwareReset (byte 26 bit 3) restarts MgmtInit. An internal
/// temperature above Thermal::shutdownTemperatureC in any CMIS state puts the module in ModuleFault (byte 41 =
/// Timing::overTemperatureFaultCause). ModuleFault is left only by reset or a power cycle.
///
/// **Data paths** (one state machine per lane; hosts that control whole data paths see their lanes move together).
/// A lane's data path deactivates when the module is not ModuleReady, LowPwrS holds, its DataPathDeinit bit
/// (page 10h 128) is set, its active AppSel is 0, or an ApplyDPInit is pending. Otherwise Deactivated → Init
/// (DPInit duration) → Initialized → TxTurnOn → Activated. OutputDisableTx (130) takes an activated lane back
/// through TxTurnOff to Initialized (a simplification: CMIS 5 squelches the output without a state change).
///
/// **Input.** The 48 V input is a DC/DC converter (DcDcConverter): input power = the rails' draw / efficiency, so
/// the input current falls as the voltage rises. Connecting the input (power switch on with the supply up, or the
/// supply coming up behind a closed switch) charges the input capacitance through the soft start: an inrush of
/// C·V/t_ramp on top of the low-power draw, which inputCurrentPeakAmps() holds until the switch next turns on.
///
/// **Physics.** Internal temperature = case + rise × input power (the converter's losses heat the module too). Per
/// lane, automatic power control holds the launch power
/// at its set point: bias = I_th(T) + P/η(T), I_th = I_th(25 °C)·exp((T − 25)/T0), η falling 0.4 %/K, up to the bias
/// limit. The receiver waterfall (CmisOptics.h) turns Rx OMA into BER. Checkers report BER only when their pattern
/// matches the incoming one: media side, the light from setRxInputPattern() (default: this lane's own media
/// generator through a fibre loopback); host side, the lane's host generator through the fixture's electrical
/// loopback. Anything else (no light, LOS, pattern mismatch, generator off, lane not initialized) reads 0.5.
/// Values are expected values, without counting noise.
///
/// **Defects** (CmisModuleParams::Defects): WeakLane, HighBerLane, HighPowerDraw, FirmwareMismatch,
/// StuckInLowPower, FaultOnPowerUp, BadEepromChecksum, HighTemperature, SlowPowerUp, DdmTxMiscalibrated,
/// HighInrush — drawn from the serial number or given.
///
/// The registers the model implements are listed in docs/fixture.md, appendix A. Not thread-safe: the owning
/// simulator serialises calls.
class CmisModule {
public:
    static constexpr int kBanks = CmisMemoryMap::kBanks;
    static constexpr int kLanesPerBank = 8;
    static constexpr int kLanes = kBanks * kLanesPerBank;

    /// @brief Makes a seated, unpowered module. Variation is drawn from @p serialNumber and params.seed; defects are
    /// drawn with params' probabilities unless @p defects is given (an empty list means a good unit).
    explicit CmisModule(std::string serialNumber, CmisModuleParams params = {},
                        std::optional<std::vector<Defect>> defects = std::nullopt);

    const std::string& serialNumber() const { return m_serialNumber; }
    const CmisModuleParams& params() const { return m_params; }
    const std::vector<Defect>& defects() const { return m_defects; }
    bool hasDefect(DefectMode mode) const;
    /// @brief The lane of lane defect @p mode, or −1 when the unit does not carry it.
    int defectLane(DefectMode mode) const;

    // --- Host board signals ------------------------------------------------------------------------------------
    void setPresent(bool present, double nowSeconds);
    void setPowerEnabled(bool enabled, double nowSeconds);
    void setResetAsserted(bool asserted, double nowSeconds);
    /// @brief The LPMode (LowPwrRequestHW) pin; a host board holds it asserted by default.
    void setLowPowerPin(bool asserted, double nowSeconds);
    bool present() const { return m_present; }
    bool powerEnabled() const { return m_powerEnabled; }
    bool resetAsserted() const { return m_resetAsserted; }
    bool lowPowerPin() const { return m_lowPowerPin; }
    /// @brief IntL: any latched flag set (masks are not modelled). False while the interface does not answer.
    bool interruptAsserted(double nowSeconds);

    // --- Environment ---------------------------------------------------------------------------------------------
    void setCaseTemperature(double degreesC, double nowSeconds);
    /// @brief The module's input supply (nominal CmisModuleParams::Power::supplyNominalVolts).
    void setSupplyVoltage(double volts, double nowSeconds);
    /// @brief Average optical power arriving at lane @p lane (0–63); −infinity for no light (the default).
    void setRxInputPowerDbm(int lane, double dBm, double nowSeconds);
    /// @brief The PRBS pattern the light on lane @p lane carries: a pattern ID from an external source, or
    /// std::nullopt (the default) for a fibre loopback of this lane's own transmitter.
    void setRxInputPattern(int lane, std::optional<std::uint8_t> patternId, double nowSeconds);
    double caseTemperature() const { return m_caseTemperatureC; }
    double supplyVoltage() const { return m_supplyVolts; }

    // --- Time and state ------------------------------------------------------------------------------------------
    /// @brief Runs the state machines up to @p nowSeconds.
    void advance(double nowSeconds);
    CmisModuleState state(double nowSeconds);
    DataPathState dataPathState(int lane, double nowSeconds);
    /// @brief The latest time the model has been advanced to.
    double now() const { return m_time; }
    /// @brief When the next state-machine timer expires (infinity when none runs): advancing the model to an
    /// earlier time changes nothing, which lets the world skip it.
    double nextTimerDeadline() const { return nextDeadline(); }
    /// @brief When the module last entered @p state (module time; Absent: when it was last pulled out), or
    /// −infinity if it never has. A host board turns this into bring-up times.
    double stateEnteredAt(CmisModuleState state) const;

    // --- Management interface ------------------------------------------------------------------------------------
    /// @brief Reads @p length bytes from @p offset (0–255; offset + length ≤ 256). When the range reaches the upper
    /// half, (@p bank, @p page) is selected first (bytes 126/127 change, as a host driver's page-select write does);
    /// a lower-page-only read ignores @p bank and @p page. Latched flags read are cleared.
    CmisReadResult read(int bank, int page, int offset, int length, double nowSeconds);
    /// @brief Writes @p bytes at @p offset with the same addressing as read(). Read-only bytes are skipped (status
    /// ReadOnlyIgnored); writes to 126/127 take effect when the transaction ends.
    CmisStatus write(int bank, int page, int offset, std::span<const std::uint8_t> bytes, double nowSeconds);
    /// @brief read()/write() through whatever bytes 126/127 currently select (the raw two-wire view).
    CmisReadResult readSelected(int offset, int length, double nowSeconds);
    CmisStatus writeSelected(int offset, std::span<const std::uint8_t> bytes, double nowSeconds);

    // --- Physics outputs (as of the latest time) -----------------------------------------------------------------
    /// @brief Electrical input power at @p supplyVolts: 0 below undervoltage lockout or while unpowered, else the
    /// draw of the current state through the input converter (rails / efficiency at @p supplyVolts). Nearly a
    /// constant-power load: a PSU model derives its current as P / V, which falls as V rises.
    double powerDrawWatts(double supplyVolts) const;
    /// @brief Power the internal rails draw (the converter's output), before conversion losses.
    double railWatts() const;
    /// @brief Highest input current (A) since the power switch last turned on: the soft-start inrush when the
    /// input was connected, or a later steady draw if that is higher. What a board's peak-hold reads.
    double inputCurrentPeakAmps() const { return m_inputPeakAmps; }
    /// @brief Heat into the cold plate: the electrical input less the light leaving the module.
    double heatWatts() const;
    /// @brief The internal temperature the DDM monitor measures, before the monitor's own error.
    double internalTemperatureC() const;
    /// @brief True launch power of lane @p lane (what an optical power meter would read);
    /// CmisModuleParams::Laser::disabledOutputDbm with the laser off.
    double txOutputPowerDbm(int lane) const;
    /// @brief True OMA of lane @p lane, −infinity with the laser off.
    double txOmaDbm(int lane) const;
    double txWavelengthNm(int lane) const;
    /// @brief True laser bias of lane @p lane in mA (0 with the laser off).
    double txBiasMilliAmp(int lane) const;
    /// @brief What the checker on @p side of lane @p lane reports, std::nullopt when it is disabled.
    std::optional<double> checkerBer(CmisSide side, int lane) const;

private:
    struct LaneRuntime {
        DataPathState state = DataPathState::Deactivated;
        double deadline = 0.0;
        bool timerRunning = false;
        bool reinitPending = false;
    };
    struct RxInput {
        double averageDbm;
        std::optional<std::uint8_t> pattern;
        bool lossOfSignal = true;
    };

    // State machines (CmisModule.cpp).
    CmisStatus accessStatus() const;
    /// @brief Checks that the module answers and the range is valid, then selects (bank, page) for an upper access.
    CmisStatus select(int bank, int page, int offset, int length);
    bool interfaceResponding() const;
    bool lowPowerRequested() const;
    bool supplyGood() const;
    bool overTemperature() const;
    double powerUpSeconds() const;
    void settle();
    /// @brief Follows the input: an inrush when it is connected, and the peak input current since.
    void trackInput();
    void evaluate();
    bool evaluateModule();
    bool evaluateLane(int lane);
    bool laneShouldDeactivate(int lane) const;
    void enterState(CmisModuleState state, double duration, std::uint8_t faultCause = 0);
    void enterLaneState(int lane, DataPathState state, double duration);
    double nextDeadline() const;
    double duration(std::uint8_t code) const;
    void handleWrites(int bank, int page, int offset, std::size_t length);
    void applyStagedConfig(int bank, std::uint8_t lanes, bool reinitialise);

    // Memory map content (CmisModuleRegisters.cpp).
    void initialiseMemoryMap();
    void refreshLowerPage();
    void refreshLaneStatus(int bank);
    void refreshDiagnostics(int bank);
    void latchFlags();
    bool anyFlagLatched() const;
    void latchLaneFlags(int bank);
    CmisReadResult readAt(int bank, int page, int offset, int length);
    CmisStatus writeAt(int bank, int page, int offset, std::span<const std::uint8_t> bytes);
    std::uint8_t laneNibble(int bank, int page, int offset, int laneInBank) const;
    bool laneBit(int bank, int page, int offset, int laneInBank) const;

    // Physics (CmisModulePhysics.cpp).
    double opticalOutputWatts() const;
    double inrushPeakAmps() const;
    /// @brief The lane's Tx power monitor error (dB): its drawn error, plus the miscalibration of that defect.
    double txMonitorErrorDb(int lane) const;
    double monitoredTemperatureC() const;
    double monitoredVccVolts() const;
    bool laserOn(int lane) const;
    bool receiverOn(int lane) const;
    LaserOperatingPoint laserPoint(int lane) const;
    std::optional<std::uint8_t> incomingPattern(int lane) const;

    static void checkLane(int lane);

    std::string m_serialNumber;
    CmisModuleParams m_params;
    DcDcConverter m_converter;
    UnitVariation m_unit;
    std::vector<Defect> m_defects;
    CmisMemoryMap m_map;

    bool m_present = true;
    bool m_powerEnabled = false;
    bool m_resetAsserted = false;
    bool m_lowPowerPin = true;
    double m_caseTemperatureC;
    double m_supplyVolts;
    std::array<RxInput, kLanes> m_rxInputs;

    double m_time = 0.0;
    CmisModuleState m_state = CmisModuleState::Unpowered;
    double m_stateEntered = 0.0;
    double m_stateDeadline = 0.0;
    bool m_stateTimerRunning = false;
    std::array<double, 9> m_lastEntry; ///< per CmisModuleState, stateEnteredAt()
    std::array<LaneRuntime, kLanes> m_lanes{};

    bool m_inputConnected = false;
    double m_inputPeakAmps = 0.0;
};

} // namespace optiqual::instruments::sim
