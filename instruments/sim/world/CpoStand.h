#pragma once
#include "instruments/sim/world/CpoEngine.h"
#include "instruments/sim/world/WorldConfig.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

namespace optiqual::instruments::sim {

/// @brief The light at one engine receiver, as the world last handed it.
struct CpoRxLight {
    double watts = 0.0;
    double extinctionDb = 0.0;
    int pattern = -1; ///< the PRBS pattern the strongest light carries (−1: none a checker knows)
};

/// @brief The ELSFP's CMIS pages the simulated module implements (docs/cpo-board.md, appendix A).
inline constexpr int kElsfpPageAdvertising = 0x00;
inline constexpr int kElsfpPageLaserControl = 0x1A;
inline constexpr int kElsfpPageLaserMonitors = 0x1B;

/// @brief One CPO host-board position (DESIGN.md, "Simulation is a first-class station"): the engine and its ELSFP
/// seated there, what the board applies to them (engine enable, laser enables, fibre-checked bits, ring heater
/// powers, PRBS checkers) and what the world applies (rail voltages, cold-plate temperature, light at the
/// receivers). Everything the board reads is computed here from that state and the unit's physics (CpoEngine).
/// Not thread-safe: the simulators' thread only.
class CpoStand {
public:
    explicit CpoStand(CpoStandWiring wiring);

    const CpoStandWiring& wiring() const { return m_wiring; }
    const CpoEngine* engine() const { return m_engine.get(); }
    /// @brief Seats @p engine (nullptr empties the position); the board's settings return to their reset values.
    void seat(std::unique_ptr<CpoEngine> engine);
    /// @brief The board's own reset: engine disabled, lasers off, heaters off, checkers off.
    void resetBoard();

    // --- What the world applies -----------------------------------------------------------------------------------
    void setCoreTerminalVolts(double volts) { m_coreTerminal = volts; }
    void setLaserVolts(double volts) { m_laserVolts = volts; }
    void setPlateC(double c) { m_plateC = c; }
    void setRxLight(int channel, const CpoRxLight& light);
    void setInterlockClosed(bool closed) { m_interlockClosed = closed; }

    // --- What the board applies -------------------------------------------------------------------------------------
    void setEngineEnabled(bool on) { m_engineEnabled = on; }
    bool engineEnabled() const { return m_engineEnabled; }
    void setHeaterMw(int channel, double mw);
    double heaterMw(int channel) const;
    void setChecker(int channel, int pattern); ///< −1 stops it

    // --- Physics --------------------------------------------------------------------------------------------------
    bool interlockClosed() const { return m_interlockClosed; }
    /// @brief The core rail at the engine (after the cable) for the terminal voltage @p terminal.
    double coreVoltsAt(double terminal) const;
    double coreCurrent(double terminalVolts) const;
    double laserCurrent(double volts) const;
    /// @brief Engine enabled, present and its core rail above its power-on-reset threshold.
    bool engineReady() const;
    bool elsfpPowered() const;
    double dieC() const;
    /// @brief Light leaving ELSFP fibre @p laser (0-based).
    double laserFibreWatts(int laser) const;
    double laserBiasAmps(int laser) const;
    /// @brief Light leaving channel @p channel's Tx fibre (0-based).
    double txWatts(int channel) const;
    /// @brief Photocurrent of ring @p channel's drop-port monitor with @p heaterMw in its heater: the ring's drop
    /// fraction (CpoEngine::ringDrop) of the laser light in its bus, at 1 A/W [A]. 0 without light: a ring cannot be
    /// found in the dark.
    double ringMonitorAmps(int channel, double heaterMw) const;
    double photocurrentAmps(int channel) const;
    /// @brief BER of channel @p channel's checker, NaN when it is off.
    double ber(int channel) const;

    // --- The ELSFP's management interface (CpoElsfpRegisters.cpp) ---------------------------------------------------
    /// @brief The 128-byte upper page @p page (bytes 128–255), nullopt for a page the module lacks.
    std::optional<std::array<std::uint8_t, 128>> elsfpPage(int page) const;
    /// @brief Writes one byte; false for a read-only or absent byte. Writable: page 1Ah bytes 220 (lane enable, a
    /// bit per laser) and 223 (OutputFiberChecked, a bit per laser).
    bool writeElsfp(int page, int offset, std::uint8_t value);

private:
    /// @brief The power laser @p laser's APC aims at: 0 when off or interlocked, the fibre-check power until the
    /// host sets its OutputFiberChecked bit, then the class power.
    double laserTargetWatts(int laser) const;
    double heaterWatts() const;

    CpoStandWiring m_wiring;
    std::unique_ptr<CpoEngine> m_engine;
    double m_coreTerminal = 0.0;
    double m_laserVolts = 0.0;
    double m_plateC = 25.0;
    bool m_interlockClosed = true;
    bool m_engineEnabled = false;
    std::uint8_t m_laserEnables = 0;
    std::uint8_t m_fibreChecked = 0;
    std::array<double, CpoEngine::kChannels> m_heaterMw{};
    std::array<int, CpoEngine::kChannels> m_checker{};
    std::array<CpoRxLight, CpoEngine::kChannels> m_rx{};
};

} // namespace optiqual::instruments::sim
