#include "core/RunSync.h"
#include "db/Connection.h"
#include "db/ResultWriter.h"
#include "db/UnitSerials.h"
#include "sequences/SequenceFile.h"
#include "sequences/SerialNumber.h"
#include "station/DatabaseSink.h"
#include "station/Engine.h"
#include "station/RoleName.h"
#include "station/StationConfigValidator.h"
#include "station/StationInstruments.h"
#include "station/cli/Commands.h"
#include "station/cli/DbCommands.h"
#include "station/cli/ProcessModelChoice.h"
#include "station/cli/ProgressDisplay.h"
#include "station/cli/StationSession.h"

#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <spdlog/spdlog.h>
#include <thread>
#include <unistd.h>

namespace optiqual::station::cli {

using namespace optiqual::sequences;
namespace asio = boost::asio;

namespace {

/// Answers prompts from standard input: each line answers the oldest open prompt.
void startPromptReader(Engine& engine, ProgressDisplay& progress) {
    std::thread([&engine, &progress] {
        // Nothing thrown here could reach the command's edge (another thread): it ends the reader, not the program.
        try {
            std::string line;
            while (std::getline(std::cin, line)) {
                auto pending = engine.prompts().pending();
                if (pending.empty()) {
                    progress.say("(no prompt is open)");
                    continue;
                }
                const std::string why = engine.prompts().answer(pending.front().id, line);
                if (!why.empty())
                    progress.say(fmt::format("PROMPT {}: {} — answer again", pending.front().id, why));
            }
        } catch (const std::exception& e) {
            spdlog::error("prompt answers from standard input stopped: {}", e.what());
        }
    }).detach();
}

std::vector<SocketResult> runUnits(StationSession& s, const RunCommandOptions& o, std::vector<UnitUnderTest> units,
                                   std::function<std::optional<UnitUnderTest>(int)> nextUnit = {}) {
    for (std::size_t i = 0; i < units.size(); ++i)
        seatSimulated(s, int(i) + 1, units[i]);
    RunOptions ro;
    ro.nextUnit = std::move(nextUnit);
    ro.sequence = s.sequence;
    ro.units = std::move(units);
    ro.sockets = s.sockets;
    ro.model = chooseProcessModel(o.model, s.config);
    ro.operatorName = o.operatorName;
    ro.stationName = s.config.name;
    ro.autoAnswerPrompts = o.autoAnswer;
    ro.stationData = [&data = s.config.data](int socket, const std::string& name) { return data.find(socket, name); };
    return core::runSync(s.io, s.engine->run(ro));
}

int exitCodeFor(const std::vector<SocketResult>& results) {
    int code = kExitOk;
    for (const auto& r : results) {
        if (r.verdict == Verdict::Fail)
            code = std::max(code, kExitUnitFailed);
        else if (!isGood(r.verdict))
            code = kExitError;
    }
    return code;
}

/// A serial as the operator can read it in a message: control and non-ASCII bytes as \xNN, long ones cut.
std::string shownSerial(const std::string& serial) {
    constexpr std::size_t kShown = 40;
    std::string out;
    for (std::size_t i = 0; i < serial.size() && i < kShown; ++i) {
        const auto c = static_cast<unsigned char>(serial[i]);
        out += c < 0x20 || c > 0x7E ? fmt::format("\\x{:02X}", c) : std::string(1, char(c));
    }
    if (serial.size() > kShown)
        out += "...";
    return out;
}

/// Every serial is checked before anything opens: a refused one leaves no trace in the database.
bool serialsValid(const std::vector<std::string>& serials, const Sequence& sequence, const std::string& partNumber) {
    bool valid = true;
    for (const auto& sn : serials)
        if (auto problem = serialProblem(sn, sequence, partNumber)) {
            std::fprintf(stderr, "--serial '%s': %s\n", shownSerial(sn).c_str(), problem->c_str());
            valid = false;
        }
    return valid;
}

/// The lot's serials are "<lot>-00001", "<lot>-00002"…: a lot whose serials are already in the database would turn
/// its units into retests while its summary still says first pass. Without --lot the first free name from
/// LOT<seed> on is taken (LOT0042, LOT0042.2, LOT0042.3…); a --lot already used is refused (kExitBadInput).
/// Returns "" after printing why when there is no usable lot.
std::string chooseLot(const StationSession& s, const RunCommandOptions& o, int& code) {
    const std::string base = o.lot.empty() ? fmt::format("LOT{:04d}", int(s.config.seed % 10000)) : o.lot;
    const std::string dbPath = resolveDbPath(o.db);
    std::optional<db::Connection> connection;
    std::error_code ec;
    if (std::filesystem::exists(dbPath, ec)) {
        try {
            connection = db::Connection::open(dbPath, db::OpenAccess::ReadOnly);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "results database %s: %s\n", dbPath.c_str(), e.what());
            code = kExitError;
            return {};
        }
    }
    for (int attempt = 1;; ++attempt) {
        std::string lot = attempt == 1 ? base : fmt::format("{}.{}", base, attempt);
        const std::string last = fmt::format("{}-{:05d}", lot, o.count);
        if (auto problem = serialProblem(last)) {
            std::fprintf(stderr, "lot '%s': its serials (up to %s): %s\n", shownSerial(lot).c_str(),
                         shownSerial(last).c_str(), problem->c_str());
            code = kExitBadInput;
            return {};
        }
        db::SerialsTaken taken;
        try {
            if (connection)
                taken = db::serialsStartingWith(*connection, lot + "-");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "results database %s: %s\n", dbPath.c_str(), e.what());
            code = kExitError;
            return {};
        }
        if (taken.count == 0)
            return lot;
        if (!o.lot.empty()) {
            std::fprintf(stderr,
                         "lot '%s' was already run: %s holds %lld unit%s with its serials (first %s). Its units "
                         "would be recorded as retests; give a new --lot, or leave --lot out for a fresh lot name\n",
                         lot.c_str(), dbPath.c_str(), static_cast<long long>(taken.count), taken.count == 1 ? "" : "s",
                         taken.first.c_str());
            code = kExitBadInput;
            return {};
        }
    }
}

} // namespace

int runRun(const RunCommandOptions& o) {
    StationSession s;
    if (int code = loadStation(s, o); code != kExitOk)
        return code;
    if (o.serials.empty()) {
        std::fprintf(stderr, "give at least one --serial\n");
        return kExitBadInput;
    }
    // A socket's instruments serve one unit at a time: serials beyond the sockets wait for the next free one.
    // A batch starts and ends together, so it cannot.
    if (int(o.serials.size()) > s.sockets && chooseProcessModel(o.model, s.config) == ProcessModel::Batch) {
        std::fprintf(stderr,
                     "%zu serials for the %d socket%s of station %s: a batch starts and ends together, so give at "
                     "most %d --serial, or use --process-model parallel or sequential, which queue the rest\n",
                     o.serials.size(), s.sockets, s.sockets == 1 ? "" : "s", s.config.name.c_str(), s.sockets);
        return kExitBadInput;
    }
    const std::string partNumber = choosePartNumber(*s.sequence, o.partNumber);
    if (!serialsValid(o.serials, *s.sequence, partNumber))
        return kExitBadInput;
    if (!s.sequence->limitSets.empty() && !s.sequence->limitSetFor(partNumber, o.revision)) {
        std::fprintf(stderr, "%s: no limits for part number '%s' (known:", o.sequence.c_str(), partNumber.c_str());
        for (const auto& l : s.sequence->limitSets)
            std::fprintf(stderr, " %s", l.identity().c_str());
        std::fprintf(stderr, ")\n");
        return kExitBadInput;
    }
    if (int code = openStation(s, o); code != kExitOk)
        return code;
    std::vector<UnitUnderTest> units;
    std::deque<UnitUnderTest> queued;
    for (const auto& sn : o.serials)
        if (int(units.size()) < s.sockets)
            units.push_back({sn, partNumber, o.revision, o.lot});
        else
            queued.push_back({sn, partNumber, o.revision, o.lot});
    auto nextUnit = [&](int socket) -> std::optional<UnitUnderTest> {
        if (queued.empty())
            return std::nullopt;
        UnitUnderTest unit = std::move(queued.front());
        queued.pop_front();
        seatSimulated(s, socket, unit);
        return unit;
    };
    asio::signal_set signals(s.io, SIGINT, SIGTERM);
    std::function<void(const boost::system::error_code&, int)> onSignal = [&](const boost::system::error_code& ec,
                                                                              int sig) {
        if (ec)
            return;
        s.engine->requestAbort(sig == SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM");
        signals.async_wait(onSignal); // a second signal is acknowledged; cleanup and safe state still run
    };
    signals.async_wait(onSignal);
    if (!o.autoAnswer)
        startPromptReader(*s.engine, *s.progress);
    s.progress->start();
    auto results = runUnits(s, o, units, nextUnit);
    signals.cancel();
    s.bus.flush();
    s.progress->stop(); // the live block goes before the table is printed below it
    std::printf("\n%-7s %-16s %-10s %-8s %s\n", "socket", "serial", "verdict", "run", "first failure");
    for (const auto& r : results)
        std::printf("%-7d %-16s %-10s %-8lld %s\n", r.socket, r.serial.c_str(),
                    std::string(toString(r.verdict)).c_str(), static_cast<long long>(s.dbSink->databaseId(r.runId)),
                    r.failedStep.empty() ? r.reason.c_str() : (r.failedStep + ": " + r.reason).c_str());
    return finishSession(s, exitCodeFor(results));
}

int runLot(const RunCommandOptions& o) {
    StationSession s;
    if (int code = loadStation(s, o); code != kExitOk)
        return code;
    if (o.count <= 0) {
        std::fprintf(stderr, "--count must be positive\n");
        return kExitBadInput;
    }
    const std::string partNumber = choosePartNumber(*s.sequence, o.partNumber);
    int lotCode = kExitOk;
    const std::string lot = chooseLot(s, o, lotCode);
    if (lot.empty())
        return lotCode;
    if (auto problem = serialProblem(lot + "-00001", *s.sequence, partNumber)) {
        std::fprintf(stderr, "lot '%s': %s\n", lot.c_str(), problem->c_str());
        return kExitBadInput;
    }
    if (int code = openStation(s, o); code != kExitOk)
        return code;
    asio::signal_set signals(s.io, SIGINT, SIGTERM);
    bool stopRequested = false;
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) {
            stopRequested = true;
            s.engine->requestAbort("SIGINT (Ctrl-C): lot stopped");
        }
    });
    std::map<std::string, int> pareto;
    std::map<std::string, int> verdicts;
    const auto started = std::chrono::steady_clock::now();
    // Every socket starts a unit; when one finishes, the next serial goes to that socket at once.
    int next = 0;
    auto serialFor = [&](int index) { return fmt::format("{}-{:05d}", lot, index + 1); };
    std::vector<UnitUnderTest> first;
    for (; next < std::min(o.count, s.sockets); ++next)
        first.push_back({serialFor(next), partNumber, o.revision, lot});
    auto nextUnit = [&](int socket) -> std::optional<UnitUnderTest> {
        if (next >= o.count || stopRequested)
            return std::nullopt;
        UnitUnderTest unit{serialFor(next++), partNumber, o.revision, lot};
        seatSimulated(s, socket, unit);
        return unit;
    };
    std::vector<SocketResult> all;
    s.progress->start(); // one view for the whole lot, across its batches
    if (chooseProcessModel(o.model, s.config) == ProcessModel::Batch) {
        // A batch starts and ends together (its corners are the whole station's): the lot runs batch by batch.
        all = runUnits(s, o, first);
        while (next < o.count && !stopRequested) {
            std::vector<UnitUnderTest> batch;
            for (int k = 0; k < s.sockets && next < o.count; ++k)
                batch.push_back({serialFor(next++), partNumber, o.revision, lot});
            auto results = runUnits(s, o, std::move(batch));
            all.insert(all.end(), results.begin(), results.end());
        }
    } else {
        all = runUnits(s, o, first, nextUnit);
    }
    for (const auto& r : all) {
        ++verdicts[std::string(toString(r.verdict))];
        if (!isGood(r.verdict))
            ++pareto[r.failedStep.empty() ? r.reason : r.failedStep];
    }
    signals.cancel();
    s.bus.flush();
    s.progress->stop();
    const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60;
    int passed = verdicts["PASS"];
    std::printf("\nLot %s: %zu units in %.1f min on %d socket%s\n", lot.c_str(), all.size(), minutes, s.sockets,
                s.sockets == 1 ? "" : "s");
    std::printf("  first-pass yield %.1f %% (%d of %zu)\n", all.empty() ? 0.0 : 100.0 * passed / double(all.size()),
                passed, all.size());
    for (const auto& [v, n] : verdicts)
        std::printf("  %-10s %d\n", v.c_str(), n);
    if (!pareto.empty()) {
        std::vector<std::pair<int, std::string>> ranked;
        for (const auto& [step, n] : pareto)
            ranked.push_back({n, step});
        std::sort(ranked.rbegin(), ranked.rend());
        std::printf("  failures by step:\n");
        for (const auto& [n, step] : ranked)
            std::printf("    %4d  %s\n", n, step.c_str());
    }
    return finishSession(s, exitCodeFor(all));
}

} // namespace optiqual::station::cli
