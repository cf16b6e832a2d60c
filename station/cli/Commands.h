#pragma once
#include <string>
#include <vector>

namespace optiqual::station::cli {

/// Exit codes of the command line (DESIGN.md): 0 pass/success, 1 a unit failed, 2 error or abort,
/// 64 bad usage or input.
constexpr int kExitOk = 0;
constexpr int kExitUnitFailed = 1;
constexpr int kExitError = 2;
constexpr int kExitBadInput = 64;

struct SimOptions {
    std::string station;
    double timeScale = 0; ///< 0: the station file's
    long long seed = -1;  ///< -1: the station file's
    bool all = false;     ///< serve every instrument, not only those marked simulate
};
int runSim(const SimOptions& options);

struct ScpiOptions {
    std::string resource;
    std::vector<std::string> commands;
    std::string protocol = "scpi"; ///< scpi | text
    int timeoutMs = 5000;
};
int runScpi(const ScpiOptions& options);

struct ProbeOptions {
    std::string station;
};
int runProbe(const ProbeOptions& options);

int runCheck(const std::vector<std::string>& files);

/// @brief Options of `optiqual run` and `optiqual lot`.
struct RunCommandOptions {
    std::string station;
    std::string sequence;
    std::vector<std::string> serials; ///< run: one unit per serial
    int count = 0;                    ///< lot: how many generated units
    std::string partNumber;
    std::string revision;
    std::string lot;
    std::string operatorName = "operator";
    std::string model; ///< sequential | parallel | batch; "": the station file's, else parallel
    std::string db;
    double timeScale = 0; ///< 0: the station file's
    long long seed = -1;
    bool verbose = false;
    bool autoAnswer = false;       ///< simulated operator answers prompts
    std::string progress = "auto"; ///< auto | live | plain | none
    std::string syncTo;            ///< central store URL: upload finished runs in the background
};
int runRun(const RunCommandOptions& options);

/// @brief Options of `optiqual sync` (docs/central-store.md).
struct SyncOptions {
    std::string db;
    std::string to;      ///< postgresql:// URL of the central store
    bool follow = false; ///< keep sending as runs finish, until Ctrl-C
    bool status = false; ///< show the outbox instead of sending
    bool retryQuarantined = false;
    bool verbose = false; ///< a line per batch
    int batchRuns = 50;
    double intervalS = 5.0; ///< --follow: look for new runs this often
};
/// @brief Exit 0 all due runs sent, 1 some quarantined, 2 the server could not be reached (runs stay pending).
int runSync(const SyncOptions& options);
int runLot(const RunCommandOptions& options);

/// @brief Options of `optiqual user add`.
struct UserAddOptions {
    std::string db; ///< results database ("" = $OPTIQUAL_DB or optiqual.db); created when missing
    std::string name;
    std::string role;         ///< operator, technician or engineer
    std::string passwordFile; ///< read the password's first line from here ("" = standard input)
};
/// @brief `optiqual user add`: adds a panel user with a role; the password (from standard input, not echoed on a
/// terminal, or from --password-file) is stored only as its crypto_pwhash hash. 0 added, 64 bad input (unknown
/// role, taken name, empty password, unreadable file).
int runUserAdd(const UserAddOptions& options);

} // namespace optiqual::station::cli
