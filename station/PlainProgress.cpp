#include "station/PlainProgress.h"

#include "station/ProgressRenderer.h"
#include "station/StepPosition.h"
#include "station/TerminalText.h"

#include <fmt/format.h>
#include <unistd.h>

namespace optiqual::station {

using namespace optiqual::sequences;

namespace {

int depth(const std::string& path) {
    int d = 0;
    for (char c : path)
        d += c == '/';
    return d;
}

const char* color(Verdict v) {
    switch (v) {
    case Verdict::Pass:
        return "\033[32m";
    case Verdict::Fail:
        return "\033[31m";
    case Verdict::Error:
    case Verdict::Aborted:
    case Verdict::Terminated:
        return "\033[35m";
    default:
        return "";
    }
}

std::string joinPosition(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : " › ") + p;
    return out;
}

} // namespace

PlainProgress::PlainProgress(std::FILE* out, std::shared_ptr<const SnapshotPublisher> snapshots, Options options)
    : m_out(out), m_snapshots(std::move(snapshots)), m_options(std::move(options)), m_color(isatty(fileno(out)) != 0) {}

PlainProgress::~PlainProgress() {
    stop();
}

void PlainProgress::start() {
    if (!m_snapshots || m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this] { heartbeat(); });
}

void PlainProgress::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    // The last verdicts wait for their results to be durable, but not forever: a database that stopped
    // committing reports its own error.
    const auto giveUp = std::chrono::steady_clock::now() + m_options.durableWait;
    while (!release(false) && std::chrono::steady_clock::now() < giveUp) {
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, std::chrono::milliseconds(10)); // the gate is a question, not an event: ask again
    }
    release(true);
}

bool PlainProgress::release(bool force) {
    std::lock_guard lock(m_heldMutex);
    while (!m_held.empty()) {
        const Held& held = m_held.front();
        Durability where = Durability::Stored;
        if (held.ordinal == 0 && m_options.durable)
            where = m_options.durable(held.runId);
        else if (held.ordinal != 0 && m_options.stepDurable)
            where = m_options.stepDurable(held.runId, held.ordinal);
        if (!force && where == Durability::Pending)
            return false;
        switch (where) {
        case Durability::Stored:
            emit(held.line);
            break;
        case Durability::Lost:
            emit(held.line + "  (results NOT stored: the database failed; test this unit again)");
            break;
        case Durability::Pending:
            emit(held.line + "  (results not confirmed durable yet)");
            break;
        }
        m_held.pop_front();
    }
    return true;
}

void PlainProgress::emit(const std::string& line) {
    std::lock_guard lock(m_outMutex);
    std::fprintf(m_out, "%s\n", line.c_str());
    std::fflush(m_out);
}

void PlainProgress::heartbeat() {
    std::unique_lock lock(m_mutex);
    const auto gateTick = std::chrono::milliseconds(20);
    auto tick = [&] {
        std::lock_guard held(m_heldMutex);
        return m_held.empty() ? m_options.tick : std::min<std::chrono::nanoseconds>(m_options.tick, gateTick);
    };
    while (!m_wake.wait_for(lock, tick(), [&] { return m_stopping; })) {
        lock.unlock();
        release(false);
        lock.lock();
        const auto snapshot = m_snapshots->current();
        const auto now = std::chrono::system_clock::now();
        for (const auto& s : snapshot->sockets) {
            if (!s.active || !s.stepRunning)
                continue;
            const auto running = now - s.stepStarted;
            const auto key = std::tuple{s.socket, s.runId, s.stepStarted.time_since_epoch().count()};
            int& beats = m_beats[key];
            if (running < m_options.heartbeat * (beats + 1))
                continue;
            ++beats;
            std::string line =
                fmt::format("socket {}  {:<14} still in {} after {}", s.socket, s.serial, joinPosition(s.position()),
                            clockText(std::chrono::duration_cast<std::chrono::nanoseconds>(running)));
            if (s.stepType == StepType::WaitUntil && s.wait)
                line += "  " + ProgressRenderer::waitText(*s.wait);
            line += "  " + ProgressRenderer::etaText(s.remaining(now));
            lock.unlock();
            emit(line);
            lock.lock();
        }
        // Forget steps that ended; a map of every step ever run would only grow.
        for (auto it = m_beats.begin(); it != m_beats.end();) {
            const auto* s = snapshot->socket(std::get<0>(it->first));
            const bool current = s && s->runId == std::get<1>(it->first) &&
                                 s->stepStarted.time_since_epoch().count() == std::get<2>(it->first);
            it = current ? std::next(it) : m_beats.erase(it);
        }
    }
}

void PlainProgress::onEvent(const Event& event) {
    auto verdictText = [&](Verdict v) {
        const std::string text(toString(v));
        return m_color && *color(v) ? std::string(color(v)) + text + "\033[0m" : text;
    };
    if (const auto* e = std::get_if<RunStarted>(&event)) {
        auto& s = m_sockets[e->socket];
        s.serial = e->unitSerial;
        s.done = 0;
        s.total =
            e->sequence ? int(e->sequence->setup.size() + e->sequence->main.size() + e->sequence->cleanup.size()) : 0;
        s.started = e->time;
        emit(fmt::format("socket {}  {:<14} started  {} {}, part {}{}", e->socket, e->unitSerial,
                         e->sequence ? e->sequence->name : "", e->sequence ? e->sequence->version : "", e->partNumber,
                         e->limitSetIdentity.empty() ? "" : ", limits " + e->limitSetIdentity));
        return;
    }
    if (const auto* e = std::get_if<StepFinished>(&event)) {
        const int ordinal = ++m_stepsFinished[e->runId];
        auto& s = m_sockets[e->socket];
        const bool top = depth(e->path) == 1;
        if (top)
            ++s.done;
        const bool bad = e->verdict == Verdict::Fail || e->verdict == Verdict::Error || e->verdict == Verdict::Aborted;
        if (!top && !bad && !m_options.verbose)
            return;
        const double elapsed = std::chrono::duration<double>(e->finished - s.started).count();
        std::string line = fmt::format("socket {}  {:<14} [{:>3}/{}] {:<44} {:<8} {:7.2f} s", e->socket, s.serial,
                                       s.done, s.total, e->path, verdictText(e->verdict), elapsed);
        if (bad && !e->error.empty())
            line += "  " + e->error;
        {
            std::lock_guard lock(m_heldMutex);
            m_held.push_back({e->runId, ordinal, std::move(line)});
        }
        release(false);
        return;
    }
    if (const auto* e = std::get_if<PromptRequested>(&event)) {
        emit(fmt::format("PROMPT {} (socket {}): {}{}{}", e->promptId, e->socket, e->message,
                         e->image.empty() ? "" : " (see image: " + e->image + ")",
                         e->kind == PromptKind::Confirm   ? " [yes/no]"
                         : e->kind == PromptKind::Message ? " [Enter]"
                                                          : ""));
        return;
    }
    if (const auto* e = std::get_if<RunFinished>(&event)) {
        auto& s = m_sockets[e->socket];
        const double elapsed = std::chrono::duration<double>(e->time - s.started).count();
        std::string line =
            fmt::format("socket {}  {:<14} finished {} in {:.2f} s{}", e->socket, e->unitSerial,
                        verdictText(e->verdict), elapsed, e->reason.empty() ? "" : "  (" + e->reason + ")");
        m_stepsFinished.erase(e->runId);
        {
            std::lock_guard lock(m_heldMutex);
            m_held.push_back({e->runId, 0, std::move(line)});
        }
        release(false);
        return;
    }
    if (const auto* e = std::get_if<LogLine>(&event)) {
        if (e->level >= 3)
            emit(e->text);
        return;
    }
}

} // namespace optiqual::station
