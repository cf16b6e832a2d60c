#pragma once
#include "station/Engine.h"
#include "station/UnitQueue.h"
#include "ui/StationControl.h"

#include <boost/asio/any_io_executor.hpp>
#include <string>

namespace optiqual::ui {

/// @brief StationControl on a running Engine: each command is posted to the engine's executor (the I/O thread),
/// so the UI thread never calls the engine, a driver or a lock the I/O thread holds.
class EngineControl : public StationControl {
public:
    /// @brief Scanned units get @p partNumber (and @p lot) and go through @p queue; prompts are answered through
    /// @p engine's broker.
    EngineControl(boost::asio::any_io_executor executor, station::Engine& engine, station::UnitQueue& queue,
                  std::string partNumber, std::string lot);

    void start(int socket, std::string serial) override;
    void terminate(int socket) override;
    void abort(int socket) override;
    void answer(std::uint64_t promptId, std::string text) override;

private:
    boost::asio::any_io_executor m_executor;
    station::Engine& m_engine;
    station::UnitQueue& m_queue;
    std::string m_partNumber;
    std::string m_lot;
};

} // namespace optiqual::ui
