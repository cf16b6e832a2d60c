#pragma once
#include "station/Durability.h"
#include "station/StationSnapshot.h"
#include "ui/DatabaseWorker.h"
#include "ui/HistoryView.h"
#include "ui/Theme.h"
#include "ui/YieldView.h"

#include <cstdint>
#include <memory>
#include <string>

namespace optiqual::ui {

/// @brief What the panel shows below its header.
enum class PanelView { Operator, History, Yield, Sequence };

/// @brief The engineer view's windows on the station's results database — run history with a run's detail, the
/// yield dashboard — and the DatabaseWorker that answers their queries off the UI thread, started when one of
/// them is first shown.
class EngineerView {
public:
    /// @p database: the results database (empty: none, the views say so); @p durability: when the newest finished
    /// unit's results are stored, the views ask again.
    EngineerView(std::string database, station::DurabilityQuery durability);

    void drawHistory(const station::StationSnapshot& snapshot, const Fonts& fonts);
    void drawYield(const station::StationSnapshot& snapshot, const Fonts& fonts);

    /// @brief A query was asked and not answered yet (a headless screenshot waits for none to be in flight).
    bool querying() const;
    const HistoryView& history() const { return m_history; }
    HistoryView& history() { return m_history; }
    /// @brief The worker, once a view was shown (null before, or without a database).
    const DatabaseWorker* worker() const { return m_worker.get(); }

private:
    DatabaseWorker* ensureWorker();
    /// Changes when new runs may be readable: another unit finished, or the newest one's results were stored.
    std::int64_t refreshKey(const station::StationSnapshot& snapshot) const;

    std::string m_database;
    station::DurabilityQuery m_durability;
    std::unique_ptr<DatabaseWorker> m_worker;
    HistoryView m_history;
    YieldView m_yield;
};

} // namespace optiqual::ui
