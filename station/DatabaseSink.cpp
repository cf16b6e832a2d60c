#include "station/DatabaseSink.h"

#include <chrono>
#include <optional>

namespace optiqual::station {

using namespace optiqual::sequences;

DatabaseSink::DatabaseSink(db::ResultWriter& writer, db::StationInfo station,
                           std::vector<db::InstrumentInfo> instruments)
    : m_writer(writer), m_station(std::move(station)), m_instruments(std::move(instruments)) {}

std::int64_t DatabaseSink::databaseId(std::uint64_t runId) {
    std::shared_future<std::int64_t> id;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_runs.find(runId);
        if (it == m_runs.end())
            return 0;
        id = it->second.id;
    }
    return id.get();
}

bool DatabaseSink::awaitDurable(std::uint64_t runId) {
    std::shared_future<bool> durable;
    {
        std::unique_lock lock(m_mutex);
        m_ended.wait(lock, [&] { return m_durable.contains(runId); });
        durable = m_durable[runId];
    }
    return durable.get();
}

bool DatabaseSink::isDurable(std::uint64_t runId) {
    return durability(runId) == Durability::Stored;
}

Durability DatabaseSink::durability(std::uint64_t runId) {
    std::shared_future<bool> durable;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_durable.find(runId);
        if (it == m_durable.end())
            return Durability::Pending;
        durable = it->second;
    }
    if (durable.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return Durability::Pending;
    return durable.get() ? Durability::Stored : Durability::Lost;
}

bool DatabaseSink::stepDurable(std::uint64_t runId, int ordinal) {
    return stepDurability(runId, ordinal) == Durability::Stored;
}

Durability DatabaseSink::stepDurability(std::uint64_t runId, int ordinal) {
    if (const Durability whole = durability(runId); whole != Durability::Pending)
        return whole;
    db::RunHandle handle;
    {
        std::lock_guard lock(m_mutex);
        const auto run = m_runs.find(runId);
        if (run == m_runs.end())
            return Durability::Pending; // its start has not reached the writer (this sink runs on its own thread)
        handle = run->second.handle;
    }
    // The writer numbers a run's steps 1, 2, … as this sink hands them over, one per StepFinished in bus order:
    // the engine's ordinal is the writer's step number. A step not handed over yet is not stored either.
    return m_writer.stepStored(handle, ordinal) ? Durability::Stored : Durability::Pending;
}

void DatabaseSink::auditOverrides(const RunStarted& e, const db::RunHandle& run) {
    // The overrides in force for this run, one row each, tied to it: a report reader finds them by run.
    auto row = [&](std::string user, std::string action, std::string target, std::optional<std::string> oldValue,
                   std::string newValue, std::string reason) {
        db::AuditEvent audit;
        audit.at = e.time;
        audit.station = m_station.name;
        audit.run = run;
        audit.user = std::move(user);
        audit.action = std::move(action);
        audit.target = std::move(target);
        audit.oldValue = std::move(oldValue);
        audit.newValue = std::move(newValue);
        audit.reason = std::move(reason);
        m_writer.recordAudit(std::move(audit));
    };
    for (const auto& o : e.overrides->steps)
        row(o.by, "override.run_mode", o.where, o.step ? std::string(toString(o.step->runMode)) : std::string(),
            std::string(toString(o.mode)), o.reason);
    if (!e.overrides->limitSet.empty()) {
        const LimitSet* own = e.sequence ? e.sequence->limitSetFor(e.partNumber, e.revision) : nullptr;
        row(e.overrides->limitSetBy, "override.limit_set", e.partNumber,
            own ? std::optional<std::string>(own->identity()) : std::nullopt, e.limitSetIdentity,
            e.overrides->limitSetReason);
    }
}

void DatabaseSink::onEvent(const Event& event) {
    if (const auto* e = std::get_if<RunStarted>(&event)) {
        db::RunStart start;
        start.station = m_station;
        start.unit = {e->unitSerial, e->partNumber, e->revision, e->sequence ? e->sequence->product : "", e->lot};
        start.socket = e->socket;
        start.operatorName = e->operatorName;
        if (e->sequence)
            start.sequence = {e->sequence->name, e->sequence->version, e->sequence->contentHash, e->sequence->text};
        if (!e->limitSetIdentity.empty())
            start.limitSet = db::LimitSetInfo{e->limitSetIdentity, e->limitSetHash, {}};
        start.startedAt = e->time;
        start.instruments = m_instruments;
        auto ticket = m_writer.beginRun(std::move(start));
        if (e->overrides)
            auditOverrides(*e, ticket.handle);
        std::lock_guard lock(m_mutex);
        m_runs[e->runId] = ticket;
        return;
    }
    if (const auto* e = std::get_if<StepFinished>(&event)) {
        db::RunHandle handle;
        {
            std::lock_guard lock(m_mutex);
            auto it = m_runs.find(e->runId);
            if (it == m_runs.end())
                return;
            handle = it->second.handle;
        }
        db::StepRecord step;
        step.run = handle;
        step.path = e->path;
        step.name = e->name;
        step.type = std::string(toString(e->type));
        step.outcome = e->verdict;
        step.startedAt = e->started;
        step.duration = std::chrono::duration_cast<std::chrono::microseconds>(e->finished - e->started);
        step.error = e->error;
        step.measurements = e->measurements;
        for (const auto& t : e->traces)
            step.traces.push_back(db::Trace{t.lane ? t.name + " lane " + std::to_string(*t.lane) : t.name, t.xName,
                                            t.xUnit, t.yName, t.yUnit, t.x, t.y});
        if (e->error.rfind("run mode ", 0) == 0) {
            // "run mode force_pass set by jdoe: meter under repair" — an engineer's override is audited.
            db::AuditEvent audit;
            audit.at = e->finished;
            audit.station = m_station.name;
            audit.run = handle;
            const auto by = e->error.find(" set by ");
            const auto colon = e->error.find(": ", by == std::string::npos ? 0 : by);
            audit.user = by == std::string::npos ? "" : e->error.substr(by + 8, colon - by - 8);
            audit.action = "step.run_mode";
            audit.target = e->path;
            audit.newValue = e->error.substr(9, e->error.find(' ', 9) - 9);
            audit.reason = colon == std::string::npos ? e->error : e->error.substr(colon + 2);
            m_writer.recordAudit(std::move(audit));
        }
        m_writer.recordStep(std::move(step));
        return;
    }
    if (const auto* e = std::get_if<RunFinished>(&event)) {
        std::optional<db::RunHandle> handle;
        {
            std::lock_guard lock(m_mutex);
            if (auto it = m_runs.find(e->runId); it != m_runs.end())
                handle = it->second.handle;
        }
        std::shared_future<bool> durable;
        if (handle) {
            durable = m_writer.finishRun({*handle, e->verdict, e->time, e->reason});
        } else {
            std::promise<bool> never; // its start was never seen: nothing of it is stored
            never.set_value(false);
            durable = never.get_future().share();
        }
        {
            std::lock_guard lock(m_mutex);
            m_durable[e->runId] = std::move(durable);
        }
        m_ended.notify_all();
    }
}

} // namespace optiqual::station
