#include "station/ProgressRenderer.h"

#include "station/StepPosition.h"
#include "station/TerminalText.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace optiqual::station {

using namespace optiqual::sequences;
using std::chrono::nanoseconds;

namespace {

constexpr std::string_view kSeparator = " › ";

const char* colorOf(Verdict v) {
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

std::string paint(std::string text, const char* color, bool enabled) {
    if (!enabled || !*color)
        return text;
    return color + text + "\033[0m";
}

std::string verdictText(Verdict v, bool color) {
    return paint(std::string(toString(v)), colorOf(v), color);
}

/// While a unit runs its verdict is only "so far": "ok" until something fails.
std::string verdictSoFar(const SocketView& s, const ProgressRenderer::Options& o) {
    const bool color = o.color;
    if (!s.active && o.unconfirmed.count(s.runId))
        return "save"; // the verdict waits until every result of the run is committed
    if (!s.active)
        return s.runId == 0 ? std::string("idle") : verdictText(s.verdict, color);
    if (isGood(s.verdict) || s.verdict == Verdict::NotRun)
        return paint("ok", "\033[36m", color);
    return verdictText(s.verdict, color);
}

std::string join(const std::vector<std::string>& parts, std::size_t from = 0) {
    std::string out;
    for (std::size_t i = from; i < parts.size(); ++i) {
        if (!out.empty())
            out += kSeparator;
        out += parts[i];
    }
    return out;
}

/// Position and detail in at most @p columns: drop the outermost parts of the position first (loop values and
/// the step itself say the most), then cut the end.
std::string fitWhere(const std::vector<std::string>& crumbs, const std::string& detail, int columns) {
    auto compose = [&](std::size_t from) {
        std::string where = from > 0 ? "…" + std::string(kSeparator) + join(crumbs, from) : join(crumbs);
        return detail.empty() ? where : where.empty() ? detail : where + "  " + detail;
    };
    const std::size_t last = crumbs.empty() ? 0 : crumbs.size() - 1;
    for (std::size_t from = 0; from <= last; ++from) {
        std::string text = compose(from);
        if (displayWidth(text) <= columns)
            return text;
    }
    return fitWidth(compose(last), columns);
}

/// Decimals that show a reading at the resolution of its tolerance (±0.5 → 1, ±0.05 → 2).
int decimalsFor(double tolerance) {
    if (!(tolerance > 0) || !std::isfinite(tolerance))
        return 2;
    return std::clamp(int(-std::floor(std::log10(tolerance))), 1, 4);
}

struct SocketText {
    std::string head;
    std::vector<std::string> crumbs;
    std::string detail;
};

SocketText socketText(const SocketView& s, int serialWidth, const ProgressRenderer::Options& o) {
    SocketText t;
    const std::string steps =
        s.stepsExpected > 0 ? fmt::format("{}/{}", s.stepsDone, s.stepsExpected) : fmt::format("{}/?", s.stepsDone);
    const int stepsWidth = s.stepsExpected > 0 ? 2 * int(std::to_string(s.stepsExpected).size()) + 1 : 5;
    std::string timing = clockText(s.elapsed(o.now));
    if (s.active)
        timing += "  " + ProgressRenderer::etaText(s.remaining(o.now));
    t.head = fmt::format("{:>2} {} {} {:>{}} {}", s.socket, padWidth(s.serial, serialWidth),
                         padWidth(verdictSoFar(s, o), 5), steps, stepsWidth, timing);
    if (s.runId == 0)
        return t;
    if (!s.active) {
        t.crumbs = s.failureAt;
        if (t.crumbs.empty() && !s.firstFailure.empty())
            t.crumbs.push_back(s.firstFailure);
        if (t.crumbs.empty())
            t.crumbs.push_back("done");
        return t;
    }
    t.crumbs = s.position();
    if (s.prompt) {
        t.detail = paint("PROMPT " + std::to_string(s.prompt->id) + ": " + s.prompt->message, "\033[33m", o.color);
    } else if (s.stepRunning && s.stepType == StepType::WaitUntil && s.wait) {
        t.detail = ProgressRenderer::waitText(*s.wait);
    } else if (const auto waited = s.waited(o.now)) {
        t.detail = "wait " + clockText(*waited) + "/" + clockText(s.stepSimulated);
    }
    return t;
}

} // namespace

std::string ProgressRenderer::etaText(const std::optional<DurationEstimate>& remaining) {
    if (!remaining)
        return "ETA unknown";
    if (remaining->typical)
        return "ETA " + clockText(*remaining->typical);
    if (remaining->high)
        return remaining->low == *remaining->high
                   ? "ETA " + clockText(remaining->low)
                   : "ETA " + clockText(remaining->low) + "–" + clockText(*remaining->high);
    if (remaining->low.count() > 0)
        return "ETA ≥ " + clockText(remaining->low);
    return "ETA unknown";
}

std::string ProgressRenderer::waitText(const WaitReadingView& w) {
    const int decimals = decimalsFor(w.tolerance);
    std::string text = fmt::format("{} {:.{}f} → {}", w.role, w.value, decimals, withUnit(w.target, w.unit, decimals));
    text += fmt::format(" ±{:g}, stable {}/{}", w.tolerance, clockText(w.stable), clockText(w.stableFor));
    return text;
}

std::string ProgressRenderer::summaryLine(const StationSnapshot& snapshot, const Options& o) {
    const LotView& lot = snapshot.lot;
    std::string line = lot.lot.empty() ? std::string("Units") : "Lot " + lot.lot;
    line +=
        lot.total > 0 ? fmt::format("  {}/{} done", lot.finished, lot.total) : fmt::format("  {} done", lot.finished);
    line += fmt::format(", {} running", snapshot.running());
    if (const auto fpy = lot.firstPassYield())
        line += fmt::format("  FPY {:.1f} % ({}/{})", 100.0 * *fpy, lot.firstPassed, lot.firstFinished);
    if (lot.failed > 0)
        line += fmt::format("  {} FAIL", lot.failed);
    if (lot.errors > 0)
        line += fmt::format("  {} ERROR", lot.errors);
    if (const auto rate = lot.unitsPerHour(o.now))
        line += fmt::format("  {:.1f} units/h", *rate);
    line += "  " + clockText(lot.elapsed(o.now));
    if (lot.total > 0 && lot.finished < lot.total)
        line += "  " + etaText(snapshot.remaining(o.now));
    return o.color ? "\033[1m" + line + "\033[0m" : line;
}

std::pair<std::string, std::string> ProgressRenderer::socketParts(const SocketView& socket, int serialWidth,
                                                                  const Options& options) {
    SocketText t = socketText(socket, serialWidth, options);
    std::string where = join(t.crumbs);
    if (!t.detail.empty())
        where = where.empty() ? t.detail : where + "  " + t.detail;
    return {t.head, where};
}

std::vector<std::string> ProgressRenderer::block(const StationSnapshot& snapshot, const Options& o) {
    const int columns = std::max(1, o.width - 1);
    const int maxLines = std::max(1, o.height - 1);
    std::vector<std::string> lines;

    const bool summary = snapshot.lot.total > 1 || snapshot.lot.started > 1 || snapshot.sockets.size() > 1;
    if (summary)
        lines.push_back(summaryLine(snapshot, o));
    std::vector<std::string> offline;
    for (const auto& i : snapshot.instruments)
        if (!i.connected)
            offline.push_back(i.name + (i.text.empty() ? "" : " (" + i.text + ")"));
    if (!offline.empty() && int(lines.size()) + 1 < maxLines) {
        std::string text = "not connected: ";
        for (std::size_t i = 0; i < offline.size(); ++i)
            text += (i ? ", " : "") + offline[i];
        lines.push_back(paint(text, "\033[33m", o.color));
    }

    int serialWidth = 6;
    for (const auto& s : snapshot.sockets)
        serialWidth = std::max(serialWidth, displayWidth(s.serial));
    serialWidth = std::min(serialWidth, 18);

    std::vector<SocketText> texts;
    bool allFit = true;
    for (const auto& s : snapshot.sockets) {
        texts.push_back(socketText(s, serialWidth, o));
        const auto& t = texts.back();
        std::string where = join(t.crumbs);
        if (!t.detail.empty())
            where += "  " + t.detail;
        allFit = allFit && displayWidth(t.head) + 2 + displayWidth(where) <= columns;
    }

    const int room = maxLines - int(lines.size());
    const int count = int(texts.size());
    // Two lines per socket when one would cut its text and the screen has the height; else one line each, a
    // page at a time if even that does not fit.
    const bool twoLines = !allFit && 2 * count <= room && columns >= 20;
    int first = 0, shown = count;
    if (!twoLines && count > room) {
        shown = std::max(1, room - 1); // one line says which page this is
        const int pages = (count + shown - 1) / shown;
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(o.now.time_since_epoch()).count();
        const int page = int((seconds / std::max<long long>(1, o.pageTime.count())) % pages);
        first = page * shown;
        shown = std::min(shown, count - first);
    }
    for (int i = first; i < first + shown; ++i) {
        const auto& t = texts[std::size_t(i)];
        if (twoLines) {
            lines.push_back(fitWidth(t.head, columns));
            lines.push_back(fitWidth("     " + fitWhere(t.crumbs, t.detail, columns - 5), columns));
            continue;
        }
        const int left = columns - displayWidth(t.head) - 2;
        if (left < 8 || (t.crumbs.empty() && t.detail.empty()))
            lines.push_back(fitWidth(t.head, columns));
        else
            lines.push_back(t.head + "  " + fitWhere(t.crumbs, t.detail, left));
    }
    if (shown < count && int(lines.size()) < maxLines)
        lines.push_back(fitWidth(fmt::format("sockets {}–{} of {} (the next page shows in {} s)", first + 1,
                                             first + shown, count, o.pageTime.count()),
                                 columns));
    for (auto& line : lines)
        line = fitWidth(line, columns);
    if (int(lines.size()) > maxLines)
        lines.resize(std::size_t(maxLines));
    return lines;
}

std::vector<std::string> ProgressRenderer::finishedLines(const FinishedUnit& unit, bool color) {
    std::vector<std::string> lines;
    std::string line = fmt::format("{}  {}  {}  socket {}", unit.serial, verdictText(unit.verdict, color),
                                   clockText(unit.duration), unit.socket);
    if (!unit.failureAt.empty())
        line += "  " + join(unit.failureAt);
    else if (!unit.firstFailure.empty())
        line += "  " + unit.firstFailure;
    lines.push_back(std::move(line));
    if (!unit.cleanup.empty()) {
        std::string cleanup = "    cleanup:";
        for (std::size_t i = 0; i < unit.cleanup.size(); ++i)
            cleanup += (i ? ", " : " ") + unit.cleanup[i].first + " " + verdictText(unit.cleanup[i].second, color);
        lines.push_back(std::move(cleanup));
    }
    return lines;
}

std::string ProgressRenderer::logLine(const LogEntry& entry, bool color) {
    if (entry.level >= 4)
        return paint("error: ", "\033[31m", color) + entry.text;
    if (entry.level == 3)
        return paint("warning: ", "\033[33m", color) + entry.text;
    return entry.text;
}

std::string ProgressRenderer::promptLine(int socket, const PromptView& p, bool color) {
    const char* how = p.kind == PromptKind::Confirm ? " [yes/no]" : p.kind == PromptKind::Message ? " [Enter]" : "";
    const std::string image = p.image.empty() ? "" : " (see image: " + p.image + ")";
    return paint(fmt::format("PROMPT {} (socket {}): {}{}{}", p.id, socket, p.message, image, how), "\033[33m", color);
}

} // namespace optiqual::station
