#pragma once
#include "db/Records.h"
#include "station/BatchQueue.h"
#include "station/Engine.h"
#include "station/UnitQueue.h"
#include "ui/StationControl.h"

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <string>

namespace optiqual::ui {

/// @brief StationControl on a running Engine: each command is posted to the engine's executor (the I/O thread),
/// so the UI thread never calls the engine, a driver or a lock the I/O thread holds.
class EngineControl : public StationControl {
public:
    /// @brief What manual commands reach: the station's instruments by name, and the audit table.
    struct ManualTarget {
        std::string station;                                                    ///< the audit rows' station
        std::function<instruments::Instrument*(const std::string&)> instrument; ///< null: no such instrument
        std::function<void(db::AuditEvent)> audit;                              ///< e.g. ResultWriter::recordAudit
    };

    /// @brief Scanned units get @p partNumber (and @p lot) and go through @p queue; prompts are answered through
    /// @p engine's broker.
    EngineControl(boost::asio::any_io_executor executor, station::Engine& engine, station::UnitQueue& queue,
                  std::string partNumber, std::string lot);

    /// @brief Enables manual() (and the audit rows of setOverrides()); call before the first frame.
    void setManualTarget(ManualTarget target) { m_manual = std::move(target); }
    /// @brief The batch process model: startBatch() hands its units to @p batches; call before the first frame.
    void setBatchQueue(station::BatchQueue& batches) { m_batches = &batches; }

    void start(int socket, std::string serial) override;
    void terminate(int socket) override;
    void abort(int socket) override;
    void answer(std::uint64_t promptId, std::string text) override;
    void manual(station::ManualCommand command, std::string user, db::Role role, std::string reason) override;
    std::shared_ptr<const ManualResult> lastManual() const override {
        return m_lastManual.load(std::memory_order_acquire);
    }
    void startBatch(std::vector<std::string> serials) override;
    void setOverrides(std::shared_ptr<const station::RunOverrides> overrides, db::AuditEvent audit) override;
    std::shared_ptr<const station::RunOverrides> overrides() const override { return m_overrides; }

private:
    boost::asio::any_io_executor m_executor;
    station::Engine& m_engine;
    station::UnitQueue& m_queue;
    std::string m_partNumber;
    std::string m_lot;
    ManualTarget m_manual;
    station::BatchQueue* m_batches = nullptr;
    std::shared_ptr<const station::RunOverrides> m_overrides; ///< the UI thread's: set and read there only
    std::uint64_t m_manualSeq = 0;                            ///< the UI thread's count of manual commands sent
    std::atomic<std::shared_ptr<const ManualResult>> m_lastManual;
};

} // namespace optiqual::ui
