#include "station/TelemetryReducer.h"

#include "station/CopyOnWrite.h"

#include <algorithm>
#include <cmath>

namespace optiqual::station {

using namespace optiqual::sequences;

namespace {

void collect(const std::vector<Step>& steps, TelemetrySources& sources) {
    for (const auto& step : steps) {
        for (const auto& m : step.measurements) {
            if (!m.call)
                continue;
            const auto role = sources.roleClasses.find(m.call->role);
            if (role == sources.roleClasses.end())
                continue;
            if (const auto q = TelemetryReducer::classify(role->second, m.call->method))
                sources.measurements.emplace(m.name, *q);
        }
        if (step.forEach)
            collect(step.forEach->body, sources);
    }
}

/// A per-lane measurement the lane bars can show: in dBm, judged against a limit (not logged only).
bool barCandidate(const Measurement& m) {
    return m.lane && !m.text && std::isfinite(m.value) && m.limit.unit == "dBm" &&
           m.limit.comparator != Comparator::LOG;
}

/// A trace the waterfall can show on a log axis: one lane's curve with every y above zero.
bool waterfallCandidate(const Trace& trace) {
    return trace.lane && !trace.y.empty() && trace.x.size() == trace.y.size() &&
           std::all_of(trace.y.begin(), trace.y.end(), [](double y) { return std::isfinite(y) && y > 0; });
}

std::string axisName(const std::string& name, const std::string& unit) {
    return unit.empty() ? name : name + " (" + unit + ")";
}

} // namespace

std::optional<TelemetryQuantity> TelemetryReducer::classify(std::string_view instrumentClass, std::string_view method) {
    if (instrumentClass == "ThermalChamber" && method == "temperature")
        return TelemetryQuantity::Chamber;
    if (instrumentClass == "Chiller" && (method == "bathTemperature" || method == "externalTemperature"))
        return TelemetryQuantity::Coolant;
    if (instrumentClass == "DataAcquisition" && method == "measureTemperature")
        return TelemetryQuantity::Case;
    if (instrumentClass == "PowerSupply" && method == "measureCurrent")
        return TelemetryQuantity::SupplyCurrent;
    return std::nullopt;
}

TelemetrySources TelemetryReducer::sourcesOf(const Sequence& sequence) {
    TelemetrySources sources;
    for (const auto& role : sequence.roles)
        sources.roleClasses.emplace(role.name, role.instrumentClass);
    collect(sequence.setup, sources);
    collect(sequence.main, sources);
    collect(sequence.cleanup, sources);
    for (const auto& sub : sequence.subsequences)
        collect(sub.steps, sources);
    return sources;
}

std::shared_ptr<const TelemetrySources>
TelemetryReducer::sourcesFor(const std::shared_ptr<const Sequence>& sequence) const {
    if (!sequence)
        return nullptr;
    auto& sources = m_sources[sequence->contentHash + '\n' + sequence->name];
    if (!sources)
        sources = std::make_shared<const TelemetrySources>(sourcesOf(*sequence));
    return sources;
}

void TelemetryReducer::addSample(SocketTelemetry& telemetry, TelemetryQuantity quantity, WallTime time,
                                 double value) const {
    if (!std::isfinite(value))
        return;
    if (!telemetry.originSet) {
        telemetry.origin = time;
        telemetry.originSet = true;
    }
    auto& samples = telemetry.of(quantity).samples;
    double t = std::chrono::duration<double>(time - telemetry.origin).count() * m_options.timeScale;
    // One socket's events arrive in order; a batch step's reading shared from another socket may be a hair older.
    if (!samples.empty())
        t = std::max(t, samples.back().t);
    samples.push_back({t, value});
    const auto inWindow = std::lower_bound(samples.begin(), samples.end(), t - m_options.windowSeconds,
                                           [](const TelemetrySample& s, double limit) { return s.t < limit; });
    std::size_t drop = std::size_t(inWindow - samples.begin());
    if (samples.size() - drop > m_options.maxSamples)
        drop = samples.size() - m_options.maxSamples;
    samples.erase(samples.begin(), samples.begin() + std::ptrdiff_t(drop));
}

void TelemetryReducer::apply(StationSnapshot& s, const Event& event) const {
    if (const auto* e = std::get_if<RunStarted>(&event)) {
        for (auto& v : s.sockets)
            if (v.socket == e->socket && v.runId == e->runId) {
                SocketTelemetry& t = mutableShared(v.telemetry);
                t.sources = sourcesFor(e->sequence);
                t.barsName.clear();
                t.barsUnit.clear();
                t.bars.clear();
                t.waterfallName.clear();
                t.waterfall.clear();
                if (!t.originSet) {
                    t.origin = e->time;
                    t.originSet = true;
                }
            }
        return;
    }
    if (const auto* e = std::get_if<WaitProgress>(&event)) {
        for (auto& v : s.sockets) {
            // Every socket SnapshotReducer gave this reading to: its own, and those sharing a batch step's.
            const bool own = v.socket == e->socket && v.runId == e->runId;
            const bool shared = !own && v.active && v.stepPath == e->path && v.wait &&
                                v.wait->sourceSocket == e->socket && v.wait->time == e->time;
            if ((!own && !shared) || !v.telemetry || !v.telemetry->sources)
                continue;
            const auto& roles = v.telemetry->sources->roleClasses;
            const auto role = roles.find(e->role);
            if (role == roles.end())
                continue;
            if (const auto q = classify(role->second, e->method))
                addSample(mutableShared(v.telemetry), *q, e->time, e->value);
        }
        return;
    }
    if (const auto* e = std::get_if<MonitorReading>(&event)) {
        // The monitor's readings go on between units as the trace does; a socket that never had a unit has no view.
        for (auto& v : s.sockets)
            if (v.socket == e->socket && v.telemetry)
                addSample(mutableShared(v.telemetry), e->quantity, e->time, e->value);
        return;
    }
    if (const auto* e = std::get_if<MeasurementRecorded>(&event)) {
        SocketView* v = nullptr;
        for (auto& view : s.sockets)
            if (view.socket == e->socket && view.runId == e->runId)
                v = &view;
        if (!v || !v->telemetry)
            return;
        const Measurement& m = e->measurement;
        if (v->telemetry->sources && !m.text) {
            const auto& measured = v->telemetry->sources->measurements;
            if (const auto it = measured.find(m.name); it != measured.end())
                addSample(mutableShared(v->telemetry), it->second, e->time, m.value);
        }
        if (!barCandidate(m) || (!v->telemetry->barsName.empty() && v->telemetry->barsName != m.name))
            return;
        SocketTelemetry& t = mutableShared(v->telemetry);
        t.barsName = m.name;
        t.barsUnit = m.limit.unit;
        auto at = std::lower_bound(t.bars.begin(), t.bars.end(), *m.lane,
                                   [](const LaneBar& b, int lane) { return b.lane < lane; });
        if (at == t.bars.end() || at->lane != *m.lane) {
            if (t.bars.size() >= m_options.maxLanes)
                return;
            at = t.bars.insert(at, LaneBar{*m.lane, 0, {}, {}, Verdict::NotRun});
        }
        at->value = m.value;
        at->low = m.limit.low;
        at->high = m.limit.high;
        at->outcome = m.outcome;
        return;
    }
    if (const auto* e = std::get_if<StepFinished>(&event)) {
        if (e->traces.empty())
            return;
        for (auto& v : s.sockets) {
            if (v.socket != e->socket || v.runId != e->runId)
                continue;
            for (const auto& trace : e->traces) {
                if (!waterfallCandidate(trace) ||
                    (!v.telemetry->waterfallName.empty() && v.telemetry->waterfallName != trace.name))
                    continue;
                SocketTelemetry& t = mutableShared(v.telemetry);
                t.waterfallName = trace.name;
                t.waterfallX = axisName(trace.xName, trace.xUnit);
                t.waterfallY = axisName(trace.yName, trace.yUnit);
                auto at = std::lower_bound(t.waterfall.begin(), t.waterfall.end(), *trace.lane,
                                           [](const WaterfallCurve& c, int lane) { return c.lane < lane; });
                if (at == t.waterfall.end() || at->lane != *trace.lane) {
                    if (t.waterfall.size() >= m_options.maxLanes)
                        continue;
                    at = t.waterfall.insert(at, WaterfallCurve{*trace.lane, {}, {}});
                }
                const std::size_t n = std::min(trace.x.size(), m_options.maxCurvePoints);
                at->x.assign(trace.x.begin(), trace.x.begin() + std::ptrdiff_t(n));
                at->y.assign(trace.y.begin(), trace.y.begin() + std::ptrdiff_t(n));
            }
        }
    }
}

} // namespace optiqual::station
