#include "db/ValueScan.h"

#include "db/Connection.h"
#include "db/DbError.h"
#include "db/ReportSummaries.h"
#include "sequences/Limit.h"

#include <fmt/format.h>

namespace optiqual::db {

ValueScan::ValueScan(const Connection& c, ReportFilter filter) : m_connection(c), m_filter(std::move(filter)) {
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
        if (m_filter.measurement && s.label().find(*m_filter.measurement) == std::string::npos)
            continue;
        m_byDef[s.defId] = m_series.size();
        m_series.push_back(std::move(s));
    }
}

Statement ValueScan::prepare() const {
    // The primary key (started_at, run_id) is the report order: no sort, and a window is a range of it.
    auto st = m_connection.prepare("SELECT v.started_at, v.run_id, v.layout_id, v.vals FROM run_values v WHERE " +
                                   m_filter.valuesCondition() + " ORDER BY v.started_at, v.run_id");
    m_filter.bind(st);
    return st;
}

const std::vector<int>& ValueScan::layout(std::int64_t id) const {
    if (auto it = m_layouts.find(id); it != m_layouts.end())
        return it->second;
    auto st = m_connection.prepare("SELECT defs FROM value_layout WHERE id = ?1");
    st.bind(1, id);
    std::vector<int> positions;
    if (st.step())
        for (const auto def : ReportSummaries::unpackIds(st.getBlob(0))) {
            const auto it = m_byDef.find(def);
            positions.push_back(it == m_byDef.end() ? -1 : static_cast<int>(it->second));
        }
    return m_layouts.emplace(id, std::move(positions)).first->second;
}

void ValueScan::checkSize(std::int64_t runId, std::size_t bytes, std::size_t values) const {
    if (bytes != values * sizeof(double))
        throw DbError(DbErrorKind::Corrupt, 0,
                      fmt::format("{}: the values of run {} do not match their layout ({} bytes for {} values)",
                                  m_connection.path(), runId, bytes, values));
}

} // namespace optiqual::db
