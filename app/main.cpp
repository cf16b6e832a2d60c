#include "core/Logging.h"
#include "station/cli/CommandGuard.h"
#include "station/cli/Commands.h"
#include "station/cli/DbCommands.h"
#include "ui/PanelCommand.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

using namespace optiqual;
using namespace optiqual::station::cli;

namespace {

// Every command runs through runGuarded(): whatever it throws becomes a message and exit 64 (bad input) or 2.
int runCommandLine(int argc, char** argv) {
    CLI::App app{"OptiQual — test executive for XPO modules, CPO engines and cold plates"};
    app.require_subcommand(1);
    std::string logLevel = "info";
    std::string logFile = "logs/optiqual.log";
    app.add_option("--log-level", logLevel, "Console log level: trace, debug, info, warn, error, off")
        ->capture_default_str();
    app.add_option("--log-file", logFile, "Rotating log file ('' for none)")->capture_default_str();

    SimOptions sim;
    auto* simCmd = app.add_subcommand("sim", "Serve a station's simulated instruments on 127.0.0.1 until Ctrl-C");
    simCmd->add_option("--station", sim.station, "Station file")->required()->check(CLI::ExistingFile);
    simCmd->add_option("--time-scale", sim.timeScale, "Simulated seconds per real second")->check(CLI::PositiveNumber);
    simCmd->add_option("--seed", sim.seed, "Seed of the simulated world")->check(CLI::NonNegativeNumber);
    simCmd->add_flag("--all", sim.all, "Serve every instrument of the file, not only those marked simulate");

    ScpiOptions scpi;
    auto* scpiCmd = app.add_subcommand(
        "scpi", "Send commands to an instrument (queries print their reply, then SYST:ERR? is drained); "
                "no commands: an interactive console");
    scpiCmd->add_option("resource", scpi.resource, "VISA resource, e.g. TCPIP0::127.0.0.1::5025::SOCKET")->required();
    scpiCmd->add_option("commands", scpi.commands, "Commands to send, in order");
    scpiCmd->add_option("--protocol", scpi.protocol, "scpi, or text for non-SCPI protocols (Espec, Julabo)")
        ->capture_default_str();
    scpiCmd->add_option("--timeout", scpi.timeoutMs, "Reply timeout in ms")->capture_default_str();

    ProbeOptions probe;
    auto* probeCmd = app.add_subcommand(
        "probe", "Open every instrument of a station (simulated ones in-process), identify it and read its state");
    probeCmd->add_option("--station", probe.station, "Station file")->required()->check(CLI::ExistingFile);

    RunCommandOptions run;
    auto* runCmd = app.add_subcommand("run", "Run a sequence on one unit per --serial, with live progress and a "
                                             "PASS/FAIL table; exit 0 all pass, 1 a unit failed, 2 error/abort");
    RunCommandOptions lot;
    auto* lotCmd = app.add_subcommand("lot", "Run a simulated production lot of --count generated units, keeping "
                                             "the sockets busy, with a yield summary");
    for (auto [cmd, opts] : {std::pair{runCmd, &run}, std::pair{lotCmd, &lot}}) {
        cmd->add_option("--station", opts->station, "Station file")->required()->check(CLI::ExistingFile);
        cmd->add_option("--sequence", opts->sequence, "Sequence file")->required()->check(CLI::ExistingFile);
        cmd->add_option("--part-number", opts->partNumber,
                        "Part number (selects the limit set; default: the "
                        "sequence's first)");
        cmd->add_option("--revision", opts->revision, "Part revision (limit sets per revision)");
        cmd->add_option("--lot", opts->lot, "Lot number");
        cmd->add_option("--operator", opts->operatorName, "Operator name")->capture_default_str();
        cmd->add_option("--process-model", opts->model,
                        "sequential, parallel or batch (default: the station file's station.process_model, else "
                        "parallel)")
            ->check(CLI::IsMember({"sequential", "parallel", "batch"}));
        cmd->add_option("--db", opts->db, "Results database (default $OPTIQUAL_DB or optiqual.db)");
        cmd->add_option("--time-scale", opts->timeScale, "Simulated seconds per real second")
            ->check(CLI::PositiveNumber);
        cmd->add_option("--seed", opts->seed, "Seed of the simulated world")->check(CLI::NonNegativeNumber);
        cmd->add_flag("-v,--verbose", opts->verbose,
                      "Plain progress: every step, not only top-level steps and failures");
        cmd->add_option("--progress", opts->progress,
                        "auto (live view on a terminal, plain lines otherwise), live, plain (one line per step, a "
                        "heartbeat for long steps) or none")
            ->check(CLI::IsMember({"auto", "live", "plain", "none"}))
            ->capture_default_str();
        cmd->add_option("--sync-to", opts->syncTo,
                        "Send finished runs to this central store (postgresql://…) in the background; they wait in "
                        "the outbox while it is away (optiqual sync sends them later)");
        cmd->add_flag("--simulated-operator", opts->autoAnswer,
                      "Answer every prompt at once (confirm yes, numbers mid-range): unattended simulated runs");
    }
    runCmd
        ->add_option("--serial", run.serials,
                     "Unit serial number; repeat for several units: one per socket at a time, the rest queue for "
                     "the next free socket (--process-model batch refuses more serials than sockets)")
        ->required();
    lotCmd->add_option("--count", lot.count, "Number of units")->required()->check(CLI::PositiveNumber);
    lot.autoAnswer = true; // a simulated lot has no operator at the keyboard

    ui::PanelOptions panel;
    auto* panelCmd = app.add_subcommand(
        "panel", "The live operator panel (Dear ImGui): scan a serial + Enter to start a socket, big PASS/FAIL "
                 "tiles, prompts, measurements, log; with --screenshot, draws --frames frames and writes a PNG");
    panelCmd->add_option("--station", panel.station, "Station file")->required()->check(CLI::ExistingFile);
    panelCmd->add_option("--sequence", panel.sequence, "Sequence file")->required()->check(CLI::ExistingFile);
    panelCmd->add_option("--db", panel.db, "Results database (default $OPTIQUAL_DB or optiqual.db)");
    panelCmd->add_option("--sync-to", panel.syncTo,
                         "Send finished runs to this central store (postgresql://…) in the background");
    panelCmd->add_option("--time-scale", panel.timeScale, "Simulated seconds per real second")
        ->check(CLI::PositiveNumber);
    panelCmd->add_option("--seed", panel.seed, "Seed of the simulated world")->check(CLI::NonNegativeNumber);
    panelCmd->add_option("--part-number", panel.partNumber,
                         "Part number of scanned units (default: the sequence's first)");
    panelCmd->add_option("--lot", panel.lot, "Lot number");
    panelCmd->add_option("--operator", panel.operatorName, "Operator name")->capture_default_str();
    panelCmd->add_option("--serial", panel.serials, "Scan this serial at start (repeat: one per socket in turn)");
    panelCmd->add_option("--type", panel.typed,
                         "Type TEXT into the scan field and press Enter once the panel is up (repeat: in order), "
                         "as a barcode scanner does");
    panelCmd->add_option("--script", panel.script,
                         "Play this input script once the panel is up (docs/panel.md): type, key, click, wait, "
                         "answer, screenshot lines; the panel stops at its end (or --frames later)");
    panelCmd->add_flag("--simulated-operator", panel.autoAnswer,
                       "Answer every prompt at once (confirm yes, numbers mid-range)");
    panelCmd->add_option("--screenshot", panel.screenshot, "Write a PNG of the panel after --frames frames, then exit");
    panelCmd
        ->add_option("--frames", panel.frames,
                     "Headless: draw N frames, then exit (counted once the --serial and --type units ended, or the "
                     "--script did)")
        ->check(CLI::PositiveNumber);
    panelCmd->add_flag("--kiosk", panel.kiosk,
                       "Keep the operator in the operator view: F5/F6/F7 refused until a technician or engineer signs "
                       "in");
    panelCmd
        ->add_option("--process-model", panel.processModel,
                     "parallel (each socket starts when its serial is scanned) or batch (scans are queued; Start all, "
                     "F9, starts them as one batch that ends together); default: the station file's "
                     "station.process_model, else parallel")
        ->check(CLI::IsMember({"parallel", "batch"}));
    panelCmd->add_flag("--frames-from-prompt", panel.framesFromPrompt,
                       "Count --frames from the first prompt dialog instead of the units' end (a picture of a prompt)");
    panelCmd
        ->add_option("--view", panel.view,
                     "The view shown first: operator (F1), history (F5: runs in the database, a run's detail), "
                     "yield (F6: first-pass-yield trend, Pareto, Cpk) or sequence (F7: the steps with the part "
                     "number's limits)")
        ->check(CLI::IsMember({"operator", "history", "yield", "sequence"}))
        ->capture_default_str();
    panelCmd
        ->add_option("--details", panel.details,
                     "The operator view's details tab shown first: measurements (F2), log (F3), instruments (F4) or "
                     "live (F8: temperatures, supply current, lane bars, BER waterfall)")
        ->check(CLI::IsMember({"measurements", "log", "instruments", "live"}))
        ->capture_default_str();
    panelCmd
        ->add_option("--monitor-period", panel.monitorPeriod,
                     "Simulated seconds between the telemetry monitor's polls of the chamber, the chiller and each "
                     "socket's supply current for the live charts (at least 0.1 real seconds apart); 0: off")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    panelCmd->add_option("--size", panel.width, "Window width in pixels (height: 5/8 of it)")
        ->check(CLI::Range(640, 7680))
        ->capture_default_str();

    std::vector<std::string> checkFiles;
    auto* checkCmd =
        app.add_subcommand("check", "Validate sequence and station files; every problem as file:line:column: message");
    checkCmd->add_option("files", checkFiles, "Files to check")->required();

    SyncOptions sync;
    auto* syncCmd = app.add_subcommand(
        "sync", "Send finished runs to the central PostgreSQL store (store-and-forward); exit 0 all sent, 1 some "
                "quarantined, 2 server unreachable (runs stay pending)");
    syncCmd->add_option("--db", sync.db, "Results database (default $OPTIQUAL_DB or optiqual.db)");
    syncCmd->add_option("--to", sync.to, "Central store, a libpq URL: postgresql://user@host:5432/optiqual?sslmode=…");
    syncCmd->add_flag("--follow", sync.follow, "Keep sending as runs finish, until Ctrl-C");
    syncCmd->add_flag("--status", sync.status, "Show sent, pending and quarantined runs and the last error");
    syncCmd->add_flag("--retry-quarantined", sync.retryQuarantined, "Put quarantined runs back to pending first");
    syncCmd->add_flag("-v,--verbose", sync.verbose, "A line per batch sent");
    syncCmd->add_option("--batch", sync.batchRuns, "Runs per server transaction")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    syncCmd->add_option("--interval", sync.intervalS, "--follow: seconds between looks for new runs")
        ->check(CLI::Range(0.05, 3600.0))
        ->capture_default_str();

    UserAddOptions userAdd;
    auto* userCmd = app.add_subcommand("user", "The panel's users (sign-in with a role)");
    userCmd->require_subcommand(1);
    auto* userAddCmd = userCmd->add_subcommand(
        "add", "Add a user; the password is read from standard input (not echoed) or --password-file, and stored "
               "only as its crypto_pwhash hash");
    userAddCmd->add_option("--db", userAdd.db, "Results database (default $OPTIQUAL_DB or optiqual.db)");
    userAddCmd->add_option("--name", userAdd.name, "User name")->required();
    userAddCmd->add_option("--role", userAdd.role, "operator, technician or engineer")->required();
    userAddCmd->add_option("--password-file", userAdd.passwordFile, "Read the password's first line from this file");

    auto dbCommands = registerDbCommands(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitBadInput;
    }

    try {
        core::LogOptions log;
        log.consoleLevel = core::parseLogLevel(logLevel);
        log.file = logFile;
        core::setupLogging(log);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "logging: %s\n", e.what());
        return kExitBadInput;
    }

    const std::string command = app.get_subcommands().empty() ? "" : app.get_subcommands().front()->get_name();
    return runGuarded(command, [&]() -> int {
        if (auto code = dbCommands->dispatch())
            return *code;
        if (*userAddCmd)
            return runUserAdd(userAdd);
        if (*simCmd)
            return runSim(sim);
        if (*scpiCmd)
            return runScpi(scpi);
        if (*probeCmd)
            return runProbe(probe);
        if (*checkCmd)
            return runCheck(checkFiles);
        if (*syncCmd)
            return runSync(sync);
        if (*runCmd)
            return runRun(run);
        if (*lotCmd)
            return runLot(lot);
        if (*panelCmd) {
            panel.height = panel.width * 5 / 8;
            return ui::runPanel(panel);
        }
        return kExitBadInput;
    });
}

} // namespace

int main(int argc, char** argv) {
    // The outer guard covers the few lines before a command starts (building the parser, logging setup).
    return runGuarded("", [&] { return runCommandLine(argc, argv); });
}
