#pragma once
#include "instruments/ModuleFixture.h"

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace optiqual::instruments {

/// @brief Driver for OptiQual's XPO-HB1 module host board (docs/fixture.md, appendix C).
///
/// Socket pins through `FIXT:MOD:POW|RES|LPM ON|OFF`, state through `FIXT:MOD:STAT?` (all nine replies map onto
/// ModuleState), CMIS register access through `CMIS:READ?` (an IEEE 488.2 definite block back) and `CMIS:WRIT` (a
/// definite block out), PRBS through the board's convenience commands `PRBS:STAR|STOP|BER?` on all 64 lanes: the
/// board does the page 13h/14h bookkeeping in one exchange, where the driver would need ~50 register accesses per
/// call. readBer() returns 64 values in lane order, NaN for a lane whose checker is off.
///
/// Addresses, lengths and pattern IDs are checked host-side (Configuration error, nothing sent). The board answers a
/// failing query (e.g. `CMIS:READ?` without a module) with no reply, only an error-queue entry: in checked mode
/// the driver turns the resulting reply timeout into the board's error (InstrumentReported, e.g. +201), so keep
/// the session's reply timeout short. safeState() sends `FIXT:MOD:POW OFF;RES ON;LPM ON`: power off, ResetL
/// asserted, and LPMode asserted so that the next power-on starts in low power, as the guide recommends.
class OptiQualXpoFixture : public ModuleFixture {
public:
    static constexpr int kLanes = 64;

    /// @brief No I/O. Throws InstrumentError(Configuration) for a model not in optiQualFixtureModels().
    explicit OptiQualXpoFixture(std::unique_ptr<ScpiSession> session, std::string_view model = "XPO-HB1");

    boost::asio::awaitable<bool> modulePresent() override;
    boost::asio::awaitable<void> setModulePower(bool on) override;
    boost::asio::awaitable<bool> modulePower() override;
    boost::asio::awaitable<void> setReset(bool asserted) override;
    boost::asio::awaitable<void> setLowPowerMode(bool on) override;
    boost::asio::awaitable<ModuleState> moduleState() override;
    boost::asio::awaitable<std::vector<std::uint8_t>> readCmis(int bank, int page, int offset, int length) override;
    boost::asio::awaitable<void> writeCmis(int bank, int page, int offset,
                                           const std::vector<std::uint8_t>& bytes) override;
    boost::asio::awaitable<void> startPrbs(PrbsSide side, int pattern) override;
    boost::asio::awaitable<void> stopPrbs(PrbsSide side) override;
    boost::asio::awaitable<std::vector<double>> readBer(PrbsSide side) override;
    boost::asio::awaitable<void> safeState() override;

    /// @brief The ModuleState of a `FIXT:MOD:STAT?` reply (case-insensitive), or std::nullopt for another word.
    static std::optional<ModuleState> parseState(std::string_view reply);

private:
    /// @brief Rejects an address outside bank 0–7, page 0–255, offset 0–255, 1–128 bytes, offset + length ≤ 256.
    void checkAddress(std::string_view command, int bank, int page, int offset, int length) const;
    /// @brief queryBlock()/queryDoubleList() that, in checked mode, reports the error queue's entry when the board
    /// did not answer (a failed query has no reply).
    boost::asio::awaitable<std::string> queryBlockChecked(std::string command);
    boost::asio::awaitable<std::vector<double>> queryListChecked(std::string command);
    boost::asio::awaitable<void> reportUnansweredQuery(const std::string& command);
    [[noreturn]] void protocolError(const std::string& command, const std::string& why);
};

/// @brief The model keys the driver accepts: "XPO-HB1".
std::span<const std::string_view> optiQualFixtureModels();
/// @brief Makes the XPO-HB1 driver; throws InstrumentError(Configuration) for an unknown model.
std::unique_ptr<Instrument> makeOptiQualFixture(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
