#pragma once
#include "instruments/Instrument.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief CMIS module state (lower page byte 3 bits 3–1), plus Absent when no module is seated.
enum class ModuleState {
    Absent,
    Unpowered,
    Reset,        ///< reset asserted
    Initializing, ///< powered, management interface not answering yet
    LowPower,
    PoweringUp,
    Ready,
    PoweringDown,
    Fault,
};
/// @brief "absent", "unpowered", "reset", "initializing", "low-power", "powering-up", "ready", "powering-down",
/// "fault": the names sequences see (`fixture.moduleState`) and give (`fixture.stateEntryTime`).
const char* toString(ModuleState s);
/// @brief The inverse of toString(ModuleState); std::nullopt for another name.
std::optional<ModuleState> moduleStateFromString(std::string_view name);

/// @brief Which side of the module a PRBS generator/checker works on.
enum class PrbsSide { Host, Media };

/// @brief The host board that holds the unit under test (see docs/fixture.md): module power, reset,
/// low-power mode, presence, the module's input sense, CMIS register access, the module's identity and monitors
/// decoded from CMIS, and its PRBS generators/checkers.
///
/// Units are SI (V, A, W, s) except optical power in dBm and temperature in °C, as sequences use them. Lane lists
/// number lanes 1–64 across the module (lane L is CMIS lane ((L − 1) mod 8) + 1 of bank ⌊(L − 1)/8⌋); an empty
/// list means all 64 lanes, and list replies follow the list's order.
/// safeState(): module power off, reset asserted.
class ModuleFixture : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::ModuleFixture; }

    // --- Socket ----------------------------------------------------------------------------------------------
    virtual boost::asio::awaitable<bool> modulePresent() = 0;
    virtual boost::asio::awaitable<void> setModulePower(bool on) = 0;
    virtual boost::asio::awaitable<bool> modulePower() = 0;
    virtual boost::asio::awaitable<void> setReset(bool asserted) = 0;
    virtual boost::asio::awaitable<void> setLowPowerMode(bool on) = 0;
    virtual boost::asio::awaitable<ModuleState> moduleState() = 0;
    /// @brief Seconds of board time from the power switch turning on to the module's latest entry into @p state
    /// (bring-up timing), NaN when it has not entered @p state since.
    virtual boost::asio::awaitable<double> stateEntryTime(ModuleState state) = 0;

    // --- Input sense (after the board's power switch) -----------------------------------------------------------
    /// @brief The module's input voltage in V (0 with the switch off).
    virtual boost::asio::awaitable<double> measureInputVoltage() = 0;
    /// @brief The module's input current in A.
    virtual boost::asio::awaitable<double> measureInputCurrent() = 0;
    /// @brief The module's input power in W.
    virtual boost::asio::awaitable<double> measureInputPower() = 0;
    /// @brief The highest input current in A since the power switch last turned on: the inrush of a power-on
    /// (read it before the module leaves low power, whose draw may exceed it).
    virtual boost::asio::awaitable<double> inrushPeakCurrent() = 0;

    // --- CMIS register access ----------------------------------------------------------------------------------
    /// @brief Reads @p length bytes (1–128) at @p offset (0–255) of (bank, page).
    virtual boost::asio::awaitable<std::vector<std::uint8_t>> readCmis(int bank, int page, int offset, int length) = 0;
    virtual boost::asio::awaitable<void> writeCmis(int bank, int page, int offset,
                                                   const std::vector<std::uint8_t>& bytes) = 0;

    // --- Identity and advertising, decoded from CMIS --------------------------------------------------------------
    /// @brief Page 00h 129–144, without its padding.
    virtual boost::asio::awaitable<std::string> vendorName() = 0;
    /// @brief Page 00h 148–163, without its padding.
    virtual boost::asio::awaitable<std::string> vendorPartNumber() = 0;
    /// @brief Page 00h 166–181, without its padding.
    virtual boost::asio::awaitable<std::string> vendorSerialNumber() = 0;
    /// @brief The active firmware, "major.minor" from lower page 39–40.
    virtual boost::asio::awaitable<std::string> firmwareVersion() = 0;
    /// @brief Whether page 00h byte 222 equals the low 8 bits of the sum of bytes 128–221.
    virtual boost::asio::awaitable<bool> eepromChecksumValid() = 0;
    /// @brief The upper bound in s of the ModulePwrUp duration the module advertises (page 01h byte 167 bits 3–0).
    virtual boost::asio::awaitable<double> advertisedPowerUpTime() = 0;
    /// @brief The upper bound in s of the DataPathInit duration it advertises (page 01h byte 144 bits 3–0).
    virtual boost::asio::awaitable<double> advertisedDataPathInitTime() = 0;

    // --- Digital diagnostic monitors (the module's own view) --------------------------------------------------
    /// @brief Module temperature in °C.
    virtual boost::asio::awaitable<double> ddmTemperature() = 0;
    /// @brief The supply voltage monitor in V (an XPO reports its internal 3.3 V rail).
    virtual boost::asio::awaitable<double> ddmSupplyVoltage() = 0;
    /// @brief Tx power per lane in dBm; −infinity for a lane whose monitor reads 0 (laser off).
    virtual boost::asio::awaitable<std::vector<double>> ddmTxPower(std::vector<int> lanes) = 0;
    /// @brief Laser bias per lane in A.
    virtual boost::asio::awaitable<std::vector<double>> ddmBias(std::vector<int> lanes) = 0;
    /// @brief Rx power per lane in dBm; −infinity for a lane whose monitor reads 0 (no light, not initialized).
    virtual boost::asio::awaitable<std::vector<double>> ddmRxPower(std::vector<int> lanes) = 0;
    /// @brief Rx loss of signal per lane, as present now (the board clears the latched flags first).
    virtual boost::asio::awaitable<std::vector<bool>> rxLossOfSignal(std::vector<int> lanes) = 0;

    // --- PRBS --------------------------------------------------------------------------------------------------
    /// @brief Starts generator and checker with CMIS pattern id @p pattern on all lanes of @p side.
    virtual boost::asio::awaitable<void> startPrbs(PrbsSide side, int pattern) = 0;
    /// @brief The same on @p lanes only (others keep what they run).
    virtual boost::asio::awaitable<void> startPrbs(PrbsSide side, int pattern, std::vector<int> lanes) = 0;
    virtual boost::asio::awaitable<void> stopPrbs(PrbsSide side) = 0;
    virtual boost::asio::awaitable<void> stopPrbs(PrbsSide side, std::vector<int> lanes) = 0;
    /// @brief Bit-error ratio per lane on @p side (64 lanes on an XPO module); NaN where the checker is off.
    virtual boost::asio::awaitable<std::vector<double>> readBer(PrbsSide side) = 0;
    virtual boost::asio::awaitable<std::vector<double>> readBer(PrbsSide side, std::vector<int> lanes) = 0;

    boost::asio::awaitable<void> safeState() override;
};

} // namespace optiqual::instruments
