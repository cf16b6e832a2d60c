#pragma once
#include "instruments/EngineBoard.h"

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief Driver for OptiQual's CPO-HB1 engine + ELSFP host board (docs/cpo-board.md, appendix C): one SCPI line per
/// method. Channel and laser lists go out as channel lists with runs folded (`(@1:8,12)`); without a list the command
/// names none and the board answers for all. Lists are checked host-side (Configuration error, nothing sent). Like the
/// XPO-HB1, the board answers a failing query with no reply, only an error-queue entry: in checked mode the driver
/// reports that entry (e.g. +202 "Engine not ready") instead of the reply timeout.
class OptiQualCpoBoard : public EngineBoard {
public:
    static constexpr int kChannels = 32;
    static constexpr int kLasers = 8;

    /// @brief No I/O. Throws InstrumentError(Configuration) for a model not in optiQualCpoBoardModels().
    explicit OptiQualCpoBoard(std::unique_ptr<ScpiSession> session, std::string_view model = "CPO-HB1");

    boost::asio::awaitable<bool> enginePresent() override;
    boost::asio::awaitable<void> setEngineEnabled(bool on) override;
    boost::asio::awaitable<std::string> engineState() override;
    boost::asio::awaitable<double> engineTemperature() override;
    boost::asio::awaitable<void> tuneRings(std::vector<int> channels) override;
    boost::asio::awaitable<std::vector<double>> ringLocked(std::vector<int> channels) override;
    boost::asio::awaitable<std::vector<double>> heaterPower(std::vector<int> channels) override;
    boost::asio::awaitable<std::vector<double>> photocurrent(std::vector<int> channels) override;
    boost::asio::awaitable<void> startPrbs(int pattern, std::vector<int> channels) override;
    boost::asio::awaitable<void> stopPrbs(std::vector<int> channels) override;
    boost::asio::awaitable<std::vector<double>> readBer(std::vector<int> channels) override;

    boost::asio::awaitable<bool> elsfpPresent() override;
    boost::asio::awaitable<bool> interlockClosed() override;
    boost::asio::awaitable<std::string> elsfpVendor() override;
    boost::asio::awaitable<std::string> elsfpPartNumber() override;
    boost::asio::awaitable<std::string> elsfpSerialNumber() override;
    boost::asio::awaitable<void> setLasersEnabled(bool on, std::vector<int> lasers) override;
    boost::asio::awaitable<void> setFibreChecked(bool checked, std::vector<int> lasers) override;
    boost::asio::awaitable<std::vector<double>> laserState(std::vector<int> lasers) override;
    boost::asio::awaitable<std::vector<double>> laserFault(std::vector<int> lasers) override;
    boost::asio::awaitable<std::vector<double>> laserPower(std::vector<int> lasers) override;
    boost::asio::awaitable<std::vector<double>> laserBias(std::vector<int> lasers) override;

private:
    /// @brief @p head with ` (@…)` or `,(@…)` appended for a non-empty list, after checking its items are 1–@p count.
    std::string withList(std::string head, const std::vector<int>& items, int count) const;
    template <typename T> boost::asio::awaitable<T> answered(std::string command, boost::asio::awaitable<T> query);
    /// @brief A list query that must answer one value per item (@p count when @p items is empty).
    boost::asio::awaitable<std::vector<double>> queryList(std::string head, const std::vector<int>& items, int count);
    boost::asio::awaitable<std::string> queryText(std::string command);
};

/// @brief The model keys the driver accepts: "CPO-HB1".
std::span<const std::string_view> optiQualCpoBoardModels();
/// @brief Makes the CPO-HB1 driver; throws InstrumentError(Configuration) for an unknown model.
std::unique_ptr<Instrument> makeOptiQualCpoBoard(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
