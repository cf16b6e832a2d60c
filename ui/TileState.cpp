#include "ui/TileState.h"

namespace optiqual::ui {

void TileState::scanned(std::string serial, std::uint64_t shownRunId, bool queued) {
    m_pending = Pending{std::move(serial), shownRunId, queued};
}

void TileState::release() {
    if (m_pending)
        m_pending->queued = false;
}

std::string TileState::removeQueued() {
    if (!queued())
        return {};
    std::string serial = std::move(m_pending->serial);
    m_cleared = m_pending->shownRunId;
    m_pending.reset();
    return serial;
}

void TileState::observe(const station::SocketView* view) {
    // A run newer than the one shown at the scan is the scanned unit's: the snapshot takes over from here.
    if (m_pending && view && view->runId != 0 && view->runId != m_pending->shownRunId)
        m_pending.reset();
}

TilePhase TileState::phase(const station::SocketView* view) const {
    if (m_pending)
        return TilePhase::Starting;
    // The socket's last verdict was cleared by a scan that was then removed: the tile stays idle until a new run.
    if (!view || view->runId == 0 || (view->runId == m_cleared && !view->active))
        return TilePhase::Idle;
    return view->active ? TilePhase::Running : TilePhase::Finished;
}

const std::string& TileState::pendingSerial() const {
    static const std::string none;
    return m_pending ? m_pending->serial : none;
}

} // namespace optiqual::ui
