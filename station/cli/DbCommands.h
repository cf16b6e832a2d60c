#pragma once
#include "db/ReportFilter.h"
#include "db/ReportRenderer.h"

#include <exception>
#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace optiqual::station::cli {

/// @brief The `optiqual report …` and `optiqual db …` subcommands (results database, issue 4).
///
/// Registered on the application before parsing; after parsing, dispatch() runs whichever of them was chosen.
/// The database is `--db FILE`, else `$OPTIQUAL_DB`, else `optiqual.db`. Exit codes: 0 ok, 2 database error
/// (missing, damaged, locked, wrong schema) or `db verify` problems, 64 bad usage or input (unknown run or unit,
/// malformed time, unknown grouping key or format).
class DbCommands {
public:
    explicit DbCommands(CLI::App& app);
    ~DbCommands();
    DbCommands(const DbCommands&) = delete;
    DbCommands& operator=(const DbCommands&) = delete;

    /// @brief The exit code when `report` or `db` was given, std::nullopt otherwise.
    std::optional<int> dispatch() const;

    struct Options;

private:
    int runReport() const;
    /// `report yield`, `pareto`, `cpk`, `spc` and `run` on the central store (`--db postgresql://…`).
    int runCentralReport(const db::ReportFilter& filter, db::ReportFormat format) const;
    int runDb() const;

    std::unique_ptr<Options> m_options;
};

/// @brief Adds the subcommands to @p app; keep the result alive until after dispatch().
std::unique_ptr<DbCommands> registerDbCommands(CLI::App& app);

/// @brief Values bound to the options of `report …` and `db …`.
struct DbCommands::Options {
    std::string db, format = "table", out, since, until, by, partNumber, station, measurement, target;
    bool quick = false;
    CLI::App *report = nullptr, *yield = nullptr, *pareto = nullptr, *cpk = nullptr, *spc = nullptr, *unit = nullptr,
             *run = nullptr;
    CLI::App *dbCmd = nullptr, *migrate = nullptr, *verify = nullptr, *exportCmd = nullptr;
};

/// @brief `--db`, else $OPTIQUAL_DB, else "optiqual.db".
std::string resolveDbPath(const std::string& option);
/// @brief Fills @p filter from --since/--until/--part-number/--measurement/--by; kExitOk or kExitBadInput
/// (with a message on stderr).
int buildFilter(const DbCommands::Options& options, db::ReportFilter& filter);
/// @brief Prints "optiqual: PATH: what" on stderr; the path is not repeated when @p what starts with it (errors
/// met while reading rows, e.g. a damaged page, come from SQLite without it).
void printDbError(const std::string& path, const std::exception& error);
/// @brief To @p out (a file) or standard output when empty.
bool writeOutput(const std::string& text, const std::string& out);

} // namespace optiqual::station::cli
