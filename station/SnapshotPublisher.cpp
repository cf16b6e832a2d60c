#include "station/SnapshotPublisher.h"

namespace optiqual::station {

SnapshotPublisher::SnapshotPublisher(SnapshotReducer::Options options)
    : m_reducer(std::move(options)), m_working(m_reducer.initial()),
      m_current(std::make_shared<const StationSnapshot>(m_working)) {}

void SnapshotPublisher::onEvent(const Event& event) {
    m_working = m_reducer.apply(std::move(m_working), event);
}

void SnapshotPublisher::onBatchEnd() {
    m_current.store(std::make_shared<const StationSnapshot>(m_working), std::memory_order_release);
}

} // namespace optiqual::station
