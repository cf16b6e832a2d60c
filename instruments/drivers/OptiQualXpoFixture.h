#pragma once
#include "instruments/ModuleFixture.h"

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief Driver for OptiQual's XPO-HB1 module host board (docs/fixture.md, appendix C).
///
/// Socket pins through `FIXT:MOD:POW|RES|LPM ON|OFF`, state through `FIXT:MOD:STAT?` (all nine replies map onto
/// ModuleState) and bring-up timing through `FIXT:MOD:STAT:TIME?`, the input sense through `FIXT:MOD:MEAS:*?`,
/// CMIS register access through `CMIS:READ?` (an IEEE 488.2 definite block back) and `CMIS:WRIT` (a definite block
/// out), the module's monitors through `DDM:*?`, PRBS through the board's convenience commands
/// `PRBS:STAR|STOP|BER?`: the board does the page 13h/14h bookkeeping in one exchange, where the driver would need
/// ~50 register accesses per call. Identity, firmware, checksum and advertised durations are one `CMIS:READ?` each,
/// decoded here (CmisDecoding.h), so sequences never decode registers. Lane lists go out as channel lists with runs
/// folded (`(@1:8,12)`); without lanes the command names none and the board answers for all 64.
///
/// Addresses, lengths, lanes and pattern IDs are checked host-side (Configuration error, nothing sent). The board
/// answers a failing query (e.g. `CMIS:READ?` without a module) with no reply, only an error-queue entry: in checked
/// mode the driver turns the resulting reply timeout into the board's error (InstrumentReported, e.g. +201), so keep
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
    boost::asio::awaitable<double> stateEntryTime(ModuleState state) override;

    boost::asio::awaitable<double> measureInputVoltage() override;
    boost::asio::awaitable<double> measureInputCurrent() override;
    boost::asio::awaitable<double> measureInputPower() override;
    boost::asio::awaitable<double> inrushPeakCurrent() override;

    boost::asio::awaitable<std::vector<std::uint8_t>> readCmis(int bank, int page, int offset, int length) override;
    boost::asio::awaitable<void> writeCmis(int bank, int page, int offset,
                                           const std::vector<std::uint8_t>& bytes) override;

    boost::asio::awaitable<std::string> vendorName() override;
    boost::asio::awaitable<std::string> vendorPartNumber() override;
    boost::asio::awaitable<std::string> vendorSerialNumber() override;
    boost::asio::awaitable<std::string> firmwareVersion() override;
    boost::asio::awaitable<bool> eepromChecksumValid() override;
    boost::asio::awaitable<double> advertisedPowerUpTime() override;
    boost::asio::awaitable<double> advertisedDataPathInitTime() override;

    boost::asio::awaitable<double> ddmTemperature() override;
    boost::asio::awaitable<double> ddmSupplyVoltage() override;
    boost::asio::awaitable<std::vector<double>> ddmTxPower(std::vector<int> lanes) override;
    boost::asio::awaitable<std::vector<double>> ddmBias(std::vector<int> lanes) override;
    boost::asio::awaitable<std::vector<double>> ddmRxPower(std::vector<int> lanes) override;
    boost::asio::awaitable<std::vector<bool>> rxLossOfSignal(std::vector<int> lanes) override;

    boost::asio::awaitable<void> startPrbs(PrbsSide side, int pattern) override;
    boost::asio::awaitable<void> startPrbs(PrbsSide side, int pattern, std::vector<int> lanes) override;
    boost::asio::awaitable<void> stopPrbs(PrbsSide side) override;
    boost::asio::awaitable<void> stopPrbs(PrbsSide side, std::vector<int> lanes) override;
    boost::asio::awaitable<std::vector<double>> readBer(PrbsSide side) override;
    boost::asio::awaitable<std::vector<double>> readBer(PrbsSide side, std::vector<int> lanes) override;
    boost::asio::awaitable<void> safeState() override;

    /// @brief The ModuleState of a `FIXT:MOD:STAT?` reply (case-insensitive), or std::nullopt for another word.
    static std::optional<ModuleState> parseState(std::string_view reply);
    /// @brief The `FIXT:MOD:STAT?` word of @p state (`READY` for ModuleState::Ready).
    static std::string_view stateWord(ModuleState state);

private:
    /// @brief Rejects an address outside bank 0–7, page 0–255, offset 0–255, 1–128 bytes, offset + length ≤ 256.
    void checkAddress(std::string_view command, int bank, int page, int offset, int length) const;
    /// @brief Rejects lanes outside 1–64 and lists of more than 64 lanes.
    void checkLanes(std::string_view command, const std::vector<int>& lanes) const;
    /// @brief @p head, then ` (@…)` (or `,(@…)` after parameters) for a non-empty lane list.
    static std::string withLanes(std::string head, const std::vector<int>& lanes);
    /// @brief Runs @p query; in checked mode, when the board did not answer (a failed query has no reply), reports
    /// the error queue's entry instead of the timeout.
    template <typename T> boost::asio::awaitable<T> answered(std::string command, boost::asio::awaitable<T> query);
    boost::asio::awaitable<double> queryNumber(std::string command);
    /// @brief A list query that must answer one value per lane of @p lanes (64 when empty).
    boost::asio::awaitable<std::vector<double>> queryLaneValues(std::string command, const std::vector<int>& lanes);
    boost::asio::awaitable<std::string> readText(int offset);
    boost::asio::awaitable<double> advertisedDuration(int offset, std::string_view what);
    [[noreturn]] void protocolError(const std::string& command, const std::string& why);
};

/// @brief The model keys the driver accepts: "XPO-HB1".
std::span<const std::string_view> optiQualFixtureModels();
/// @brief Makes the XPO-HB1 driver; throws InstrumentError(Configuration) for an unknown model.
std::unique_ptr<Instrument> makeOptiQualFixture(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
