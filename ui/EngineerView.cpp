#include "ui/EngineerView.h"

namespace optiqual::ui {

EngineerView::EngineerView(std::string database, station::DurabilityQuery durability)
    : m_database(std::move(database)), m_durability(std::move(durability)) {}

DatabaseWorker* EngineerView::ensureWorker() {
    if (!m_worker && !m_database.empty())
        m_worker = std::make_unique<DatabaseWorker>(DatabaseWorker::Options{m_database});
    return m_worker.get();
}

std::int64_t EngineerView::refreshKey(const station::StationSnapshot& snapshot) const {
    if (snapshot.finished.empty())
        return 0;
    const bool stored = m_durability && m_durability(snapshot.finished.back().runId) != station::Durability::Pending;
    return static_cast<std::int64_t>(snapshot.finishedSeq) * 2 + (stored ? 1 : 0);
}

void EngineerView::drawHistory(const station::StationSnapshot& snapshot, const Fonts& fonts) {
    if (DatabaseWorker* w = ensureWorker())
        m_history.draw(*w, fonts, refreshKey(snapshot));
    else
        ImGui::TextDisabled("No results database: the station stores no runs.");
}

void EngineerView::drawYield(const station::StationSnapshot& snapshot, const Fonts& fonts) {
    if (DatabaseWorker* w = ensureWorker())
        m_yield.draw(*w, fonts, refreshKey(snapshot));
    else
        ImGui::TextDisabled("No results database: the station stores no runs.");
}

bool EngineerView::querying() const {
    return m_worker && (m_worker->history().inFlight() || m_worker->run().inFlight() || m_worker->yield().inFlight());
}

} // namespace optiqual::ui
