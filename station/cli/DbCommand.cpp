#include "db/Connection.h"
#include "db/DbError.h"
#include "db/ReportFilter.h"
#include "db/ResultStore.h"
#include "db/RunDetail.h"
#include "db/Schema.h"
#include "db/TestRecord.h"
#include "db/central/CentralSchema.h"
#include "db/central/PgConnection.h"
#include "station/cli/Commands.h"
#include "station/cli/DbCommands.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace optiqual::station::cli {

std::string resolveDbPath(const std::string& option) {
    if (!option.empty())
        return option;
    if (const char* env = std::getenv("OPTIQUAL_DB"); env && *env)
        return env;
    return "optiqual.db";
}

void printDbError(const std::string& path, const std::exception& error) {
    const std::string what = error.what();
    if (what.rfind(path + ": ", 0) == 0)
        std::fprintf(stderr, "optiqual: %s\n", what.c_str());
    else
        std::fprintf(stderr, "optiqual: %s: %s\n", path.c_str(), what.c_str());
}

bool writeOutput(const std::string& text, const std::string& out) {
    if (out.empty() || out == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return true;
    }
    FILE* f = std::fopen(out.c_str(), "wb");
    if (!f) {
        std::fprintf(stderr, "optiqual: cannot write %s\n", out.c_str());
        return false;
    }
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    return std::fclose(f) == 0 && ok;
}

DbCommands::DbCommands(CLI::App& app) : m_options(std::make_unique<Options>()) {
    auto& o = *m_options;
    o.report = app.add_subcommand("report", "Reports from the results database");
    o.report->require_subcommand(1);
    auto common = [&o](CLI::App* sub, bool filters) {
        sub->add_option("--db", o.db, "Results database (default $OPTIQUAL_DB or optiqual.db)");
        sub->add_option("--format", o.format, "table, csv, json or html")->capture_default_str();
        sub->add_option("--out", o.out, "Write to this file instead of standard output");
        if (filters) {
            sub->add_option("--since", o.since, "Runs started at or after: 2026-11-01, 2026-11-01T06:00, 30d, 12h");
            sub->add_option("--until", o.until, "Runs started before (same forms)");
            sub->add_option("--part-number", o.partNumber, "Only this part number");
            sub->add_option("--station", o.station, "Only this station's runs (the central store)");
            sub->add_option("--measurement", o.measurement, "Only measurements whose step/name contains this");
        }
    };
    o.yield = o.report->add_subcommand("yield", "Units, first-pass and final yield, retest rate, RTY");
    common(o.yield, true);
    o.yield->add_option("--by", o.by,
                        "Group by: product, part-number, station, socket, lot, operator, day, shift (comma-separated)");
    o.pareto = o.report->add_subcommand("pareto", "Failing measurements and steps ranked by units affected");
    common(o.pareto, true);
    o.cpk = o.report->add_subcommand("cpk", "Capability per measurement: Cp, Cpk, Pp, Ppk, share near limits");
    common(o.cpk, true);
    o.spc = o.report->add_subcommand("spc", "Control charts with Western Electric rule violations");
    common(o.spc, true);
    for (auto* sub : {o.cpk, o.spc})
        sub->add_option("--by", o.by, "station: each station's series of its own (the central store)");
    o.unit = o.report->add_subcommand("unit", "Every attempt of one unit");
    o.unit->add_option("serial", o.target, "Unit serial number")->required();
    common(o.unit, false);
    o.run = o.report->add_subcommand("run", "One run in full (json: the JSON test record)");
    o.run->add_option("id", o.target, "Run id or UUID")->required();
    common(o.run, false);

    o.dbCmd = app.add_subcommand("db", "Results database maintenance");
    o.dbCmd->require_subcommand(1);
    o.migrate = o.dbCmd->add_subcommand("migrate", "Create the database or migrate it to this version's schema");
    o.migrate->add_option("--db", o.db,
                          "Results database (default $OPTIQUAL_DB or optiqual.db), or the central store's "
                          "postgresql:// URL");
    o.verify = o.dbCmd->add_subcommand("verify", "Integrity check and orphaned rows");
    o.verify->add_option("--db", o.db, "Results database (default $OPTIQUAL_DB or optiqual.db)");
    o.verify->add_flag("--quick", o.quick, "quick_check instead of the full integrity_check");
    o.exportCmd = o.dbCmd->add_subcommand("export", "JSON test records (one per line; one run: pretty-printed)");
    o.exportCmd->add_option("--db", o.db, "Results database (default $OPTIQUAL_DB or optiqual.db)");
    o.exportCmd->add_option("--run", o.target, "Only this run (id or UUID)");
    o.exportCmd->add_option("--since", o.since, "Runs started at or after");
    o.exportCmd->add_option("--until", o.until, "Runs started before");
    o.exportCmd->add_option("--part-number", o.partNumber, "Only this part number");
    o.exportCmd->add_option("--out", o.out, "Write to this file instead of standard output");
}

DbCommands::~DbCommands() = default;

std::unique_ptr<DbCommands> registerDbCommands(CLI::App& app) {
    return std::make_unique<DbCommands>(app);
}

std::optional<int> DbCommands::dispatch() const {
    if (m_options->report->parsed())
        return runReport();
    if (m_options->dbCmd->parsed())
        return runDb();
    return std::nullopt;
}

int DbCommands::runDb() const {
    const auto& o = *m_options;
    const auto path = resolveDbPath(o.db);
    try {
        if (o.migrate->parsed() && db::central::isCentralUrl(path)) {
            auto pg = db::central::PgConnection::open(path);
            const int from = db::central::CentralSchema::migrate(pg);
            const int to = db::central::CentralSchema::latestVersion();
            if (from == to)
                std::printf("%s: central schema version %d, up to date\n", pg.where().c_str(), to);
            else
                std::printf("%s: central schema version %d -> %d\n", pg.where().c_str(), from, to);
            return kExitOk;
        }
        if (o.migrate->parsed()) {
            // A damaged file is neither migrated nor called up to date: migration writes every table it touches,
            // and a page-level check of the whole file is affordable for a command run once per upgrade.
            if (std::filesystem::exists(path)) {
                auto c = db::Connection::open(path, db::OpenAccess::ReadOnly);
                auto check = c.prepare("PRAGMA quick_check");
                std::size_t problems = 0;
                try {
                    while (check.step())
                        if (const auto line = check.getText(0); line != "ok") {
                            std::printf("integrity: %s\n", line.c_str());
                            ++problems;
                        }
                } catch (const db::DbError& e) { // the check lists what it found, then can stop on the damage
                    if (e.kind() != db::DbErrorKind::Corrupt)
                        throw;
                    std::printf("integrity: %s\n", e.what());
                    ++problems;
                }
                if (problems > 0) {
                    std::fprintf(stderr,
                                 "optiqual: %s: the file is damaged (%zu integrity problem%s): not migrated; "
                                 "`optiqual db verify` lists what is wrong\n",
                                 path.c_str(), problems, problems == 1 ? "" : "s");
                    return kExitError;
                }
            }
            db::StoreOptions so;
            so.access = db::OpenAccess::ReadWriteCreate;
            so.migrate = true;
            auto store = db::ResultStore::open(path, so);
            if (store.versionBeforeOpen() == store.schemaVersion())
                std::printf("%s: schema version %d, up to date\n", path.c_str(), store.schemaVersion());
            else
                std::printf("%s: schema version %d -> %d\n", path.c_str(), store.versionBeforeOpen(),
                            store.schemaVersion());
            return kExitOk;
        }
        auto store = db::ResultStore::open(path, db::StoreOptions{});
        if (o.verify->parsed()) {
            const auto r = store.verify(o.quick);
            std::printf("%s: schema version %d, %lld runs, %lld measurements, %lld open runs\n", path.c_str(),
                        r.schemaVersion, static_cast<long long>(r.runs), static_cast<long long>(r.measurements),
                        static_cast<long long>(r.openRuns));
            for (const auto& p : r.integrityProblems)
                std::printf("integrity: %s\n", p.c_str());
            for (const auto& p : r.orphans)
                std::printf("orphan: %s\n", p.c_str());
            if (r.orphanCount > static_cast<std::int64_t>(r.orphans.size()))
                std::printf("… %lld orphans in all\n", static_cast<long long>(r.orphanCount));
            std::printf("%s\n", r.ok() ? "OK" : "PROBLEMS FOUND");
            if (r.ok())
                return kExitOk;
            std::fprintf(stderr, "optiqual: %s: verify found %zu integrity problem%s and %lld orphaned row%s\n",
                         path.c_str(), r.integrityProblems.size(), r.integrityProblems.size() == 1 ? "" : "s",
                         static_cast<long long>(r.orphanCount), r.orphanCount == 1 ? "" : "s");
            return kExitError;
        }
        // export
        std::string text;
        if (!o.target.empty()) {
            auto run = db::queryRunDetail(store.connection(), o.target);
            if (!run) {
                std::fprintf(stderr, "optiqual: no run '%s' in %s\n", o.target.c_str(), path.c_str());
                return kExitBadInput;
            }
            text = db::testRecordJson(*run, true);
        } else {
            db::ReportFilter filter;
            if (int code = buildFilter(o, filter); code != kExitOk)
                return code;
            for (auto id : db::queryRunIds(store.connection(), filter))
                if (auto run = db::queryRunDetail(store.connection(), std::to_string(id)))
                    text += db::testRecordJson(*run, false);
        }
        return writeOutput(text, o.out) ? kExitOk : kExitError;
    } catch (const db::DbError& e) {
        printDbError(path, e);
        return kExitError;
    }
}

} // namespace optiqual::station::cli
