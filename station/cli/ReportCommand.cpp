#include "db/CapabilityReport.h"
#include "db/DbError.h"
#include "db/ParetoReport.h"
#include "db/ReportDocuments.h"
#include "db/ReportRenderer.h"
#include "db/ResultStore.h"
#include "db/RunDetail.h"
#include "db/SpcReport.h"
#include "db/TestRecord.h"
#include "db/TimeText.h"
#include "db/YieldReport.h"
#include "db/central/CentralCapability.h"
#include "db/central/CentralPareto.h"
#include "db/central/CentralRunDetail.h"
#include "db/central/CentralYield.h"
#include "db/central/PgConnection.h"
#include "station/cli/Commands.h"
#include "station/cli/DbCommands.h"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace optiqual::station::cli {

int buildFilter(const DbCommands::Options& o, db::ReportFilter& filter) {
    const auto now = db::toMicros(std::chrono::system_clock::now());
    auto bound = [&](const std::string& text, const char* name, std::int64_t& out) {
        if (text.empty())
            return true;
        if (auto t = db::parseTimeBound(text, now)) {
            out = *t;
            return true;
        }
        std::fprintf(stderr,
                     "optiqual: %s '%s': expected 2026-11-01, 2026-11-01T06:00[:00][Z], @UNIX, or an age "
                     "such as 30d, 2w, 12h, 90min, within years 0001-9999\n",
                     name, text.c_str());
        return false;
    };
    if (!bound(o.since, "--since", filter.since) || !bound(o.until, "--until", filter.until))
        return kExitBadInput;
    if (!o.partNumber.empty())
        filter.partNumber = o.partNumber;
    if (!o.station.empty())
        filter.station = o.station;
    if (!o.measurement.empty())
        filter.measurement = o.measurement;
    if (!o.by.empty()) {
        std::string bad;
        auto keys = db::parseGroupKeys(o.by, &bad);
        if (!keys) {
            std::fprintf(stderr,
                         "optiqual: --by '%s': unknown key '%s' (product, part-number, station, socket, lot, "
                         "operator, day, shift)\n",
                         o.by.c_str(), bad.c_str());
            return kExitBadInput;
        }
        filter.groupBy = *keys;
    }
    return kExitOk;
}

namespace {

/// A table for people lists each chart's latest violations; csv and json carry every point.
constexpr std::size_t kLatestViolations = 20;

/// Cpk and SPC compare stations (`--by station`, on the central store) and nothing else: kExitOk or
/// kExitBadInput with a message.
int checkChartGrouping(const db::ReportFilter& filter, bool central) {
    if (filter.groupBy.empty())
        return kExitOk;
    if (filter.groupBy != std::vector<db::GroupKey>{db::GroupKey::Station}) {
        std::fprintf(stderr, "optiqual: report cpk and spc group by station only (--by station)\n");
        return kExitBadInput;
    }
    if (!central) {
        std::fprintf(stderr, "optiqual: --by station compares stations in the central store (--db postgresql://…); "
                             "a station's file reports its own measurements without it\n");
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace

int DbCommands::runCentralReport(const db::ReportFilter& filter, db::ReportFormat format) const {
    const auto& o = *m_options;
    auto pg = db::central::PgConnection::open(resolveDbPath(o.db));
    const auto scope = db::describeScope(filter) + " — central store " + pg.where();
    db::ReportDocument doc;
    if (o.yield->parsed()) {
        const auto yield = db::central::queryCentralYield(pg, filter);
        if (format == db::ReportFormat::Html) {
            auto byDay = filter;
            byDay.groupBy = {db::GroupKey::Day};
            const auto trend = db::central::queryCentralYield(pg, byDay);
            const auto pareto = db::central::queryCentralPareto(pg, filter);
            doc = db::yieldDocument(yield, scope, &trend, &pareto, nullptr);
        } else {
            doc = db::yieldDocument(yield, scope);
        }
    } else if (o.pareto->parsed()) {
        doc = db::paretoDocument(db::central::queryCentralPareto(pg, filter), scope, format == db::ReportFormat::Html);
    } else if (o.cpk->parsed()) {
        if (int code = checkChartGrouping(filter, true); code != kExitOk)
            return code;
        const bool html = format == db::ReportFormat::Html;
        doc = db::capabilityDocument(db::central::queryCentralCapability(pg, filter, {html}), scope, html);
    } else if (o.spc->parsed()) {
        if (int code = checkChartGrouping(filter, true); code != kExitOk)
            return code;
        const bool html = format == db::ReportFormat::Html;
        const bool allPoints = format == db::ReportFormat::Csv || format == db::ReportFormat::Json;
        doc = db::spcDocument(db::central::queryCentralSpc(pg, filter, {html, allPoints, kLatestViolations}), scope,
                              html, allPoints);
    } else if (o.run->parsed()) {
        const auto run = db::central::queryCentralRunDetail(pg, o.target);
        if (!run) {
            std::fprintf(stderr, "optiqual: no run '%s' in %s\n", o.target.c_str(), pg.where().c_str());
            return kExitBadInput;
        }
        if (format == db::ReportFormat::Json)
            return writeOutput(db::testRecordJson(*run, true), o.out) ? kExitOk : kExitError;
        doc = db::runDocument(*run, format == db::ReportFormat::Html);
    } else {
        std::fprintf(stderr,
                     "optiqual: the central store answers 'report yield', 'pareto', 'cpk', 'spc' and 'run UUID'; "
                     "'report unit' runs on a station's file\n");
        return kExitBadInput;
    }
    return writeOutput(db::render(doc, format), o.out) ? kExitOk : kExitError;
}

int DbCommands::runReport() const {
    const auto& o = *m_options;
    const auto format = db::parseReportFormat(o.format);
    if (!format) {
        std::fprintf(stderr, "optiqual: --format '%s': expected table, csv, json or html\n", o.format.c_str());
        return kExitBadInput;
    }
    db::ReportFilter filter;
    if (int code = buildFilter(o, filter); code != kExitOk)
        return code;
    const auto path = resolveDbPath(o.db);
    const bool html = *format == db::ReportFormat::Html;
    if (db::central::isCentralUrl(path))
        return runCentralReport(filter, *format);
    if (filter.station) {
        std::fprintf(stderr, "optiqual: --station picks one station's runs in the central store (--db "
                             "postgresql://…); a station's file holds its own runs only\n");
        return kExitBadInput;
    }
    try {
        auto store = db::ResultStore::open(path, db::StoreOptions{});
        const auto& c = store.connection();
        const auto scope = db::describeScope(filter);
        db::ReportDocument doc;
        if (o.yield->parsed()) {
            const auto yield = db::queryYield(c, filter);
            if (html) {
                auto byDay = filter;
                byDay.groupBy = {db::GroupKey::Day};
                const auto trend = db::queryYield(c, byDay);
                const auto pareto = db::queryPareto(c, filter);
                const auto cap = db::queryCapability(c, filter);
                doc = db::yieldDocument(yield, scope, &trend, &pareto, &cap);
            } else {
                doc = db::yieldDocument(yield, scope);
            }
        } else if (o.pareto->parsed()) {
            doc = db::paretoDocument(db::queryPareto(c, filter), scope, html);
        } else if (o.cpk->parsed()) {
            if (int code = checkChartGrouping(filter, false); code != kExitOk)
                return code;
            // Values are kept only for the histograms: a table streams them, whatever the history's size.
            doc = db::capabilityDocument(db::queryCapability(c, filter, {html}), scope, html);
        } else if (o.spc->parsed()) {
            if (int code = checkChartGrouping(filter, false); code != kExitOk)
                return code;
            const bool allPoints = *format == db::ReportFormat::Csv || *format == db::ReportFormat::Json;
            doc =
                db::spcDocument(db::querySpc(c, filter, {html, allPoints, kLatestViolations}), scope, html, allPoints);
        } else if (o.unit->parsed()) {
            const auto runs = db::queryUnitHistory(c, o.target);
            if (runs.empty()) {
                std::fprintf(stderr, "optiqual: no unit '%s' in %s\n", o.target.c_str(), path.c_str());
                return kExitBadInput;
            }
            doc = db::unitDocument(o.target, runs);
        } else if (o.run->parsed()) {
            const auto run = db::queryRunDetail(c, o.target);
            if (!run) {
                std::fprintf(stderr, "optiqual: no run '%s' in %s\n", o.target.c_str(), path.c_str());
                return kExitBadInput;
            }
            if (*format == db::ReportFormat::Json)
                return writeOutput(db::testRecordJson(*run, true), o.out) ? kExitOk : kExitError;
            doc = db::runDocument(*run, html);
        }
        return writeOutput(db::render(doc, *format), o.out) ? kExitOk : kExitError;
    } catch (const db::DbError& e) {
        printDbError(path, e);
        return kExitError;
    }
}

} // namespace optiqual::station::cli
