#include "ui/TileModel.h"

#include "station/ProgressRenderer.h"
#include "station/TerminalText.h"

#include <fmt/format.h>

namespace optiqual::ui {

using namespace optiqual::station;
using sequences::Verdict;

namespace {

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : " \u203a ") + p;
    return out;
}

} // namespace

TileModel buildTile(int socket, const StationSnapshot& snapshot, const TileState& tile, WallTime now,
                    const station::DurabilityQuery& durability) {
    TileModel m;
    m.socket = socket;
    const SocketView* view = snapshot.socket(socket);
    m.phase = tile.phase(view);
    switch (m.phase) {
    case TilePhase::Idle:
        m.state = "READY";
        m.color = kIdleGrey;
        m.where = "scan a serial to start";
        return m;
    case TilePhase::Starting:
        m.state = tile.queued() ? "QUEUED" : "STARTING";
        m.color = tile.queued() ? kIdleGrey : kRunningBlue;
        m.serial = tile.pendingSerial();
        m.where = tile.queued()
                      ? "in the next batch: Start all (F9) starts every queued socket together; Remove (or Delete) "
                        "takes the unit out"
                      : "waiting for the socket to start the unit";
        return m;
    case TilePhase::Running:
    case TilePhase::Finished:
        break;
    }
    m.serial = view->serial;
    m.partNumber = view->partNumber;
    if (view->stepsExpected > 0) {
        m.steps = fmt::format("{}/{}", view->stepsDone, view->stepsExpected);
        m.progress = std::min(1.0f, float(view->stepsDone) / float(view->stepsExpected));
    } else {
        m.steps = fmt::format("{}/?", view->stepsDone);
    }
    m.elapsed = clockText(view->elapsed(now));
    if (m.phase == TilePhase::Running) {
        // While it runs the verdict is only "so far": a failure shows at once, a pass only at the end.
        const bool failing = !isGood(view->verdict) && view->verdict != Verdict::NotRun;
        m.state = failing ? std::string(sequences::toString(view->verdict)) : "TESTING";
        m.color = failing ? verdictColor(view->verdict) : kRunningBlue;
        m.where = joined(view->position());
        m.remaining = ProgressRenderer::etaText(view->remaining(now));
        if (view->prompt) {
            m.prompt = true;
            m.detail = "PROMPT: " + view->prompt->message;
        } else if (view->stepRunning && view->stepType == sequences::StepType::WaitUntil && view->wait) {
            m.detail = ProgressRenderer::waitText(*view->wait);
        } else if (const auto waited = view->waited(now)) {
            m.detail = "wait " + clockText(*waited) + "/" + clockText(view->stepSimulated);
        }
        return m;
    }
    m.steps = std::to_string(view->stepsDone); // the plan's count includes steps a run may skip: no "of N" now
    // The durability contract: the verdict is shown once the unit's results are in the database, never before.
    const station::Durability stored = durability ? durability(view->runId) : station::Durability::Stored;
    if (stored == station::Durability::Pending) {
        m.state = "SAVING";
        m.color = kRunningBlue;
        m.where = "writing the results to the database: the verdict shows once they are stored";
        return m;
    }
    if (stored == station::Durability::Lost) {
        m.state = "NOT SAVED";
        m.color = kErrorPurple;
        m.where = "the results database failed: this unit's results are not stored, test it again";
        return m;
    }
    m.state = std::string(sequences::toString(view->verdict));
    m.color = verdictColor(view->verdict);
    if (view->verdict == Verdict::Done)
        m.color = kPassGreen; // nothing judged and nothing wrong: a unit that may ship
    m.progress = view->verdict == Verdict::Pass || view->verdict == Verdict::Done ? 1.0f : m.progress;
    m.where = view->failureAt.empty() ? view->firstFailure : joined(view->failureAt);
    if (m.where.empty())
        m.where = isGood(view->verdict) ? "all steps passed" : "ended early";
    return m;
}

std::vector<TileModel> buildTiles(const StationSnapshot& snapshot, const std::vector<TileState>& tiles, WallTime now,
                                  const station::DurabilityQuery& durability) {
    std::vector<TileModel> out;
    for (std::size_t i = 0; i < tiles.size(); ++i)
        out.push_back(buildTile(int(i) + 1, snapshot, tiles[i], now, durability));
    return out;
}

} // namespace optiqual::ui
