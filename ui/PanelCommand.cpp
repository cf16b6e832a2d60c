#include "ui/PanelCommand.h"

#include "core/Logging.h"
#include "core/RunSync.h"
#include "db/ResultStore.h"
#include "db/StationUsers.h"
#include "sequences/SerialNumber.h"
#include "station/BusLogSink.h"
#include "station/cli/DbCommands.h"
#include "station/cli/ProcessModelChoice.h"
#include "station/cli/StationSession.h"
#include "ui/PanelApp.h"
#include "ui/PanelScript.h"
#include "ui/PanelStation.h"

#include <GLFW/glfw3.h>
#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <spdlog/spdlog.h>
#include <thread>

namespace optiqual::ui {

using namespace optiqual::station;
using namespace optiqual::station::cli;
namespace asio = boost::asio;

namespace {

int exitCodeFor(const std::vector<SocketResult>& results) {
    int code = kExitOk;
    for (const auto& r : results) {
        if (r.verdict == sequences::Verdict::Fail)
            code = std::max(code, kExitUnitFailed);
        else if (!isGood(r.verdict))
            code = kExitError;
    }
    return code;
}

/// Forwards the panel's commands to the station once it is open.
struct ControlRelay : StationControl {
    StationControl* target = nullptr;
    void start(int socket, std::string serial) override {
        if (target)
            target->start(socket, std::move(serial));
    }
    void terminate(int socket) override {
        if (target)
            target->terminate(socket);
    }
    void abort(int socket) override {
        if (target)
            target->abort(socket);
    }
    void answer(std::uint64_t id, std::string text) override {
        if (target)
            target->answer(id, std::move(text));
    }
    void manual(station::ManualCommand command, std::string user, db::Role role, std::string reason) override {
        if (target)
            target->manual(std::move(command), std::move(user), role, std::move(reason));
    }
    std::shared_ptr<const ManualResult> lastManual() const override { return target ? target->lastManual() : nullptr; }
    void startBatch(std::vector<std::string> serials) override {
        if (target)
            target->startBatch(std::move(serials));
    }
    void setOverrides(std::shared_ptr<const station::RunOverrides> overrides, db::AuditEvent audit) override {
        if (target)
            target->setOverrides(std::move(overrides), std::move(audit));
    }
    std::shared_ptr<const station::RunOverrides> overrides() const override {
        return target ? target->overrides() : nullptr;
    }
};

/// The users in @p database (0 when it cannot be read: the panel then works as without users).
std::int64_t countUsers(const std::string& database) {
    try {
        auto store = db::ResultStore::open(database, db::StoreOptions{});
        return db::StationUsers::count(store.connection());
    } catch (const std::exception& e) {
        spdlog::warn("{}: cannot read its users ({}): nobody signs in", database, e.what());
        return 0;
    }
}

} // namespace

int runPanel(const PanelOptions& o) {
    // The script is read and checked before anything starts: every error at its line and column.
    std::optional<PanelScript> script;
    if (!o.script.empty()) {
        if (!o.typed.empty() || o.framesFromPrompt) {
            std::fprintf(stderr, "--script replaces %s: write 'type SERIAL' and 'wait prompt' lines in the script\n",
                         o.typed.empty() ? "--frames-from-prompt" : "--type");
            return kExitBadInput;
        }
        std::vector<std::string> errors;
        script = loadPanelScript(o.script, errors);
        if (!errors.empty()) {
            for (const auto& e : errors)
                std::fprintf(stderr, "%s\n", e.c_str());
            return kExitBadInput;
        }
    }
    RunCommandOptions ro;
    ro.station = o.station;
    ro.sequence = o.sequence;
    ro.db = o.db;
    ro.syncTo = o.syncTo;
    ro.timeScale = o.timeScale;
    ro.seed = o.seed;
    ro.partNumber = o.partNumber;
    ro.lot = o.lot;
    ro.operatorName = o.operatorName;
    ro.autoAnswer = o.autoAnswer;
    ro.progress = "none"; // the panel is the view: the snapshot only
    ro.serials = o.serials;
    ro.model = o.processModel;
    StationSession s;
    if (int code = loadStation(s, ro); code != kExitOk)
        return code;
    const std::string partNumber = choosePartNumber(*s.sequence, o.partNumber);
    if (!s.sequence->limitSets.empty() && !s.sequence->limitSetFor(partNumber, {})) {
        std::fprintf(stderr, "%s: no limits for part number '%s'\n", o.sequence.c_str(), partNumber.c_str());
        return kExitBadInput;
    }
    for (const auto& sn : o.serials)
        if (auto problem = sequences::serialProblem(sn, *s.sequence, partNumber)) {
            std::fprintf(stderr, "--serial '%s': %s\n", sn.c_str(), problem->c_str());
            return kExitBadInput;
        }
    const ProcessModel model = chooseProcessModel(o.processModel, s.config);
    if (model == ProcessModel::Sequential) {
        std::fprintf(stderr, "%s: the panel runs the parallel or batch process model, not sequential\n",
                     o.processModel.empty() ? (o.station + ": station.process_model").c_str() : "--process-model");
        return kExitBadInput;
    }
    if (model == ProcessModel::Batch && int(o.serials.size()) > s.sockets) {
        std::fprintf(stderr, "%zu --serial for the %d socket(s) of station %s: a batch starts and ends together\n",
                     o.serials.size(), s.sockets, s.config.name.c_str());
        return kExitBadInput;
    }
    if (o.frames < 0 || (!o.screenshot.empty() && o.frames == 0)) {
        std::fprintf(stderr, "--screenshot needs --frames N (N > 0): the frames drawn before the picture\n");
        return kExitBadInput;
    }

    PanelApp::Options ao;
    ao.title = "OptiQual — " + s.config.name;
    ao.station = s.config.name;
    ao.sequence = s.sequence->name;
    ao.sockets = s.sockets;
    ao.width = o.width;
    ao.height = o.height;
    ao.screenshot = o.screenshot;
    ao.frames = o.frames;
    ao.typed = o.typed;
    ao.framesFromPrompt = o.framesFromPrompt;
    ao.script = std::move(script);
    ao.database = resolveDbPath(o.db);
    ao.view = o.view == "history"    ? PanelView::History
              : o.view == "yield"    ? PanelView::Yield
              : o.view == "sequence" ? PanelView::Sequence
                                     : PanelView::Operator;
    ao.sequenceFile = s.sequence;
    ao.partNumber = partNumber;
    ao.kiosk = o.kiosk;
    ao.details = o.details == "log"           ? DetailsTab::Log
                 : o.details == "instruments" ? DetailsTab::Instruments
                 : o.details == "live"        ? DetailsTab::Live
                                              : DetailsTab::Measurements;
    ao.operatorName = o.operatorName;
    ao.batch = model == ProcessModel::Batch;
    ao.timeScale = s.config.timeScale;
    ao.serialRule = [sequence = s.sequence, partNumber](std::string_view serial) {
        return sequences::serialProblem(serial, *sequence, partNumber);
    };

    // The window first: without a display nothing is opened and no database touched. Commands reach the engine
    // once it exists (none can be sent before the first frame).
    ControlRelay relay;
    // The database opens after the window (below), on this thread, before the first frame asks.
    ao.durability = [&s](std::uint64_t runId) { return s.dbSink ? s.dbSink->durability(runId) : Durability::Pending; };
    auto app = std::make_unique<PanelApp>(ao, relay);
    app->open();
    if (int code = openStation(s, ro); code != kExitOk)
        return code;
    PanelStation::Options po;
    po.partNumber = partNumber;
    po.lot = o.lot;
    po.operatorName = o.operatorName;
    po.autoAnswer = o.autoAnswer;
    po.model = model;
    po.monitorPeriod =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(o.monitorPeriod));
    po.wake = [] { glfwPostEmptyEvent(); }; // the panel exits once the engine is done
    PanelStation panelStation(s, po);
    relay.target = &panelStation.control();
    // Users are counted here, before the first frame (the writer has just opened and migrated the file): the frames
    // never run SQL. A sign-in is checked on a worker thread (SignInDialog).
    app->setUsersConfigured(countUsers(ao.database) > 0);

    // The log goes to the panel's log view (and the log file) instead of the terminal behind the window.
    core::redirectConsoleLog(std::make_shared<BusLogSink>(s.bus));

    // Serials given on the command line are scanned at once, one per socket in turn (a batch: all of them, one
    // batch).
    if (panelStation.batch()) {
        if (!o.serials.empty())
            panelStation.control().startBatch(o.serials);
    } else {
        for (std::size_t i = 0; i < o.serials.size(); ++i)
            panelStation.control().start(int(i % std::size_t(s.sockets)) + 1, o.serials[i]);
    }

    std::atomic<bool> signalled{false};
    asio::signal_set signals(s.io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) {
            signalled = true;
            glfwPostEmptyEvent();
        }
    });
    panelStation.start();

    std::atomic<bool> stopped{false};
    auto stopStation = [&] {
        if (stopped.exchange(true))
            return;
        asio::post(s.io, [&] { signals.cancel(); });
        panelStation.stop();
    };
    PanelApp::Hooks hooks;
    hooks.engineDone = [&] { return panelStation.done(); };
    hooks.settled = [&, given = int(o.serials.size())] {
        const auto snapshot = s.progress->snapshots().current();
        if (snapshot->lot.finished < given)
            return false;
        // Settled once every ended unit's verdict can show (its results stored, or known lost).
        for (const auto& unit : snapshot->finished)
            if (s.dbSink->durability(unit.runId) == Durability::Pending)
                return false;
        return true;
    };
    hooks.stopRequested = [&] { return signalled.load(); };
    hooks.stop = stopStation;
    std::exception_ptr uiError;
    try {
        app->run(s.progress->snapshots(), hooks);
    } catch (...) {
        uiError = std::current_exception();
        stopStation();
    }
    std::vector<SocketResult> results;
    std::exception_ptr engineError;
    try {
        results = panelStation.finish();
    } catch (...) {
        engineError = std::current_exception();
    }
    core::redirectConsoleLog(nullptr);
    const int frames = app->framesDrawn();
    const std::string scriptFailure = app->scriptFailure();
    const auto gap = std::chrono::duration<double, std::milli>(app->longestFrameGap()).count();
    app.reset();
    if (uiError)
        std::rethrow_exception(uiError);
    if (engineError)
        std::rethrow_exception(engineError);
    std::printf("Panel: %d frames, longest gap between frames %.0f ms\n", frames, gap);
    if (!o.screenshot.empty())
        std::printf("Screenshot %s (%d frames)\n", o.screenshot.c_str(), o.frames);
    for (const auto& r : results)
        std::printf("socket %d  %-16s %s%s%s\n", r.socket, r.serial.c_str(), std::string(toString(r.verdict)).c_str(),
                    r.reason.empty() ? "" : "  ", r.reason.c_str());
    if (!scriptFailure.empty()) {
        std::fprintf(stderr, "script failed: %s\n", scriptFailure.c_str());
        return std::max(finishSession(s, kExitError), kExitError);
    }
    return finishSession(s, exitCodeFor(results));
}

} // namespace optiqual::ui
