#include "station/StationSnapshot.h"

#include "station/StepPosition.h"

#include <algorithm>

namespace optiqual::station {

using std::chrono::nanoseconds;

sequences::PromptSpec PromptView::spec() const {
    sequences::PromptSpec spec;
    spec.kind = kind;
    spec.message = message;
    spec.min = min;
    spec.max = max;
    spec.pattern = pattern;
    spec.timeout = timeout;
    spec.image = image;
    return spec;
}

namespace {

nanoseconds since(WallTime from, WallTime to) {
    return to > from ? std::chrono::duration_cast<nanoseconds>(to - from) : nanoseconds{0};
}

} // namespace

nanoseconds SocketView::elapsed(WallTime now) const {
    return since(started, active ? now : ended);
}

std::optional<DurationEstimate> SocketView::remaining(WallTime now) const {
    if (!active || !afterStep)
        return std::nullopt;
    if (!stepRunning)
        return afterStep;
    // A step with no estimate at all (instrument I/O never timed before) makes the whole remainder unknown.
    if (!stepEstimate)
        return std::nullopt;
    DurationEstimate left = stepEstimate->after(since(stepStarted, now));
    left += *afterStep;
    return left;
}

std::vector<std::string> SocketView::position() const {
    if (stepPath.empty())
        return {};
    return stepPosition(stepPath, frames, stepName);
}

std::optional<nanoseconds> SocketView::waited(WallTime now) const {
    if (!stepRunning || stepType != sequences::StepType::Wait || stepSimulated.count() <= 0 || !plan)
        return std::nullopt;
    const auto done = nanoseconds(std::int64_t(double(since(stepStarted, now).count()) * plan->timeScale()));
    return std::min(done, stepSimulated);
}

std::optional<double> LotView::firstPassYield() const {
    if (firstFinished <= 0)
        return std::nullopt;
    return double(firstPassed) / double(firstFinished);
}

nanoseconds LotView::elapsed(WallTime now) const {
    return anyStarted ? since(firstStart, now) : nanoseconds{0};
}

std::optional<double> LotView::unitsPerHour(WallTime now) const {
    const nanoseconds e = elapsed(now);
    if (finished <= 0 || e < std::chrono::seconds(1))
        return std::nullopt;
    return finished / std::chrono::duration<double, std::ratio<3600>>(e).count();
}

int StationSnapshot::running() const {
    return int(std::count_if(sockets.begin(), sockets.end(), [](const SocketView& s) { return s.active; }));
}

std::optional<DurationEstimate> StationSnapshot::remaining(WallTime now) const {
    if (lot.total <= 0 || sockets.empty())
        return std::nullopt;
    DurationEstimate running{nanoseconds{0}, nanoseconds{0}, nanoseconds{0}};
    for (const auto& s : sockets) {
        if (!s.active)
            continue;
        const auto r = s.remaining(now);
        if (!r)
            return std::nullopt;
        running.low = std::max(running.low, r->low);
        running.high = running.high && r->high ? std::optional(std::max(*running.high, *r->high)) : std::nullopt;
        running.typical =
            running.typical && r->typical ? std::optional(std::max(*running.typical, *r->typical)) : std::nullopt;
    }
    const int queued = std::max(0, lot.total - lot.started);
    if (queued == 0)
        return running;
    if (!lot.unitEstimate && lot.finished == 0)
        return std::nullopt;
    DurationEstimate unit = lot.unitEstimate.value_or(DurationEstimate{});
    if (lot.finished > 0) // what units on this station really took beats any prediction
        unit.typical = lot.finishedDuration / lot.finished;
    const int rounds = (queued + int(sockets.size()) - 1) / int(sockets.size());
    DurationEstimate rest;
    rest.low = unit.low * rounds;
    if (unit.high)
        rest.high = *unit.high * rounds;
    if (unit.typical)
        rest.typical = *unit.typical * rounds;
    running += rest;
    return running;
}

} // namespace optiqual::station
