#include "station/cli/ProgressDisplay.h"

#include "core/Logging.h"
#include "db/Connection.h"
#include "db/RunTimings.h"
#include "station/BusLogSink.h"
#include "station/RunPlan.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace optiqual::station::cli {

namespace {

constexpr int kHistoryRuns = 20; // recent enough to follow a station's drift, enough for a stable median

/// The sequence's earlier runs, to refine its plans with (none when there is no database or it cannot be read).
std::vector<db::RunTiming> historyOf(const sequences::Sequence& sequence, const std::string& dbPath) {
    if (dbPath.empty())
        return {};
    try {
        auto connection = db::Connection::open(dbPath, db::OpenAccess::ReadOnly);
        return db::queryRunTimings(connection, sequence.contentHash, kHistoryRuns);
    } catch (const std::exception& e) {
        // The ETA only gets less precise: worth a note in the log, not a failed run.
        spdlog::debug("ETA: earlier runs not read from {}: {}", dbPath, e.what());
        return {};
    }
}

/// The sequence's plan under @p overrides (null: none), refined with its earlier runs.
std::shared_ptr<const RunPlan> planWithHistory(const sequences::Sequence& sequence, double timeScale,
                                               const std::vector<db::RunTiming>& history,
                                               const RunOverrides* overrides) {
    auto plan = std::make_shared<RunPlan>(RunPlan::build(sequence, timeScale, {}, overrides));
    if (!history.empty())
        plan->refine(history);
    return plan;
}

bool isTerminal(int fd) {
    const char* term = std::getenv("TERM");
    return isatty(fd) != 0 && !(term && std::strcmp(term, "dumb") == 0);
}

bool colorWanted(int fd) {
    return isatty(fd) != 0 && !std::getenv("NO_COLOR");
}

} // namespace

std::optional<ProgressMode> parseProgressMode(const std::string& text) {
    if (text == "auto")
        return ProgressMode::Auto;
    if (text == "live")
        return ProgressMode::Live;
    if (text == "plain")
        return ProgressMode::Plain;
    if (text == "none")
        return ProgressMode::None;
    return std::nullopt;
}

ProgressDisplay::ProgressDisplay(EventBus& bus, const Options& options) : m_bus(bus) {
    SnapshotReducer::Options reducer;
    reducer.timeScale = options.timeScale;
    reducer.unitsTotal = options.unitsTotal;
    if (options.sequence) {
        // Read once: a plan under a new set of overrides (the panel's) is refined with the same runs.
        auto history = std::make_shared<const std::vector<db::RunTiming>>(historyOf(*options.sequence, options.dbPath));
        const std::string hash = options.sequence->contentHash;
        const double scale = options.timeScale;
        reducer.plans = [history, hash, scale](const sequences::Sequence& sequence,
                                               const RunOverrides* overrides) -> std::shared_ptr<const RunPlan> {
            if (sequence.contentHash == hash)
                return planWithHistory(sequence, scale, *history, overrides);
            return std::make_shared<const RunPlan>(RunPlan::build(sequence, scale, {}, overrides));
        };
    }
    m_snapshots = std::make_shared<SnapshotPublisher>(std::move(reducer));
    m_bus.subscribe(m_snapshots, "snapshot");

    ProgressMode mode = options.mode;
    if (mode == ProgressMode::Auto)
        mode = isTerminal(STDOUT_FILENO) ? ProgressMode::Live : ProgressMode::Plain;
    if (mode == ProgressMode::Live) {
        LiveTerminal::Options live;
        live.fd = STDOUT_FILENO;
        live.color = colorWanted(STDOUT_FILENO);
        live.logLevel = static_cast<int>(core::consoleLogLevel());
        live.durable = options.durable;
        m_live = std::make_unique<LiveTerminal>(m_snapshots, live);
    } else if (mode == ProgressMode::Plain) {
        PlainProgress::Options plain;
        plain.verbose = options.verbose;
        plain.durable = options.durable;
        plain.stepDurable = options.stepDurable;
        m_plain = std::make_shared<PlainProgress>(stdout, m_snapshots, plain);
        m_bus.subscribe(m_plain, "console");
    }
}

ProgressDisplay::~ProgressDisplay() {
    stop();
}

void ProgressDisplay::start() {
    if (m_started)
        return;
    m_started = true;
    if (m_plain)
        m_plain->start();
    if (!m_live)
        return;
    // The console log would tear the block: while the view runs, log lines reach the terminal through the bus
    // and the view (the log file keeps getting everything as before).
    core::redirectConsoleLog(std::make_shared<BusLogSink>(m_bus));
    std::fflush(stdout);
    m_live->start();
}

void ProgressDisplay::stop() {
    if (!m_started)
        return;
    m_started = false;
    if (m_plain)
        m_plain->stop();
    if (!m_live)
        return;
    // The console back first: nothing logged from here on goes to a bus about to stop.
    core::redirectConsoleLog(nullptr);
    m_bus.flush();
    m_live->stop();
}

void ProgressDisplay::say(const std::string& line) {
    if (m_live && m_started) {
        m_live->print(line);
        return;
    }
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

} // namespace optiqual::station::cli
