#include "station/cli/StationSession.h"

#include "core/RunSync.h"
#include "db/central/PgConnection.h"
#include "sequences/SequenceFile.h"
#include "station/RoleName.h"
#include "station/StationConfigValidator.h"
#include "station/cli/DbCommands.h"
#include "station/cli/ProcessModelChoice.h"

#include <cstdio>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace optiqual::station::cli {

using namespace optiqual::sequences;

int loadStation(StationSession& s, const RunCommandOptions& o) {
    try {
        s.config = loadValidatedStationConfig(o.station);
    } catch (const core::InputError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitBadInput;
    }
    if (o.timeScale > 0)
        s.config.timeScale = o.timeScale;
    if (o.seed >= 0)
        s.config.seed = std::uint64_t(o.seed);
    s.sockets = s.config.sockets();
    try {
        s.sequence = std::make_shared<Sequence>(loadSequence(o.sequence, InstrumentMethods::builtin()));
    } catch (const core::InputError& e) {
        std::fprintf(stderr, "%s\n%zu problem%s: the sequence cannot run\n", e.what(), e.diagnostics().size(),
                     e.diagnostics().size() == 1 ? "" : "s");
        return kExitBadInput;
    }
    if (const auto warning = unsynchronisedBatchWarning(chooseProcessModel(o.model, s.config), s.sockets, *s.sequence);
        !warning.empty())
        std::fprintf(stderr, "%s\n", warning.c_str());
    return kExitOk;
}

int openStation(StationSession& s, const RunCommandOptions& o) {
    try {
        s.instruments = std::make_unique<StationInstruments>(s.config, s.io.get_executor());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", o.station.c_str(), e.what());
        return kExitBadInput;
    }
    // Roles: "fixture" serves every socket, "fixture@2" socket 2 only.
    for (auto& entry : s.instruments->entries()) {
        for (const auto& text : entry.config->roles) {
            std::string why;
            const auto role = RoleName::parse(text, &why);
            if (!role) {
                std::fprintf(stderr, "%s: instrument '%s': %s\n", o.station.c_str(), entry.config->name.c_str(),
                             why.c_str());
                return kExitBadInput;
            }
            s.roles.push_back({role->role, role->socket, entry.driver.get()});
        }
    }
    for (const auto& role : s.sequence->roles) {
        bool found = false;
        for (const auto& b : s.roles) {
            if (b.role != role.name)
                continue;
            found = true;
            if (role.instrumentClass != instruments::toString(b.instrument->instrumentClass())) {
                std::fprintf(stderr, "%s: role '%s' needs a %s, but station instrument '%s' is a %s\n",
                             o.sequence.c_str(), role.name.c_str(), role.instrumentClass.c_str(),
                             b.instrument->name().c_str(), instruments::toString(b.instrument->instrumentClass()));
                return kExitBadInput;
            }
        }
        if (!found) {
            std::fprintf(stderr, "%s: the station %s has no instrument for role '%s' (%s)\n", o.sequence.c_str(),
                         o.station.c_str(), role.name.c_str(), role.instrumentClass.c_str());
            return kExitBadInput;
        }
    }
    std::printf("Station %s: opening %zu instruments\n", s.config.name.c_str(), s.instruments->entries().size());
    auto statuses = core::runSync(s.io, s.instruments->connectAll());
    int failed = 0;
    for (const auto& st : statuses) {
        if (!st.connected) {
            std::fprintf(stderr, "  %-10s FAILED  %s\n", st.name.c_str(), st.error.c_str());
            ++failed;
        } else if (!st.warning.empty()) {
            std::printf("  %-10s warning: %s\n", st.name.c_str(), st.warning.c_str());
        }
    }
    if (failed) {
        std::fprintf(stderr, "%d instrument%s did not open: not starting\n", failed, failed == 1 ? "" : "s");
        return kExitError;
    }
    // Whatever an earlier process left behind (a run killed mid-step, a crashed panel: outputs on, a chamber at a
    // corner, valves open) is made safe before any work is accepted, not only when a run ends.
    const auto unsafe = core::runSync(s.io, s.instruments->safeStateAll());
    if (!unsafe.empty()) {
        for (const auto& why : unsafe)
            std::fprintf(stderr, "  safe state: %s\n", why.c_str());
        std::fprintf(stderr, "%zu instrument%s did not reach its safe state: not starting\n", unsafe.size(),
                     unsafe.size() == 1 ? "" : "s");
        return kExitError;
    }
    const std::string dbPath = resolveDbPath(o.db);
    try {
        db::WriterOptions wo;
        wo.station = s.config.name;
        wo.onError = [](const db::WriteError& e) { spdlog::error("results database: {}", e.message); };
        s.writer = db::ResultWriter::open(dbPath, wo);
        if (s.writer->recoveredRuns() > 0)
            std::printf("  %d run%s left open by an earlier stop marked ABORTED (station stopped)\n",
                        s.writer->recoveredRuns(), s.writer->recoveredRuns() == 1 ? "" : "s");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "results database %s: %s\n", dbPath.c_str(), e.what());
        return kExitError;
    }
    // The station file's `fleet:` section, its URL replaced by --sync-to when given (the command line wins).
    db::central::UploadOptions uo;
    std::chrono::milliseconds interval = std::chrono::seconds(1);
    if (s.config.fleet) {
        uo.url = s.config.fleet->syncTo;
        uo.batchRuns = s.config.fleet->batch;
        interval = s.config.fleet->interval;
    }
    if (!o.syncTo.empty())
        uo.url = o.syncTo;
    if (!uo.url.empty()) {
        std::printf("  finished runs go to the central store %s%s\n", db::central::redactUrl(uo.url).c_str(),
                    o.syncTo.empty() ? " (the station file's fleet section)" : "");
        // Its own thread and connection: nothing the station does waits for the server.
        try {
            s.uploader = std::make_unique<db::central::BackgroundUploader>(dbPath, uo, interval);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "results database %s: %s\n", dbPath.c_str(), e.what());
            return kExitError;
        }
    }
    std::vector<db::InstrumentInfo> infos;
    for (auto& entry : s.instruments->entries()) {
        const auto& id = entry.status.identity;
        db::InstrumentInfo info;
        info.role = entry.config->roles.empty() ? entry.config->name : entry.config->roles.front();
        info.model = entry.config->model;
        info.idn = id.raw;
        info.serial = id.serial;
        info.firmware = id.firmware;
        info.calibrationDue = entry.config->calibrationDue;
        info.resource = entry.resource;
        infos.push_back(info);
    }
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    s.dbSink = std::make_shared<DatabaseSink>(*s.writer, db::StationInfo{s.config.name, host}, infos);
    s.bus.subscribe(s.dbSink, "database");
    ProgressDisplay::Options po;
    po.mode = parseProgressMode(o.progress).value_or(ProgressMode::Auto);
    po.verbose = o.verbose;
    po.timeScale = s.config.timeScale;
    po.unitsTotal = o.count > 0 ? o.count : int(o.serials.size());
    po.sequence = s.sequence;
    po.dbPath = dbPath;
    // The durability contract: a unit's verdict (and, in plain mode, each step's line) is shown only once what it
    // reports is committed.
    po.durable = [sink = s.dbSink](std::uint64_t run) { return sink->durability(run); };
    po.stepDurable = [sink = s.dbSink](std::uint64_t run, int ordinal) { return sink->stepDurability(run, ordinal); };
    s.progress = std::make_unique<ProgressDisplay>(s.bus, po);
    for (auto& entry : s.instruments->entries())
        s.bus.publish(InstrumentStatus{entry.status.name, entry.status.connected,
                                       entry.status.connected ? entry.status.identity.raw : entry.status.error});
    s.clock = std::make_shared<core::Clock>(s.config.timeScale);
    s.engine = std::make_unique<Engine>(s.io.get_executor(), s.bus, s.clock, s.roles);
    return kExitOk;
}

void seatSimulated(StationSession& s, int socket, const UnitUnderTest& unit) {
    if (auto* fixture = s.engine->instrumentFor("fixture", socket))
        s.instruments->seatSimulatedUnit(fixture->name(), unit.serial, unit.partNumber);
    else if (!s.instruments->seatSimulatedEngine(socket, unit.serial, unit.partNumber)) // a CPO board, if any
        s.instruments->seatSimulatedPlate(socket, unit.serial, unit.partNumber);        // a cold-plate stand, if any
}

int finishSession(StationSession& s, int code) {
    s.bus.flush();
    const auto status = s.writer->flush();
    s.bus.stop();
    if (!status.healthy) {
        std::fprintf(stderr, "results database: %s\n", status.lastError.c_str());
        return kExitError;
    }
    std::printf("Results in %s (%llu steps, %llu measurements committed)\n", s.writer->path().c_str(),
                static_cast<unsigned long long>(status.committedSteps),
                static_cast<unsigned long long>(status.committedMeasurements));
    if (s.uploader) {
        // After the writer's flush: the last units' runs are in the outbox for the final pass.
        const auto t = s.uploader->finish();
        std::printf("Central store: %d sent, %d quarantined, %lld pending%s%s\n", t.sent + t.alreadyThere,
                    t.quarantined, static_cast<long long>(t.pending), t.lastError.empty() ? "" : " — ",
                    t.lastError.c_str());
    }
    return code;
}

std::string choosePartNumber(const Sequence& seq, const std::string& given) {
    if (!given.empty())
        return given;
    return seq.partNumbers.empty() ? std::string() : seq.partNumbers.front();
}

} // namespace optiqual::station::cli
