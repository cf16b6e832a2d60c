#include "station/SocketRunner.h"

#include "core/Quantity.h"
#include "instruments/InstrumentError.h"
#include "sequences/StepValidator.h"
#include "station/BatchCoordinator.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <cmath>
#include <fmt/format.h>
#include <regex>
#include <spdlog/spdlog.h>

namespace optiqual::station {

namespace asio = boost::asio;
using namespace optiqual::sequences;
using instruments::Instrument;
using instruments::InstrumentError;
using instruments::InstrumentErrorKind;

namespace {

/// Keeps a loop iteration or a call on the runner's frame stack while its steps run (also when they throw).
struct FramePush {
    std::vector<StepFrame>& frames;
    FramePush(std::vector<StepFrame>& stack, StepFrame frame) : frames(stack) { frames.push_back(std::move(frame)); }
    ~FramePush() { frames.pop_back(); }
    FramePush(const FramePush&) = delete;
    FramePush& operator=(const FramePush&) = delete;
};

constexpr auto kWaitShownEvery = std::chrono::milliseconds(50);

WallTime wallNow() {
    return std::chrono::system_clock::now();
}

std::string formatDuration(std::chrono::nanoseconds d) {
    return fmt::format("{:g} s", std::chrono::duration<double>(d).count());
}

/// A for_each range (inclusive), outside the coroutine: GCC 12 misreads a variant built in a coroutine frame.
std::vector<Value> rangeValues(double from, double to, double inc) {
    if (inc == 0 || (to - from) / inc < 0)
        throw std::runtime_error(fmt::format("for_each range {:g}..{:g} step {:g} never ends", from, to, inc));
    std::vector<Value> values;
    for (double x = from; inc > 0 ? x <= to + 1e-9 * std::fabs(inc) : x >= to - 1e-9 * std::fabs(inc); x += inc)
        values.emplace_back(x);
    return values;
}

/// for_each and call run steps of their own; those record their own verdicts and reasons.
/// Where a swept curve (in sweep order) first crosses @p level: interpolated between the two points around it,
/// in log10 of y when both are positive (a BER waterfall is a straight line there), else linearly. A curve that
/// never rises above the level crossed it beyond the last point: that x is the bound the sweep proved. A curve
/// that never gets below it has no crossing (NaN, which fails any limit).
double crossingOf(const std::vector<double>& x, const std::vector<double>& y, double level) {
    bool below = false;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!(y[i] <= level)) {
            if (!below)
                continue;
            const bool logScale = y[i - 1] > 0 && y[i] > 0 && level > 0;
            const double a = logScale ? std::log10(y[i - 1]) : y[i - 1];
            const double b = logScale ? std::log10(y[i]) : y[i];
            const double l = logScale ? std::log10(level) : level;
            const double f = b != a ? (l - a) / (b - a) : 0.0;
            return x[i - 1] + f * (x[i] - x[i - 1]);
        }
        below = true;
    }
    return below ? x.back() : std::nan("");
}

bool isContainer(const Step& step) {
    return step.type == StepType::ForEach || step.type == StepType::Call;
}

std::string describeException(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        return ex.what();
    } catch (...) {
        return "unknown exception";
    }
}

/// Runs @p op and hands back its exception as a value: `||` on awaitables completes on the first branch to
/// *succeed*, so a throwing branch would otherwise wait for the other one.
asio::awaitable<std::pair<Verdict, std::exception_ptr>> asValue(asio::awaitable<Verdict> op) {
    try {
        co_return std::pair{co_await std::move(op), std::exception_ptr{}};
    } catch (...) {
        co_return std::pair{Verdict::Error, std::current_exception()};
    }
}

/// Keeps the first row of each (measurement, lane) and drops the rest; says which was repeated (empty: none).
std::string dropRepeatedRows(std::vector<Measurement>& rows, std::vector<double>& declared) {
    std::set<std::pair<std::string, std::optional<int>>> seen;
    std::string first;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!seen.emplace(rows[i].name, rows[i].lane).second) {
            if (first.empty())
                first = "measurement '" + rows[i].name + "'" +
                        (rows[i].lane ? " lane " + std::to_string(*rows[i].lane) : std::string()) +
                        " was recorded more than once in one step (repeats dropped)";
            continue;
        }
        if (kept != i) {
            rows[kept] = std::move(rows[i]);
            if (i < declared.size())
                declared[kept] = declared[i];
        }
        ++kept;
    }
    rows.resize(kept);
    if (declared.size() > kept)
        declared.resize(kept);
    return first;
}

bool isCancellation(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const InstrumentError& ie) {
        return ie.kind() == InstrumentErrorKind::Cancelled;
    } catch (const boost::system::system_error& se) {
        return se.code() == asio::error::operation_aborted;
    } catch (...) {
        return false;
    }
}

} // namespace

SocketRunner::SocketRunner(Engine& engine, const RunOptions& options, int socket, std::uint64_t runId,
                           const LimitSet* limits, BatchCoordinator* batch, const RunOverrides* overrides)
    : m_engine(engine), m_options(options), m_socket(socket), m_runId(runId), m_limits(limits), m_batch(batch),
      m_overrides(overrides) {
    // The station data the sequence declares, as this socket has it: tables for `name(i)`, numbers as variables.
    std::map<std::string, std::vector<double>> tables;
    if (m_options.stationData)
        for (const auto& d : m_options.sequence->stationData)
            if (const auto* values = m_options.stationData(m_socket, d.name)) {
                tables[d.name] = *values;
                if (values->size() == 1)
                    m_root.set(d.name, values->front());
            }
    m_expressions.setTables(std::move(tables));
}

void SocketRunner::markAborted(const std::string& reason) {
    upgrade(Verdict::Aborted, reason);
}

Instrument& SocketRunner::instrument(const std::string& role) {
    Instrument* i = m_engine.instrumentFor(role, m_socket);
    if (!i)
        throw InstrumentError(InstrumentErrorKind::Configuration, role, "",
                              "no instrument on this station fills role '" + role + "' for socket " +
                                  std::to_string(m_socket));
    m_used.insert(i);
    return *i;
}

asio::awaitable<void> SocketRunner::sleep(std::chrono::nanoseconds simulated) {
    asio::steady_timer timer(m_engine.executor(), m_engine.clock().toReal(simulated));
    co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<Value> SocketRunner::call(const InstrumentCall& c, Scope& scope) {
    Instrument& target = instrument(c.role);
    const auto* entry = m_engine.methods().find(toString(target.instrumentClass()), c.method);
    if (!entry)
        throw InstrumentError(InstrumentErrorKind::Configuration, target.name(), c.method,
                              std::string("a ") + toString(target.instrumentClass()) + " has no method '" + c.method +
                                  "'");
    std::vector<Value> args;
    for (const auto& param : entry->signature.params) {
        const Argument* given = nullptr;
        for (const auto& a : c.args)
            if (a.name == param.name)
                given = &a;
        if (!given) {
            if (param.optional)
                continue;
            throw InstrumentError(InstrumentErrorKind::Configuration, target.name(), c.method,
                                  "missing argument '" + param.name + "'");
        }
        if (given->isList) {
            std::vector<double> items;
            for (const auto& item : given->items)
                items.push_back(m_expressions.number(item, scope));
            args.emplace_back(std::move(items));
            continue;
        }
        if (param.kind == ValueKind::Bool) {
            args.emplace_back(m_expressions.condition(given->value, scope));
            continue;
        }
        if (param.kind == ValueKind::Text) {
            // Text is taken as written (`side: media`), unless it names a text variable (a parameter or an
            // operator's answer) or is quoted.
            std::string text = given->value.text;
            if (const Value* var = scope.find(text); var && std::holds_alternative<std::string>(*var))
                text = std::get<std::string>(*var);
            else if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
                text = text.substr(1, text.size() - 2);
            args.emplace_back(std::move(text));
            continue;
        }
        Value v = m_expressions.value(given->value, scope);
        if (auto* d = std::get_if<double>(&v);
            d && !given->unit.empty() && !param.unit.empty() && given->unit != param.unit)
            v = core::convert(*d, given->unit, param.unit);
        args.push_back(std::move(v));
    }
    co_return co_await m_engine.methods().call(target, c.method, std::move(args));
}

void SocketRunner::judge(const MeasurementSpec& spec, double value, const std::string& valueUnit, const Scope& scope,
                         std::optional<int> lane, Outcome& outcome) {
    if (!lane && spec.lane) // `lane: EXPR`: a loop measuring lane by lane records each value as its lane's
        lane = static_cast<int>(m_expressions.number(*spec.lane, scope));
    Measurement m;
    m.name = spec.name;
    m.lane = lane;
    const std::string& limitName = spec.limitName.empty() ? spec.name : spec.limitName;
    if (spec.inlineLimit)
        m.limit = *spec.inlineLimit;
    else if (m_limits) {
        if (auto it = m_limits->limits.find(limitName); it != m_limits->limits.end())
            m.limit = it->second;
    }
    const std::string& from = valueUnit.empty() ? spec.unit : valueUnit;
    if (m.limit.unit.empty())
        m.limit.unit = spec.unit.empty() ? from : spec.unit;
    // Judged (and recorded) in the limit's unit; expressions see the value in the measurement's declared unit,
    // which does not change when another part number's limits use another unit.
    m.value = (!from.empty() && from != m.limit.unit) ? core::convert(value, from, m.limit.unit) : value;
    const double declared =
        (!from.empty() && !spec.unit.empty() && from != spec.unit) ? core::convert(value, from, spec.unit) : value;
    m.outcome = m.limit.judge(m.value);
    for (const Scope* s = &scope; s && s != &m_root; s = s->parent())
        for (const auto& [name, v] : s->values())
            if (auto* d = std::get_if<double>(&v); d && !m_laneNames.count(name))
                m.conditions.emplace_back(name, *d);
    outcome.measurements.push_back(std::move(m));
    outcome.declared.push_back(declared);
}

void SocketRunner::bindLane(Scope& laneScope, int lane) const {
    for (const auto& name : m_laneNames)
        if (auto v = m_root.number(name + "_" + std::to_string(lane)))
            laneScope.set(name, *v);
}

const MethodSignature* SocketRunner::signatureOf(const InstrumentCall& c) {
    return m_engine.methods().method(toString(instrument(c.role).instrumentClass()), c.method);
}

std::vector<int> SocketRunner::lanesOf(const LaneSpec& spec, const Scope& scope) {
    if (!spec.dynamic())
        return spec.lanes;
    const double from = m_expressions.number(*spec.from, scope);
    const double to = m_expressions.number(*spec.to, scope);
    // A lane is a whole number from 1 to LaneSpec::kMaxLane, as in a file's fixed ranges: beyond that it is a
    // sequence error, not a loop to allocate and record.
    if (from != std::floor(from) || to != std::floor(to) || from < 1 || to < from || to > LaneSpec::kMaxLane)
        throw std::runtime_error(
            fmt::format("lanes from {:g} to {:g}: not a range of lanes 1..{}", from, to, LaneSpec::kMaxLane));
    std::vector<int> lanes;
    for (int lane = int(from); lane <= int(to); ++lane)
        lanes.push_back(lane);
    return lanes;
}

void SocketRunner::judgeLanes(const MeasurementSpec& spec, const Value& value, const std::string& unit,
                              const Scope& scope, Outcome& outcome) {
    const auto* list = std::get_if<std::vector<double>>(&value);
    const std::string callee = spec.call->role + "." + spec.call->method;
    if (!list)
        throw std::runtime_error("measurement '" + spec.name + "': " + callee + " returned no list of numbers");
    const std::vector<int> lanes = lanesOf(*spec.lanes, scope);
    // A list as long as the lanes listed answers them in order (a method asked for just those lanes or channels);
    // a longer one is indexed by lane.
    const bool inOrder = list->size() == lanes.size();
    for (int lane : lanes)
        if (!inOrder && (lane < 1 || std::size_t(lane) > list->size()))
            throw std::runtime_error(fmt::format("measurement '{}': {} returned {} values: no value for lane {}",
                                                 spec.name, callee, list->size(), lane));
    for (std::size_t k = 0; k < lanes.size(); ++k) {
        const int lane = lanes[k];
        Scope laneScope(&scope);
        laneScope.set("lane", double(lane));
        judge(spec, (*list)[inOrder ? k : std::size_t(lane - 1)], unit, laneScope, lane, outcome);
    }
}

void SocketRunner::remember(const Step& step, const std::vector<Measurement>& measurements,
                            const std::vector<double>& declared) {
    const std::string stepId = StepValidator::stepId(step.name);
    std::map<std::string, std::vector<double>> perLane;
    for (std::size_t i = 0; i < measurements.size(); ++i) {
        const Measurement& m = measurements[i];
        if (m.text) {
            m_root.set(m.name, *m.text);
            continue;
        }
        const double v = i < declared.size() ? declared[i] : m.value;
        if (m_capture && m.name == m_capture->measurement)
            m_capture->values[m.lane.value_or(0)] = v;
        if (m.lane) {
            m_root.set(m.name + "_" + std::to_string(*m.lane), v);
            m_root.set(stepId + "." + m.name + "_" + std::to_string(*m.lane), v);
            perLane[m.name].push_back(v);
            m_laneNames.insert(m.name);
        } else {
            m_root.set(m.name, v);
            m_root.set(stepId + "." + m.name, v);
        }
    }
    for (const auto& [name, values] : perLane) {
        double lo = values.front(), hi = values.front(), sum = 0;
        for (double v : values) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sum += v;
        }
        for (const std::string& prefix : {name, stepId + "." + name}) {
            m_root.set(prefix + ".min", lo);
            m_root.set(prefix + ".max", hi);
            m_root.set(prefix + ".mean", sum / double(values.size()));
        }
    }
}

asio::awaitable<SocketRunner::GroupResult> SocketRunner::runGroup(const std::vector<Step>& steps,
                                                                  const std::string& path, Scope& scope, bool cleanup) {
    GroupResult result;
    for (const Step& step : steps) {
        if (!cleanup && m_engine.terminateRequested(m_socket)) {
            upgrade(Verdict::Terminated, "terminated by the operator");
            result.stopped = true;
            co_return result;
        }
        const Verdict v = co_await runStep(step, path + "/" + step.name, scope, cleanup);
        result.verdict = combine(result.verdict, v);
        if (cleanup)
            continue;
        if (v == Verdict::Aborted) {
            result.stopped = true;
            co_return result;
        }
        if ((v == Verdict::Fail || v == Verdict::Error) && step.onFail == OnFail::Stop) {
            result.stopped = true;
            co_return result;
        }
    }
    co_return result;
}

asio::awaitable<Verdict> SocketRunner::runStep(const Step& step, const std::string& path, Scope& scope, bool cleanup) {
    const WallTime started = wallNow();
    m_engine.bus().publish(StepStarted{m_runId, m_socket, path, step.name, step.type, 1, started, m_frames});
    Outcome outcome;
    Verdict verdict = Verdict::Skipped;
    int attempts = 0;
    if (runModeOf(step) != RunMode::Skip && preconditionHolds(step, scope, outcome, verdict))
        verdict = co_await runAttempts(step, path, scope, outcome, attempts, cleanup);
    verdict = applyRunMode(step, verdict, outcome);
    record(step, path, verdict, outcome, started, attempts);
    co_return verdict;
}

bool SocketRunner::preconditionHolds(const Step& step, const Scope& scope, Outcome& outcome, Verdict& verdict) {
    if (!step.precondition)
        return true;
    try {
        return m_expressions.condition(*step.precondition, scope);
    } catch (const std::exception& e) {
        outcome.error = e.what();
        verdict = Verdict::Error;
        return false;
    }
}

asio::awaitable<Verdict> SocketRunner::runAttempts(const Step& step, const std::string& path, Scope& scope,
                                                   Outcome& outcome, int& attempts, bool cleanup) {
    // A container's steps retry themselves; retrying the container would run them all again.
    const bool container = isContainer(step);
    while (true) {
        ++attempts;
        outcome = {};
        const Verdict verdict = co_await attempt(step, path, scope, outcome, cleanup);
        const bool retryable =
            (verdict == Verdict::Fail && step.retry.onFail) || (verdict == Verdict::Error && step.retry.onError);
        if (!retryable || attempts > step.retry.count || m_engine.aborting(m_socket) || container)
            co_return verdict;
        spdlog::info("socket {}: retrying '{}' ({} of {}) after {}", m_socket, path, attempts, step.retry.count,
                     toString(verdict));
        if (step.retry.delay.count() > 0)
            co_await sleep(step.retry.delay);
    }
}

asio::awaitable<Verdict> SocketRunner::attempt(const Step& step, const std::string& path, Scope& scope,
                                               Outcome& outcome, bool cleanup) {
    std::exception_ptr failure;
    try {
        const Verdict verdict = co_await runWithTimeout(step, path, scope, outcome, cleanup);
        // One row per (step, measurement, lane): a step (or a custom step type) that produced more is an error,
        // never a silently inflated sample.
        if (const std::string repeated = dropRepeatedRows(outcome.measurements, outcome.declared); !repeated.empty()) {
            outcome.error = repeated;
            co_return combine(verdict, Verdict::Error);
        }
        co_return verdict;
    } catch (...) {
        failure = std::current_exception();
    }
    // Cleanup is never aborted: an exception there is the step's own error.
    if (m_engine.aborting(m_socket) && !cleanup) {
        outcome.error = m_engine.abortReason(m_socket);
        co_return Verdict::Aborted;
    }
    if (isCancellation(failure) && !cleanup) {
        outcome.error = "cancelled";
        co_return Verdict::Aborted;
    }
    outcome.error = describeException(failure);
    co_return Verdict::Error;
}

RunMode SocketRunner::runModeOf(const Step& step) const {
    const StepOverride* o = m_overrides ? m_overrides->find(step) : nullptr;
    return o ? o->mode : step.runMode;
}

Verdict SocketRunner::applyRunMode(const Step& step, Verdict verdict, Outcome& outcome) const {
    // The panel's override wins over the file's; both read the same in the step's message (and so in the audit).
    const StepOverride* o = m_overrides ? m_overrides->find(step) : nullptr;
    const RunMode mode = o ? o->mode : step.runMode;
    if (mode == RunMode::Normal)
        return verdict;
    const std::string note = fmt::format("run mode {} set by {}: {}", toString(mode), o ? o->by : step.overrideBy,
                                         o ? o->reason : step.overrideReason);
    outcome.error = outcome.error.empty() ? note : note + " (would have been: " + outcome.error + ")";
    if (verdict == Verdict::Aborted)
        return verdict; // an override never hides an abort
    if (mode == RunMode::ForcePass)
        return Verdict::Pass;
    if (mode == RunMode::ForceFail)
        return Verdict::Fail;
    return verdict;
}

Verdict SocketRunner::judged(Verdict verdict, Outcome& outcome) {
    for (const auto& m : outcome.measurements) {
        verdict = combine(verdict, m.outcome);
        if (m.outcome == Verdict::Fail && outcome.error.empty())
            outcome.error =
                fmt::format("{}{} = {:g} {} outside {}", m.name, m.lane ? fmt::format("[lane {}]", *m.lane) : "",
                            m.value, m.limit.unit, m.limit.describe());
    }
    return verdict;
}

void SocketRunner::upgrade(Verdict verdict, const std::string& reason) {
    m_verdict = combine(m_verdict, verdict);
    if (m_reason.empty())
        m_reason = reason;
}

void SocketRunner::record(const Step& step, const std::string& path, Verdict verdict, Outcome& outcome,
                          WallTime started, int attempts) {
    remember(step, outcome.measurements, outcome.declared);
    // A container's Fail is its inner step's, already counted there with its own reason; its Error (a bad
    // for_each range, a missing sub-sequence) and Aborted are its own.
    const bool container = isContainer(step);
    const bool failed = (verdict == Verdict::Fail || verdict == Verdict::Error) && !container;
    if (failed && m_failedStep.empty())
        m_failedStep = path;
    if (failed)
        upgrade(verdict, outcome.error.empty() ? path + " failed" : outcome.error);
    else if (verdict == Verdict::Aborted)
        upgrade(verdict, outcome.error);
    else if (!container || verdict == Verdict::Error)
        upgrade(verdict, {});
    for (const auto& m : outcome.measurements)
        m_engine.bus().publish(MeasurementRecorded{m_runId, m_socket, path, m, wallNow()});
    m_engine.bus().publish(StepFinished{m_runId, m_socket, path, step.name, step.type, verdict, outcome.error,
                                        std::max(attempts, 1), std::move(outcome.measurements), started, wallNow(),
                                        std::move(outcome.traces)});
}

asio::awaitable<Verdict> SocketRunner::runWithTimeout(const Step& step, const std::string& path, Scope& scope,
                                                      Outcome& outcome, bool cleanup) {
    // A step's own timeout is simulation time (it bounds waits); cleanup's default bounds instrument I/O, which
    // runs in real time whatever the time scale.
    std::optional<std::chrono::steady_clock::duration> realLimit;
    if (step.timeout)
        realLimit = m_engine.clock().toReal(*step.timeout);
    else if (cleanup)
        realLimit = m_options.cleanupStepTimeout;
    if (!realLimit)
        co_return co_await runSynchronised(step, path, scope, outcome, cleanup);
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(m_engine.executor(), *realLimit);
    // `||` waits for the first branch to *succeed*: a step that throws would otherwise sit out the whole timeout.
    // The body therefore hands its exception back as a value.
    auto result = co_await (asValue(runSynchronised(step, path, scope, outcome, cleanup)) ||
                            timer.async_wait(asio::use_awaitable));
    if (result.index() == 0) {
        auto [verdict, error] = std::get<0>(result);
        if (error)
            std::rethrow_exception(error);
        co_return verdict;
    }
    outcome.error = "step timed out after " +
                    (step.timeout ? formatDuration(*step.timeout)
                                  : formatDuration(std::chrono::duration_cast<std::chrono::nanoseconds>(*realLimit)) +
                                        " (real time)");
    co_return Verdict::Error;
}

asio::awaitable<Verdict> SocketRunner::runSynchronised(const Step& step, const std::string& path, Scope& scope,
                                                       Outcome& outcome, bool cleanup) {
    // A batch step meets the other sockets first and only the one that runs it leases: leasing before the barrier
    // would hold the instrument while waiting for sockets that need it to arrive.
    if (m_batch && step.batch && !cleanup)
        co_return co_await m_batch->run(path, [&] { return runLeased(step, path, scope, outcome, cleanup); });
    co_return co_await runLeased(step, path, scope, outcome, cleanup);
}

asio::awaitable<Verdict> SocketRunner::runLeased(const Step& step, const std::string& path, Scope& scope,
                                                 Outcome& outcome, bool cleanup) {
    // Shared instruments are leased for the whole step (several sockets, one switch or meter).
    std::set<Instrument*> needed;
    collectInstruments(step, needed);
    for (const auto& role : step.lease) // `lease:` holds these across everything inside the step
        if (Instrument* i = m_engine.instrumentFor(role, m_socket))
            needed.insert(i);
    std::vector<std::string> names;
    std::vector<Instrument*> taken;
    for (Instrument* i : needed)
        if (m_engine.shared(i) && !m_held.count(i)) { // already held by an enclosing step: leases nest
            names.push_back(i->name());
            taken.push_back(i);
        }
    Lease lease;
    if (!names.empty())
        lease =
            co_await m_engine.resources().acquire(names, "socket " + std::to_string(m_socket), m_options.leaseTimeout);
    m_held.insert(taken.begin(), taken.end());
    // Every instrument of the step, shared or not, is the step's until it ends: the telemetry monitor leaves it alone.
    std::vector<InstrumentHolds::Hold> holds;
    holds.reserve(needed.size());
    for (Instrument* i : needed)
        holds.push_back(m_engine.holds().hold(i));
    struct Unhold {
        std::set<Instrument*>& held;
        const std::vector<Instrument*>& taken;
        ~Unhold() {
            for (Instrument* i : taken)
                held.erase(i);
        }
    } unhold{m_held, taken};
    co_return co_await runBody(step, path, scope, outcome, cleanup);
}

void SocketRunner::collectInstruments(const Step& step, std::set<Instrument*>& out) {
    auto add = [&](const std::optional<InstrumentCall>& c) {
        if (c)
            if (Instrument* i = m_engine.instrumentFor(c->role, m_socket))
                out.insert(i);
    };
    add(step.call);
    for (const auto& m : step.measurements)
        add(m.call);
    if (step.waitUntil)
        add(step.waitUntil->read);
    if (step.stringCheck)
        add(step.stringCheck->call);
}

asio::awaitable<Verdict> SocketRunner::runBody(const Step& step, const std::string& path, Scope& scope,
                                               Outcome& outcome, bool cleanup) {
    switch (step.type) {
    case StepType::Action:
        if (step.call)
            co_await call(*step.call, scope);
        co_return Verdict::Done;
    case StepType::Measure:
    case StepType::Compute:
        co_return co_await measure(step, scope, outcome);
    case StepType::PassFail: {
        bool ok = false;
        if (step.call) {
            Value v = co_await call(*step.call, scope);
            if (auto* b = std::get_if<bool>(&v))
                ok = *b;
            else if (auto* d = std::get_if<double>(&v))
                ok = *d != 0;
            else
                throw std::runtime_error(step.call->role + "." + step.call->method + " did not return true/false");
        } else if (step.condition) {
            ok = m_expressions.condition(*step.condition, scope);
        }
        co_return ok ? Verdict::Pass : Verdict::Fail;
    }
    case StepType::String:
        co_return co_await stringCheck(step, scope, outcome);
    case StepType::Wait:
        co_await sleep(step.duration);
        co_return Verdict::Done;
    case StepType::WaitUntil:
        co_return co_await waitUntil(step, path, scope, outcome);
    case StepType::ForEach:
        co_return co_await forEach(step, path, scope, cleanup);
    case StepType::Call:
        co_return co_await callSubsequence(step, path, scope, cleanup);
    case StepType::Prompt:
        co_return co_await prompt(step, scope, outcome);
    case StepType::Sweep:
        co_return co_await sweep(step, path, scope, outcome, cleanup);
    case StepType::Custom:
        co_return co_await custom(step, scope, outcome);
    }
    co_return Verdict::Error;
}

asio::awaitable<Verdict> SocketRunner::measure(const Step& step, Scope& outer, Outcome& outcome) {
    Verdict verdict = Verdict::NotRun;
    // Later measurements of a step may use earlier ones (a compute of decay from start and end pressure).
    Scope scope(&outer);
    for (const auto& spec : step.measurements) {
        for (std::size_t i = 0; i < outcome.measurements.size(); ++i) {
            const Measurement& earlier = outcome.measurements[i];
            // A value recorded once (with or without its lane: `lane: EXPR`) is a plain variable to the rest.
            const auto count = std::count_if(outcome.measurements.begin(), outcome.measurements.end(),
                                             [&](const Measurement& m) { return m.name == earlier.name; });
            if (!earlier.text && (!earlier.lane || count == 1))
                scope.set(earlier.name, outcome.declared[i]);
        }
        if (spec.call && spec.lanes) {
            if (const MethodSignature* sig = signatureOf(*spec.call); sig && sig->returns == ValueKind::NumberArray) {
                // One read gives every lane: element i is lane i (docs/sequences.md), each recorded once.
                const Value list = co_await call(*spec.call, scope);
                judgeLanes(spec, list, sig->returnUnit, scope, outcome);
                continue;
            }
        }
        std::vector<std::optional<int>> lanes;
        if (spec.lanes)
            for (int lane : lanesOf(*spec.lanes, scope))
                lanes.push_back(lane);
        else
            lanes.push_back(std::nullopt);
        for (const auto& lane : lanes) {
            Scope laneScope(&scope);
            if (lane) {
                laneScope.set("lane", double(*lane));
                bindLane(laneScope, *lane);
                for (std::size_t i = 0; i < outcome.measurements.size(); ++i)
                    if (outcome.measurements[i].lane == lane)
                        laneScope.set(outcome.measurements[i].name, outcome.declared[i]);
            }
            const Scope& use = lane ? laneScope : scope;
            if (spec.expr) {
                judge(spec, m_expressions.number(*spec.expr, use), spec.unit, use, lane, outcome);
            } else if (spec.call) {
                Value v = co_await call(*spec.call, lane ? laneScope : scope);
                const MethodSignature* sig = signatureOf(*spec.call);
                const std::string unit = sig ? sig->returnUnit : spec.unit;
                if (auto* d = std::get_if<double>(&v)) {
                    judge(spec, *d, unit, use, lane, outcome);
                } else if (auto* one = std::get_if<std::vector<double>>(&v); one && one->size() == 1) {
                    judge(spec, one->front(), unit, use, lane, outcome); // one channel read as a list: a scalar
                } else if (auto* arr = std::get_if<std::vector<double>>(&v); arr && !lane) {
                    for (std::size_t i = 0; i < arr->size(); ++i)
                        judge(spec, (*arr)[i], unit, use, int(i) + 1, outcome);
                } else if (auto* b = std::get_if<bool>(&v)) {
                    judge(spec, *b ? 1.0 : 0.0, "", use, lane, outcome);
                } else {
                    throw std::runtime_error("measurement '" + spec.name + "': " + spec.call->role + "." +
                                             spec.call->method + " returned no number" +
                                             (lane ? " for lane " + std::to_string(*lane) : std::string()));
                }
            }
        }
    }
    verdict = judged(verdict, outcome);
    co_return verdict == Verdict::NotRun ? Verdict::Done : verdict;
}

asio::awaitable<Verdict> SocketRunner::waitUntil(const Step& step, const std::string& path, Scope& scope,
                                                 Outcome& outcome) {
    const WaitUntilSpec& w = *step.waitUntil;
    const auto& clock = m_engine.clock();
    const auto begun = clock.now();
    const auto deadline = begun + w.timeout;
    std::optional<core::Clock::duration> stableSince;
    double value = NAN;
    // Views redraw at most ~10 times a second: a fast poll (a high time scale) need not flood the bus with readings.
    std::optional<std::chrono::steady_clock::time_point> lastShown;
    while (true) {
        Value v = co_await call(w.read, scope);
        if (auto* one = std::get_if<std::vector<double>>(&v); one && one->size() == 1) {
            const double single = one->front(); // copied first: assigning v destroys the list it lives in
            v = single;                         // one channel read as a list: a number
        }
        value = std::get_if<double>(&v) ? std::get<double>(v) : NAN;
        const double target = m_expressions.number(w.target, scope);
        const double tolerance = m_expressions.number(w.tolerance, scope);
        const auto now = clock.now();
        if (std::fabs(value - target) <= tolerance) {
            if (!stableSince)
                stableSince = now;
            if (now - *stableSince >= w.stableFor)
                break;
        } else {
            stableSince.reset();
        }
        if (const auto real = std::chrono::steady_clock::now(); !lastShown || real - *lastShown >= kWaitShownEvery) {
            lastShown = real;
            const auto stable = stableSince ? now - *stableSince : core::Clock::duration{};
            m_engine.bus().publish(
                WaitProgress{m_runId, m_socket, path, w.read.role, w.read.method, value, target, tolerance, w.unit,
                             std::chrono::duration_cast<std::chrono::nanoseconds>(stable), w.stableFor,
                             std::chrono::duration_cast<std::chrono::nanoseconds>(now - begun), w.timeout, wallNow()});
        }
        if (w.timeout.count() > 0 && now >= deadline) {
            outcome.error =
                fmt::format("{}.{} = {:g}, not within ±{:g} of {:g} for {} after {}", w.read.role, w.read.method, value,
                            tolerance, target, formatDuration(w.stableFor), formatDuration(w.timeout));
            Measurement m;
            m.name = step.name;
            m.value = value;
            m.limit.unit = w.unit;
            m.outcome = Verdict::Fail;
            outcome.measurements.push_back(m);
            co_return Verdict::Fail;
        }
        co_await sleep(w.pollInterval);
    }
    Measurement m;
    m.name = step.name;
    m.value = value;
    m.limit.unit = w.unit;
    m.outcome = Verdict::Pass;
    outcome.measurements.push_back(m);
    co_return Verdict::Pass;
}

std::vector<Value> SocketRunner::loopValues(const ForEachSpec& f, const Scope& scope) {
    std::vector<Value> values;
    if (!f.values.empty()) {
        for (const auto& e : f.values)
            values.push_back(m_expressions.value(e, scope));
    } else if (f.from && f.to) {
        const double from = m_expressions.number(*f.from, scope);
        const double to = m_expressions.number(*f.to, scope);
        const double inc = f.step ? m_expressions.number(*f.step, scope) : (to >= from ? 1.0 : -1.0);
        values = rangeValues(from, to, inc);
    }
    return values;
}

asio::awaitable<Verdict> SocketRunner::forEach(const Step& step, const std::string& path, Scope& scope, bool cleanup) {
    const ForEachSpec& f = *step.forEach;
    const std::vector<Value> values = loopValues(f, scope);
    Verdict verdict = Verdict::NotRun;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const Value& v = values[i];
        Scope iteration(&scope);
        iteration.set(f.variable, v);
        FramePush frame(m_frames, {step.name, f.variable, describe(v), f.unit, int(i) + 1, int(values.size())});
        auto r = co_await runGroup(f.body, path + "/" + f.variable + "=" + describe(v), iteration, cleanup);
        verdict = combine(verdict, r.verdict);
        if (r.stopped)
            break;
    }
    co_return verdict == Verdict::NotRun ? Verdict::Done : verdict;
}

asio::awaitable<Verdict> SocketRunner::sweep(const Step& step, const std::string& path, Scope& scope, Outcome& outcome,
                                             bool cleanup) {
    const ForEachSpec& loop = *step.forEach;
    const SweepSpec& s = *step.sweep;
    struct Curve {
        std::vector<double> x, y;
    };
    std::map<int, Curve> curves; // per lane (0: a scalar y)
    PointCapture capture{s.y, {}};
    PointCapture* const outer = m_capture;
    struct Restore {
        PointCapture*& slot;
        PointCapture* value;
        ~Restore() { slot = value; }
    } restore{m_capture, outer};
    Verdict verdict = Verdict::NotRun;
    const std::vector<Value> values = loopValues(loop, scope);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const Value& v = values[i];
        Scope point(&scope);
        point.set(loop.variable, v);
        // Its count is the most it takes: `until` may end it sooner.
        FramePush frame(m_frames, {step.name, loop.variable, describe(v), loop.unit, int(i) + 1, int(values.size())});
        capture.values.clear();
        m_capture = &capture;
        auto r = co_await runGroup(loop.body, path + "/" + loop.variable + "=" + describe(v), point, cleanup);
        m_capture = outer;
        verdict = combine(verdict, r.verdict);
        for (const auto& [lane, y] : capture.values) {
            Scope laneScope(&point);
            if (lane != 0) {
                laneScope.set("lane", double(lane));
                bindLane(laneScope, lane);
            }
            curves[lane].x.push_back(m_expressions.number(s.x, laneScope));
            curves[lane].y.push_back(y);
        }
        if (r.stopped || (s.until && m_expressions.condition(*s.until, point)))
            break;
    }
    for (const auto& [lane, curve] : curves) {
        Trace t;
        t.name = s.trace;
        if (lane != 0)
            t.lane = lane;
        t.xName = s.xName.empty() ? s.x.text : s.xName;
        t.xUnit = s.xUnit;
        t.yName = s.y;
        t.x = curve.x;
        t.y = curve.y;
        outcome.traces.push_back(std::move(t));
    }
    if (s.crossing) {
        MeasurementSpec spec;
        spec.name = s.crossing->name;
        spec.unit = s.crossing->unit;
        spec.limitName = s.crossing->limitName;
        spec.inlineLimit = s.crossing->inlineLimit;
        for (const auto& [lane, curve] : curves)
            judge(spec, crossingOf(curve.x, curve.y, s.crossing->level), s.crossing->unit, scope,
                  lane != 0 ? std::optional<int>(lane) : std::nullopt, outcome);
        verdict = judged(verdict, outcome);
    }
    co_return verdict == Verdict::NotRun ? Verdict::Done : verdict;
}

asio::awaitable<Verdict> SocketRunner::callSubsequence(const Step& step, const std::string& path, Scope& scope,
                                                       bool cleanup) {
    const CallSpec& c = *step.callSequence;
    const Subsequence* sub = m_options.sequence->subsequence(c.subsequence);
    if (!sub)
        throw std::runtime_error("no sub-sequence '" + c.subsequence + "'");
    Scope inner(&scope);
    for (const auto& p : sub->params) {
        if (p.isText)
            inner.set(p.name, p.text);
        else
            inner.set(p.name, p.value);
    }
    for (const auto& a : c.args)
        inner.set(a.name, m_expressions.value(a.value, scope));
    FramePush frame(m_frames, {step.name, {}, {}, {}, 0, 0});
    auto r = co_await runGroup(sub->steps, path, inner, cleanup);
    co_return r.verdict == Verdict::NotRun ? Verdict::Done : r.verdict;
}

asio::awaitable<Verdict> SocketRunner::prompt(const Step& step, Scope&, Outcome& outcome) {
    const PromptSpec& p = *step.prompt;
    const auto real =
        p.timeout.count() > 0 ? m_engine.clock().toReal(p.timeout) : std::chrono::steady_clock::duration{};
    PromptAnswer answer;
    if (m_options.autoAnswerPrompts) {
        std::string text = "yes";
        std::string why;
        if (p.kind == PromptKind::Number) {
            text = fmt::format("{:g}", p.min && p.max ? (*p.min + *p.max) / 2 : p.min ? *p.min : p.max ? *p.max : 0.0);
            why = PromptBroker::validate(p, text, answer);
        } else if (p.kind == PromptKind::Text) {
            // What an operator would type or scan: the label's part number, else the serial, else 'SIM'.
            // The unit on the socket now, as the run's scope holds it (units[] is only each socket's first).
            auto scoped = [this](const char* name) {
                const Value* v = m_root.find(name);
                const std::string* held = v ? std::get_if<std::string>(v) : nullptr;
                return held ? *held : std::string();
            };
            for (const std::string& candidate : {scoped("part_number"), scoped("serial"), std::string("SIM")}) {
                text = candidate;
                why = PromptBroker::validate(p, text, answer);
                if (why.empty())
                    break;
            }
        } else {
            why = PromptBroker::validate(p, text, answer);
        }
        if (!why.empty())
            throw std::runtime_error("the simulated operator cannot answer '" + p.message + "': " + why);
        m_engine.bus().publish(
            LogLine{2,
                    fmt::format("socket {}: simulated operator answered '{}' to '{}'{}", m_socket, text, p.message,
                                p.image.empty() ? "" : " (see image: " + p.image + ")"),
                    wallNow()});
    } else {
        answer = co_await m_engine.prompts().ask(m_socket, p, real);
    }
    if (answer.timedOut) {
        outcome.error = "no answer to '" + p.message + "' within " + formatDuration(p.timeout);
        co_return Verdict::Error;
    }
    switch (p.kind) {
    case PromptKind::Message:
        co_return Verdict::Done;
    case PromptKind::Confirm:
        if (!answer.confirmed)
            outcome.error = "operator answered no to '" + p.message + "'";
        co_return answer.confirmed ? Verdict::Pass : Verdict::Fail;
    case PromptKind::Number:
        if (!p.storeAs.empty())
            m_root.set(p.storeAs, answer.number);
        co_return Verdict::Done;
    case PromptKind::Text:
        if (!p.storeAs.empty())
            m_root.set(p.storeAs, answer.text);
        co_return Verdict::Done;
    }
    co_return Verdict::Done;
}

asio::awaitable<Verdict> SocketRunner::stringCheck(const Step& step, Scope& scope, Outcome& outcome) {
    const StringSpec& s = *step.stringCheck;
    std::string text;
    if (s.call) {
        Value v = co_await call(*s.call, scope);
        text = describe(v);
    } else if (s.expr) {
        text = describe(m_expressions.value(*s.expr, scope));
    }
    // `equals: $name` compares with a text variable (a scanned label, the run's serial), else with the text given.
    std::string expected = s.equals;
    if (expected.size() > 1 && expected.front() == '$') {
        const Value* v = scope.find(std::string_view(expected).substr(1));
        if (!v)
            throw std::runtime_error("'" + expected.substr(1) + "' is not a variable here");
        expected = describe(*v);
    }
    bool ok = true;
    if (!s.equals.empty())
        ok = text == expected;
    if (ok && !s.pattern.empty())
        ok = std::regex_match(text, std::regex(s.pattern));
    Measurement m;
    m.name = s.measurementName.empty() ? step.name : s.measurementName;
    m.text = text;
    m.outcome = ok ? Verdict::Pass : Verdict::Fail;
    outcome.measurements.push_back(m);
    if (!ok)
        outcome.error =
            "'" + text + "' " + (s.equals.empty() ? "does not match " + s.pattern : "is not '" + expected + "'");
    co_return m.outcome;
}

asio::awaitable<Verdict> SocketRunner::custom(const Step& step, Scope& scope, Outcome& outcome) {
    const CustomStepHandler* handler = m_engine.customStep(step.customType);
    if (!handler)
        throw std::runtime_error("no step type '" + step.customType + "' is registered");
    CustomStepContext context;
    context.socket = m_socket;
    context.step = &step;
    for (const auto& a : step.customArgs)
        context.args[a.name] = m_expressions.value(a.value, scope);
    context.instrument = [this](const std::string& role) { return &instrument(role); };
    Verdict v = co_await (*handler)(context);
    outcome.measurements = std::move(context.measurements);
    co_return v;
}

} // namespace optiqual::station
