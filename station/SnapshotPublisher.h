#pragma once
#include "station/EventBus.h"
#include "station/SnapshotReducer.h"
#include "station/StationSnapshot.h"

#include <atomic>
#include <memory>

namespace optiqual::station {

/// @brief The event-bus sink that keeps the station snapshot: it folds each event in with SnapshotReducer on its
/// own worker thread and, after each batch, swaps in the new immutable snapshot. Any thread (the terminal's
/// redraw, the panel's frame) takes the latest with current() — one atomic load, never waiting on the engine.
class SnapshotPublisher : public EventSink {
public:
    explicit SnapshotPublisher(SnapshotReducer::Options options = {});

    void onEvent(const Event& event) override;
    void onBatchEnd() override;

    /// @brief The latest snapshot (never null).
    std::shared_ptr<const StationSnapshot> current() const { return m_current.load(std::memory_order_acquire); }

private:
    SnapshotReducer m_reducer;
    StationSnapshot m_working; ///< owned by the bus worker
    std::atomic<std::shared_ptr<const StationSnapshot>> m_current;
};

} // namespace optiqual::station
