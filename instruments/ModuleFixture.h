#pragma once
#include "instruments/Instrument.h"

#include <cstdint>
#include <string>
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
const char* toString(ModuleState s);

/// @brief Which side of the module a PRBS generator/checker works on.
enum class PrbsSide { Host, Media };

/// @brief The host board that holds the unit under test (see docs/fixture.md): module power, reset,
/// low-power mode, presence, CMIS register access and the module's PRBS generators/checkers.
/// safeState(): module power off, reset asserted.
class ModuleFixture : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::ModuleFixture; }

    virtual boost::asio::awaitable<bool> modulePresent() = 0;
    virtual boost::asio::awaitable<void> setModulePower(bool on) = 0;
    virtual boost::asio::awaitable<bool> modulePower() = 0;
    virtual boost::asio::awaitable<void> setReset(bool asserted) = 0;
    virtual boost::asio::awaitable<void> setLowPowerMode(bool on) = 0;
    virtual boost::asio::awaitable<ModuleState> moduleState() = 0;
    /// @brief Reads @p length bytes (1–128) at @p offset (0–255) of (bank, page).
    virtual boost::asio::awaitable<std::vector<std::uint8_t>> readCmis(int bank, int page, int offset, int length) = 0;
    virtual boost::asio::awaitable<void> writeCmis(int bank, int page, int offset,
                                                   const std::vector<std::uint8_t>& bytes) = 0;
    /// @brief Starts generator and checker with CMIS pattern id @p pattern on all lanes of @p side.
    virtual boost::asio::awaitable<void> startPrbs(PrbsSide side, int pattern) = 0;
    virtual boost::asio::awaitable<void> stopPrbs(PrbsSide side) = 0;
    /// @brief Bit-error ratio per lane on @p side (64 lanes on an XPO module).
    virtual boost::asio::awaitable<std::vector<double>> readBer(PrbsSide side) = 0;

    boost::asio::awaitable<void> safeState() override;
};

} // namespace optiqual::instruments
