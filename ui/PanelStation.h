#pragma once
#include "station/BatchQueue.h"
#include "station/Engine.h"
#include "station/UnitQueue.h"
#include "station/cli/StationSession.h"
#include "ui/EngineControl.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace optiqual::ui {

/// @brief The panel's open station at work: the EngineControl the panel sends its commands through, and the engine
/// on its own thread. With the parallel model one run takes every socket's units as they are scanned (a UnitQueue,
/// RunOptions::unitSource) for the whole session; with the batch model each Start all is one run of the units queued
/// at the panel (a BatchQueue, RunOptions::units), the next batch waiting for the one before to end. Beside the run, on
/// the same thread, the telemetry monitor polls the chamber, the chiller and the sockets' supplies for the live charts.
class PanelStation {
public:
    struct Options {
        std::string partNumber;
        std::string lot;
        std::string operatorName = "operator";
        bool autoAnswer = false;
        station::ProcessModel model = station::ProcessModel::Parallel;
        std::function<void()> wake; ///< called on the engine's thread when it ends (wakes the panel's frame loop)
        /// @brief Simulation time between two polls of the telemetry monitor (station::TelemetryMonitor); 0: off.
        std::chrono::nanoseconds monitorPeriod = std::chrono::seconds(10);
    };

    /// @p session is open (openStation); it outlives this.
    PanelStation(station::cli::StationSession& session, Options options);
    ~PanelStation();
    PanelStation(const PanelStation&) = delete;
    PanelStation& operator=(const PanelStation&) = delete;

    EngineControl& control() { return *m_control; }
    bool batch() const { return m_options.model == station::ProcessModel::Batch; }
    /// @brief Starts the engine's thread.
    void start();
    /// @brief No new units or batches; units still running are aborted (cleanup and safe state run), else the run
    /// ends at once. Returns at once; idempotent.
    void stop();
    bool done() const { return m_done; }
    /// @brief Waits for the engine's thread (after stop()), then every unit's result; rethrows what the run threw.
    std::vector<station::SocketResult> finish();

private:
    station::RunOptions runOptions() const;
    boost::asio::awaitable<std::vector<station::SocketResult>> runBatches(station::RunOptions base);
    /// @brief The engine's run (or the batches) with the telemetry monitor polling beside it until it ends.
    boost::asio::awaitable<std::vector<station::SocketResult>> runMonitored(station::RunOptions run);

    station::cli::StationSession& m_session;
    Options m_options;
    std::unique_ptr<station::UnitQueue> m_queue;
    station::BatchQueue m_batches;
    std::unique_ptr<EngineControl> m_control;
    std::thread m_thread;
    std::atomic<bool> m_done{false};
    std::atomic<bool> m_stopped{false};
    std::atomic<bool> m_batchRunning{false}; ///< a batch's run is under way (set on the engine's thread)
    std::vector<station::SocketResult> m_results;
    std::exception_ptr m_error;
};

} // namespace optiqual::ui
