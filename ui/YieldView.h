#pragma once
#include "ui/DatabaseWorker.h"
#include "ui/Theme.h"
#include "ui/YieldCharts.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace optiqual::ui {

/// @brief The yield dashboard (engineer view): the first-pass-yield trend per day or per lot, the Pareto of failure
/// causes and the Cpk table, over a part number and a time range; the figures of `optiqual report yield`, `report
/// pareto` and `report capability`, asked of DatabaseWorker (never on the UI thread).
class YieldView {
public:
    /// @brief Draws into the current window; @p refresh changes when new runs may be in the database.
    void draw(DatabaseWorker& worker, const Fonts& fonts, std::int64_t refresh);

private:
    void drawCapability(const YieldDashboard& d, ImVec2 size);

    std::string m_partNumber;
    int m_range = 0; ///< index into kHistoryRanges
    bool m_byLot = false;
    std::vector<std::string> m_partNumbers; ///< from the history's answers, for the choice
    bool m_asked = false;
    YieldFilter m_askedFilter;
    int m_askedRange = 0;
    std::int64_t m_askedRefresh = 0;
    std::shared_ptr<const QueryResult<YieldDashboard>> m_pointsOf; ///< the answer m_points were made from
    std::vector<TrendPoint> m_points;
};

} // namespace optiqual::ui
