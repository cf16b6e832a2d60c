#include "db/MeasurementSeries.h"

#include "db/Connection.h"
#include "sequences/Limit.h"

#include <unordered_map>

namespace optiqual::db {

std::vector<MeasurementSeries> loadMeasurementSeries(const Connection& c, const ReportFilter& filter) {
    std::vector<MeasurementSeries> series;
    std::unordered_map<std::int64_t, std::size_t> byDef;
    {
        auto st = c.prepare("SELECT md.id, sd.path, md.name, md.unit, md.comparator, md.low, md.high "
                            "FROM measurement_def md JOIN step_def sd ON sd.id = md.step_def_id ORDER BY md.id");
        while (st.step()) {
            MeasurementSeries s;
            s.defId = st.getInt(0);
            s.stepPath = st.getText(1);
            s.name = st.getText(2);
            s.unit = st.getText(3);
            s.comparator = st.getText(4);
            const auto cmp = sequences::parseComparator(s.comparator).value_or(sequences::Comparator::LOG);
            if (sequences::needsLow(cmp))
                s.lsl = st.getOptionalDouble(5);
            if (sequences::needsHigh(cmp))
                s.usl = st.getOptionalDouble(6);
            if (filter.measurement && s.label().find(*filter.measurement) == std::string::npos)
                continue;
            byDef[s.defId] = series.size();
            series.push_back(std::move(s));
        }
    }
    if (series.empty())
        return series;
    auto st = c.prepare("SELECT m.def_id, m.value, r.id, r.started_at FROM run r JOIN measurement m ON m.run_id = r.id "
                        "WHERE " +
                        filter.runCondition() +
                        " AND r.outcome NOT IN (6, 7) AND m.value IS NOT NULL ORDER BY r.started_at, r.id, m.seq");
    filter.bind(st);
    while (st.step()) {
        auto it = byDef.find(st.getInt(0));
        if (it == byDef.end())
            continue;
        auto& s = series[it->second];
        s.values.push_back(st.getDouble(1));
        s.runIds.push_back(st.getInt(2));
        s.times.push_back(st.getInt(3));
    }
    std::erase_if(series, [](const MeasurementSeries& s) { return s.values.empty(); });
    return series;
}

} // namespace optiqual::db
