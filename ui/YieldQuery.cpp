#include "ui/YieldQuery.h"

namespace optiqual::ui {

db::ReportFilter reportFilter(const YieldFilter& f) {
    db::ReportFilter r;
    r.since = f.since;
    r.until = f.until;
    if (!f.partNumber.empty())
        r.partNumber = f.partNumber;
    r.groupBy = {f.byLot ? db::GroupKey::Lot : db::GroupKey::Day};
    return r;
}

YieldDashboard queryYieldDashboard(const db::Connection& connection, const YieldFilter& filter) {
    const db::ReportFilter r = reportFilter(filter);
    YieldDashboard d;
    d.trend = db::queryYield(connection, r);
    db::ReportFilter ungrouped = r;
    ungrouped.groupBy.clear();
    d.pareto = db::queryPareto(connection, ungrouped);
    // Figures only: the values stream from the database in passes, so a year of history costs no memory.
    d.capability = db::queryCapability(connection, ungrouped, db::CapabilityOptions{false});
    return d;
}

} // namespace optiqual::ui
