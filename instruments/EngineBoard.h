#pragma once
#include "instruments/Instrument.h"

#include <string>
#include <vector>

namespace optiqual::instruments {

/// @brief The host board that holds a CPO optical engine and its ELSFP external laser module (docs/cpo-board.md):
/// engine enable and state, ring tuning, photocurrents, the engine's PRBS checkers, and the ELSFP's identity,
/// interlock, per-laser enables and monitors (decoded from its CMIS pages 00h, 1Ah and 1Bh).
///
/// Units are SI (V, A, W) except optical power in dBm and temperature in °C. Channel lists number the engine's
/// channels 1–32 and laser lists the ELSFP's lasers 1–8; an empty list means all of them, and list replies follow the
/// list's order. safeState(): lasers off first, then the engine disabled.
class EngineBoard : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::EngineBoard; }

    // --- Engine ---------------------------------------------------------------------------------------------------
    virtual boost::asio::awaitable<bool> enginePresent() = 0;
    virtual boost::asio::awaitable<void> setEngineEnabled(bool on) = 0;
    /// @brief "absent", "off" (disabled or its core rail low) or "ready".
    virtual boost::asio::awaitable<std::string> engineState() = 0;
    /// @brief The engine's die temperature in °C.
    virtual boost::asio::awaitable<double> engineTemperature() = 0;
    /// @brief Runs the board's heater sweep on @p channels and locks each ring it finds (an unfound ring: heater off).
    virtual boost::asio::awaitable<void> tuneRings(std::vector<int> channels) = 0;
    /// @brief 1 where the ring is locked on the laser, else 0.
    virtual boost::asio::awaitable<std::vector<double>> ringLocked(std::vector<int> channels) = 0;
    /// @brief Heater power per ring in W.
    virtual boost::asio::awaitable<std::vector<double>> heaterPower(std::vector<int> channels) = 0;
    /// @brief Photodiode current per channel in A.
    virtual boost::asio::awaitable<std::vector<double>> photocurrent(std::vector<int> channels) = 0;
    virtual boost::asio::awaitable<void> startPrbs(int pattern, std::vector<int> channels) = 0;
    virtual boost::asio::awaitable<void> stopPrbs(std::vector<int> channels) = 0;
    /// @brief Pre-FEC bit-error ratio per channel; NaN where the checker is off.
    virtual boost::asio::awaitable<std::vector<double>> readBer(std::vector<int> channels) = 0;

    // --- ELSFP ----------------------------------------------------------------------------------------------------
    virtual boost::asio::awaitable<bool> elsfpPresent() = 0;
    /// @brief True when the ELSFP's laser-safety interlock loop is closed.
    virtual boost::asio::awaitable<bool> interlockClosed() = 0;
    virtual boost::asio::awaitable<std::string> elsfpVendor() = 0;
    virtual boost::asio::awaitable<std::string> elsfpPartNumber() = 0;
    virtual boost::asio::awaitable<std::string> elsfpSerialNumber() = 0;
    /// @brief Sets (or clears) the lasers' enable bits (page 1Ah byte 220); an enabled laser starts at its
    /// fibre-check power.
    virtual boost::asio::awaitable<void> setLasersEnabled(bool on, std::vector<int> lasers) = 0;
    /// @brief Sets the lasers' OutputFiberChecked bits (page 1Ah byte 223): a checked laser ramps to its class power.
    virtual boost::asio::awaitable<void> setFibreChecked(bool checked, std::vector<int> lasers) = 0;
    /// @brief Per laser: 0 off, 1 at fibre-check power, 2 on (page 1Ah bytes 221–222).
    virtual boost::asio::awaitable<std::vector<double>> laserState(std::vector<int> lasers) = 0;
    /// @brief Per laser fault code (page 1Ah bytes 212–219): 0 none, 1 bias high warning, 2 bias high alarm, 3 power
    /// low alarm.
    virtual boost::asio::awaitable<std::vector<double>> laserFault(std::vector<int> lasers) = 0;
    /// @brief Power monitor per laser in dBm (page 1Bh 200–215); −infinity for a dark laser.
    virtual boost::asio::awaitable<std::vector<double>> laserPower(std::vector<int> lasers) = 0;
    /// @brief Bias monitor per laser in A (page 1Bh 184–199).
    virtual boost::asio::awaitable<std::vector<double>> laserBias(std::vector<int> lasers) = 0;

    boost::asio::awaitable<void> safeState() override;
};

} // namespace optiqual::instruments
