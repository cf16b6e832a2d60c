#include "station/SnapshotReducer.h"

#include "station/CopyOnWrite.h"
#include "station/StepPosition.h"

#include <algorithm>

namespace optiqual::station {

using namespace optiqual::sequences;

namespace {

/// Steps that run other steps: a view follows the leaf steps inside them instead.
bool isContainer(StepType type) {
    return type == StepType::ForEach || type == StepType::Call || type == StepType::Sweep;
}

/// The socket's view, made (in socket order) when first seen.
SocketView& socketView(StationSnapshot& s, int socket) {
    auto it = std::lower_bound(s.sockets.begin(), s.sockets.end(), socket,
                               [](const SocketView& v, int n) { return v.socket < n; });
    if (it == s.sockets.end() || it->socket != socket) {
        SocketView v;
        v.socket = socket;
        it = s.sockets.insert(it, std::move(v));
    }
    return *it;
}

/// The socket's view if it is running @p runId (events of an earlier run on that socket are stale).
SocketView* runView(StationSnapshot& s, int socket, std::uint64_t runId) {
    for (auto& v : s.sockets)
        if (v.socket == socket)
            return v.runId == runId ? &v : nullptr;
    return nullptr;
}

template <typename T> void keepLast(std::vector<T>& items, std::size_t keep) {
    if (items.size() > keep)
        items.erase(items.begin(), items.begin() + std::ptrdiff_t(items.size() - keep));
}

TelemetryReducer::Options telemetryOptions(const SnapshotReducer::Options& options) {
    TelemetryReducer::Options o = options.telemetry;
    o.timeScale = options.timeScale;
    return o;
}

} // namespace

SnapshotReducer::SnapshotReducer(Options options)
    : m_options(std::move(options)), m_telemetry(telemetryOptions(m_options)) {
    if (!m_options.plans) {
        const double scale = m_options.timeScale;
        m_options.plans = [scale](const Sequence& sequence, const RunOverrides* overrides) {
            return std::make_shared<const RunPlan>(RunPlan::build(sequence, scale, {}, overrides));
        };
    }
}

StationSnapshot SnapshotReducer::initial() const {
    StationSnapshot s;
    s.lot.total = m_options.unitsTotal;
    return s;
}

std::shared_ptr<const RunPlan> SnapshotReducer::planFor(const std::shared_ptr<const Sequence>& sequence,
                                                        const std::shared_ptr<const RunOverrides>& overrides) const {
    if (!sequence)
        return nullptr;
    std::string key = sequence->contentHash + '\n' + sequence->name;
    // Only step run modes change the plan; a limit set chosen alone leaves it as the sequence's.
    if (overrides && !overrides->steps.empty()) {
        auto& plan = m_overridden[{std::move(key), overrides}];
        if (!plan)
            plan = m_options.plans(*sequence, overrides.get());
        return plan;
    }
    auto& plan = m_plans[key];
    if (!plan)
        plan = m_options.plans(*sequence, nullptr);
    return plan;
}

StationSnapshot SnapshotReducer::apply(StationSnapshot s, const Event& event) const {
    s = applyToViews(std::move(s), event);
    m_telemetry.apply(s, event);
    return s;
}

StationSnapshot SnapshotReducer::applyToViews(StationSnapshot s, const Event& event) const {
    ++s.version;
    if (const auto* e = std::get_if<RunStarted>(&event)) {
        SocketView& v = socketView(s, e->socket);
        const int number = v.socket;
        auto telemetry = std::move(v.telemetry); // temperatures and current go on across units
        v = SocketView{};
        v.socket = number;
        v.telemetry = std::move(telemetry);
        v.active = true;
        v.runId = e->runId;
        v.serial = e->unitSerial;
        v.partNumber = e->partNumber;
        v.started = e->time;
        v.plan = planFor(e->sequence, e->overrides);
        if (v.plan && v.plan->complete())
            v.stepsExpected = int(v.plan->steps().size());
        if (v.plan)
            v.afterStep = v.plan->total();
        LotView& lot = s.lot;
        ++lot.started;
        if (!e->lot.empty())
            lot.lot = e->lot;
        if (!lot.anyStarted) {
            lot.anyStarted = true;
            lot.firstStart = e->time;
        }
        if (v.plan)
            lot.unitEstimate = v.plan->total();
        return s;
    }
    if (const auto* e = std::get_if<StepStarted>(&event)) {
        SocketView* v = runView(s, e->socket, e->runId);
        if (!v || isContainer(e->type))
            return s; // a container's first leaf follows at once and says more
        v->stepPath = e->path;
        v->stepName = e->name;
        v->stepType = e->type;
        v->frames = e->frames;
        v->stepStarted = e->time;
        v->stepRunning = true;
        v->wait.reset();
        v->stepSimulated = {};
        v->afterStep.reset();
        v->stepEstimate.reset();
        if (v->plan) {
            const auto at = v->plan->find(e->path, v->planned ? std::optional(v->planIndex) : std::nullopt);
            // A step the plan does not know (after a loop it could not expand) has no honest ETA.
            v->planned = at.has_value();
            if (at) {
                v->planIndex = *at;
                const auto& planned = v->plan->steps()[*at];
                v->stepEstimate = planned.duration;
                v->stepSimulated = planned.simulated;
                v->afterStep = v->plan->remainingAfter(*at);
            }
        }
        return s;
    }
    if (const auto* e = std::get_if<WaitProgress>(&event)) {
        WaitReadingView reading{e->role,   e->method,    e->value,   e->target,  e->tolerance, e->unit,
                                e->stable, e->stableFor, e->elapsed, e->timeout, e->socket,    e->time};
        for (auto& v : s.sockets) {
            const bool own = v.socket == e->socket && v.runId == e->runId;
            // A batch step is run (and read) by one socket for all: the others show its reading until they
            // read their own.
            const bool shared = !own && v.active && v.stepRunning && v.stepPath == e->path &&
                                (!v.wait || v.wait->sourceSocket != v.socket);
            if (own || shared)
                v.wait = reading;
        }
        return s;
    }
    if (const auto* e = std::get_if<MeasurementRecorded>(&event)) {
        if (SocketView* v = runView(s, e->socket, e->runId)) {
            v->lastMeasurement = e->measurement;
            // Appended in place while no published snapshot shares the list; else copied once (per batch).
            mutableShared(v->measurements).push_back(MeasurementRow{e->path, e->measurement});
        }
        return s;
    }
    if (const auto* e = std::get_if<StepFinished>(&event)) {
        SocketView* v = runView(s, e->socket, e->runId);
        if (!v)
            return s;
        const bool container = isContainer(e->type);
        // The engine's rule: a for_each's or call's own verdict only counts when it errs or is aborted (its Fail is
        // an inner step's); a sweep judges its curve itself, so all of its verdict counts.
        const bool counts =
            !container || e->type == StepType::Sweep || e->verdict == Verdict::Error || e->verdict == Verdict::Aborted;
        if (counts)
            v->verdict = combine(v->verdict, e->verdict);
        const bool current = v->stepPath == e->path;
        if (!container) {
            ++v->stepsDone;
            if (current)
                v->stepRunning = false;
        }
        // Where the unit first failed: a step's own failure, or a sweep's (its curve never crossed the level) —
        // an inner step's failure was recorded before its container ended.
        if (counts && (e->verdict == Verdict::Fail || e->verdict == Verdict::Error) && v->firstFailure.empty()) {
            v->firstFailure = e->path + ": " + (e->error.empty() ? std::string("failed") : e->error);
            v->failureAt = stepPosition(e->path, current ? v->frames : std::vector<StepFrame>{}, e->name);
            if (!e->error.empty())
                v->failureAt.back() += ": " + e->error;
        }
        if (container)
            return s;
        if (e->path.rfind("cleanup/", 0) == 0)
            v->cleanup.emplace_back(e->name, e->verdict);
        return s;
    }
    if (const auto* e = std::get_if<PromptRequested>(&event)) {
        socketView(s, e->socket).prompt = PromptView{e->promptId, e->kind, e->message, e->timeout, e->realTimeout,
                                                     e->min,      e->max,  e->pattern, e->time,    e->image};
        s.promptSeq = std::max(s.promptSeq, e->promptId);
        return s;
    }
    if (const auto* e = std::get_if<PromptAnswered>(&event)) {
        for (auto& v : s.sockets)
            if (v.prompt && v.prompt->id == e->promptId)
                v.prompt.reset();
        return s;
    }
    if (const auto* e = std::get_if<InstrumentStatus>(&event)) {
        auto it = std::find_if(s.instruments.begin(), s.instruments.end(),
                               [&](const InstrumentView& i) { return i.name == e->name; });
        if (it == s.instruments.end())
            it = s.instruments.insert(s.instruments.end(), InstrumentView{e->name, false, {}});
        it->connected = e->connected;
        it->text = e->text;
        return s;
    }
    if (const auto* e = std::get_if<RunFinished>(&event)) {
        SocketView* v = runView(s, e->socket, e->runId);
        if (!v || !v->active)
            return s;
        v->active = false;
        v->verdict = e->verdict;
        v->ended = e->time;
        v->stepRunning = false;
        v->wait.reset();
        v->prompt.reset();
        v->afterStep.reset();
        v->stepEstimate.reset();
        FinishedUnit unit;
        unit.seq = ++s.finishedSeq;
        unit.socket = v->socket;
        unit.runId = v->runId;
        unit.serial = v->serial;
        unit.partNumber = v->partNumber;
        unit.verdict = e->verdict;
        unit.duration = std::chrono::duration_cast<std::chrono::nanoseconds>(e->time - v->started);
        unit.firstFailure = v->firstFailure.empty() ? e->reason : v->firstFailure;
        unit.failureAt = v->failureAt;
        if (!isGood(e->verdict) && e->verdict != Verdict::Fail)
            unit.cleanup = v->cleanup; // the cleanup that ran after an abort or an error, shown with the unit
        LotView& lot = s.lot;
        ++lot.finished;
        lot.finishedDuration += unit.duration;
        if (e->verdict == Verdict::Fail)
            ++lot.failed;
        else if (!isGood(e->verdict))
            ++lot.errors;
        if (!lot.serialsSeen || !lot.serialsSeen->count(unit.serial)) {
            auto seen = lot.serialsSeen ? std::make_shared<std::set<std::string>>(*lot.serialsSeen)
                                        : std::make_shared<std::set<std::string>>();
            seen->insert(unit.serial);
            lot.serialsSeen = std::move(seen);
            ++lot.firstFinished;
            if (isGood(e->verdict))
                ++lot.firstPassed;
        }
        s.finished.push_back(std::move(unit));
        keepLast(s.finished, m_options.keepFinished);
        return s;
    }
    if (const auto* e = std::get_if<LogLine>(&event)) {
        s.log.push_back(LogEntry{++s.logSeq, e->level, e->text, e->time});
        keepLast(s.log, m_options.keepLog);
        return s;
    }
    return s;
}

} // namespace optiqual::station
