#include "db/ReportDocuments.h"

#include "db/RunCharts.h"
#include "db/SvgChart.h"
#include "db/TimeText.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace optiqual::db {

namespace {

using sequences::Verdict;

Cell opt(std::optional<double> v) {
    if (!v)
        return std::monostate{};
    return *v;
}

std::string pct(std::optional<double> v) {
    return v ? fmt::format("{:.1f} %", *v * 100) : "-";
}

std::string outcomeText(std::optional<Verdict> v) {
    return v ? std::string(sequences::toString(*v)) : std::string("RUNNING");
}

RowTone toneOf(std::optional<Verdict> v) {
    if (!v)
        return RowTone::Warn;
    if (*v == Verdict::Pass)
        return RowTone::Good;
    if (*v == Verdict::Fail || *v == Verdict::Error || *v == Verdict::Aborted || *v == Verdict::Terminated)
        return RowTone::Bad;
    return RowTone::Normal;
}

ReportTable yieldTable(const YieldResult& y) {
    ReportTable t;
    for (auto k : y.groupBy)
        t.columns.push_back({std::string(toString(k))});
    for (const char* name : {"units", "runs"})
        t.columns.push_back({name, ColumnKind::Integer});
    for (const char* name : {"first_pass_yield", "final_yield", "retest_rate", "step_yield", "rolled_throughput_yield"})
        t.columns.push_back({name, ColumnKind::Percent, 1});
    t.columns.push_back({"aborted_runs", ColumnKind::Integer});
    auto add = [&](const YieldRow& r, bool total) {
        std::vector<Cell> row;
        for (std::size_t i = 0; i < y.groupBy.size(); ++i)
            row.push_back(total ? (i == 0 ? std::string("TOTAL") : std::string()) : r.key[i]);
        row.push_back(r.units);
        row.push_back(r.runs);
        for (auto v : {r.firstPassYield, r.finalYield, r.retestRate, r.stepYield, r.rolledThroughputYield})
            row.push_back(opt(v));
        row.push_back(r.abortedRuns);
        t.rows.push_back(std::move(row));
        t.tones.push_back(total ? RowTone::Warn : RowTone::Normal);
    };
    if (y.groupBy.empty()) {
        add(y.total, false);
    } else {
        for (const auto& r : y.rows)
            add(r, false);
        add(y.total, true);
    }
    return t;
}

/// "case_temp=70, vin=44: 3 units; case_temp=0, vin=44: 1 unit" (the five iterations with most units).
std::string loopBreakdown(const ParetoRow& r) {
    constexpr std::size_t kShown = 5;
    std::string out;
    for (std::size_t i = 0; i < r.breakdown.size() && i < kShown; ++i) {
        const auto& b = r.breakdown[i];
        out += fmt::format("{}{}: {} unit{}", i ? "; " : "", b.loops, b.unitsAffected, b.unitsAffected == 1 ? "" : "s");
    }
    if (r.breakdown.size() > kShown)
        out += fmt::format("; {} more", r.breakdown.size() - kShown);
    return out;
}

ReportTable paretoTable(const ParetoResult& p) {
    ReportTable t;
    t.columns = {{"rank", ColumnKind::Integer},
                 {"kind"},
                 {"step"},
                 {"measurement"},
                 {"units_affected", ColumnKind::Integer},
                 {"occurrences", ColumnKind::Integer},
                 {"share", ColumnKind::Percent, 1},
                 {"cumulative_share", ColumnKind::Percent, 1},
                 {"of_units_tested", ColumnKind::Percent, 2},
                 {"example_error"},
                 {"by_loop"}};
    std::int64_t rank = 1;
    for (const auto& r : p.rows)
        t.rows.push_back({rank++, r.kind, r.stepPath, r.measurement, r.unitsAffected, r.occurrences, r.share,
                          r.cumulativeShare, r.unitShare, r.example, loopBreakdown(r)});
    return t;
}

std::string capCaption(const CapabilityRow& r) {
    const auto& c = r.capability;
    auto f = [](std::optional<double> v) { return v ? fmt::format("{:.2f}", *v) : std::string("-"); };
    return fmt::format("n {}  mean {:.4g}  σ within {:.3g}  Cp {}  Cpk {}  Ppk {}{}", c.n, c.mean, c.sigmaWithin,
                       f(c.cp), f(c.cpk), f(c.ppk), r.belowTarget ? "  — Cpk below 1.33" : "");
}

/// True when the series are per station (`--by station`): the tables then start with a station column.
bool grouped(const std::vector<CapabilityRow>& rows) {
    return std::any_of(rows.begin(), rows.end(), [](const CapabilityRow& r) { return !r.series.group.empty(); });
}

bool grouped(const std::vector<SpcChart>& charts) {
    return std::any_of(charts.begin(), charts.end(), [](const SpcChart& c) { return !c.series.group.empty(); });
}

/// A chart's title: the measurement, after its station when grouped.
std::string chartLabel(const MeasurementSeries& s) {
    return s.group.empty() ? s.label() : s.group + ": " + s.label();
}

/// Prepends the station column to a table whose rows are already there, when @p byStation.
void prependStation(ReportTable& t, bool byStation, const std::vector<std::string>& stations) {
    if (!byStation)
        return;
    t.columns.insert(t.columns.begin(), Column{"station"});
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        t.rows[i].insert(t.rows[i].begin(), Cell{stations[i]});
}

ReportTable capabilityTable(const std::vector<CapabilityRow>& rows) {
    ReportTable t;
    t.columns = {{"step"},
                 {"measurement"},
                 {"unit"},
                 {"lsl", ColumnKind::Number, 6},
                 {"usl", ColumnKind::Number, 6},
                 {"n", ColumnKind::Integer},
                 {"mean", ColumnKind::Number, 6},
                 {"sigma_within", ColumnKind::Number, 4},
                 {"sigma_overall", ColumnKind::Number, 4},
                 {"cp", ColumnKind::Number, 3},
                 {"cpk", ColumnKind::Number, 3},
                 {"pp", ColumnKind::Number, 3},
                 {"ppk", ColumnKind::Number, 3},
                 {"near_limits", ColumnKind::Percent, 1},
                 {"outside", ColumnKind::Integer},
                 {"flag"}};
    for (const auto& r : rows) {
        const auto& c = r.capability;
        t.rows.push_back({r.series.stepPath, r.series.name, r.series.unit, opt(r.series.lsl), opt(r.series.usl),
                          static_cast<std::int64_t>(c.n), c.mean, c.sigmaWithin, c.sigmaOverall, opt(c.cp), opt(c.cpk),
                          opt(c.pp), opt(c.ppk), c.nearLimitShare, static_cast<std::int64_t>(c.outside),
                          r.belowTarget ? std::string("CPK<1.33") : std::string()});
        t.tones.push_back(r.belowTarget ? RowTone::Bad : RowTone::Normal);
    }
    std::vector<std::string> stations;
    for (const auto& r : rows)
        stations.push_back(r.series.group);
    prependStation(t, grouped(rows), stations);
    return t;
}

} // namespace

std::string describeScope(const ReportFilter& f) {
    std::string out = f.partNumber ? "part " + *f.partNumber : "all parts";
    const bool since = f.since != std::numeric_limits<std::int64_t>::min();
    const bool until = f.until != std::numeric_limits<std::int64_t>::max();
    if (since || until)
        out += ", " + (since ? formatLocal(f.since) : std::string("start")) + " … " +
               (until ? formatLocal(f.until) : std::string("now"));
    if (f.station)
        out += ", station " + *f.station;
    if (f.measurement)
        out += ", measurements matching '" + *f.measurement + "'";
    return out;
}

ReportDocument yieldDocument(const YieldResult& y, const std::string& scope, const YieldResult* trend,
                             const ParetoResult* pareto, const std::vector<CapabilityRow>* capability) {
    ReportDocument d;
    d.title = "Yield";
    d.subtitle = scope;
    ReportSection head;
    head.facts = {{"units tested", std::to_string(y.total.units)},
                  {"first-pass yield", pct(y.total.firstPassYield)},
                  {"final yield", pct(y.total.finalYield)},
                  {"retest rate", pct(y.total.retestRate)},
                  {"step yield", pct(y.total.stepYield)},
                  {"rolled throughput yield", pct(y.total.rolledThroughputYield)}};
    if (trend && !trend->rows.empty()) {
        std::vector<std::string> days;
        LineSeries fpy{"first-pass yield", "#1f5fa8", {}}, fin{"final yield", "#1a7f37", {}};
        for (const auto& r : trend->rows) {
            days.push_back(r.key.empty() ? "" : r.key[0]);
            fpy.values.push_back(r.firstPassYield);
            fin.values.push_back(r.finalYield);
        }
        head.svg = svgLineChart("Yield trend by day", days, {fpy, fin});
    }
    d.sections.push_back(std::move(head));
    ReportSection table;
    table.heading = y.groupBy.empty() ? "Summary" : "By " + [&] {
        std::string s;
        for (auto k : y.groupBy)
            s += (s.empty() ? "" : ", ") + std::string(toString(k));
        return s;
    }();
    table.table = yieldTable(y);
    table.note = "First-pass yield counts a unit's first run ever (aborted runs aside); step yield counts every step "
                 "execution, retries included.";
    d.sections.push_back(std::move(table));
    if (pareto) {
        auto p = paretoDocument(*pareto, scope, true);
        for (auto& s : p.sections) {
            if (s.table && s.table->rows.size() > 15) {
                s.table->rows.resize(15);
                s.note = "Top 15 causes.";
            }
            d.sections.push_back(std::move(s));
        }
    }
    if (capability) {
        std::vector<CapabilityRow> worst(capability->begin(),
                                         capability->begin() +
                                             static_cast<std::ptrdiff_t>(std::min<std::size_t>(4, capability->size())));
        auto c = capabilityDocument(worst, scope, true, 4);
        for (auto& s : c.sections) {
            s.heading = s.heading.empty() ? "" : "Least capable: " + s.heading;
            d.sections.push_back(std::move(s));
        }
    }
    return d;
}

ReportDocument paretoDocument(const ParetoResult& p, const std::string& scope, bool chart) {
    ReportDocument d;
    d.title = "Failure Pareto";
    d.subtitle = scope;
    ReportSection s;
    s.heading = "Failures by units affected";
    s.facts = {{"units tested", std::to_string(p.unitsTested)}, {"failing units", std::to_string(p.failingUnits)}};
    if (chart && !p.rows.empty()) {
        std::vector<std::string> labels;
        std::vector<std::int64_t> counts;
        std::vector<double> cumulative;
        for (std::size_t i = 0; i < p.rows.size() && i < 15; ++i) {
            const auto& r = p.rows[i];
            labels.push_back(r.measurement.empty() ? r.stepPath : r.measurement);
            counts.push_back(r.unitsAffected);
            cumulative.push_back(r.cumulativeShare);
        }
        s.svg = svgParetoChart("Failure Pareto (top 15)", labels, counts, cumulative);
    }
    s.table = paretoTable(p);
    d.sections.push_back(std::move(s));
    return d;
}

ReportDocument capabilityDocument(const std::vector<CapabilityRow>& rows, const std::string& scope, bool charts,
                                  std::size_t chartLimit) {
    ReportDocument d;
    d.title = "Process capability";
    d.subtitle = scope;
    ReportSection s;
    s.heading = "Capability by measurement";
    std::size_t low = 0;
    for (const auto& r : rows)
        low += r.belowTarget;
    s.facts = {{"measurements", std::to_string(rows.size())}, {"Cpk below 1.33", std::to_string(low)}};
    if (charts)
        for (std::size_t i = 0; i < rows.size() && i < chartLimit; ++i)
            s.svg += svgHistogram(chartLabel(rows[i].series) +
                                      (rows[i].series.unit.empty() ? "" : " [" + rows[i].series.unit + "]"),
                                  rows[i].series.values, rows[i].series.lsl, rows[i].series.usl, capCaption(rows[i]));
    s.table = capabilityTable(rows);
    s.note = "σ within = mean moving range / 1.128; Cp, Cpk from σ within; Pp, Ppk from σ overall. Near limits: "
             "inside by less than 10 % of the tolerance (1 σ overall when one-sided).";
    d.sections.push_back(std::move(s));
    return d;
}

ReportDocument spcDocument(const std::vector<SpcChart>& charts, const std::string& scope, bool withCharts,
                           bool allPoints, std::size_t chartLimit) {
    ReportDocument d;
    d.title = "Control charts";
    d.subtitle = scope;
    ReportSection summary;
    summary.heading = "Individuals charts (centre = mean, limits = mean ± 3 σ within)";
    summary.table = ReportTable{};
    auto& st = *summary.table;
    st.columns = {{"step"},
                  {"measurement"},
                  {"n", ColumnKind::Integer},
                  {"center", ColumnKind::Number, 6},
                  {"lcl", ColumnKind::Number, 6},
                  {"ucl", ColumnKind::Number, 6},
                  {"violations", ColumnKind::Integer}};
    for (std::size_t i = 0; i < charts.size(); ++i) {
        const auto& c = charts[i];
        st.rows.push_back(
            {c.series.stepPath, c.series.name, static_cast<std::int64_t>(c.n), c.center, c.lcl, c.ucl, c.violations});
        st.tones.push_back(c.violations ? RowTone::Bad : RowTone::Normal);
        if (withCharts && i < chartLimit)
            summary.svg += svgControlChart(chartLabel(c.series), c.series.values, c.center, c.ucl, c.lcl, c.rules);
    }
    ReportSection points;
    points.heading = allPoints ? "Points" : "Points breaking a Western Electric rule";
    points.table = ReportTable{};
    auto& pt = *points.table;
    pt.columns = {{"step"},
                  {"measurement"},
                  {"index", ColumnKind::Integer},
                  {"run", ColumnKind::Integer},
                  {"time"},
                  {"value", ColumnKind::Number, 6},
                  {"rules"}};
    std::size_t shown = 0;
    bool uuids = false; // the central store names runs by UUID
    for (const auto& c : charts) {
        shown += c.points.size();
        uuids = uuids ||
                std::any_of(c.points.begin(), c.points.end(), [](const SpcPoint& p) { return !p.runUuid.empty(); });
    }
    if (uuids)
        pt.columns[3].kind = ColumnKind::Text;
    pt.rows.reserve(shown); // a year of points breaking a rule is hundreds of thousands of rows
    std::vector<std::string> pointStations;
    for (const auto& c : charts)
        for (const auto& p : c.points)
            if (allPoints || p.rules) {
                pt.rows.push_back({c.series.stepPath, c.series.name, static_cast<std::int64_t>(p.index + 1),
                                   uuids ? Cell{p.runUuid} : Cell{p.runId}, formatLocal(p.time), p.value,
                                   describeRules(p.rules)});
                pointStations.push_back(c.series.group);
            }
    std::vector<std::string> chartStations;
    for (const auto& c : charts)
        chartStations.push_back(c.series.group);
    prependStation(st, grouped(charts), chartStations);
    prependStation(pt, grouped(charts), pointStations);
    points.note = "Rules: 1 one point beyond 3σ; 2 two of three beyond 2σ, same side; 3 four of five beyond 1σ, same "
                  "side; 4 eight in a row on one side.";
    const bool cut = !allPoints && std::any_of(charts.begin(), charts.end(), [](const SpcChart& c) {
        return static_cast<std::size_t>(c.violations) > c.points.size();
    });
    if (cut)
        points.note += " Each chart lists its latest points breaking a rule (its violations column counts them all); "
                       "--format csv or json lists every one.";
    if (allPoints)
        d.sections.push_back(std::move(points)), d.sections.push_back(std::move(summary));
    else
        d.sections.push_back(std::move(summary)), d.sections.push_back(std::move(points));
    return d;
}

ReportDocument unitDocument(const std::string& serial, const std::vector<RunSummary>& runs) {
    ReportDocument d;
    d.title = "Unit " + serial;
    if (!runs.empty())
        d.subtitle = runs.back().partNumber + " rev " + runs.back().revision + ", lot " + runs.back().lot;
    ReportSection s;
    s.heading = "Attempts";
    s.table = ReportTable{};
    auto& t = *s.table;
    t.columns = {{"attempt", ColumnKind::Integer},
                 {"run", ColumnKind::Integer},
                 {"started"},
                 {"duration_s", ColumnKind::Number, 4},
                 {"station"},
                 {"socket", ColumnKind::Integer},
                 {"operator"},
                 {"sequence"},
                 {"outcome"},
                 {"reason"},
                 {"first_failure"}};
    for (const auto& r : runs) {
        Cell duration = std::monostate{};
        if (r.endedAt)
            duration = static_cast<double>(*r.endedAt - r.startedAt) / 1e6;
        t.rows.push_back({static_cast<std::int64_t>(r.attempt), r.id, formatLocal(r.startedAt), duration, r.station,
                          static_cast<std::int64_t>(r.socket), r.operatorName, r.sequenceName + " " + r.sequenceVersion,
                          outcomeText(r.outcome), r.abortReason, r.firstFailure});
        t.tones.push_back(toneOf(r.outcome));
    }
    d.sections.push_back(std::move(s));
    return d;
}

ReportDocument runDocument(const RunDetail& run, bool charts) {
    const auto& r = run.summary;
    ReportDocument d;
    d.title = "Run " + std::to_string(r.id) + " — " + r.serial;
    d.subtitle = r.uuid;
    ReportSection head;
    head.facts = {{"outcome", outcomeText(r.outcome)},
                  {"serial", r.serial},
                  {"part", r.partNumber + (r.revision.empty() ? "" : " rev " + r.revision)},
                  {"attempt", std::to_string(r.attempt)},
                  {"station / socket", r.station + " / " + std::to_string(r.socket)},
                  {"operator", r.operatorName},
                  {"sequence", r.sequenceName + " " + r.sequenceVersion},
                  {"started", formatLocal(r.startedAt)}};
    if (r.endedAt)
        head.facts.emplace_back("duration",
                                fmt::format("{:.1f} s", static_cast<double>(*r.endedAt - r.startedAt) / 1e6));
    if (!r.abortReason.empty())
        head.facts.emplace_back("reason", r.abortReason);
    if (!r.firstFailure.empty())
        head.facts.emplace_back("first failure", r.firstFailure);
    d.sections.push_back(std::move(head));
    // The curves first: a reader looks at the shape before the 2,000 rows behind it.
    if (charts)
        for (auto& chart : runCharts(run))
            d.sections.push_back(std::move(chart));

    ReportSection steps;
    steps.heading = "Steps and measurements";
    steps.table = ReportTable{};
    auto& t = *steps.table;
    t.columns = {{"step", ColumnKind::Integer},
                 {"path"},
                 {"measurement"},
                 {"lane"},
                 {"value"},
                 {"unit"},
                 {"low", ColumnKind::Number, 6},
                 {"high", ColumnKind::Number, 6},
                 {"comparator"},
                 {"outcome"},
                 {"duration_ms", ColumnKind::Number, 4},
                 {"conditions / error"}};
    for (const auto& s : run.steps) {
        t.rows.push_back({static_cast<std::int64_t>(s.seq), s.path, std::string(), std::string(), std::string(),
                          std::string(), std::monostate{}, std::monostate{}, s.type,
                          std::string(sequences::toString(s.outcome)), static_cast<double>(s.durationUs) / 1000.0,
                          s.error});
        t.tones.push_back(toneOf(s.outcome));
        for (const auto& m : s.measurements) {
            const std::string value = m.text ? *m.text : (m.value ? fmt::format("{:.6g}", *m.value) : "NaN");
            t.rows.push_back({std::monostate{}, std::string(), m.name, m.lane ? std::to_string(*m.lane) : "", value,
                              m.unit, opt(m.low), opt(m.high), m.comparator,
                              std::string(sequences::toString(m.outcome)), std::monostate{}, m.conditions});
            t.tones.push_back(m.outcome == Verdict::Pass ? RowTone::Normal : toneOf(m.outcome));
        }
    }
    d.sections.push_back(std::move(steps));
    ReportSection traces;
    traces.heading = "Traces";
    traces.table =
        ReportTable{{{"step", ColumnKind::Integer}, {"name"}, {"points", ColumnKind::Integer}, {"x"}, {"y"}}, {}, {}};
    for (const auto& s : run.steps)
        for (const auto& tr : s.traces) {
            auto range = [](const std::vector<double>& v, const std::string& name, const std::string& unit) {
                if (v.empty())
                    return name;
                auto [lo, hi] = std::minmax_element(v.begin(), v.end());
                return fmt::format("{} {:.6g} … {:.6g} {}", name, *lo, *hi, unit);
            };
            traces.table->rows.push_back({static_cast<std::int64_t>(s.seq), tr.name,
                                          static_cast<std::int64_t>(tr.x.size()), range(tr.x, tr.xName, tr.xUnit),
                                          range(tr.y, tr.yName, tr.yUnit)});
        }
    if (!traces.table->rows.empty())
        d.sections.push_back(std::move(traces));
    if (!run.instruments.empty()) {
        ReportSection is;
        is.heading = "Instruments";
        is.table =
            ReportTable{{{"role"}, {"model"}, {"serial"}, {"firmware"}, {"calibration_due"}, {"resource"}}, {}, {}};
        for (const auto& i : run.instruments)
            is.table->rows.push_back(
                {i.role, i.model, i.serial, i.firmware, i.calibrationDue.value_or("-"), i.resource});
        d.sections.push_back(std::move(is));
    }
    if (!run.audit.empty()) {
        ReportSection as;
        as.heading = "Audit";
        as.table = ReportTable{{{"time"}, {"user"}, {"action"}, {"target"}, {"old"}, {"new"}, {"reason"}}, {}, {}};
        for (const auto& a : run.audit)
            as.table->rows.push_back({formatLocal(a.at), a.user, a.action, a.target, a.oldValue.value_or(""),
                                      a.newValue.value_or(""), a.reason});
        d.sections.push_back(std::move(as));
    }
    return d;
}

} // namespace optiqual::db
