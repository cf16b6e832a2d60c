#include "station/ConsoleProgress.h"

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

} // namespace

ConsoleProgress::ConsoleProgress(std::FILE* out, bool verbose)
    : m_out(out), m_verbose(verbose), m_color(isatty(fileno(out)) != 0) {}

void ConsoleProgress::onEvent(const Event& event) {
    auto verdictText = [&](Verdict v) {
        const std::string text(toString(v));
        return m_color && *color(v) ? std::string(color(v)) + text + "\033[0m" : text;
    };
    if (const auto* e = std::get_if<RunStarted>(&event)) {
        auto& s = m_sockets[e->socket];
        s.serial = e->unitSerial;
        s.done = 0;
        s.total = e->sequence ? int(e->sequence->setup.size() + e->sequence->main.size() + e->sequence->cleanup.size())
                              : 0;
        s.started = e->time;
        std::fprintf(m_out, "socket %d  %-14s started  %s %s, part %s%s\n", e->socket, e->unitSerial.c_str(),
                     e->sequence ? e->sequence->name.c_str() : "", e->sequence ? e->sequence->version.c_str() : "",
                     e->partNumber.c_str(), e->limitSetIdentity.empty() ? "" : (", limits " + e->limitSetIdentity).c_str());
        std::fflush(m_out);
        return;
    }
    if (const auto* e = std::get_if<StepFinished>(&event)) {
        auto& s = m_sockets[e->socket];
        const bool top = depth(e->path) == 1;
        if (top)
            ++s.done;
        const bool bad = e->verdict == Verdict::Fail || e->verdict == Verdict::Error || e->verdict == Verdict::Aborted;
        if (!top && !bad && !m_verbose)
            return;
        const double elapsed = std::chrono::duration<double>(e->finished - s.started).count();
        std::string line = fmt::format("socket {}  {:<14} [{:>3}/{}] {:<44} {:<8} {:7.2f} s", e->socket, s.serial,
                                       s.done, s.total, e->path, verdictText(e->verdict), elapsed);
        if (bad && !e->error.empty())
            line += "  " + e->error;
        std::fprintf(m_out, "%s\n", line.c_str());
        std::fflush(m_out);
        return;
    }
    if (const auto* e = std::get_if<PromptRequested>(&event)) {
        std::fprintf(m_out, "PROMPT %llu (socket %d): %s%s\n", static_cast<unsigned long long>(e->promptId), e->socket,
                     e->message.c_str(),
                     e->kind == PromptKind::Confirm ? " [yes/no]" : e->kind == PromptKind::Message ? " [Enter]" : "");
        std::fflush(m_out);
        return;
    }
    if (const auto* e = std::get_if<RunFinished>(&event)) {
        auto& s = m_sockets[e->socket];
        const double elapsed = std::chrono::duration<double>(e->time - s.started).count();
        std::fprintf(m_out, "socket %d  %-14s finished %s in %.2f s%s\n", e->socket, e->unitSerial.c_str(),
                     verdictText(e->verdict).c_str(), elapsed, e->reason.empty() ? "" : ("  (" + e->reason + ")").c_str());
        std::fflush(m_out);
        return;
    }
    if (const auto* e = std::get_if<LogLine>(&event)) {
        if (e->level >= 3)
            std::fprintf(m_out, "%s\n", e->text.c_str());
        std::fflush(m_out);
        return;
    }
    std::fflush(m_out);
}

} // namespace optiqual::station
